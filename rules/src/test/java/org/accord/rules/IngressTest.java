package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.accord.stix.AccordExtension;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.junit.jupiter.api.Test;

/** What a node accepts from a peer, and as what: the sender's egress decision replayed on the example rulebook. */
class IngressTest {
  private final Rulebook rulebook = Fixtures.example();
  private final Transforms transforms = new Transforms(Fixtures.SECRET);

  private Ingress at(String party) {
    return new Ingress(rulebook, new Egress.Settings(party, Tlp.AMBER, Fixtures.CLOCK), transforms);
  }

  @Test
  void anObjectTheSendersGateAllowsIsHeldUnderThatClausesAgreement() {
    StixObject amber = Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), Tlp.AMBER);

    Ingress.Verdict v = at("us").admit(amber, "cn");

    assertThat(v).isEqualTo(new Ingress.Admitted("A1.S1", "cn", "A1", List.of(hop("cn", "us", "A1.S1"))));
    assertThat(((Ingress.Admitted) v).provenance())
        .isEqualTo(Provenance.received("cn", "A1", List.of(hop("cn", "us", "A1.S1"))));
  }

  @Test
  void aCopyWhoseSelectionPropertiesTheClauseStrippedIsStillAdmittedUnderThatClause() {
    StixObject amber = Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), Tlp.AMBER);
    Decision sent = Fixtures.gate(rulebook, "cn").decide(amber, Provenance.own(), "us");
    StixObject onTheWire = sent.released().orElseThrow();
    assertThat(onTheWire.jsonView().has("x_accord_sectors")).isFalse(); // strip-custom-properties did its job

    assertThat(at("us").admit(onTheWire, "cn"))
        .isEqualTo(new Ingress.Admitted("A1.S1", "cn", "A1", List.of(hop("cn", "us", "A1.S1"))));
  }

  @Test
  void whatNoClauseCouldHaveAllowedIsRefusedWithTheSendersRule() {
    StixObject red = Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), Tlp.RED);

    Ingress.Verdict v = at("us").admit(red, "cn");

    assertThat(v).isInstanceOf(Ingress.Refused.class);
    assertThat(v.clauseId()).isEqualTo(Egress.TLP_RED);
    assertThat(((Ingress.Refused) v).reason()).startsWith("cn may not send this to us: TLP:RED");
  }

  @Test
  void aPeerCannotSendAnObjectClaimingAnotherPartyAsProducer() {
    StixObject claimsUs = Fixtures.marked(Fixtures.indicator(Fixtures.US_IDENTITY), Tlp.GREEN);

    Ingress.Verdict v = at("eu").admit(claimsUs, "cn");

    assertThat(v.clauseId()).isEqualTo(Egress.CRAFTED_PRODUCER);
  }

  @Test
  void aPeersCopyOfAccordsExtensionDefinitionIsRefusedAsPredefined() {
    Ingress.Verdict v = at("us").admit(StixObject.of(AccordExtension.definition()), "cn");

    assertThat(v.clauseId()).isEqualTo(Egress.PREDEFINED);
  }

  @Test
  void unknownSendersAndThisNodeItselfAreRefused() {
    StixObject green = Fixtures.marked(Fixtures.indicator(null), Tlp.GREEN);

    assertThat(at("us").admit(green, "mallory").clauseId()).isEqualTo(Egress.UNKNOWN_ORIGIN);
    assertThat(at("us").admit(green, "us").clauseId()).isEqualTo(Egress.UNKNOWN_ORIGIN);
  }

  @Test
  void anObjectPassedOnKeepsItsOriginatorTheAgreementAndTheChainWithOneHopMore() {
    ObjectNode byCn = Fixtures.indicator(Fixtures.CN_IDENTITY);
    StixObject green = Fixtures.marked(byCn, Tlp.GREEN);

    Ingress.Verdict v = at("eu").admit(green, "us", List.of(hop("cn", "us", "A3.S1")));

    assertThat(v).isEqualTo(
        new Ingress.Admitted("A3.S2", "cn", "A3", List.of(hop("cn", "us", "A3.S1"), hop("us", "eu", "A3.S2"))));
  }

  @Test
  void aPassedOnObjectThatComesWithoutItsChainIsRefusedAsCraftedNotGuessed() {
    // Before issue 12 the receiver guessed the originator from created_by_ref and admitted this under A3.S2.
    StixObject green = Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), Tlp.GREEN);

    Ingress.Verdict v = at("eu").admit(green, "us");

    assertThat(v.clauseId()).isEqualTo(Egress.CRAFTED_PRODUCER);
    assertThat(((Ingress.Refused) v).reason()).contains("names party cn").contains("must come with its chain");
  }

  @Test
  void aChainThatDoesNotEndAtItsSenderIsRefused() {
    StixObject green = Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), Tlp.GREEN);

    Ingress.Verdict v = at("eu").admit(green, "us", List.of(hop("cn", "eu", "A3.S1")));

    assertThat(v.clauseId()).isEqualTo(Egress.PROVENANCE_CHAIN);
    assertThat(((Ingress.Refused) v).reason()).contains("ends at eu, not at us");
  }

  @Test
  void aChainWhoseFirstHopNamesNoShareClauseIsRefused() {
    StixObject green = Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), Tlp.GREEN);

    assertThat(at("eu").admit(green, "us", List.of(hop("cn", "us", "A1.O1"))).clauseId())
        .isEqualTo(Egress.PROVENANCE_CHAIN);
    assertThat(at("eu").admit(green, "us", List.of(hop("cn", "us", "Z9"))).clauseId())
        .isEqualTo(Egress.PROVENANCE_CHAIN);
  }

  @Test
  void aChainUnderAnAgreementWithoutAForwarderClauseIsRefusedWithTheSendersRule() {
    StixObject green = Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), Tlp.GREEN);

    Ingress.Verdict v = at("eu").admit(green, "us", List.of(hop("cn", "us", "A1.S1")));

    assertThat(v.clauseId()).isEqualTo(Egress.NO_LAUNDERING);
    assertThat(((Ingress.Refused) v).reason()).startsWith("us may not send this to eu: received from cn under A1");
  }

  @Test
  void aChainThatClaimsAnotherOriginatorThanTheProducerIsRefused() {
    StixObject green = Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), Tlp.GREEN);

    Ingress.Verdict v = at("cn").admit(green, "us", List.of(hop("eu", "us", "A3.S1")));

    assertThat(v.clauseId()).isEqualTo(Egress.CRAFTED_PRODUCER);
  }

  private static Provenance.Hop hop(String from, String to, String clause) {
    return new Provenance.Hop(from, to, clause);
  }

  @Test
  void ourOwnGateAgreesWithTheReplayForEveryTlpLevel() {
    for (Tlp tlp : List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED)) {
      StixObject o = Fixtures.marked(Fixtures.indicator(Fixtures.CN_IDENTITY), tlp);
      Decision sender = Fixtures.gate(rulebook, "cn").decide(o, Provenance.own(), "us");
      Ingress.Verdict receiver = at("us").admit(o, "cn");
      assertThat(receiver.clauseId()).as("TLP " + tlp).isEqualTo(sender.clauseId());
      assertThat(receiver instanceof Ingress.Admitted).isEqualTo(sender.released().isPresent());
    }
  }
}
