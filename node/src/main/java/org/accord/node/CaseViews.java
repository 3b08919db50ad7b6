package org.accord.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.CaseFile;
import org.accord.cases.CaseJson;
import org.accord.cases.Deadlines;
import org.accord.cases.Lifecycle;
import org.accord.cases.Responsiveness;
import org.accord.cases.Step;
import org.accord.stix.StixJson;
import org.accord.stix.Timestamps;
import org.accord.store.CaseRecords.DeadlineRow;

/**
 * The JSON the node shows requests in, to its REST API ({@code /api/cases/}) and to {@code accord cases --json}
 * alike: snake_case, RFC 3339 UTC timestamps to the millisecond, durations in seconds.
 */
public final class CaseViews {
  private CaseViews() {}

  /** Responsiveness at {@code now}: one JSON line per requested party and kind. */
  public static ObjectNode stats(List<Responsiveness.Line> of, Instant now) {
    ArrayNode lines = StixJson.mapper().createArrayNode();
    for (Responsiveness.Line l : of) {
      ObjectNode n = lines.addObject();
      n.put("party", l.party());
      n.put("kind", l.kind().wire());
      n.put("received", l.received());
      percentiles(n.putObject("acknowledge"), l.acknowledge());
      percentiles(n.putObject("answer"), l.answer());
      n.put("answered_on_time", l.onTime());
      n.put("answered_late", l.late());
      if (l.shareOnTime().isPresent()) {
        n.put("share_on_time", l.shareOnTime().get());
      } else {
        n.putNull("share_on_time");
      }
      ObjectNode open = n.putObject("open_by_age");
      for (Responsiveness.Age a : Responsiveness.Age.values()) {
        open.put(a.label(), l.openByAge().getOrDefault(a, 0));
      }
    }
    ObjectNode out = StixJson.mapper().createObjectNode();
    out.put("at", Timestamps.format(now, 3));
    out.set("lines", lines);
    return out;
  }

  /** One line of the list: enough to pick a request. */
  public static ObjectNode summary(CaseFile f) {
    AssistanceRequest r = f.request();
    ObjectNode n = StixJson.mapper().createObjectNode();
    n.put("id", r.id());
    n.put("kind", r.kind().wire());
    n.put("requester", r.requester());
    n.put("requested", r.requested());
    n.put("urgency", r.urgency().wire());
    n.put("state", f.state().state().wire());
    n.put("extension", f.state().extension().wire());
    n.put("created", Timestamps.format(r.created(), 3));
    f.deadlines().stream()
        .filter(d -> d.status().equals("open"))
        .map(DeadlineRow::due)
        .min(Instant::compareTo)
        .ifPresent(due -> n.put("next_due", Timestamps.format(due, 3)));
    return n;
  }

  /** A request in full, as both parties see it. */
  public static ObjectNode file(CaseFile f) {
    ObjectNode n = StixJson.mapper().createObjectNode();
    try {
      n.set("request", StixJson.mapper().readTree(CaseJson.write(f.request())));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // the module's own JSON
    }
    n.put("state", f.state().state().wire());
    n.put("extension", f.state().extension().wire());
    ArrayNode steps = n.putArray("transitions");
    for (Step s : f.steps()) {
      ObjectNode t = steps.addObject();
      t.put("seq", s.seq());
      t.put("transition", s.transition().wire());
      t.put("party", s.party());
      t.put("at", Timestamps.format(s.at(), 3));
      if (!s.grounds().isEmpty()) {
        ArrayNode g = t.putArray("grounds");
        s.grounds().forEach(x -> g.add(x.wire()));
      }
      if (s.note() != null) {
        t.put("note", s.note());
      }
    }
    if (f.clocks().isPresent()) {
      Deadlines c = f.clocks().get();
      ObjectNode o = n.putObject("obligation");
      o.put("clause", c.clauseId());
      o.put("received", Timestamps.format(c.received(), 3));
      o.put("acknowledge_within_seconds", c.acknowledgeWithin().toSeconds());
      seconds(o, "answer_within_seconds", c.answerWithin());
      seconds(o, "preserve_for_seconds", c.preserveFor());
      seconds(o, "extension_seconds", c.extension());
    }
    ArrayNode deadlines = n.putArray("deadlines");
    for (DeadlineRow d : f.deadlines()) {
      ObjectNode o = deadlines.addObject();
      o.put("deadline", d.deadline());
      o.put("due", Timestamps.format(d.due(), 3));
      o.put("clause", d.clauseId());
      o.put("status", d.status());
    }
    ArrayNode allowed = n.putArray("allowed");
    for (Lifecycle.Move m : f.allowed()) {
      ObjectNode o = allowed.addObject();
      o.put("transition", m.transition().wire());
      o.put("party", f.request().party(m.role()));
    }
    if (!f.deliveries().isEmpty()) { // this node's own steps the other party does not hold yet, and why
      ArrayNode delivery = n.putArray("delivery");
      for (org.accord.store.CaseRecords.DeliveryRow d : f.deliveries()) {
        ObjectNode o = delivery.addObject();
        o.put("seq", d.seq());
        o.put("to", d.peer());
        o.put("outcome", d.outcome());
        o.put("reason", d.reason());
        o.put("at", Timestamps.format(d.at(), 3));
      }
    }
    return n;
  }

  private static void seconds(ObjectNode o, String field, Duration d) {
    if (d != null) {
      o.put(field, d.toSeconds());
    }
  }

  private static void percentiles(ObjectNode o, Responsiveness.Percentiles p) {
    o.put("count", p.count());
    if (p.count() > 0) {
      o.put("median_seconds", p.median().toSeconds());
      o.put("p90_seconds", p.p90().toSeconds());
    }
  }
}
