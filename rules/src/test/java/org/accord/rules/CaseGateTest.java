package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.accord.stix.AccordExtension;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.junit.jupiter.api.Test;

/**
 * Requests and transitions go to the other party on their request and nowhere else, whatever the share clauses say
 * (Egress, "Cases"), and are admitted only from the party that made them. The rulebook here has a clause without
 * types among cn, us and eu (A3.S1), which would carry any object, case objects included, to eu.
 */
class CaseGateTest {
  private static final String REQUEST_ID = AccordExtension.REQUEST_TYPE + "--6f1f1c3e-8d1b-4c55-9a43-2b0a51b0c001";
  private final Rulebook rulebook =
      Fixtures.exampleWith(
          "what: { types: [indicator, malware], tlp: [clear, green] }", "what: { tlp: [clear, green] }");

  private static StixObject request() {
    ObjectNode o = caseObject(AccordExtension.REQUEST_TYPE, REQUEST_ID);
    o.put("kind", "preservation");
    return StixObject.of(o);
  }

  private static StixObject transition(String by, String transition) {
    ObjectNode o =
        caseObject(AccordExtension.TRANSITION_TYPE, AccordExtension.TRANSITION_TYPE
            + "--0b7a2f43-3c55-4d8e-9f11-7e3c2a9b5d02");
    o.put("request_id", "assistance-request--6f1f1c3e-8d1b-4c55-9a43-2b0a51b0c001");
    o.put("seq", 3);
    o.put("transition", transition);
    o.put("party", by);
    return StixObject.of(o);
  }

  private static ObjectNode caseObject(String type, String id) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", type);
    o.put("spec_version", "2.1");
    o.put("id", id);
    o.put("created", "2026-05-01T00:00:00.000Z");
    o.put("modified", "2026-05-01T00:00:00.000Z");
    o.put("requester", "cn");
    o.put("requested", "us");
    o.putArray("object_marking_refs").add(Tlp.GREEN.v2MarkingId());
    o.putObject("extensions").putObject(AccordExtension.CASES_ID).put("extension_type", "new-sdo");
    return o;
  }

  private Ingress at(String party) {
    Egress.Settings self = new Egress.Settings(party, Tlp.AMBER, Fixtures.CLOCK);
    return new Ingress(rulebook, self, new Transforms(Fixtures.SECRET));
  }

  @Test
  void aRequestGoesToItsRequestedPartyOnly() {
    Egress cn = Fixtures.gate(rulebook, "cn");

    Decision toUs = cn.decide(request(), Provenance.own(), "us");
    Decision toEu = cn.decide(request(), Provenance.own(), "eu");

    assertThat(toUs).isInstanceOf(Decision.Allow.class);
    assertThat(toUs.clauseId()).isEqualTo(Egress.CASE_EXCHANGE);
    assertThat(toEu.clauseId()).isEqualTo(Egress.CASE_COUNTERPARTY);
    assertThat(((Decision.Deny) toEu).reason()).contains("goes only to us", "never to eu");
  }

  @Test
  void anIndicatorStillGoesToEuByTheUntypedClause() {
    StixObject green = Fixtures.marked(Fixtures.indicator(null), Tlp.GREEN);

    assertThat(Fixtures.gate(rulebook, "cn").decide(green, Provenance.own(), "eu").clauseId()).isEqualTo("A3.S1");
  }

  @Test
  void aTransitionGoesToTheOtherPartyOnlyAndOnlyFromTheActingParty() {
    Egress us = Fixtures.gate(rulebook, "us");
    Egress cn = Fixtures.gate(rulebook, "cn");

    assertThat(us.decide(transition("us", "acknowledge"), Provenance.own(), "cn").clauseId())
        .isEqualTo(Egress.CASE_EXCHANGE);
    assertThat(us.decide(transition("us", "acknowledge"), Provenance.own(), "eu").clauseId())
        .isEqualTo(Egress.CASE_COUNTERPARTY);
    assertThat(cn.decide(transition("us", "acknowledge"), Provenance.own(), "us").clauseId())
        .isEqualTo(Egress.CASE_COUNTERPARTY);
  }

  @Test
  void aReceivedCaseObjectIsNeverPassedOnNorPublished() {
    Egress us = Fixtures.gate(rulebook, "us");

    Decision d = us.decide(request(), Provenance.receivedFrom("cn", "A1"), "eu");
    assertThat(d.clauseId()).isEqualTo(Egress.CASE_COUNTERPARTY);
    assertThat(((Decision.Deny) d).reason()).contains("never passed on");
    assertThat(Fixtures.gate(rulebook, "cn").decidePublic(request(), Provenance.own()).clauseId())
        .isEqualTo(Egress.CASE_COUNTERPARTY);
  }

  @Test
  void aRequestIsAdmittedFromItsRequesterOnly() {
    assertThat(at("us").admit(request(), "cn")).isEqualTo(new Ingress.Admitted(Egress.CASE_EXCHANGE, "cn", "A1",
        List.of(new Provenance.Hop("cn", "us", Egress.CASE_EXCHANGE))));
    assertThat(at("us").admit(request(), "eu").clauseId()).isEqualTo(Egress.CASE_COUNTERPARTY);
  }

  @Test
  void aHostileThirdPartysTransitionIsRefusedWhoeverItClaimsMadeIt() {
    // eu pushes a transition it says us made, and one it made itself on a request between cn and us.
    assertThat(at("cn").admit(transition("us", "answer-full"), "eu").clauseId()).isEqualTo(Egress.CASE_COUNTERPARTY);
    assertThat(at("cn").admit(transition("eu", "answer-full"), "eu").clauseId()).isEqualTo(Egress.CASE_COUNTERPARTY);
    assertThat(at("cn").admit(transition("us", "answer-full"), "us"))
        .isEqualTo(new Ingress.Admitted(Egress.CASE_EXCHANGE, "us", "A1",
            List.of(new Provenance.Hop("us", "cn", Egress.CASE_EXCHANGE))));
  }
}
