package org.accord.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.CaseClock;
import org.accord.cases.CaseException;
import org.accord.cases.CaseFile;
import org.accord.cases.CaseJson;
import org.accord.cases.Cases;
import org.accord.cases.DeclineGround;
import org.accord.cases.Deadlines;
import org.accord.cases.IllegalTransitionException;
import org.accord.cases.Lifecycle;
import org.accord.cases.Responsiveness;
import org.accord.cases.State;
import org.accord.cases.Step;
import org.accord.cases.Transition;
import org.accord.stix.StixJson;
import org.accord.stix.Timestamps;
import org.accord.store.CaseRecords.DeadlineRow;
import org.accord.store.StoreException;
import org.accord.taxii.server.JsonErrors;
import org.accord.taxii.server.TaxiiException;
import org.accord.taxii.server.TaxiiServer;
import org.accord.taxii.server.User;

/**
 * The node's mutual-assistance requests over REST, under {@value #PATH}, authenticated like TAXII and answering errors
 * in the same JSON form:
 *
 * <ul>
 *   <li>{@code POST /api/cases/}: a new request, as a draft; the body is the request's JSON without {@code id},
 *       {@code requester} and {@code created}, which the node sets (its own party asks) — 201 with the request;
 *   <li>{@code GET /api/cases/?state=&limit=&offset=}: the requests, oldest first, a page at a time;
 *   <li>{@code GET /api/cases/stats}: responsiveness per requested party and kind;
 *   <li>{@code GET /api/cases/{id}}: one request, where it stands, its transitions, its deadlines (with the clause
 *       that set each) and what each party may do now;
 *   <li>{@code POST /api/cases/{id}/transitions}: {@code {"transition": "decline", "grounds": [...], "note": ...}},
 *       made by this node's party now — 200 with the request after it; 409 with the lifecycle's message (what is
 *       allowed now, by whom) when it is refused, or when another transition was recorded first.
 * </ul>
 *
 * <p>Who. Only this node's own users (no party): a peer reaches requests through the federation channel, never this
 * API, and gets 403 on every path before anything is looked up, so it learns nothing of which ids exist. A request is
 * visible only when this node's party is its requester or its requested party; any other answers 404 exactly as an
 * unknown id does.
 */
final class CaseEndpoints {
  static final String PATH = TaxiiServer.NODE_API + "cases/";

  /** Largest page of {@code GET /api/cases/}, and the page when no {@code limit} is given. */
  static final int MAX_PAGE = 1000;

  static final int DEFAULT_PAGE = 100;

  private final Cases cases;
  private final CaseClock clock;
  private final String party;

  CaseEndpoints(Cases cases, CaseClock clock, String party) {
    this.cases = Objects.requireNonNull(cases, "cases");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.party = Objects.requireNonNull(party, "party");
  }

  void install(JavalinConfig config) {
    config.router.mount(
        router -> {
          router.post(PATH, TaxiiServer.readingBody(this::create));
          router.get(PATH, this::list);
          router.get(PATH + "stats", this::stats); // before {id}: the first route that matches answers
          router.get(PATH + "{id}", this::show);
          router.post(PATH + "{id}/transitions", TaxiiServer.readingBody(this::transition));
        });
  }

  private void create(Context ctx) throws IOException {
    own(ctx);
    ObjectNode body = object(ctx, "the request's fields (kind, requested, legal_basis, offence, facts, ...)");
    for (String set : List.of("id", "requester", "created")) {
      if (body.has(set)) {
        throw TaxiiException.badRequest("'" + set + "' is set by the node, leave it out");
      }
    }
    body.put("id", AssistanceRequest.TYPE + "--" + UUID.randomUUID());
    body.put("requester", party);
    body.put("created", Timestamps.format(clock.now(), 3));
    AssistanceRequest request;
    try {
      request = CaseJson.readRequest(body.toString());
    } catch (CaseException | NullPointerException e) {
      throw TaxiiException.badRequest(e.getMessage()); // each names the field
    }
    CaseFile created = cases.create(request);
    ctx.status(201).contentType("application/json").result(json(created).toString());
  }

  private void list(Context ctx) {
    own(ctx);
    String stateParam = ctx.queryParam("state");
    State state = null;
    if (stateParam != null) {
      state = State.fromWire(stateParam).orElseThrow(() -> TaxiiException.badRequest(
          "state: one of draft, sent, received, acknowledged, in-progress, preserved, answered-partial,"
              + " answered-full, declined, closed; not '" + stateParam + "'"));
    }
    int limit = intParam(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
    int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    List<CaseFile> matching = new ArrayList<>();
    for (CaseFile f : visible()) {
      if (state == null || f.state().state() == state) {
        matching.add(f);
      }
    }
    ArrayNode page = StixJson.mapper().createArrayNode();
    for (int i = offset; i < matching.size() && i < (long) offset + limit; i++) {
      page.add(summary(matching.get(i)));
    }
    ObjectNode out = StixJson.mapper().createObjectNode();
    out.put("total", matching.size());
    out.set("cases", page);
    if ((long) offset + limit < matching.size()) {
      out.put("next_offset", offset + limit);
    }
    ctx.status(200).contentType("application/json").result(out.toString());
  }

  private void show(Context ctx) {
    own(ctx);
    ctx.status(200).contentType("application/json").result(json(visible(ctx.pathParam("id"))).toString());
  }

  private void transition(Context ctx) throws IOException {
    own(ctx);
    String id = ctx.pathParam("id");
    CaseFile before = visible(id);
    ObjectNode body = object(ctx, "{\"transition\": \"<name>\"} with the transition's fields (grounds, note)");
    String name = text(body, "transition");
    if (name == null) {
      throw TaxiiException.badRequest("transition: name it (" + names() + ")");
    }
    Transition t = Transition.fromWire(name).orElseThrow(() -> TaxiiException.badRequest(
        "transition: unknown '" + name + "' (" + names() + ")"));
    List<DeclineGround> grounds = grounds(body);
    if (t == Transition.DECLINE && grounds.isEmpty()) {
      throw TaxiiException.badRequest("grounds: a decline gives one or more of " + groundNames());
    }
    if (t != Transition.DECLINE && !grounds.isEmpty()) {
      throw TaxiiException.badRequest("grounds: only a decline has grounds, not " + name);
    }
    for (java.util.Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!List.of("transition", "grounds", "note").contains(f)) {
        throw TaxiiException.badRequest("unknown field '" + f + "' (allowed: transition, grounds, note)");
      }
    }
    String note = text(body, "note");
    CaseFile after;
    try {
      after = cases.apply(id, t, party, grounds, note);
    } catch (IllegalTransitionException e) {
      throw TaxiiException.conflict(e.getMessage());
    } catch (CaseException e) {
      // The fields are checked above; what is left is the request's situation (no obligation grants an extension,
      // a note too long is the one exception, said in the message).
      throw note != null && e.getMessage().startsWith("note:")
          ? TaxiiException.badRequest(e.getMessage())
          : TaxiiException.conflict(e.getMessage());
    } catch (StoreException e) {
      // Another process (the command line, a second node process on the same database) recorded a transition of
      // this request between our read and our write: the store wrote nothing. Said as the request stands now.
      CaseFile now = cases.find(id).orElseThrow(() -> e);
      if (now.steps().size() == before.steps().size()) {
        throw e; // not a race: a fault of the database, answered 500 by the boundary
      }
      throw TaxiiException.conflict(
          "cannot " + name + " request " + id + ": another transition (" + now.steps().get(now.steps().size() - 1)
              .transition().wire() + ") was recorded first; it is now " + now.state() + "; allowed now: "
              + allowed(now));
    }
    ctx.status(200).contentType("application/json").result(json(after).toString());
  }

  private void stats(Context ctx) {
    own(ctx);
    Instant now = clock.now();
    ArrayNode lines = StixJson.mapper().createArrayNode();
    for (Responsiveness.Line l : Responsiveness.of(visible(), now)) {
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
    ctx.status(200).contentType("application/json").result(out.toString());
  }

  /** 403 for a peer (a user with a party), before anything about requests is looked up. */
  private static void own(Context ctx) {
    User user = TaxiiServer.user(ctx);
    if (user.party() != null) {
      throw TaxiiException.forbidden(
          "the cases API is for this node's own users; party " + user.party() + " reaches requests through federation");
    }
  }

  private List<CaseFile> visible() {
    return cases.list().stream().filter(f -> f.request().roleOf(party) != null).toList();
  }

  /** The request, or 404 when it is unknown or this node's party is not on it (the same answer for both). */
  private CaseFile visible(String id) {
    Optional<CaseFile> f = cases.find(id).filter(c -> c.request().roleOf(party) != null);
    return f.orElseThrow(() -> TaxiiException.notFound("no request " + id));
  }

  private static ObjectNode object(Context ctx, String what) throws IOException {
    JsonNode n;
    try {
      n = StixJson.mapper().readTree(ctx.bodyAsBytes());
    } catch (JsonProcessingException e) {
      throw TaxiiException.badRequest("the body is not JSON: " + JsonErrors.describe(e));
    }
    if (n == null || !n.isObject()) {
      throw TaxiiException.badRequest("the body must be a JSON object: " + what);
    }
    return (ObjectNode) n;
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw TaxiiException.badRequest(field + ": expected a string, found " + v.getNodeType().toString().toLowerCase());
    }
    return v.asText();
  }

  private static List<DeclineGround> grounds(JsonNode body) {
    JsonNode g = body.get("grounds");
    if (g == null || g.isNull()) {
      return List.of();
    }
    if (!g.isArray()) {
      throw TaxiiException.badRequest("grounds: expected a list of strings (" + groundNames() + ")");
    }
    List<DeclineGround> out = new ArrayList<>();
    for (JsonNode item : g) {
      String w = item.isTextual() ? item.asText() : item.toString();
      out.add(DeclineGround.fromWire(w).orElseThrow(() -> TaxiiException.badRequest(
          "grounds: unknown '" + w + "' (" + groundNames() + ")")));
    }
    return out;
  }

  private static int intParam(Context ctx, String name, int dflt, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return dflt;
    }
    try {
      int i = Integer.parseInt(v);
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw TaxiiException.badRequest(name + ": an integer from " + min + " to " + max + ", not '" + v + "'");
  }

  private static String names() {
    return String.join(", ", java.util.Arrays.stream(Transition.values()).map(Transition::wire).toList());
  }

  private static String groundNames() {
    return String.join(", ", java.util.Arrays.stream(DeclineGround.values()).map(DeclineGround::wire).toList());
  }

  private static String allowed(CaseFile f) {
    List<String> moves = new ArrayList<>();
    for (Lifecycle.Move m : f.allowed()) {
      moves.add(m.transition().wire() + " (by " + f.request().party(m.role()) + ")");
    }
    return moves.isEmpty() ? "nothing" : String.join(", ", moves);
  }

  /** One line of the list: enough to pick a request. */
  private static ObjectNode summary(CaseFile f) {
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
  static ObjectNode json(CaseFile f) {
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
