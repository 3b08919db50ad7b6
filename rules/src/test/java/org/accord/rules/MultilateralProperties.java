package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;

/**
 * Groups never widen the gate: over random multilateral rulebooks (3 to 30 parties, up to 6 groups that nest,
 * agreements and clauses naming groups and parties), the gate releases an object to a party only when that party is among the
 * recipients of a clause this node may send by, with the recipients resolved by an independent oracle: plain set
 * expansion of the generated groups, without the rulebook's own resolution. The rulebooks go through the parser, so
 * the parser's resolution is under test too, and the model's resolved lists must equal the oracle's.
 */
class MultilateralProperties {
  static final int POOL = 48;
  static final List<Tlp> LEVELS = List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.RED);
  static final List<Generated> RULEBOOKS = new ArrayList<>();
  static final Map<String, Egress> GATES = new ConcurrentHashMap<>();

  static {
    for (int i = 0; i < POOL; i++) {
      RULEBOOKS.add(Generated.of(new Random(i)));
    }
  }

  /** A generated rulebook: the parsed model, and the groups and clauses as generated, for the oracle. */
  record Generated(
      Rulebook rulebook, List<String> parties, Map<String, List<String>> groups, List<GeneratedClause> clauses) {

    static Generated of(Random rnd) {
      int n = 3 + rnd.nextInt(28);
      List<String> parties = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        parties.add("p" + i);
      }
      Map<String, List<String>> groups = new LinkedHashMap<>();
      int g = rnd.nextInt(7);
      for (int i = 0; i < g; i++) {
        List<String> members = new ArrayList<>(pick(rnd, parties, 1, 5));
        for (int j = 0; j < i; j++) {
          if (rnd.nextInt(3) == 0) {
            members.add(Rulebook.GROUP_PREFIX + "g" + j); // only earlier groups: nested, never a cycle
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
      List<GeneratedClause> clauses = new ArrayList<>();
      int agreements = 1 + rnd.nextInt(4);
      for (int a = 0; a < agreements; a++) {
        List<String> named = new ArrayList<>();
        for (String group : pick(rnd, new ArrayList<>(groups.keySet()), 0, 2)) {
          named.add(Rulebook.GROUP_PREFIX + group);
        }
        Set<String> members = expand(named, groups);
        for (String p : pick(rnd, parties, 1, 4)) {
          if (members.add(p)) {
            named.add(p);
          }
        }
        while (members.size() < 2) {
          String p = parties.get(rnd.nextInt(n));
          if (members.add(p)) {
            named.add(p);
          }
        }
        yaml.append("  - id: A").append(a).append("\n    title: Agreement ").append(a)
            .append("\n    parties: [").append(String.join(", ", named)).append("]\n    clauses:\n");
        List<String> memberList = List.copyOf(members);
        int k = 1 + rnd.nextInt(4);
        for (int c = 0; c < k; c++) {
          List<String> from = pick(rnd, memberList, 1, 3);
          List<String> to = new ArrayList<>();
          for (String group : groups.keySet()) {
            if (members.containsAll(expand(List.of(Rulebook.GROUP_PREFIX + group), groups)) && rnd.nextInt(3) == 0) {
              to.add(Rulebook.GROUP_PREFIX + group);
            }
          }
          for (String p : pick(rnd, memberList, to.isEmpty() ? 1 : 0, 3)) {
            to.add(p);
          }
          List<Tlp> tlp = pick(rnd, LEVELS, 1, 3);
          String id = "A" + a + ".S" + c;
          yaml.append("      - id: ").append(id).append("\n        kind: share\n        from: [")
              .append(String.join(", ", from)).append("]\n        to: [").append(String.join(", ", to))
              .append("]\n        what: { types: [indicator], tlp: [")
              .append(String.join(", ", tlp.stream().map(Tlp::v2Name).toList()))
              .append("] }\n        purpose: incident-response\n");
          clauses.add(new GeneratedClause(id, "A" + a, named, from, to));
        }
      }
      Rulebook r = Multilateral.parse(1, 0, parties, yaml.toString());
      return new Generated(r, parties, groups, clauses);
    }
  }

  record GeneratedClause(
      String id, String agreement, List<String> agreementNamed, List<String> from, List<String> to) {}

  /** The oracle's group resolution: expand group entries until no group entry is left (plain set expansion). */
  static Set<String> expand(List<String> named, Map<String, List<String>> groups) {
    Set<String> out = new LinkedHashSet<>();
    List<String> work = new ArrayList<>(named);
    Set<String> seen = new LinkedHashSet<>();
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

  private static <T> List<T> pick(Random rnd, List<T> from, int min, int max) {
    List<T> copy = new ArrayList<>(from);
    java.util.Collections.shuffle(copy, rnd);
    int k = Math.min(copy.size(), min + rnd.nextInt(max - min + 1));
    return new ArrayList<>(copy.subList(0, k));
  }

  @Property(tries = 3000, edgeCases = EdgeCasesMode.MIXIN)
  void theGateNeverReleasesToAPartyNoClauseResolvesTo(
      @ForAll @IntRange(min = 0, max = POOL - 1) int which,
      @ForAll @IntRange(min = 0, max = 29) int selfIndex,
      @ForAll @IntRange(min = 0, max = 29) int recipientIndex,
      @ForAll @IntRange(min = 0, max = 3) int level,
      @ForAll @IntRange(min = -1, max = 29) int senderIndex,
      @ForAll boolean focused) {
    Generated g = RULEBOOKS.get(which);
    List<String> parties = g.parties();
    String self = parties.get(selfIndex % parties.size());
    String recipient = parties.get(recipientIndex % parties.size());
    if (focused) {
      // Half the cases: a sender of one clause and a party of its agreement, where releases (and near misses) are.
      GeneratedClause c = g.clauses().get(selfIndex % g.clauses().size());
      self = c.from().get(recipientIndex % c.from().size());
      List<String> members = List.copyOf(expand(c.agreementNamed(), g.groups()));
      recipient = members.get(recipientIndex % members.size());
    }
    String me = self;
    Egress gate = GATES.computeIfAbsent(which + "/" + self, k -> Fixtures.gate(g.rulebook(), me));
    Provenance provenance = Provenance.own();
    String producer = self;
    if (senderIndex >= 0) {
      String sender = parties.get(senderIndex % parties.size());
      if (!sender.equals(self) && !focused) {
        GeneratedClause any = g.clauses().get(senderIndex % g.clauses().size());
        provenance = Provenance.receivedFrom(sender, any.agreement());
        producer = sender;
      }
    }
    StixObject object =
        Fixtures.marked(Fixtures.indicator(Multilateral.identity(producer)), LEVELS.get(level));
    Decision d = gate.decide(object, provenance, recipient);
    Statistics.collect(d.released().isPresent() ? "released" : "withheld");
    Set<String> allowedTo = new LinkedHashSet<>();
    for (GeneratedClause c : g.clauses()) {
      if (c.from().contains(self)) {
        allowedTo.addAll(expand(c.to(), g.groups()));
      }
    }
    if (d.released().isPresent()) {
      assertThat(allowedTo).as("recipients of the clauses %s may send by", me).contains(recipient);
      GeneratedClause cited =
          g.clauses().stream().filter(c -> c.id().equals(d.clauseId())).findFirst().orElseThrow();
      assertThat(expand(cited.to(), g.groups())).as("clause %s resolved by the oracle", cited.id())
          .contains(recipient);
      assertThat(cited.from()).contains(self);
    }
    for (GeneratedClause c : g.clauses()) {
      Agreement a = g.rulebook().agreement(c.agreement()).orElseThrow();
      assertThat(Set.copyOf(a.parties())).isEqualTo(expand(c.agreementNamed(), g.groups()));
      Clause.Share s = (Clause.Share) g.rulebook().clause(c.id()).orElseThrow();
      assertThat(Set.copyOf(s.to())).isEqualTo(expand(c.to(), g.groups()));
    }
  }
}
