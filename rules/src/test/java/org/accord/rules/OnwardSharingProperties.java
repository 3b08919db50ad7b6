package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;

/**
 * Onward sharing never launders (issue 12, part 2, "Done when"): over random multilateral rulebooks (4 to 10 parties,
 * nested groups, agreements, share clauses with and without onward grants, forwarder clauses naming originators,
 * expired clauses, random TLP levels and types), an object of a random originator travels random routes: at each step
 * the holder's {@link Egress} decides for a random party, and when it releases the object the recipient's {@link
 * Ingress} must admit it from the holder with the holder's chain and one hop more; a refused step leaves the object
 * where it is. Every party a route reaches must be in the set an independent oracle computes from the generated
 * rulebook alone (a breadth-first closure over the clauses and grants as generated, groups expanded by plain set
 * expansion; it never calls the gate), every chain a party admits must be one the oracle's own chain check bears out,
 * and Ingress never admits what the sender's gate refused. A second property forges chains (a hop dropped, a party
 * inserted, another originator claimed, a grant used past its hops, a hop's clause swapped) and checks that Ingress
 * refuses every chain the oracle does not bear out.
 *
 * <p>Rulebooks come from a pool of {@value #POOL} generated once (parsing and gate construction are the expensive
 * part); gates and ingresses are built once per rulebook and party. Each try is one route of up to {@value #STEPS}
 * steps from a fresh object, so the tries count cases honestly: 100,000 routes in the main property.
 */
class OnwardSharingProperties {
  static final int POOL = 160;
  static final int STEPS = 10;
  /** TLP levels an object is marked with; null: unmarked (AMBER, the gates' default). */
  static final List<Tlp> MARKS = java.util.Arrays.asList(
      Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED, null);
  static final List<Tlp> CLAUSE_LEVELS = List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED);
  static final List<Tlp> GRANT_LEVELS = List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER);
  static final List<String> TYPES = List.of("indicator", "malware");
  static final List<Model> RULEBOOKS = new ArrayList<>();
  static final Map<String, Egress> GATES = new ConcurrentHashMap<>();
  static final Map<String, Ingress> INGRESSES = new ConcurrentHashMap<>();
  static final Transforms TRANSFORMS = new Transforms(Fixtures.SECRET);

  static {
    for (int i = 0; i < POOL; i++) {
      RULEBOOKS.add(Model.of(new Random(1000 + i)));
    }
  }

  // ---- the generated rulebook, kept as generated for the oracle ------------------------------------------------

  record GGrant(String id, Set<String> to, Set<Tlp> tlp, int hops) {}

  record GClause(
      String id, String agreement, Set<String> from, Set<String> to, Set<String> types, Set<Tlp> tlp,
      Set<String> originators, boolean expired, List<GGrant> grants) {
    boolean covers(String type, Tlp level) {
      return !expired && (types.isEmpty() || types.contains(type)) && tlp.contains(level);
    }
  }

  record Model(Rulebook rulebook, List<String> parties, List<GClause> clauses) {
    static Model of(Random rnd) {
      int n = 4 + rnd.nextInt(7);
      List<String> parties = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        parties.add("p" + i);
      }
      Map<String, List<String>> groups = new LinkedHashMap<>();
      int g = rnd.nextInt(4);
      for (int i = 0; i < g; i++) {
        List<String> members = new ArrayList<>(pick(rnd, parties, 1, 4));
        for (int j = 0; j < i; j++) {
          if (rnd.nextInt(3) == 0) {
            members.add(Rulebook.GROUP_PREFIX + "g" + j); // earlier groups only: nested, never a cycle
          }
        }
        groups.put("g" + i, members);
      }
      StringBuilder yaml = new StringBuilder();
      if (!groups.isEmpty()) {
        yaml.append("groups:\n");
        groups.forEach((k, v) -> yaml.append("  ").append(k).append(": [").append(String.join(", ", v))
            .append("]\n"));
      }
      yaml.append("agreements:\n");
      List<GClause> clauses = new ArrayList<>();
      int agreements = 1 + rnd.nextInt(3);
      for (int a = 0; a < agreements; a++) {
        List<String> members = pick(rnd, parties, 2, n);
        yaml.append("  - id: A").append(a).append("\n    title: Agreement ").append(a)
            .append("\n    parties: [").append(String.join(", ", members)).append("]\n    clauses:\n");
        int k = 1 + rnd.nextInt(4);
        for (int c = 0; c < k; c++) {
          String id = "A" + a + ".S" + c;
          List<String> from = pick(rnd, members, 1, 2);
          List<String> toNamed = new ArrayList<>();
          for (String group : groups.keySet()) {
            if (members.containsAll(expand(List.of(Rulebook.GROUP_PREFIX + group), groups)) && rnd.nextInt(3) == 0) {
              toNamed.add(Rulebook.GROUP_PREFIX + group);
            }
          }
          toNamed.addAll(pick(rnd, members, toNamed.isEmpty() ? 1 : 0, 3).stream()
              .filter(p -> !toNamed.contains(p)).toList());
          List<String> types = pick(rnd, TYPES, 0, 2);
          List<Tlp> tlp = pick(rnd, CLAUSE_LEVELS, 1, 3);
          boolean forwarder = rnd.nextInt(4) == 0;
          List<String> originators = forwarder ? pick(rnd, members, 1, 2) : List.of();
          boolean expired = rnd.nextInt(10) == 0;
          yaml.append("      - id: ").append(id).append("\n        kind: share\n        from: [")
              .append(String.join(", ", from)).append("]\n        to: [").append(String.join(", ", toNamed))
              .append("]\n        what: { types: [").append(String.join(", ", types)).append("], tlp: [")
              .append(String.join(", ", tlp.stream().map(Tlp::v2Name).toList())).append("], originators: [")
              .append(String.join(", ", originators)).append("] }\n        purpose: incident-response\n");
          if (expired) {
            yaml.append("        until: 2026-01-01T00:00:00.000Z\n");
          }
          List<GGrant> grants = new ArrayList<>();
          if (rnd.nextBoolean()) {
            yaml.append("        onward:\n");
            int count = 1 + rnd.nextInt(3);
            for (int f = 0; f < count; f++) {
              String gid = id + ".F" + f;
              List<String> to = new ArrayList<>();
              for (String group : groups.keySet()) {
                if (rnd.nextInt(4) == 0) {
                  to.add(Rulebook.GROUP_PREFIX + group);
                }
              }
              to.addAll(pick(rnd, parties, to.isEmpty() ? 1 : 0, 3).stream().filter(p -> !to.contains(p)).toList());
              yaml.append("          - id: ").append(gid).append("\n            to: [").append(String.join(", ", to))
                  .append("]\n");
              Set<Tlp> levels = Selection.DEFAULT_TLP;
              if (rnd.nextBoolean()) {
                List<Tlp> l = pick(rnd, GRANT_LEVELS, 1, 3);
                levels = Set.copyOf(l);
                yaml.append("            tlp: [").append(String.join(", ", l.stream().map(Tlp::v2Name).toList()))
                    .append("]\n");
              }
              int hops = 1;
              if (rnd.nextInt(4) != 0) {
                hops = rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(8) : 1 + rnd.nextInt(3);
                yaml.append("            hops: ").append(hops).append('\n');
              }
              grants.add(new GGrant(gid, expand(to, groups), levels, hops));
            }
          }
          clauses.add(new GClause(id, "A" + a, Set.copyOf(from), expand(toNamed, groups), Set.copyOf(types),
              Set.copyOf(tlp), Set.copyOf(originators), expired, grants));
        }
      }
      return new Model(Multilateral.parse(1, 0, parties, yaml.toString()), parties, clauses);
    }

    GClause clause(String id) {
      return clauses.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }
  }

  /** The oracle's group resolution: expand group entries until none is left (plain set expansion). */
  static Set<String> expand(List<String> named, Map<String, List<String>> groups) {
    Set<String> out = new LinkedHashSet<>();
    List<String> work = new ArrayList<>(named);
    Set<String> seen = new HashSet<>();
    while (!work.isEmpty()) {
      String x = work.remove(work.size() - 1);
      if (x.startsWith(Rulebook.GROUP_PREFIX)) {
        if (seen.add(x)) {
          work.addAll(groups.get(x.substring(Rulebook.GROUP_PREFIX.length())));
        }
      } else {
        out.add(x);
      }
    }
    return out;
  }

  static <T> List<T> pick(Random rnd, List<T> from, int min, int max) {
    List<T> copy = new ArrayList<>(from);
    java.util.Collections.shuffle(copy, rnd);
    int k = Math.min(copy.size(), min + rnd.nextInt(max - min + 1));
    return new ArrayList<>(copy.subList(0, k));
  }

  // ---- the oracle: the rulebook alone ---------------------------------------------------------------------------

  static boolean reshareForbidden(Tlp tlp) {
    return tlp == Tlp.AMBER_STRICT || tlp == Tlp.RED; // TLP 2.0
  }

  /**
   * Every party an object of {@code origin} may reach: a breadth-first closure over states (party, the clause it
   * left the originator by, passings-on so far). From the originator, each clause it sends by that covers the
   * object reaches its recipients; from there each grant of that clause (at the object's TLP, within its hops)
   * reaches the grant's recipients, and a direct recipient's forwarder clause (same agreement, naming the originator)
   * one hop further. Never back to the originator.
   */
  static Set<String> reachable(Model m, String origin, String type, Tlp tlp) {
    Set<String> out = new HashSet<>();
    for (GClause c : m.clauses()) {
      if (!c.from().contains(origin) || !c.covers(type, tlp)) {
        continue;
      }
      record State(String party, int depth) {}
      java.util.ArrayDeque<State> queue = new java.util.ArrayDeque<>();
      Set<State> seen = new HashSet<>();
      for (String r : c.to()) {
        if (!r.equals(origin) && seen.add(new State(r, 0))) {
          queue.add(new State(r, 0));
        }
      }
      while (!queue.isEmpty()) {
        State s = queue.poll();
        out.add(s.party());
        if (reshareForbidden(tlp)) {
          continue;
        }
        List<State> next = new ArrayList<>();
        for (GGrant g : c.grants()) {
          if (g.tlp().contains(tlp) && s.depth() + 1 <= g.hops()) {
            g.to().forEach(q -> next.add(new State(q, s.depth() + 1)));
          }
        }
        if (s.depth() == 0) {
          for (GClause l : m.clauses()) {
            if (l.agreement().equals(c.agreement()) && l.from().contains(s.party())
                && l.originators().contains(origin) && l.covers(type, tlp)) {
              l.to().forEach(q -> next.add(new State(q, 1)));
            }
          }
        }
        for (State q : next) {
          if (!q.party().equals(origin) && seen.add(q)) {
            queue.add(q);
          }
        }
      }
    }
    return out;
  }

  /**
   * Whether the oracle bears out a chain of hops for an object {@code producer} made: it starts at the producer, is
   * consecutive, names parties only, never visits one twice; its first hop is a clause the originator sends by to
   * that hop's recipient covering the object; each later hop a grant of that clause naming its recipient at this TLP
   * within its hops, or (second hop only) a forwarder clause of the same agreement from that hop's sender naming the
   * originator. A received AMBER+STRICT or RED object never goes further than its first hop.
   */
  static boolean valid(Model m, String producer, String type, Tlp tlp, List<Provenance.Hop> hops) {
    if (hops.isEmpty() || !hops.get(0).from().equals(producer)) {
      return false;
    }
    Set<String> on = new HashSet<>(List.of(producer));
    for (int i = 0; i < hops.size(); i++) {
      Provenance.Hop h = hops.get(i);
      if (i > 0 && !h.from().equals(hops.get(i - 1).to())) {
        return false;
      }
      if (!m.parties().contains(h.to()) || !on.add(h.to())) {
        return false;
      }
    }
    GClause first = m.clause(hops.get(0).clause());
    if (first == null || !first.from().contains(producer) || !first.to().contains(hops.get(0).to())
        || !first.covers(type, tlp)) {
      return false;
    }
    if (hops.size() > 1 && reshareForbidden(tlp)) {
      return false;
    }
    for (int i = 1; i < hops.size(); i++) {
      Provenance.Hop h = hops.get(i);
      GGrant g = first.grants().stream().filter(x -> x.id().equals(h.clause())).findFirst().orElse(null);
      if (g != null) {
        if (!g.to().contains(h.to()) || !g.tlp().contains(tlp) || i > g.hops()) {
          return false;
        }
        continue;
      }
      GClause l = m.clause(h.clause());
      if (i != 1 || l == null || !l.agreement().equals(first.agreement()) || !l.from().contains(h.from())
          || !l.to().contains(h.to()) || !l.originators().contains(producer) || !l.covers(type, tlp)) {
        return false;
      }
    }
    return true;
  }

  // ---- the nodes ------------------------------------------------------------------------------------------------

  static Egress gate(int book, String party) {
    return GATES.computeIfAbsent(book + "/" + party, k -> Fixtures.gate(RULEBOOKS.get(book).rulebook(), party));
  }

  static Ingress ingress(int book, String party) {
    return INGRESSES.computeIfAbsent(book + "/" + party, k -> new Ingress(RULEBOOKS.get(book).rulebook(),
        new Egress.Settings(party, Tlp.AMBER, Fixtures.CLOCK), TRANSFORMS));
  }

  static StixObject object(String producer, String type, Tlp mark) {
    ObjectNode o = Fixtures.indicator(Multilateral.identity(producer));
    if (type.equals("malware")) {
      o = StixJson.mapper().createObjectNode();
      o.put("type", "malware");
      o.put("spec_version", "2.1");
      o.put("id", "malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061");
      o.put("created", "2026-05-31T12:00:00.000Z");
      o.put("modified", "2026-05-31T12:00:00.000Z");
      o.put("name", "x");
      o.put("is_family", false);
      o.put("created_by_ref", Multilateral.identity(producer));
    }
    return mark == null ? StixObject.of(o) : Fixtures.marked(o, mark);
  }

  /**
   * The object of one case: half the cases take the originator, type and marking as drawn; the other half (odd seeds)
   * take the originator from a clause's senders and the type and level from what it covers, so that objects leave.
   */
  record Case(String origin, String type, Tlp mark, Tlp tlp) {
    static Case of(Model m, int originIndex, int typeIndex, int markIndex, long seed) {
      String origin = m.parties().get(originIndex % m.parties().size());
      String type = TYPES.get(typeIndex);
      Tlp mark = MARKS.get(markIndex);
      if ((seed & 1) == 1) {
        GClause c = m.clauses().get((int) Math.floorMod(seed >> 1, (long) m.clauses().size()));
        List<String> from = List.copyOf(new java.util.TreeSet<>(c.from()));
        origin = from.get(originIndex % from.size());
        if (!c.types().isEmpty() && !c.types().contains(type)) {
          type = c.types().iterator().next();
        }
        List<Tlp> levels = new ArrayList<>(new java.util.TreeSet<>(c.tlp()));
        mark = levels.get(markIndex % levels.size());
      }
      return new Case(origin, type, mark, mark == null ? Tlp.AMBER : mark);
    }
  }

  /** Where a route ended: the holder, how it holds the object, and every party it reached. */
  record Route(String holder, Provenance provenance, Set<String> reached, int longest) {}

  /**
   * Walks one random route and checks every step: a release is admitted by the recipient with the holder's chain and
   * one hop more (the hop citing the sender's decision), the chain is one the oracle bears out, and the recipient is
   * in the oracle's set; a refusal is refused by the recipient's Ingress too, were the object sent anyway.
   */
  static Route walk(int book, String origin, StixObject object, Tlp tlp, Random rnd, Set<String> allowed) {
    Model m = RULEBOOKS.get(book);
    String holder = origin;
    Provenance provenance = Provenance.own();
    Set<String> reached = new HashSet<>();
    int longest = 0;
    List<String> targets = List.copyOf(allowed);
    for (int step = 0; step < STEPS; step++) {
      // Half the steps aim at a party the oracle allows (so routes get long), half at anyone (where leaks would be).
      String to = rnd.nextBoolean() && !targets.isEmpty() ? targets.get(rnd.nextInt(targets.size()))
          : m.parties().get(rnd.nextInt(m.parties().size()));
      if (to.equals(holder)) {
        continue;
      }
      List<Provenance.Hop> hops =
          provenance instanceof Provenance.Received r ? r.hops() : List.of();
      Decision d = gate(book, holder).decide(object, provenance, to);
      Ingress.Verdict v = ingress(book, to).admit(d.released().orElse(object), holder, hops);
      if (d.released().isEmpty()) {
        assertThat(v).as("%s admitted what %s's gate refused: %s", to, holder, d.explain())
            .isInstanceOf(Ingress.Refused.class);
        continue;
      }
      assertThat(allowed).as("%s reached by %s along %s", to, d.clauseId(), Egress.describe(provenance))
          .contains(to);
      assertThat(v).as("%s refused what %s's gate released: %s", to, holder, d.explain())
          .isInstanceOf(Ingress.Admitted.class);
      Ingress.Admitted a = (Ingress.Admitted) v;
      List<Provenance.Hop> longer = new ArrayList<>(hops);
      longer.add(new Provenance.Hop(holder, to, d.clauseId()));
      assertThat(a.hops()).isEqualTo(longer);
      assertThat(a.originator()).isEqualTo(origin);
      assertThat(valid(m, origin, object.type(), tlp, a.hops())).as("chain %s", a.hops()).isTrue();
      reached.add(to);
      holder = to;
      provenance = a.provenance();
      longest = Math.max(longest, a.hops().size());
      object = d.released().get();
    }
    return new Route(holder, provenance, reached, longest);
  }

  @StatisticsReport(onFailureOnly = true) // the coverage shows when it fails
  @Property(tries = 100_000, edgeCases = EdgeCasesMode.NONE) // small domains: random draws cover them
  void noRouteTakesAnObjectWhereTheOriginatorsClausesAndGrantsDoNotReach(
      @ForAll @IntRange(min = 0, max = POOL - 1) int book,
      @ForAll @IntRange(min = 0, max = 9) int originIndex,
      @ForAll @IntRange(min = 0, max = 1) int typeIndex,
      @ForAll @IntRange(min = 0, max = 5) int markIndex,
      @ForAll long seed) {
    Model m = RULEBOOKS.get(book);
    Case c = Case.of(m, originIndex, typeIndex, markIndex, seed);
    String origin = c.origin();
    String type = c.type();
    Tlp mark = c.mark();
    Tlp tlp = c.tlp();
    Set<String> allowed = reachable(m, origin, type, tlp);

    Route route = walk(book, origin, object(origin, type, mark), tlp, new Random(seed), allowed);

    assertThat(allowed).containsAll(route.reached());
    Statistics.label("longest chain").collect(route.longest());
    Statistics.label("reached").collect(route.reached().isEmpty() ? "none" : route.reached().equals(allowed)
        ? "all allowed" : "some allowed");
    Statistics.label("longest chain").coverage(k -> k.check(3).count(x -> x > 100));
  }

  /**
   * A hostile holder forges its chain before sending: Ingress admits a forged chain only when the oracle bears it out
   * (a forgery can be harmless: dropping a hop of a grant route can leave a route the grant allows as well), and then
   * only with a next hop the oracle bears out too.
   */
  @StatisticsReport(onFailureOnly = true)
  @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
  void ingressRefusesEveryForgedChainTheRulebookDoesNotBearOut(
      @ForAll @IntRange(min = 0, max = POOL - 1) int book,
      @ForAll @IntRange(min = 0, max = 9) int originIndex,
      @ForAll @IntRange(min = 0, max = 1) int typeIndex,
      @ForAll @IntRange(min = 0, max = 5) int markIndex,
      @ForAll @IntRange(min = 0, max = 4) int forgery,
      @ForAll long seed) {
    Model m = RULEBOOKS.get(book);
    Case c = Case.of(m, originIndex, typeIndex, markIndex, seed);
    String origin = c.origin();
    String type = c.type();
    Tlp mark = c.mark();
    Tlp tlp = c.tlp();
    Random rnd = new Random(seed);
    StixObject object = object(origin, type, mark);
    Route route = walk(book, origin, object, tlp, rnd, reachable(m, origin, type, tlp));
    if (!(route.provenance() instanceof Provenance.Received r)) {
      return; // the object never left its originator: nothing to forge
    }
    List<Provenance.Hop> forged = forge(m, r.hops(), forgery, rnd);
    String to = m.parties().get(rnd.nextInt(m.parties().size()));
    if (forged == null || to.equals(route.holder())) {
      return;
    }
    Ingress.Verdict v = ingress(book, to).admit(object, route.holder(), forged);
    boolean borneOut = valid(m, origin, type, tlp, forged);
    Statistics.collect(List.of("forgery", "insert", "originator", "past hops", "clause").get(forgery),
        borneOut ? "borne out" : "forged", v instanceof Ingress.Admitted ? "admitted" : "refused");
    if (!borneOut) {
      assertThat(v).as("forged chain %s sent by %s to %s", forged, route.holder(), to)
          .isInstanceOf(Ingress.Refused.class);
    }
    if (v instanceof Ingress.Admitted a) {
      assertThat(valid(m, origin, type, tlp, a.hops())).as("admitted chain %s", a.hops()).isTrue();
    }
  }

  /**
   * One forgery of a chain that ends at its holder: 0 drop a hop (the next hop spliced to leave where the dropped one
   * left), 1 insert a party (one hop split in two by the same clause), 2 claim another originator, 3 use a grant past
   * its hops (a grant hop repeated through other parties), 4 swap a hop's clause for another clause or grant id.
   */
  static List<Provenance.Hop> forge(Model m, List<Provenance.Hop> hops, int forgery, Random rnd) {
    List<Provenance.Hop> out = new ArrayList<>(hops);
    int i = rnd.nextInt(hops.size());
    String holder = hops.get(hops.size() - 1).to();
    String someone = m.parties().get(rnd.nextInt(m.parties().size()));
    try {
      switch (forgery) {
        case 0 -> {
          if (hops.size() < 2) {
            return null;
          }
          Provenance.Hop gone = out.remove(i);
          if (i < out.size()) {
            out.set(i, new Provenance.Hop(gone.from(), out.get(i).to(), out.get(i).clause()));
          } else {
            out.set(i - 1, new Provenance.Hop(out.get(i - 1).from(), holder, out.get(i - 1).clause()));
          }
        }
        case 1 -> {
          Provenance.Hop h = out.get(i);
          out.set(i, new Provenance.Hop(h.from(), someone, h.clause()));
          out.add(i + 1, new Provenance.Hop(someone, h.to(), h.clause()));
        }
        case 2 -> {
          Provenance.Hop h = out.get(0);
          out.set(0, new Provenance.Hop(someone, h.to(), h.clause()));
        }
        case 3 -> {
          Provenance.Hop h = out.get(out.size() - 1);
          int extra = 1 + rnd.nextInt(Clause.Onward.MAX_HOPS);
          out.remove(out.size() - 1);
          String from = h.from();
          List<String> others = new ArrayList<>(m.parties());
          java.util.Collections.shuffle(others, rnd);
          for (int k = 0; k < extra && k < others.size(); k++) {
            out.add(new Provenance.Hop(from, others.get(k), h.clause()));
            from = others.get(k);
          }
          if (!from.equals(holder)) {
            out.add(new Provenance.Hop(from, holder, h.clause()));
          }
        }
        default -> {
          List<String> ids = new ArrayList<>();
          for (GClause c : m.clauses()) {
            ids.add(c.id());
            c.grants().forEach(g -> ids.add(g.id()));
          }
          Provenance.Hop h = out.get(i);
          out.set(i, new Provenance.Hop(h.from(), h.to(), ids.get(rnd.nextInt(ids.size()))));
        }
      }
    } catch (IllegalArgumentException e) {
      return null; // a hop from a party to itself: not a chain anyone can send
    }
    return out;
  }

  /** Every generated rulebook resolves its grants as the oracle does (the parser's group resolution under test). */
  @Property(tries = 1)
  void theParsedGrantsResolveAsTheOracleExpandsThem() {
    for (Model m : RULEBOOKS) {
      for (GClause c : m.clauses()) {
        Clause.Share s = (Clause.Share) m.rulebook().clause(c.id()).orElseThrow();
        Map<String, Set<String>> parsed = new HashMap<>();
        s.onward().forEach(g -> parsed.put(g.id(), Set.copyOf(g.to())));
        Map<String, Set<String>> generated = new HashMap<>();
        c.grants().forEach(g -> generated.put(g.id(), g.to()));
        assertThat(parsed).isEqualTo(generated);
        assertThat(Set.copyOf(s.to())).isEqualTo(c.to());
      }
    }
  }
}
