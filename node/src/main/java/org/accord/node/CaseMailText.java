package org.accord.node;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.accord.cases.CaseState;
import org.accord.cases.Deadline;
import org.accord.cases.Extension;
import org.accord.cases.Lifecycle;
import org.accord.cases.Role;
import org.accord.cases.State;
import org.accord.stix.Timestamps;
import org.accord.store.CaseRecords.RequestRow;

/**
 * The words of an escalation mail ({@link CaseEscalation}): a subject a reader can sort by, and a plain-text body
 * with what the webhook notification carries (request id, kind, urgency, parties, deadline, obligation clause, due
 * time, how late) plus the request's state and what each party may do now. Never the request's facts, data sought or
 * custodian: a mailbox is read by more people, and kept longer, than the node's store.
 */
final class CaseMailText {
  private CaseMailText() {}

  /** E.g. {@code [Accord] DEADLINE MISSED: answer of request assistance-request--... (cn -> us)}. */
  static String subject(String event, Deadline d, RequestRow r) {
    String what = switch (event) {
      case "missed" -> "DEADLINE MISSED";
      case "warning" -> "DEADLINE AHEAD";
      default -> "PRESERVATION ENDED";
    };
    return "[Accord] " + what + ": " + d.kind().wire() + " of request " + d.requestId() + " (" + r.requester() + " -> "
        + r.requested() + ")";
  }

  /**
   * The body.
   *
   * @param node the party of the node that sends it
   * @param text the clock event's own line
   * @param at when the miss was recorded, the warning given, or the period ended
   */
  static String body(String event, Deadline d, RequestRow r, String node, String text, Instant at) {
    String due = Timestamps.format(d.due(), 3);
    List<String> lines = new ArrayList<>();
    lines.add("The Accord node of party " + node + " reports: " + switch (event) {
      case "missed" -> "the " + d.kind().wire() + " deadline of a mutual-assistance request was missed.";
      case "warning" -> "the " + d.kind().wire() + " deadline of a mutual-assistance request is near.";
      default -> "the preservation period of a mutual-assistance request ended.";
    });
    lines.add("");
    lines.add(field("Request", d.requestId()));
    lines.add(field("Kind", r.kind()));
    lines.add(field("Urgency", r.urgency()));
    lines.add(field("Parties", r.requester() + " (requester) -> " + r.requested() + " (requested party)"));
    lines.add(field("Deadline", d.kind().wire()));
    lines.add(field("Obligation", "clause " + d.clauseId() + " of the rulebook"));
    lines.add(field("Due", due));
    String when = Timestamps.format(at, 3);
    switch (event) {
      case "missed" -> lines.add(field("Late by", span(Duration.between(d.due(), at)) + " (recorded " + when + ")"));
      case "warning" -> lines.add(at.isAfter(d.due())
          ? field("Late by", span(Duration.between(d.due(), at)) + " (warned late, at " + when + ")")
          : field("Due in", span(Duration.between(at, d.due())) + " (warned at " + when + ")"));
      default -> { } // the period ended at its due time
    }
    Optional<CaseState> state = state(r);
    lines.add(field("State now", state.map(CaseState::toString).orElse(r.state())));
    lines.add(field("Allowed now", state.map(s -> allowed(s, r)).orElse("(unknown state)")));
    lines.add("");
    lines.add(text);
    lines.add("");
    lines.add("The request itself (facts, data sought) is not in this mail: see it on your node,");
    lines.add("accord cases show " + d.requestId() + " or GET /api/cases/" + d.requestId() + ".");
    return String.join("\n", lines) + "\n";
  }

  private static String field(String name, String value) {
    return String.format("%-13s%s", name + ":", value);
  }

  private static Optional<CaseState> state(RequestRow r) {
    Optional<State> s = State.fromWire(r.state());
    Optional<Extension> e = Extension.fromWire(r.extension());
    return s.isPresent() && e.isPresent() ? Optional.of(new CaseState(s.get(), e.get())) : Optional.empty();
  }

  /** As the lifecycle's messages say it: "acknowledge, decline (by us, the requested party); withdraw (by cn, ...)". */
  static String allowed(CaseState state, RequestRow r) {
    List<String> groups = new ArrayList<>();
    for (Role role : Role.values()) {
      String moves = Lifecycle.allowed(state).stream().filter(m -> m.role() == role)
          .map(m -> m.transition().wire()).collect(Collectors.joining(", "));
      if (!moves.isEmpty()) {
        groups.add(moves + " (by " + (role == Role.REQUESTER ? r.requester() : r.requested()) + ", the "
            + role.text() + ")");
      }
    }
    return groups.isEmpty() ? "nothing" : String.join("; ", groups);
  }

  /** {@code 2 d 3 h 5 min}, {@code 1 h 0 min}, {@code 42 s}. */
  static String span(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + " s";
    }
    long days = s / 86_400;
    long hours = s % 86_400 / 3600;
    long minutes = s % 3600 / 60;
    return (days > 0 ? days + " d " : "") + (days > 0 || hours > 0 ? hours + " h " : "") + minutes + " min";
  }
}
