package org.accord.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import java.util.List;
import org.accord.ledger.Ed25519;
import org.accord.stix.AccordExtension;
import org.accord.stix.ValidationReport;
import org.accord.stix.Validator;
import org.junit.jupiter.api.Test;

class CaseStixTest {
  private static final KeyPair CN = Ed25519.generate();
  private static final KeyPair US = Ed25519.generate();

  private static AssistanceRequest requestOf(Step s) {
    return CaseFixtures.request(s.requestId(), RequestKind.PRESERVATION, Urgency.NORMAL, "energy");
  }

  @Test
  void aRequestRoundTripsThroughItsStixForm() {
    AssistanceRequest r = CaseFixtures.preservation();
    ObjectNode o = CaseStix.request(r);

    assertThat(o.get("type").asText()).isEqualTo(AccordExtension.REQUEST_TYPE);
    assertThat(o.get("id").asText()).isEqualTo(CaseStix.stixId(r.id())).endsWith(r.id().substring(20));
    assertThat(o.path("extensions").path(AccordExtension.CASES_ID).path("extension_type").asText())
        .isEqualTo("new-sdo");
    assertThat(o.get("object_marking_refs").get(0).asText()).isEqualTo(r.tlp().v2MarkingId());
    assertThat(CaseStix.readRequest(o)).isEqualTo(r);
  }

  @Test
  void aSignedTransitionRoundTripsAndVerifiesWithTheActorsKeyOnly() {
    Step s =
        new Step(CaseFixtures.newId(), 3, Transition.DECLINE, "us", CaseFixtures.T0,
            List.of(DeclineGround.LEGAL_IMPEDIMENT), "a court order is needed");
    ObjectNode o = CaseStix.transition(requestOf(s), s, US.getPrivate());

    CaseStix.SignedStep back = CaseStix.readTransition(o);
    assertThat(back.step()).isEqualTo(s);
    assertThat(List.of(back.requester(), back.requested())).containsExactly("cn", "us");
    assertThat(back.signedBy(US.getPublic())).isTrue();
    assertThat(back.signedBy(CN.getPublic())).isFalse();
    assertThat(o.get("id").asText()).startsWith(AccordExtension.TRANSITION_TYPE + "--");
  }

  @Test
  void aTamperedTransitionNoLongerVerifies() {
    Step s = new Step(CaseFixtures.newId(), 2, Transition.ACKNOWLEDGE, "us", CaseFixtures.T0, List.of(), null);
    ObjectNode o = CaseStix.transition(requestOf(s), s, US.getPrivate());
    o.put("note", "added on the way");

    assertThat(CaseStix.readTransition(o).signedBy(US.getPublic())).isFalse();
  }

  @Test
  void aTransitionWithAnotherSequenceNumberNoLongerVerifies() {
    Step s = new Step(CaseFixtures.newId(), 2, Transition.ACKNOWLEDGE, "us", CaseFixtures.T0, List.of(), null);
    ObjectNode o = CaseStix.transition(requestOf(s), s, US.getPrivate());
    o.put("seq", 5);

    assertThat(CaseStix.readTransition(o).signedBy(US.getPublic())).isFalse();
  }

  @Test
  void aTransitionWithANonIntegerSequenceIsRefused() {
    Step s = new Step(CaseFixtures.newId(), 2, Transition.ACKNOWLEDGE, "us", CaseFixtures.T0, List.of(), null);
    ObjectNode o = CaseStix.transition(requestOf(s), s, US.getPrivate());
    o.put("seq", "2");

    assertThatThrownBy(() -> CaseStix.readTransition(o))
        .isInstanceOf(CaseException.class)
        .hasMessageContaining("seq: an integer from 1");
  }

  @Test
  void anUnsignedTransitionIsRefused() {
    Step s = new Step(CaseFixtures.newId(), 2, Transition.ACKNOWLEDGE, "us", CaseFixtures.T0, List.of(), null);
    ObjectNode o = CaseStix.transition(requestOf(s), s, US.getPrivate());
    o.remove("signature");

    assertThatThrownBy(() -> CaseStix.readTransition(o)).hasMessageContaining("signature: missing");
  }

  @Test
  void theValidatorAcceptsBothObjectsWithoutWarnings() {
    Validator v = new Validator();
    Step s = new Step(CaseFixtures.newId(), 1, Transition.SEND, "cn", CaseFixtures.T0, List.of(), null);
    List<ObjectNode> objects =
        List.of(CaseStix.request(CaseFixtures.preservation()), CaseStix.transition(requestOf(s), s, CN.getPrivate()));
    for (ObjectNode o : objects) {
      ValidationReport report = v.validate(o);
      assertThat(report.isValid()).as(report.toString()).isTrue();
      assertThat(report.warnings()).as(report.toString()).isEmpty();
    }
  }

  @Test
  void theValidatorAcceptsTheCasesDefinition() {
    ValidationReport report = new Validator().validate(AccordExtension.casesDefinition());
    assertThat(report.isValid()).as(report.toString()).isTrue();
  }

  @Test
  void theValidatorRefusesANewSdoWithoutCreated() {
    ObjectNode o = CaseStix.request(CaseFixtures.preservation());
    o.remove("created");

    ValidationReport report = new Validator().validate(o);
    assertThat(report.isValid()).isFalse();
    assertThat(report.toString()).contains("'created' is required in a new SDO/SRO");
  }
}
