package org.accord.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which obligation clause applies to an assistance request, and the rule that no two of them contradict.
 *
 * <p>Design note. An obligation ({@link Clause.Obligation}) applies to a request when its event is {@code
 * assistance-request}, the requested party is one it binds ({@code by}), the requesting party is a party to its
 * agreement, and the request's kind, urgency and sector are in its {@code when} sets (an empty set means any; a
 * request with no sector matches only clauses without {@code sector_in}). Several clauses may apply to one request;
 * they must then set the same deadlines, or the parties would not know which clock runs. So a rulebook in which two
 * clauses of one event can apply to the same (requester, requested, kind, urgency, sector) with a different
 * acknowledge, answer, preservation or extension period is refused — by the parser with the line and column of the
 * second clause, and by {@link Rulebook}'s constructor for a model built otherwise, so activation and verification
 * refuse it too — with both clause ids and an example request they disagree on. Clauses that agree are redundant,
 * not contradictory: the first in file order is the one cited. Rulebooks hold a handful of obligations, so the check
 * compares every pair.
 */
public final class Obligations {
  /** The event of assistance requests. */
  public static final String ASSISTANCE_REQUEST = "assistance-request";

  private Obligations() {}

  /**
   * What an obligation is matched on.
   *
   * @param requester the requesting party's id
   * @param requested the requested party's id (the one bound by the obligation)
   * @param kind the request kind, one of {@link Clause.Obligation#REQUEST_KINDS}
   * @param urgency one of {@link Clause.Obligation#URGENCIES}
   * @param sector the sector concerned, or null when the request names none
   */
  public record Subject(String requester, String requested, String kind, String urgency, String sector) {
    public Subject {
      Objects.requireNonNull(requester, "requester");
      Objects.requireNonNull(requested, "requested");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(urgency, "urgency");
    }
  }

  /** Two clauses that set different deadlines for one request, {@code example}; {@code difference} says how. */
  public record Contradiction(
      Clause.Obligation first, Clause.Obligation second, String example, String difference) {
    public String message() {
      return "obligations " + first.id() + " and " + second.id() + " contradict: both apply to " + example
          + ", with " + difference;
    }
  }

  /** The obligation that applies to {@code subject}: the first in file order (those that also apply agree). */
  public static Optional<Clause.Obligation> applicable(Rulebook rulebook, Subject subject) {
    List<Clause.Obligation> all = applying(rulebook, subject);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /** Every obligation of {@code rulebook} that applies to {@code subject}, in file order. */
  public static List<Clause.Obligation> applying(Rulebook rulebook, Subject subject) {
    List<Clause.Obligation> out = new ArrayList<>();
    for (Agreement a : rulebook.agreements()) {
      for (Clause c : a.clauses()) {
        if (c instanceof Clause.Obligation o && applies(a, o, subject)) {
          out.add(o);
        }
      }
    }
    return out;
  }

  private static boolean applies(Agreement a, Clause.Obligation o, Subject s) {
    return o.on().equals(ASSISTANCE_REQUEST)
        && !s.requester().equals(s.requested())
        && a.hasParty(s.requester())
        && o.by().contains(s.requested())
        && (o.kinds().isEmpty() || o.kinds().contains(s.kind()))
        && (o.urgencies().isEmpty() || o.urgencies().contains(s.urgency()))
        && (o.sectors().isEmpty() || (s.sector() != null && o.sectors().contains(s.sector())));
  }

  /** The first pair of clauses, in file order, that can apply to one request with different deadlines. */
  public static Optional<Contradiction> firstContradiction(List<Agreement> agreements) {
    List<Agreement> owners = new ArrayList<>();
    List<Clause.Obligation> all = new ArrayList<>();
    for (Agreement a : agreements) {
      for (Clause c : a.clauses()) {
        if (c instanceof Clause.Obligation o) {
          owners.add(a);
          all.add(o);
        }
      }
    }
    for (int j = 1; j < all.size(); j++) {
      for (int i = 0; i < j; i++) {
        Optional<Contradiction> c = contradiction(owners.get(i), all.get(i), owners.get(j), all.get(j));
        if (c.isPresent()) {
          return c;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Contradiction> contradiction(
      Agreement a1, Clause.Obligation o1, Agreement a2, Clause.Obligation o2) {
    if (!o1.on().equals(o2.on())) {
      return Optional.empty();
    }
    String requested = null;
    String requester = null;
    for (String r : new TreeSet<>(o1.by())) {
      if (!o2.by().contains(r)) {
        continue;
      }
      for (String q : new TreeSet<>(a1.parties())) {
        if (!q.equals(r) && a2.hasParty(q)) {
          requested = r;
          requester = q;
          break;
        }
      }
      if (requested != null) {
        break;
      }
    }
    if (requested == null) {
      return Optional.empty(); // no request can be under both: different parties are bound
    }
    Set<String> kinds = common(o1.kinds(), o2.kinds(), Clause.Obligation.REQUEST_KINDS);
    Set<String> urgencies = common(o1.urgencies(), o2.urgencies(), Clause.Obligation.URGENCIES);
    boolean assistance = o1.on().equals(ASSISTANCE_REQUEST);
    if (assistance && (kinds.isEmpty() || urgencies.isEmpty())) {
      return Optional.empty();
    }
    String sector;
    if (o1.sectors().isEmpty() && o2.sectors().isEmpty()) {
      sector = null; // any sector, and none
    } else {
      Set<String> both = common(o1.sectors(), o2.sectors(), null);
      if (both.isEmpty()) {
        return Optional.empty();
      }
      sector = both.iterator().next();
    }
    for (String urgency : assistance ? urgencies : Set.of("")) {
      String difference = difference(o1, o2, assistance ? urgency : null);
      if (difference != null) {
        String example =
            assistance
                ? (urgency.equals("emergency") ? "an " : "a ") + urgency + " " + kinds.iterator().next()
                    + " request from " + requester + " to " + requested
                    + (sector == null ? " in any sector" : " in sector " + sector)
                : "an " + o1.on() + " from " + requester + " to " + requested
                    + (sector == null ? " in any sector" : " in sector " + sector);
        return Optional.of(new Contradiction(o1, o2, example, difference));
      }
    }
    return Optional.empty();
  }

  /** The sorted intersection of two sets where an empty set means {@code universe} (null: unbounded). */
  private static Set<String> common(Set<String> a, Set<String> b, Set<String> universe) {
    TreeSet<String> out = new TreeSet<>();
    if (a.isEmpty() && b.isEmpty()) {
      out.addAll(universe == null ? Set.of() : universe);
    } else if (a.isEmpty()) {
      out.addAll(b);
    } else if (b.isEmpty()) {
      out.addAll(a);
    } else {
      out.addAll(a);
      out.retainAll(b);
    }
    return out;
  }

  /** How the deadlines of two clauses differ for one urgency (null: every priority), or null when they agree. */
  private static String difference(Clause.Obligation o1, Clause.Obligation o2, String urgency) {
    List<String> out = new ArrayList<>();
    compare(out, "acknowledge_within", o1.acknowledgeWithin(), o2.acknowledgeWithin());
    if (urgency != null) {
      compare(out, "answer_within." + urgency, o1.answerWithin().get(urgency), o2.answerWithin().get(urgency));
    } else {
      for (String p : new TreeSet<>(union(o1.answerWithin().keySet(), o2.answerWithin().keySet()))) {
        compare(out, "answer_within." + p, o1.answerWithin().get(p), o2.answerWithin().get(p));
      }
    }
    compare(out, "preserve_for", o1.preserveFor(), o2.preserveFor());
    compare(out, "extension", o1.extension(), o2.extension());
    return out.isEmpty() ? null : String.join(", ", out);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    TreeSet<String> out = new TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  private static void compare(List<String> out, String name, Duration d1, Duration d2) {
    if (!Objects.equals(d1, d2)) {
      out.add(name + " " + text(d1) + " vs " + text(d2));
    }
  }

  private static String text(Duration d) {
    return d == null ? "none" : Canonical.duration(d);
  }
}
