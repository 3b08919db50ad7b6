package org.accord.rules;

import static org.accord.rules.Onward.byCn;
import static org.accord.rules.Onward.chain;
import static org.accord.rules.Onward.hop;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.accord.stix.Tlp;
import org.junit.jupiter.api.Test;

/** The gate and Ingress on onward grants and provenance chains (issue 12, part 2), one rule per test. */
class OnwardSharingTest {
  private final Rulebook rulebook = Onward.rulebook();

  private Egress at(String party) {
    return Fixtures.gate(rulebook, party);
  }

  private Ingress ingressAt(String party) {
    return new Ingress(
        rulebook, new Egress.Settings(party, Tlp.AMBER, Fixtures.CLOCK), new Transforms(Fixtures.SECRET));
  }

  @Test
  void aGrantLetsTheHolderPassTheObjectOnAndTheDecisionCitesTheGrant() {
    Provenance atUs = chain(hop("cn", "us", "A1.S1"));

    Decision toFr = at("us").decide(byCn(Tlp.GREEN), atUs, "fr");

    assertThat(toFr).isInstanceOf(Decision.Allow.class);
    assertThat(toFr.clauseId()).isEqualTo("A1.S1.F1");
    assertThat(toFr.reason())
        .contains("of cn to fr").contains("cn → us by A1.S1").contains("passing-on 1 of at most 2");
    assertThat(at("us").decide(byCn(Tlp.GREEN), atUs, "jp").clauseId()).isEqualTo("A1.S1.F2");
    assertThat(at("us").decide(byCn(Tlp.GREEN), atUs, "sg").clauseId()).isEqualTo("A1.S1.F2");
  }

  @Test
  void aGrantGoesNoFurtherThanItsHops() {
    Provenance atFr = chain(hop("cn", "us", "A1.S1"), hop("us", "fr", "A1.S1.F1"));
    assertThat(at("fr").decide(byCn(Tlp.GREEN), atFr, "de").clauseId()).isEqualTo("A1.S1.F1");
    assertThat(at("fr").decide(byCn(Tlp.GREEN), atFr, "jp").clauseId()).isEqualTo(Egress.NO_LAUNDERING);

    Provenance atDe = chain(hop("cn", "us", "A1.S1"), hop("us", "fr", "A1.S1.F1"), hop("fr", "de", "A1.S1.F1"));
    Decision toJp = at("de").decide(byCn(Tlp.GREEN), atDe, "jp");

    assertThat(toJp.clauseId()).isEqualTo(Egress.NO_LAUNDERING);
    assertThat(toJp.reason()).contains("received from cn under A1 along cn → us by A1.S1 → fr by A1.S1.F1 → de")
        .contains("nearest grant A1.S1.F2 of A1.S1: it allows 1 passing(s)-on, this would be passing-on 3");
  }

  @Test
  void aGrantPassesOnOnlyItsTlpLevels() {
    Decision d = at("us").decide(byCn(Tlp.AMBER), chain(hop("cn", "us", "A1.S1")), "de");

    assertThat(d.clauseId()).isEqualTo(Egress.NO_LAUNDERING);
    assertThat(d.reason()).contains("nearest grant A1.S1.F1 of A1.S1: TLP:AMBER is not among its levels");
  }

  @Test
  void anObjectNeverGoesBackToItsOriginatorOrAnEarlierHolder() {
    Provenance atFr = chain(hop("cn", "us", "A1.S1"), hop("us", "fr", "A1.S1.F1"));
    for (String back : List.of("cn", "us")) {
      Decision d = at("fr").decide(byCn(Tlp.GREEN), atFr, back);
      assertThat(d.clauseId()).as(back).isEqualTo(Egress.NO_LAUNDERING);
      assertThat(d.reason()).as(back).startsWith(back + " is on the chain already");
    }
  }

  @Test
  void aForwarderClauseGoesOneHopOnlyAndCountsAsAPassingOn() {
    Decision toFr = at("us").decide(byCn(Tlp.AMBER), chain(hop("cn", "us", "A1.S1")), "fr");
    assertThat(toFr.clauseId()).isEqualTo("A1.S2");

    Provenance amberAtFr = chain(hop("cn", "us", "A1.S1"), hop("us", "fr", "A1.S2"));
    assertThat(at("fr").decide(byCn(Tlp.AMBER), amberAtFr, "de").clauseId()).isEqualTo(Egress.NO_LAUNDERING);
    Provenance greenAtFr = chain(hop("cn", "us", "A1.S1"), hop("us", "fr", "A1.S2"));
    Decision greenToDe = at("fr").decide(byCn(Tlp.GREEN), greenAtFr, "de");
    assertThat(greenToDe.clauseId()).isEqualTo("A1.S1.F1");
    assertThat(greenToDe.reason()).contains("passing-on 2 of at most 2");
  }

  @Test
  void grantsEndWithTheirClausesUntil() {
    Clock later = Clock.fixed(Instant.parse("2027-06-01T00:00:00Z"), ZoneOffset.UTC);
    Egress us = new Egress(rulebook, new Egress.Settings("us", Tlp.AMBER, later), new Transforms(Fixtures.SECRET));

    Decision d = us.decide(byCn(Tlp.GREEN), chain(hop("cn", "us", "A1.S1")), "jp");

    assertThat(d.clauseId()).isEqualTo(Egress.NO_LAUNDERING);
    assertThat(d.reason()).contains("its clause A1.S1 expired at 2027-01-01T00:00:00Z");
  }

  @Test
  void aFirstHopByAClauseTheOriginatorDoesNotSendByIsAProvenanceChainRefusal() {
    Decision d = at("us").decide(byCn(Tlp.GREEN), chain(hop("cn", "us", "A1.S2")), "fr");

    assertThat(d.clauseId()).isEqualTo(Egress.PROVENANCE_CHAIN);
    assertThat(d.reason()).contains("hop 1 (cn → us by A1.S2) names a clause that cn does not send by");
  }

  @Test
  void aGrantUsedPastItsHopsIsAProvenanceChainRefusal() {
    Provenance atJp = chain(hop("cn", "us", "A1.S1"), hop("us", "fr", "A1.S1.F1"), hop("fr", "jp", "A1.S1.F2"));

    Decision d = at("jp").decide(byCn(Tlp.GREEN), atJp, "sg");

    assertThat(d.clauseId()).isEqualTo(Egress.PROVENANCE_CHAIN);
    assertThat(d.reason()).contains("hop 3 (fr → jp by A1.S1.F2) is passing-on 2, and the grant allows 1");
  }

  @Test
  void aGrantThatDoesNotNameAHopsRecipientIsAProvenanceChainRefusal() {
    Decision d = at("jp").decide(byCn(Tlp.GREEN), chain(hop("cn", "us", "A1.S1"), hop("us", "jp", "A1.S1.F1")), "sg");

    assertThat(d.clauseId()).isEqualTo(Egress.PROVENANCE_CHAIN);
    assertThat(d.reason()).contains("hop 2 (us → jp by A1.S1.F1) names a grant that does not name jp");
  }

  @Test
  void aChainThatDoesNotEndHereOrVisitsAPartyTwiceIsAProvenanceChainRefusal() {
    Decision elsewhere = at("fr").decide(byCn(Tlp.GREEN), chain(hop("cn", "us", "A1.S1")), "de");
    assertThat(elsewhere.clauseId()).isEqualTo(Egress.PROVENANCE_CHAIN);
    assertThat(elsewhere.reason()).contains("ends at us, not at this node's party fr");

    Provenance loop = chain(hop("cn", "us", "A1.S1"), hop("us", "fr", "A1.S1.F1"), hop("fr", "us", "A1.S1.F1"));
    Decision twice = at("us").decide(byCn(Tlp.GREEN), loop, "de");
    assertThat(twice.clauseId()).isEqualTo(Egress.PROVENANCE_CHAIN);
    assertThat(twice.reason()).contains("hop 3 (fr → us by A1.S1.F1) comes back to us");
  }

  @Test
  void aForwarderClauseBeyondTheSecondHopIsAProvenanceChainRefusal() {
    Provenance atDe = chain(hop("cn", "us", "A1.S1"), hop("us", "fr", "A1.S1.F1"), hop("fr", "de", "A1.S2"));

    Decision d = at("de").decide(byCn(Tlp.GREEN), atDe, "jp");

    assertThat(d.clauseId()).isEqualTo(Egress.PROVENANCE_CHAIN);
    assertThat(d.reason()).contains("hop 3 (fr → de by A1.S2) names neither an onward grant");
  }

  @Test
  void aFirstHopNotRecordedCountsAsAnyClauseThatCouldHaveSentIt() {
    Provenance direct = Provenance.receivedFrom("cn", "A1");
    assertThat(at("us").decide(byCn(Tlp.GREEN), direct, "fr").clauseId()).isEqualTo("A1.S1.F1");

    Decision atFr = at("fr").decide(byCn(Tlp.GREEN), direct, "de");
    assertThat(atFr.clauseId()).isEqualTo(Egress.PROVENANCE_CHAIN);
    assertThat(atFr.reason()).contains("no share clause of A1 lets cn send TLP:GREEN indicator to fr");
  }

  @Test
  void aFirstHopNotRecordedLendsOnlyTheGrantsOfAClauseWhoseSelectionCoversTheObject() {
    String labelled = Onward.rest(Onward.GRANTS).replaceFirst(
        "tlp: \\[green, amber\\] }\n        purpose: incident-response",
        "tlp: [green, amber], labels: [shareable] }\n        purpose: incident-response");
    Egress us = Fixtures.gate(Multilateral.parse(1, 0, Onward.PARTIES, labelled), "us");
    com.fasterxml.jackson.databind.node.ObjectNode plain = Fixtures.indicator(Multilateral.identity("cn"));
    com.fasterxml.jackson.databind.node.ObjectNode shareable = plain.deepCopy();
    shareable.putArray("labels").add("shareable");

    Decision unlabelled = us.decide(Fixtures.marked(plain, Tlp.GREEN), Provenance.receivedFrom("cn", "A1"), "jp");
    assertThat(unlabelled.clauseId()).isEqualTo(Egress.NO_LAUNDERING);
    assertThat(unlabelled.reason()).contains("the first hop's clause is not recorded");
    assertThat(us.decide(Fixtures.marked(shareable, Tlp.GREEN), Provenance.receivedFrom("cn", "A1"), "jp")
        .clauseId()).isEqualTo("A1.S1.F2");
  }

  @Test
  void describeRendersTheChainForExplain() {
    assertThat(Egress.describe(chain(hop("cn", "us", "A1.S1"), hop("us", "fr", "A1.S1.F1"))))
        .isEqualTo("cn → us by A1.S1 → fr by A1.S1.F1");
    assertThat(Egress.describe(Provenance.receivedFrom("cn", "A1")))
        .isEqualTo("cn → this node under A1 (clause not recorded)");
    assertThat(Egress.describe(chain(hop("cn", "us", "")))).isEqualTo("cn → us (clause not recorded)");
    assertThat(Egress.describe(Provenance.own())).isEqualTo("own");
  }

  @Test
  void ingressAdmitsAPassedOnObjectWithTheSendersChainAndOneHopMore() {
    Ingress.Verdict atFr = ingressAt("fr").admit(byCn(Tlp.GREEN), "us", List.of(hop("cn", "us", "A1.S1")));
    assertThat(atFr).isEqualTo(new Ingress.Admitted(
        "A1.S1.F1", "cn", "A1", List.of(hop("cn", "us", "A1.S1"), hop("us", "fr", "A1.S1.F1"))));

    Ingress.Verdict atDe = ingressAt("de").admit(byCn(Tlp.GREEN), "fr", ((Ingress.Admitted) atFr).hops());
    assertThat(atDe.clauseId()).isEqualTo("A1.S1.F1");
    assertThat(((Ingress.Admitted) atDe).hops()).hasSize(3);

    Ingress.Verdict atJp = ingressAt("jp").admit(byCn(Tlp.GREEN), "de", ((Ingress.Admitted) atDe).hops());
    assertThat(atJp.clauseId()).isEqualTo(Egress.NO_LAUNDERING);
  }

  @Test
  void ingressRefusesAChainThatDropsAHop() {
    // fr holds cn's object by us; it claims it had it straight from cn, where no clause of cn's sends to fr.
    Ingress.Verdict v = ingressAt("de").admit(byCn(Tlp.GREEN), "fr", List.of(hop("cn", "fr", "A1.S1")));

    assertThat(v.clauseId()).isEqualTo(Egress.PROVENANCE_CHAIN);
    assertThat(((Ingress.Refused) v).reason()).startsWith("fr may not send this to de:")
        .contains("names a clause that does not send to fr");
  }

  @Test
  void theDryRunShowsTheGrantThatWouldLetAnObjectGoOn() {
    Rulebook without = Onward.withGrants("");
    List<DryRun.Item> items = List.of(new DryRun.Item(byCn(Tlp.GREEN), chain(hop("cn", "us", "A1.S1"))));

    List<DryRun.Difference> diff = DryRun.compare(
        without, rulebook, new Egress.Settings("us", Tlp.AMBER, Fixtures.CLOCK), new Transforms(Fixtures.SECRET),
        items, List.of("fr", "de", "jp"));

    // fr: the grant comes before us's forwarder clause, so the cited id changes too.
    assertThat(diff).extracting(DryRun.Difference::recipient).containsExactly("fr", "de", "jp");
    assertThat(diff.get(0).describe()).contains("ALLOW A1.S2").contains("->  ALLOW A1.S1.F1");
    assertThat(diff.get(2).describe()).contains("DENY no-laundering").contains("->  ALLOW A1.S1.F2");
  }
}
