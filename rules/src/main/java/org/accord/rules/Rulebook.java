package org.accord.rules;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.accord.stix.Tlp;

/**
 * One version of a rulebook: the parties it binds, their agreements and clauses, and the clauses of the public feed.
 * Read one with {@link RulebookParser#parse}; sign it with {@link RulebookSigner}; make it take effect with {@link
 * RulebookHistory#activate}.
 *
 * <p>Design note. The model, not the file, is what the parties sign: {@link #canonicalBytes()} serialises the model
 * to canonical JSON (RFC 8785 rules: members sorted by code unit, no whitespace, minimal string escapes), so
 * comments, key order, flow or block style and equivalent spellings ({@code 30d} vs {@code 720h}) do not change what
 * is signed, while every change of meaning does. The form carries {@code "format":"accord-rulebook/1"} so a
 * rulebook signature can never be mistaken for another Ed25519 signature of the same key (domain separation).
 *
 * @param name the rulebook's stable name; every version of one rulebook has the same name
 * @param version its version, from 1
 * @param supersedes the version it replaces (0 for the first version); activation checks it is the active one
 * @param effective when it may take effect (null: on activation)
 * @param parties the parties it binds, by id, in file order; every one of them must sign
 * @param unmarked the TLP level an unmarked object is treated as (null: the node's configured default)
 * @param agreements the agreements, in file order
 * @param publicFeed the clauses of the public feed
 * @param references what the gate does with an object naming one the recipient may not receive ({@code
 *     defaults.references}; {@link ReferencePolicy#WITHHOLD} unless the rulebook says otherwise)
 * @param hashes the perceptual-hash matching thresholds ({@code hashes:}; {@link HashThresholds#DEFAULTS} when
 *     absent)
 * @param groups named groups of parties ({@code groups:}), in file order: each lists party ids and {@code
 *     group:<name>} entries (a group may include another, without a cycle). An agreement's {@code parties} and a share
 *     clause's {@code to} may name a group; the model holds them resolved ({@link Agreement#parties}, {@link
 *     Clause.Share#to}), so the egress gate indexes resolved recipients and a group costs nothing per decision.
 * @param amendment the quorums for the accession or withdrawal of one party by the next version ({@code
 *     amendment:}; null: every change needs every party's signature)
 */
public record Rulebook(
    String name,
    int version,
    int supersedes,
    Instant effective,
    Map<String, Party> parties,
    Tlp unmarked,
    List<Agreement> agreements,
    List<Clause.Publish> publicFeed,
    ReferencePolicy references,
    HashThresholds hashes,
    Map<String, List<String>> groups,
    Amendment amendment) {

  /** How a rulebook names a group where a party id may stand ({@code group:eu}). */
  public static final String GROUP_PREFIX = "group:";

  /**
   * A rulebook with the defaults of a document that states none of them: {@link ReferencePolicy#WITHHOLD}, {@link
   * HashThresholds#DEFAULTS}, no groups and no amendment rule (every change needs every party).
   */
  public Rulebook(
      String name,
      int version,
      int supersedes,
      Instant effective,
      Map<String, Party> parties,
      Tlp unmarked,
      List<Agreement> agreements,
      List<Clause.Publish> publicFeed) {
    this(name, version, supersedes, effective, parties, unmarked, agreements, publicFeed, ReferencePolicy.WITHHOLD,
        HashThresholds.DEFAULTS, Map.of(), null);
  }

  public Rulebook {
    Objects.requireNonNull(references, "references");
    Objects.requireNonNull(hashes, "hashes");
    Objects.requireNonNull(name, "name");
    parties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parties));
    agreements = List.copyOf(agreements);
    publicFeed = List.copyOf(publicFeed);
    Map<String, List<String>> g = new LinkedHashMap<>();
    groups.forEach((k, v) -> g.put(k, List.copyOf(v)));
    groups = java.util.Collections.unmodifiableMap(g);
    if (version < 1) {
      throw new IllegalArgumentException("version must be 1 or more");
    }
    if (supersedes < 0 || supersedes >= version) {
      throw new IllegalArgumentException("supersedes must be below version (" + version + "), not " + supersedes);
    }
    if (parties.size() < 2) {
      throw new IllegalArgumentException("a rulebook binds two or more parties");
    }
    for (Map.Entry<String, Party> e : parties.entrySet()) {
      if (!e.getKey().equals(e.getValue().id())) {
        throw new IllegalArgumentException("party key " + e.getKey() + " holds party " + e.getValue().id());
      }
    }
    Map<String, List<String>> resolved = resolve(groups, parties.keySet());
    Set<String> ids = new HashSet<>();
    for (Agreement a : agreements) {
      if (!ids.add(a.id())) {
        throw new IllegalArgumentException("duplicate id " + a.id());
      }
      if (!expand(a.named(), resolved).equals(a.parties())) {
        throw new IllegalArgumentException(
            "agreement " + a.id() + ": parties " + a.named() + " do not resolve to " + a.parties());
      }
      for (String p : a.parties()) {
        if (!parties.containsKey(p)) {
          throw new IllegalArgumentException("agreement " + a.id() + " names unknown party '" + p + "'");
        }
      }
      for (Clause c : a.clauses()) {
        if (!ids.add(c.id())) {
          throw new IllegalArgumentException("duplicate clause id " + c.id());
        }
        if (c instanceof Clause.Share s) {
          requireParties(s.id(), s.what().producers(), parties);
          if (!expand(s.toNamed(), resolved).equals(s.to())) {
            throw new IllegalArgumentException(
                "clause " + s.id() + ": to " + s.toNamed() + " does not resolve to " + s.to());
          }
          for (Clause.Onward grant : s.onward()) {
            if (!ids.add(grant.id())) {
              throw new IllegalArgumentException("duplicate clause id " + grant.id());
            }
            requireParties(grant.id(), grant.to(), parties);
            if (!expand(grant.toNamed(), resolved).equals(grant.to())) {
              throw new IllegalArgumentException(
                  "onward grant " + grant.id() + ": to " + grant.toNamed() + " does not resolve to " + grant.to());
            }
          }
        }
      }
    }
    Obligations.firstContradiction(agreements)
        .ifPresent(c -> {
          throw new IllegalArgumentException(c.message());
        });
    for (Clause.Publish p : publicFeed) {
      if (!ids.add(p.id())) {
        throw new IllegalArgumentException("duplicate clause id " + p.id());
      }
      requireParties(p.id(), p.from(), parties);
      requireParties(p.id(), p.what().originators(), parties);
      requireParties(p.id(), p.what().producers(), parties);
    }
  }

  /** The parties of {@code group}, nested groups resolved, in first-mention order; empty for an unknown group. */
  public List<String> members(String group) {
    return resolve(groups, parties.keySet()).getOrDefault(group, List.of());
  }

  /**
   * The groups of this rulebook resolved to their parties: each group's members, nested groups expanded depth first,
   * each party once, in first-mention order.
   *
   * @throws IllegalArgumentException for an unknown party or group, or a group that includes itself
   */
  static Map<String, List<String>> resolve(Map<String, List<String>> groups, Set<String> parties) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String g : groups.keySet()) {
      if (!Party.ID.matcher(g).matches()) {
        throw new IllegalArgumentException("group name '" + g + "' must match " + Party.ID.pattern());
      }
      out.put(g, List.copyOf(resolveOne(g, groups, parties, new java.util.ArrayList<>())));
    }
    return out;
  }

  private static Set<String> resolveOne(
      String group, Map<String, List<String>> groups, Set<String> parties, List<String> path) {
    if (path.contains(group)) {
      path.add(group);
      throw new IllegalArgumentException("group " + group + " includes itself: " + String.join(" -> ", path));
    }
    path.add(group);
    Set<String> out = new java.util.LinkedHashSet<>();
    for (String m : groups.get(group)) {
      if (m.startsWith(GROUP_PREFIX)) {
        String inner = m.substring(GROUP_PREFIX.length());
        if (!groups.containsKey(inner)) {
          throw new IllegalArgumentException("group " + group + " names unknown group '" + inner + "'");
        }
        out.addAll(resolveOne(inner, groups, parties, path));
      } else if (!parties.contains(m)) {
        throw new IllegalArgumentException("group " + group + " names unknown party '" + m + "'");
      } else {
        out.add(m);
      }
    }
    path.remove(path.size() - 1);
    return out;
  }

  /** Party ids and {@code group:} entries expanded to party ids, each once, in first-mention order. */
  static List<String> expand(List<String> named, Map<String, List<String>> resolved) {
    Set<String> out = new java.util.LinkedHashSet<>();
    for (String n : named) {
      if (n.startsWith(GROUP_PREFIX)) {
        List<String> members = resolved.get(n.substring(GROUP_PREFIX.length()));
        if (members == null) {
          throw new IllegalArgumentException("unknown group '" + n.substring(GROUP_PREFIX.length()) + "'");
        }
        out.addAll(members);
      } else {
        out.add(n);
      }
    }
    return List.copyOf(out);
  }

  /** The canonical serialisation the parties sign (see the design note above). */
  public byte[] canonicalBytes() {
    return Canonical.json(Canonical.of(this)).getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical serialisation as text, for {@code accord rules show} and diffs. */
  public String canonicalJson() {
    return Canonical.json(Canonical.of(this));
  }

  /** The clause with this id, in any agreement or the public feed (an onward grant is found by {@link #grant}). */
  public Optional<Clause> clause(String id) {
    for (Agreement a : agreements) {
      for (Clause c : a.clauses()) {
        if (c.id().equals(id)) {
          return Optional.of(c);
        }
      }
    }
    return publicFeed.stream().filter(p -> p.id().equals(id)).map(Clause.class::cast).findFirst();
  }

  /** The onward grant with this id ({@link Clause.Onward}), in any share clause. */
  public Optional<Clause.Onward> grant(String id) {
    return grantingClause(id).flatMap(s -> s.onward().stream().filter(g -> g.id().equals(id)).findFirst());
  }

  /** The share clause that carries the onward grant with this id. */
  public Optional<Clause.Share> grantingClause(String grantId) {
    for (Agreement a : agreements) {
      for (Clause c : a.clauses()) {
        if (c instanceof Clause.Share s) {
          for (Clause.Onward g : s.onward()) {
            if (g.id().equals(grantId)) {
              return Optional.of(s);
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  public Optional<Agreement> agreement(String id) {
    return agreements.stream().filter(a -> a.id().equals(id)).findFirst();
  }

  /** The first agreement (in file order) that binds both parties, e.g. the one two parties' cases travel under. */
  public Optional<Agreement> agreementBinding(String party, String other) {
    return agreements.stream().filter(a -> a.hasParty(party) && a.hasParty(other)).findFirst();
  }

  /** The party whose STIX identity is {@code identityId}. */
  public Optional<Party> partyByIdentity(String identityId) {
    return parties.values().stream().filter(p -> p.identity().equals(identityId)).findFirst();
  }

  private static void requireParties(String clause, java.util.Collection<String> names, Map<String, Party> parties) {
    for (String n : names) {
      if (!parties.containsKey(n)) {
        throw new IllegalArgumentException("clause " + clause + " names unknown party '" + n + "'");
      }
    }
  }
}
