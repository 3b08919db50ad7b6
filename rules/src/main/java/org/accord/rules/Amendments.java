package org.accord.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The amendment rule at activation ({@link Amendment}): whether a version that is not signed by every party it binds
 * still takes effect by the quorum the active version states. Only a pure membership change qualifies: the two
 * versions must be equal once the party that joins or leaves is erased from both ({@link Canonical#without}), so a
 * quorum can admit or remove one party, and can never change another party's key, a clause, a group or the
 * amendment rule itself (those need every party). An accession that names the new party as a recipient in a clause
 * (to:) or in one of its onward grants also needs the signature of every sender of that clause. A signature that is
 * present must verify: a quorum never outvotes a bad signature.
 */
final class Amendments {
  private Amendments() {}

  /**
   * Null when {@code candidate} takes effect by quorum after {@code active}; otherwise the refusal, naming the rule,
   * who signed, and how many were needed.
   *
   * @param unanimity the verification against every party the candidate binds, which failed
   */
  static String refusal(Rulebook active, SignedRulebook candidate, RulebookSigner.Verification unanimity) {
    if (active.amendment() == null) {
      return unanimity.message(); // no amendment rule: every change needs every party, as before the rule existed
    }
    Rulebook next = candidate.rulebook();
    Set<String> added = new LinkedHashSet<>(next.parties().keySet());
    added.removeAll(active.parties().keySet());
    Set<String> removed = new LinkedHashSet<>(active.parties().keySet());
    removed.removeAll(next.parties().keySet());
    boolean accession = added.size() == 1 && removed.isEmpty();
    boolean withdrawal = removed.size() == 1 && added.isEmpty();
    String unanimous = unanimity.message() + " (every party must sign";
    if (!accession && !withdrawal) {
      return unanimous + ": it is not the accession or withdrawal of one party)";
    }
    String party = (accession ? added : removed).iterator().next();
    String rule = accession ? "accession" : "withdrawal";
    Amendment.Quorum quorum = accession ? active.amendment().accession() : active.amendment().withdrawal();
    if (quorum == null) {
      return unanimous + ": the active version v" + active.version() + " states no " + rule + "_quorum)";
    }
    List<String> bad = new ArrayList<>();
    Set<String> missing = new LinkedHashSet<>();
    for (SignatureProblem p : unanimity.problems()) {
      if (p.kind() == SignatureProblem.Kind.MISSING) {
        missing.add(p.party());
      } else if (!(withdrawal && p.kind() == SignatureProblem.Kind.NOT_A_PARTY && p.party().equals(party))) {
        bad.add(p.message()); // the withdrawing party's own signature is not needed, and not refused either
      }
    }
    if (!bad.isEmpty()) {
      return String.join("; ", bad) + " (a quorum never outvotes a bad signature)";
    }
    if (accession && missing.contains(party)) {
      return "the acceding party " + party + " has not signed (accession needs its signature and the "
          + rule + "_quorum " + quorum + " of v" + active.version() + ")";
    }
    if (!Canonical.without(active, party).equals(Canonical.without(next, party))) {
      return unanimous + ": it changes more than the " + rule + " of " + party + ", and the " + rule
          + "_quorum covers nothing else)";
    }
    if (accession) {
      // Erasing the new party also erases it from clause recipients: a clause that now names it in to: would send a
      // party's objects to it without that party's say. Only the group route is left to the quorum (README).
      for (Agreement a : next.agreements()) {
        for (Clause c : a.clauses()) {
          if (c instanceof Clause.Share s && s.toNamed().contains(party)) {
            for (String sender : s.from()) {
              if (missing.contains(sender)) {
                return unanimous + ": clause " + s.id() + " names " + party + " as a recipient of " + sender
                    + ", which has not signed)";
              }
            }
          }
          // An onward grant is the senders' permission too: naming the new party in one needs their signatures.
          for (Clause.Onward g : c instanceof Clause.Share s ? s.onward() : List.<Clause.Onward>of()) {
            if (g.toNamed().contains(party)) {
              for (String sender : ((Clause.Share) c).from()) {
                if (missing.contains(sender)) {
                  return unanimous + ": onward grant " + g.id() + " of clause " + c.id() + " names " + party
                      + " as a recipient of " + sender + "'s objects, and " + sender + " has not signed)";
                }
              }
            }
          }
        }
      }
    }
    // Accession: the parties of the active version vote; withdrawal: the parties that remain.
    List<String> voters = List.copyOf((accession ? active : next).parties().keySet());
    List<String> signed = voters.stream().filter(p -> !missing.contains(p)).toList();
    List<String> absent = voters.stream().filter(missing::contains).toList();
    int needed = quorum.of(voters.size());
    if (signed.size() < needed) {
      return rule + " of " + party + " by the " + rule + "_quorum " + quorum + " of v" + active.version()
          + " needs " + needed + " of the " + voters.size() + (accession ? " parties of v" + active.version()
          : " remaining parties") + ", has " + signed.size() + " (signed: " + names(signed) + "; missing: "
          + names(absent) + ")";
    }
    return null;
  }

  private static String names(List<String> parties) {
    return parties.isEmpty() ? "none" : String.join(", ", parties);
  }
}
