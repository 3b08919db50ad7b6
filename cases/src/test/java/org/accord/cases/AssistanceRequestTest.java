package org.accord.cases;

import static org.accord.cases.CaseFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.accord.rules.Clause;
import org.accord.stix.Tlp;
import org.junit.jupiter.api.Test;

/** A request is validated whole, with a message naming the field. */
class AssistanceRequestTest {
  static final String ID = "assistance-request--6f1b9a52-3c1d-4e8f-9a0b-1c2d3e4f5a6b";
  static final AssistanceRequest OK = request(ID, RequestKind.PRODUCTION, Urgency.NORMAL, "energy");

  static AssistanceRequest with(
      String requested, List<String> data, String custodian, String location, RequestKind kind, Urgency urgency,
      List<String> objects, String sector) {
    return new AssistanceRequest(
        ID, kind, "cn", requested, OK.legalBasis(), OK.offence(), OK.facts(), data, custodian, location, urgency,
        sector, objects, Tlp.AMBER, OK.created());
  }

  @Test
  void aCompleteRequestIsAccepted() {
    assertThat(OK.roleOf("cn")).isEqualTo(Role.REQUESTER);
    assertThat(OK.roleOf("us")).isEqualTo(Role.REQUESTED);
    assertThat(OK.roleOf("eu")).isNull();
  }

  @Test
  void theKindsAreTheRulebooksKinds() {
    Set<String> wire = Arrays.stream(RequestKind.values()).map(RequestKind::wire).collect(Collectors.toSet());
    assertThat(wire).isEqualTo(Clause.Obligation.REQUEST_KINDS);
    Set<String> urgencies = Arrays.stream(Urgency.values()).map(Urgency::wire).collect(Collectors.toSet());
    assertThat(urgencies).isEqualTo(Clause.Obligation.URGENCIES);
  }

  @Test
  void eachBadFieldIsNamed() {
    List<String> data = OK.dataSought();
    assertThatThrownBy(() -> with("cn", data, "x", null, RequestKind.PRODUCTION, Urgency.NORMAL, List.of(), null))
        .isInstanceOf(CaseException.class)
        .hasMessage("request " + ID + ": requester and requested are the same party ('cn')");
    assertThatThrownBy(() -> with("us", List.of(), "x", null, RequestKind.PRODUCTION, Urgency.NORMAL, List.of(), null))
        .hasMessage("request " + ID + ": data_sought: say what is asked for, 1 to 100 items");
    assertThatThrownBy(() -> with("us", List.of(" "), "x", null, RequestKind.TAKEDOWN, Urgency.NORMAL, List.of(), null))
        .hasMessage("request " + ID + ": data_sought[0]: write 1 to 1000 characters");
    assertThatThrownBy(() -> with("us", data, null, null, RequestKind.PRESERVATION, Urgency.NORMAL, List.of(), null))
        .hasMessage(
            "request " + ID + ": a preservation request names the custodian or the location of the data (or both)");
    assertThat(with("us", data, null, null, RequestKind.TAKEDOWN, Urgency.NORMAL, List.of(), null).custodian())
        .as("a takedown need not name a custodian")
        .isNull();
    assertThatThrownBy(
            () -> with("us", data, "x", null, RequestKind.EMERGENCY_DISCLOSURE, Urgency.NORMAL, List.of(), null))
        .hasMessageContaining("an emergency-disclosure request has urgency emergency (Second Protocol art. 9)");
    assertThatThrownBy(
            () -> with("us", data, "x", null, RequestKind.PRODUCTION, Urgency.NORMAL, List.of("indicator--1"), null))
        .hasMessage("request " + ID + ": objects[0]: 'indicator--1' is not a STIX identifier (type--UUID, STIX 2.1"
            + " §2.7)");
    List<String> twice = List.of(CaseFixtures.INCIDENT, CaseFixtures.INCIDENT);
    assertThatThrownBy(() -> with("us", data, "x", null, RequestKind.PRODUCTION, Urgency.NORMAL, twice, null))
        .hasMessage("request " + ID + ": objects[1]: '" + CaseFixtures.INCIDENT + "' is named twice");
    assertThatThrownBy(
            () -> with("us", data, "x", null, RequestKind.PRODUCTION, Urgency.NORMAL, List.of(), "Critical Infra"))
        .hasMessage("request " + ID + ": sector: a lowercase word (finance, energy, ...), not 'Critical Infra'");
    assertThatThrownBy(() -> with("US", data, "x", null, RequestKind.PRODUCTION, Urgency.NORMAL, List.of(), null))
        .hasMessage("request " + ID + ": requested: a party id of the rulebook");
    assertThatThrownBy(() -> request("assistance-request--1", RequestKind.PRODUCTION, Urgency.NORMAL, null))
        .hasMessage("id: 'assistance-request--1' is not assistance-request--<lowercase RFC 4122 UUID>");
    assertThatThrownBy(() -> new LegalBasis("1.O1", null)).hasMessageStartingWith("legal_basis.clause: '1.O1'");
    assertThatThrownBy(() -> new LegalBasis("A1.O1", " ")).hasMessageStartingWith("legal_basis.treaty_article:");
  }

  @Test
  void aRequestReadsBackFromItsJson() {
    String json = CaseJson.write(OK);
    assertThat(CaseJson.readRequest(json)).isEqualTo(OK);
    assertThat(json)
        .contains("\"kind\":\"production\"", "\"tlp\":\"amber\"", "\"created\":\"2026-03-01T12:00:00.000Z\"");
  }

  /** The field lists the REST API refuses unknown fields by are the fields the JSON form writes. */
  @Test
  void theFieldListsAreTheFieldsOfTheJsonForm() throws Exception {
    com.fasterxml.jackson.databind.JsonNode n = org.accord.stix.StixJson.mapper().readTree(CaseJson.write(OK));
    List<String> written = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(written::add);
    assertThat(CaseJson.REQUEST_FIELDS).containsAll(written);
    List<String> basis = new java.util.ArrayList<>();
    n.get("legal_basis").fieldNames().forEachRemaining(basis::add);
    assertThat(CaseJson.LEGAL_BASIS_FIELDS).containsAll(basis);
  }

  @Test
  void storedJsonIsHeldToTheSameRules() {
    String bad = CaseJson.write(OK).replace("\"urgency\":\"normal\"", "\"urgency\":\"whenever\"");
    assertThatThrownBy(() -> CaseJson.readRequest(bad)).hasMessage("urgency: unknown value 'whenever'");
    String missing = CaseJson.write(OK).replace("\"offence\":", "\"offense\":");
    assertThatThrownBy(() -> CaseJson.readRequest(missing))
        .hasMessage("request " + ID + ": offence: write 1 to 500 characters");
  }

  @Test
  void aDeclineNeedsGroundsAndOnlyADeclineHasThem() {
    java.time.Instant t = CaseFixtures.T0;
    assertThatThrownBy(() -> new Step(ID, 3, Transition.DECLINE, "us", t, List.of(), null))
        .hasMessageStartingWith("decline of request " + ID + ": give the grounds (outside-agreement,");
    assertThatThrownBy(
            () -> new Step(ID, 3, Transition.ACKNOWLEDGE, "us", t, List.of(DeclineGround.LEGAL_IMPEDIMENT), null))
        .hasMessage("acknowledge of request " + ID + ": only a decline has grounds");
    assertThatThrownBy(() -> new Step(ID, 3, Transition.DECLINE, "us", t, List.of(DeclineGround.OTHER), null))
        .hasMessage("decline of request " + ID + ": ground 'other' needs a note that explains it");
    Step ok =
        new Step(ID, 3, Transition.DECLINE, "us", t,
            List.of(DeclineGround.INSUFFICIENT_INFORMATION, DeclineGround.NOT_IN_JURISDICTION), "the host moved");
    assertThat(CaseJson.readStep(ID, 3, "decline", "us", t, CaseJson.writeStep(ok, null))).isEqualTo(ok);
  }
}
