package org.accord.rules;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An agreement between two or more parties of a rulebook, with its clauses. The agreement is the community of TLP
 * 2.0 GREEN for what is shared under it, and the context in which a received object keeps its provenance: an object
 * received under agreement A is re-shared only by a clause of an agreement its originator is party to.
 *
 * <p>{@code parties} are the parties it binds, groups resolved ({@link Rulebook#groups}); {@code named} is the list as
 * the rulebook writes it, party ids and {@code group:<name>} entries, which is what is signed. Without groups the two
 * are equal; the {@link Rulebook} checks that {@code named} resolves to exactly {@code parties}.
 */
public record Agreement(
    String id, String title, List<String> parties, String legalBasis, List<Clause> clauses, List<String> named) {
  /** An agreement that names its parties one by one (no group). */
  public Agreement(String id, String title, List<String> parties, String legalBasis, List<Clause> clauses) {
    this(id, title, parties, legalBasis, clauses, parties);
  }

  public Agreement {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    parties = List.copyOf(parties);
    clauses = List.copyOf(clauses);
    named = named.isEmpty() ? parties : List.copyOf(named);
    if (!Clause.ID.matcher(id).matches()) {
      throw new IllegalArgumentException("agreement id '" + id + "' must match " + Clause.ID.pattern());
    }
    if (new HashSet<>(parties).size() < 2 || parties.size() != new HashSet<>(parties).size()) {
      throw new IllegalArgumentException("agreement " + id + " needs two or more distinct parties");
    }
    Set<String> members = Set.copyOf(parties);
    for (Clause c : clauses) {
      if (c instanceof Clause.Share s) {
        requireMembers(s.id(), "from", s.from(), members);
        requireMembers(s.id(), "to", s.to(), members);
        requireMembers(s.id(), "what.originators", s.what().originators(), members);
        requireAgreement(s.id(), s.agreement(), id);
      } else if (c instanceof Clause.Obligation o) {
        requireMembers(o.id(), "by", o.by(), members);
        requireAgreement(o.id(), o.agreement(), id);
      } else {
        throw new IllegalArgumentException("publish clause " + c.id() + " belongs under public:, not in " + id);
      }
    }
  }

  public boolean hasParty(String party) {
    return parties.contains(party);
  }

  private static void requireAgreement(String clause, String named, String id) {
    if (!named.equals(id)) {
      throw new IllegalArgumentException("clause " + clause + " names agreement " + named + ", but sits in " + id);
    }
  }

  private static void requireMembers(String clause, String field, java.util.Collection<String> names, Set<String> in) {
    for (String n : names) {
      if (!in.contains(n)) {
        throw new IllegalArgumentException(
            "clause " + clause + ": " + field + " names '" + n + "', who is not a party to the agreement");
      }
    }
  }
}
