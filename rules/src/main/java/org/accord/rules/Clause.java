package org.accord.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One clause of a rulebook. Every clause has a stable id, unique in the rulebook, which every egress decision and
 * every obligation report cites. Three kinds: {@link Share} (objects to named parties), {@link Publish} (objects to
 * the public feed) and {@link Obligation} (deadlines, e.g. acknowledge an assistance request within 24 h).
 */
public sealed interface Clause {
  /** Clause ids: a letter, then letters, digits, dots, dashes or underscores ({@code A1.S1}). */
  Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");

  String id();

  /**
   * Parties of {@code agreement} in {@code from} may send the objects {@code what} selects to the parties in {@code
   * to}, for {@code purpose}, until {@code until} (null: no end), after applying {@code transforms}.
   */
  record Share(
      String id,
      String agreement,
      List<String> from,
      List<String> to,
      Selection what,
      String purpose,
      Instant until,
      List<Transform> transforms)
      implements Clause {
    public Share {
      checkId(id);
      Objects.requireNonNull(agreement, "agreement");
      from = List.copyOf(from);
      to = List.copyOf(to);
      Objects.requireNonNull(what, "what");
      Objects.requireNonNull(purpose, "purpose");
      transforms = List.copyOf(transforms);
      if (from.isEmpty() || to.isEmpty()) {
        throw new IllegalArgumentException("clause " + id + ": from and to must name at least one party");
      }
    }
  }

  /**
   * Parties in {@code from} may publish the objects {@code what} selects on their public feed. Only TLP:CLEAR ever
   * reaches the public feed, whatever {@code what} says (TLP 2.0: CLEAR alone has no limit on disclosure).
   */
  record Publish(String id, List<String> from, Selection what, Instant until, List<Transform> transforms)
      implements Clause {
    public Publish {
      checkId(id);
      from = List.copyOf(from);
      Objects.requireNonNull(what, "what");
      transforms = List.copyOf(transforms);
      if (from.isEmpty()) {
        throw new IllegalArgumentException("clause " + id + ": from must name at least one party");
      }
    }
  }

  /**
   * An obligation between the parties of {@code agreement}: when {@code on} happens (e.g. an assistance request
   * about an incident in one of {@code sectors}; empty means any sector), each party in {@code by} must acknowledge
   * within {@code acknowledgeWithin} and answer within {@code answerWithin} (per priority, e.g. emergency and
   * normal), keep evidence for {@code preserveFor} (null: no duty), and may extend the answer deadline once by
   * {@code extension} (null: no extension). {@code onBreach} says what a breach triggers. An answer deadline may be
   * shorter than the acknowledgement deadline (an emergency answer within 8 h acknowledges too). Modelled and validated
   * here; enforced by the cases module.
   */
  record Obligation(
      String id,
      String agreement,
      String on,
      List<String> by,
      Set<String> sectors,
      Duration acknowledgeWithin,
      Map<String, Duration> answerWithin,
      Duration preserveFor,
      Duration extension,
      List<String> onBreach)
      implements Clause {
    /** The events an obligation can be about. */
    public static final Set<String> EVENTS = Set.of("assistance-request", "incident-report", "sighting-feedback");

    /** What a breach can trigger. */
    public static final Set<String> BREACH_ACTIONS = Set.of("notify-hotline", "ledger", "escalate");

    public Obligation {
      checkId(id);
      Objects.requireNonNull(agreement, "agreement");
      Objects.requireNonNull(on, "on");
      by = List.copyOf(by);
      sectors = Set.copyOf(sectors);
      Objects.requireNonNull(acknowledgeWithin, "acknowledge_within");
      answerWithin = Map.copyOf(answerWithin);
      onBreach = List.copyOf(onBreach);
      if (!EVENTS.contains(on)) {
        throw new IllegalArgumentException("obligation " + id + ": unknown event '" + on + "', one of " + EVENTS);
      }
      for (String action : onBreach) {
        if (!BREACH_ACTIONS.contains(action)) {
          throw new IllegalArgumentException(
              "obligation " + id + ": unknown on_breach action '" + action + "', one of " + BREACH_ACTIONS);
        }
      }
      if (extension != null && answerWithin.isEmpty()) {
        throw new IllegalArgumentException("obligation " + id + ": an extension needs an answer_within to extend");
      }
    }
  }

  private static void checkId(String id) {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("clause id '" + id + "' must match " + ID.pattern());
    }
  }
}
