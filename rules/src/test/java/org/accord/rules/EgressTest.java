package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.junit.jupiter.api.Test;

/** One test per TLP rule, per built-in refusal and per attack, on the example rulebook, deciding as party us. */
class EgressTest {
  private final Rulebook rulebook = Fixtures.example();
  private final Egress us = Fixtures.gate(rulebook, "us");
  private final Provenance own = Provenance.own();

  private static ObjectNode ours() {
    return Fixtures.indicator(Fixtures.US_IDENTITY);
  }

  @Test
  void clearGoesToThePublicFeedThroughItsClause() {
    Decision d = us.decidePublic(Fixtures.marked(ours(), Tlp.CLEAR), own);
    assertThat(d).isInstanceOf(Decision.Transform.class);
    assertThat(d.clauseId()).isEqualTo("P1");
    assertThat(d.released().orElseThrow().jsonView().has("x_accord_sectors")).isFalse();
  }

  @Test
  void greenNeverReachesThePublicFeed() {
    Decision d = us.decidePublic(Fixtures.marked(ours(), Tlp.GREEN), own);
    assertThat(d).isInstanceOf(Decision.Deny.class);
    assertThat(d.clauseId()).isEqualTo(Egress.NOT_PUBLIC);
  }

  @Test
  void greenGoesToTheCommunityOfTheAgreement() {
    Decision d = us.decide(Fixtures.marked(ours(), Tlp.GREEN), own, "eu");
    assertThat(d).isInstanceOf(Decision.Allow.class);
    assertThat(d.clauseId()).isEqualTo("A3.S1");
  }

  @Test
  void amberGoesOnlyWhereAClauseAllowsAmber() {
    Decision toCn = us.decide(Fixtures.marked(ours(), Tlp.AMBER), own, "cn");
    assertThat(toCn).isInstanceOf(Decision.Transform.class);
    assertThat(toCn.clauseId()).isEqualTo("A1.S1");
    Decision toEu = us.decide(Fixtures.marked(ours(), Tlp.AMBER), own, "eu");
    assertThat(toEu.clauseId()).isEqualTo(Egress.DEFAULT_DENY);
    assertThat(toEu.reason()).contains("nearest clause A3.S1: TLP:AMBER is not among its levels");
  }

  @Test
  void unmarkedObjectsCountAsAmber() {
    StixObject unmarked = StixObject.of(ours());
    assertThat(us.decide(unmarked, own, "cn").clauseId()).isEqualTo("A1.S1");
    Decision toEu = us.decide(unmarked, own, "eu");
    assertThat(toEu.clauseId()).isEqualTo(Egress.DEFAULT_DENY);
    assertThat(toEu.reason()).startsWith("TLP:AMBER (unmarked, treated as AMBER)");
    assertThat(us.decidePublic(unmarked, own).clauseId()).isEqualTo(Egress.NOT_PUBLIC);
  }

  @Test
  void aStricterNodeDefaultWinsOverTheRulebooks() {
    Egress strict =
        new Egress(rulebook, new Egress.Settings("us", Tlp.RED, Fixtures.CLOCK), new Transforms(Fixtures.SECRET));
    assertThat(strict.decide(StixObject.of(ours()), own, "cn").clauseId()).isEqualTo(Egress.TLP_RED);
  }

  @Test
  void amberStrictNeedsAClauseThatNamesIt() {
    Decision d = us.decide(Fixtures.marked(ours(), Tlp.AMBER_STRICT), own, "cn");
    assertThat(d.clauseId()).isEqualTo(Egress.DEFAULT_DENY);
  }

  @Test
  void redGoesOnlyToRecipientsAClauseNames() {
    ObjectNode o = ours();
    o.putArray("labels").add("joint-operation-7");
    o.put("confidence", 90);
    o.put("description", "source: a named informant");
    StixObject red = Fixtures.marked(o, Tlp.RED);
    Decision toCn = us.decide(red, own, "cn");
    assertThat(toCn).isInstanceOf(Decision.Transform.class);
    assertThat(toCn.clauseId()).isEqualTo("A1.S3");
    assertThat(toCn.released().orElseThrow().jsonView().has("description")).isFalse();
    assertThat(red.jsonView().has("description")).isTrue();
    Decision toEu = us.decide(red, own, "eu");
    assertThat(toEu.clauseId()).isEqualTo(Egress.TLP_RED);
  }

  @Test
  void redWithoutTheClausesLabelOrConfidenceIsDenied() {
    ObjectNode o = ours();
    o.putArray("labels").add("joint-operation-7");
    o.put("confidence", 50);
    Decision d = us.decide(Fixtures.marked(o, Tlp.RED), own, "cn");
    assertThat(d.clauseId()).isEqualTo(Egress.TLP_RED);
    assertThat(d.reason()).contains("nearest clause A1.S3: confidence is below 80");
  }

  @Test
  void receivedAmberStrictAndRedAreNeverPassedOn() {
    Provenance fromCn = Provenance.receivedFrom("cn", "A3");
    ObjectNode theirs = Fixtures.indicator(Fixtures.CN_IDENTITY);
    for (Tlp t : List.of(Tlp.AMBER_STRICT, Tlp.RED)) {
      Decision d = us.decide(Fixtures.marked(theirs.deepCopy(), t), fromCn, "eu");
      assertThat(d.clauseId()).as(t.name()).isEqualTo(Egress.NO_RESHARE);
      assertThat(d.released()).isEmpty();
    }
  }

  @Test
  void noLaunderingThroughAThirdNode() {
    StixObject theirs = Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), Tlp.GREEN);
    Decision underA1 = us.decide(theirs, Provenance.receivedFrom("cn", "A1"), "eu");
    assertThat(underA1.clauseId()).isEqualTo(Egress.NO_LAUNDERING);
    assertThat(underA1.reason()).contains("received from cn under A1");
    Decision underA3 = us.decide(theirs, Provenance.receivedFrom("cn", "A3"), "eu");
    assertThat(underA3.clauseId()).isEqualTo("A3.S2");
  }

  @Test
  void ownClauseDoesNotCoverReceivedObjects() {
    StixObject theirs = Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), Tlp.GREEN);
    Decision back = us.decide(theirs, Provenance.receivedFrom("cn", "A1"), "cn");
    assertThat(back.clauseId()).isEqualTo(Egress.NO_LAUNDERING);
    assertThat(us.decidePublic(Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), Tlp.CLEAR),
        Provenance.receivedFrom("cn", "A3")).clauseId()).isEqualTo(Egress.NO_LAUNDERING);
  }

  @Test
  void objectClaimingAnotherPartyAsProducerIsRefused() {
    StixObject crafted = Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), Tlp.GREEN);
    Decision relayed = us.decide(crafted, Provenance.receivedFrom("eu", "A3"), "cn");
    assertThat(relayed.clauseId()).isEqualTo(Egress.CRAFTED_PRODUCER);
    assertThat(relayed.reason()).contains("claims party cn").contains("came from party eu");
    assertThat(us.decide(crafted, own, "eu").clauseId()).isEqualTo(Egress.CRAFTED_PRODUCER);
    assertThat(us.decidePublic(crafted, own).clauseId()).isEqualTo(Egress.CRAFTED_PRODUCER);
  }

  @Test
  void unknownRecipientsAndUnknownOriginsAreRefused() {
    StixObject o = Fixtures.marked(ours(), Tlp.CLEAR);
    assertThat(us.decide(o, own, "ru").clauseId()).isEqualTo(Egress.UNKNOWN_RECIPIENT);
    assertThat(us.decide(o, own, "us").clauseId()).isEqualTo(Egress.UNKNOWN_RECIPIENT);
    StixObject theirs = Fixtures.marked(Fixtures.indicator(null), Tlp.CLEAR);
    assertThat(us.decide(theirs, Provenance.receivedFrom("eu", "A1"), "cn").clauseId())
        .isEqualTo(Egress.UNKNOWN_ORIGIN);
    assertThat(us.decide(theirs, Provenance.receivedFrom("ru", "A3"), "cn").clauseId())
        .isEqualTo(Egress.UNKNOWN_ORIGIN);
  }

  @Test
  void expiredClauseNoLongerAllows() {
    Clock later = Clock.fixed(Instant.parse("2029-01-02T00:00:00Z"), ZoneOffset.UTC);
    Egress gate = new Egress(rulebook, new Egress.Settings("us", Tlp.AMBER, later), new Transforms(Fixtures.SECRET));
    ObjectNode o = ours();
    o.put("modified", "2029-01-01T00:00:00.000Z");
    Decision d = gate.decide(Fixtures.marked(o, Tlp.AMBER), own, "cn");
    assertThat(d.clauseId()).isEqualTo(Egress.DEFAULT_DENY);
    assertThat(d.reason()).contains("nearest clause A1.S1: expired at 2028-12-31T00:00:00Z");
  }

  @Test
  void objectsOlderThanMaxAgeAreNotShared() {
    ObjectNode o = ours();
    o.put("modified", "2026-01-01T00:00:00.000Z");
    Decision d = us.decide(Fixtures.marked(o, Tlp.AMBER), own, "cn");
    assertThat(d.clauseId()).isEqualTo(Egress.DEFAULT_DENY);
    assertThat(d.reason()).contains("older than 30d");
  }

  @Test
  void objectsOutsideTheClausesSectorsAreNotShared() {
    ObjectNode o = ours();
    o.putArray("x_accord_sectors").add("retail");
    assertThat(us.decide(Fixtures.marked(o, Tlp.AMBER), own, "cn").reason())
        .contains("none of the sectors [communications, energy, finance, transport]");
  }

  @Test
  void bothTlpEncodingsAreHonoured() {
    StixObject v1Green = Fixtures.marked(ours(), Tlp.GREEN.v1MarkingId().orElseThrow());
    assertThat(us.decide(v1Green, own, "eu").clauseId()).isEqualTo("A3.S1");
    StixObject v1Red = Fixtures.marked(ours(), Tlp.RED.v1MarkingId().orElseThrow());
    assertThat(us.decide(v1Red, own, "eu").clauseId()).isEqualTo(Egress.TLP_RED);
    StixObject v1White = Fixtures.marked(ours(), Tlp.CLEAR.v1MarkingId().orElseThrow());
    assertThat(us.decidePublic(v1White, own).clauseId()).isEqualTo("P1");
  }

  @Test
  void aGranularRedMarkingMakesTheWholeObjectRed() {
    ObjectNode o = ours();
    o.putArray("granular_markings").addObject().put("marking_ref", Tlp.RED.v2MarkingId()).putArray("selectors")
        .add("description");
    Decision d = us.decide(Fixtures.marked(o, Tlp.GREEN), own, "eu");
    assertThat(d.clauseId()).isEqualTo(Egress.TLP_RED);
  }

  @Test
  void withoutARulebookNothingLeaves() {
    Egress none = Egress.withoutRulebook(Egress.Settings.of("us"), new Transforms(Fixtures.SECRET));
    StixObject o = Fixtures.marked(ours(), Tlp.CLEAR);
    assertThat(none.decide(o, own, "cn").clauseId()).isEqualTo(Egress.NO_RULEBOOK);
    assertThat(none.decidePublic(o, own).released()).isEmpty();
  }

  @Test
  void explainNamesTheDecisionClauseAndReason() {
    Decision d = us.decide(Fixtures.marked(ours(), Tlp.GREEN), own, "eu");
    assertThat(d.explain()).isEqualTo("ALLOW A3.S1: TLP:GREEN indicator to eu for early-warning");
  }

  @Test
  void repeatedDecisionsStayConsistent() {
    // The speed of deciding is measured by bench's EgressBenchmark (JMH), not here; this checks that a long run of
    // decisions over the same objects keeps giving the same answers.
    List<StixObject> objects = new ArrayList<>();
    for (Tlp t : Tlp.values()) {
      objects.add(Fixtures.marked(ours(), t));
      objects.add(Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), t));
    }
    Provenance fromCn = Provenance.receivedFrom("cn", "A3");
    int n = 10_000;
    int released = decideAll(objects, fromCn, n);
    // own CLEAR and GREEN go to eu by A3.S1, cn's CLEAR and GREEN by A3.S2: 4 of the 10 objects.
    assertThat(released).isEqualTo(n / objects.size() * 4);
  }

  private int decideAll(List<StixObject> objects, Provenance fromCn, int n) {
    int released = 0;
    for (int i = 0; i < n; i++) {
      StixObject o = objects.get(i % objects.size());
      Provenance p = (i % objects.size()) % 2 == 0 ? own : fromCn;
      released += us.decide(o, p, "eu").released().isPresent() ? 1 : 0;
    }
    return released;
  }
}
