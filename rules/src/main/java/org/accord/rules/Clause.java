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
   * to}, for {@code purpose}, until {@code until} (null: no end), after applying {@code transforms}. {@code to} holds
   * the recipients with groups resolved (what the egress gate indexes); {@code toNamed} is the list as the rulebook
   * writes it, party ids and {@code group:<name>} entries (what is signed; equal to {@code to} without groups).
   * {@code onward} are the originator's grants for passing on what left by this clause (issue 12, part 2): see
   * {@link Onward}; signed with the clause, checked by the egress gate of every holder along the chain.
   */
  record Share(
      String id,
      String agreement,
      List<String> from,
      List<String> to,
      Selection what,
      String purpose,
      Instant until,
      List<Transform> transforms,
      List<String> toNamed,
      List<Onward> onward)
      implements Clause {
    /** A clause without onward grants: what it sends goes no further (unless a recipient's clause says otherwise). */
    public Share(
        String id,
        String agreement,
        List<String> from,
        List<String> to,
        Selection what,
        String purpose,
        Instant until,
        List<Transform> transforms,
        List<String> toNamed) {
      this(id, agreement, from, to, what, purpose, until, transforms, toNamed, List.of());
    }

    /** A clause that names its recipients one by one (no group). */
    public Share(
        String id,
        String agreement,
        List<String> from,
        List<String> to,
        Selection what,
        String purpose,
        Instant until,
        List<Transform> transforms) {
      this(id, agreement, from, to, what, purpose, until, transforms, to);
    }

    public Share {
      checkId(id);
      Objects.requireNonNull(agreement, "agreement");
      from = List.copyOf(from);
      to = List.copyOf(to);
      Objects.requireNonNull(what, "what");
      Objects.requireNonNull(purpose, "purpose");
      transforms = List.copyOf(transforms);
      toNamed = toNamed.isEmpty() ? to : List.copyOf(toNamed);
      onward = List.copyOf(onward);
      if (from.isEmpty() || to.isEmpty()) {
        throw new IllegalArgumentException("clause " + id + ": from and to must name at least one party");
      }
      Set<String> ids = new java.util.HashSet<>();
      ids.add(id);
      for (Onward g : onward) {
        if (!ids.add(g.id())) {
          throw new IllegalArgumentException("clause " + id + ": duplicate id " + g.id());
        }
      }
    }
  }

  /**
   * An onward grant of a share clause: what left its originator by that clause may be passed on, by whoever holds it
   * along a valid chain that started with the clause, to a party in {@code to}, at a TLP level in {@code tlp}, as long
   * as the number of passings-on so far is below {@code hops}, the clause still stands (and its {@code until}), and the
   * recipient is not already on the chain. Not a clause of its own: it belongs to the clause that carries it and is
   * signed with it, but its id is unique among all clause and grant ids, since decisions and ledgers cite it.
   *
   * @param toNamed the recipients as the rulebook writes them (party ids and {@code group:<name>}), what is signed
   * @param to the recipients, groups resolved (what the gate checks)
   * @param tlp the levels that may go on (CLEAR and GREEN when the rulebook names none); never AMBER+STRICT or RED
   * @param hops how many passings-on in all, after the clause's own send ({@value #MIN_HOPS} to {@value #MAX_HOPS})
   */
  record Onward(String id, List<String> toNamed, List<String> to, Set<org.accord.stix.Tlp> tlp, int hops) {
    public static final int MIN_HOPS = 1;
    /** A bound on chain length: each hop is checked by every later holder, and a longer chain is a wider leak. */
    public static final int MAX_HOPS = 8;

    /** A grant that names its recipients one by one (no group). */
    public Onward(String id, List<String> to, Set<org.accord.stix.Tlp> tlp, int hops) {
      this(id, to, to, tlp, hops);
    }

    public Onward {
      checkId(id);
      to = List.copyOf(to);
      toNamed = toNamed.isEmpty() ? to : List.copyOf(toNamed);
      tlp = tlp.isEmpty() ? Selection.DEFAULT_TLP : Set.copyOf(tlp);
      if (to.isEmpty()) {
        throw new IllegalArgumentException("onward grant " + id + ": to must name at least one party");
      }
      String refused = refusedTlp(tlp);
      if (refused != null) {
        throw new IllegalArgumentException("onward grant " + id + ": " + refused);
      }
      if (hops < MIN_HOPS || hops > MAX_HOPS) {
        throw new IllegalArgumentException(
            "onward grant " + id + ": hops must be " + MIN_HOPS + ".." + MAX_HOPS + ", not " + hops);
      }
    }

    /** Why a grant may not name one of {@code levels} (TLP 2.0), or null. */
    static String refusedTlp(Set<org.accord.stix.Tlp> levels) {
      if (levels.contains(org.accord.stix.Tlp.RED)) {
        return "TLP:RED is never passed on: TLP 2.0 limits it to the individual recipients, with no further"
            + " disclosure";
      }
      if (levels.contains(org.accord.stix.Tlp.AMBER_STRICT)) {
        return "TLP:AMBER+STRICT is never passed on: TLP 2.0 limits it to the recipient's own organisation";
      }
      return null;
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
   * about an incident in one of {@code sectors}, of one of {@code kinds}, of one of {@code urgencies}; an empty set
   * means any), each party in {@code by} (the requested party) must acknowledge within {@code acknowledgeWithin} and
   * answer within {@code answerWithin} (per urgency, e.g. emergency and normal), keep preserved data for {@code
   * preserveFor} (null: no duty), and may be granted one extension of the answer deadline by {@code extension}
   * (null: no extension). {@code onBreach} says what a breach triggers. An answer deadline may be shorter than the
   * acknowledgement deadline (an emergency answer within 8 h acknowledges too). Modelled and validated here, two
   * obligations that contradict each other are refused by {@link Obligations}; enforced by the cases module.
   */
  record Obligation(
      String id,
      String agreement,
      String on,
      List<String> by,
      Set<String> sectors,
      Set<String> kinds,
      Set<String> urgencies,
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

    /**
     * The kinds of assistance request ({@code when.kind_in}), by their wire names: the cases module's {@code
     * RequestKind} uses the same names (a test keeps the two lists equal).
     */
    public static final Set<String> REQUEST_KINDS =
        Set.of(
            "subscriber-info", "preservation", "production", "takedown", "investigative-assistance",
            "emergency-disclosure");

    /** The urgencies of an assistance request ({@code when.urgency}, the keys of {@code answer_within}). */
    public static final Set<String> URGENCIES = Set.of("emergency", "normal");

    /** An obligation that applies to every kind and urgency of its event (the form before {@code kind_in}). */
    public Obligation(
        String id,
        String agreement,
        String on,
        List<String> by,
        Set<String> sectors,
        Duration acknowledgeWithin,
        Map<String, Duration> answerWithin,
        Duration preserveFor,
        Duration extension,
        List<String> onBreach) {
      this(id, agreement, on, by, sectors, Set.of(), Set.of(), acknowledgeWithin, answerWithin, preserveFor,
          extension, onBreach);
    }

    public Obligation {
      checkId(id);
      Objects.requireNonNull(agreement, "agreement");
      Objects.requireNonNull(on, "on");
      by = List.copyOf(by);
      sectors = Set.copyOf(sectors);
      kinds = Set.copyOf(kinds);
      urgencies = Set.copyOf(urgencies);
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
      if (!on.equals("assistance-request") && !(kinds.isEmpty() && urgencies.isEmpty())) {
        throw new IllegalArgumentException("obligation " + id + ": kind_in and urgency apply to assistance-request");
      }
      if (on.equals("assistance-request")) {
        for (String k : kinds) {
          if (!REQUEST_KINDS.contains(k)) {
            throw new IllegalArgumentException(
                "obligation " + id + ": unknown request kind '" + k + "', one of " + sorted(REQUEST_KINDS));
          }
        }
        for (String u : urgencies) {
          if (!URGENCIES.contains(u)) {
            throw new IllegalArgumentException(
                "obligation " + id + ": unknown urgency '" + u + "', one of " + sorted(URGENCIES));
          }
        }
        for (String u : answerWithin.keySet()) {
          if (!URGENCIES.contains(u)) {
            throw new IllegalArgumentException(
                "obligation " + id + ": answer_within names urgency '" + u + "', one of " + sorted(URGENCIES));
          }
        }
      }
      if (extension != null && answerWithin.isEmpty()) {
        throw new IllegalArgumentException("obligation " + id + ": an extension needs an answer_within to extend");
      }
    }
  }

  private static java.util.List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }

  private static void checkId(String id) {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("clause id '" + id + "' must match " + ID.pattern());
    }
  }
}
