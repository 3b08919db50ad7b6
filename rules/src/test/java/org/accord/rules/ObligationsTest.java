package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The obligation clauses of assistance requests: when they apply, their strict syntax, and contradictions. */
class ObligationsTest {
  /** A3 (cn, us, eu) gains an obligation; A1.O1 binds cn and us for the four CI sectors, any kind and urgency. */
  static String withA3Obligation(String clause) {
    return Fixtures.exampleYaml()
        .replace(
            "        purpose: early-warning\n      - id: A3.S2",
            "        purpose: early-warning\n" + clause + "      - id: A3.S2");
  }

  @Test
  void theSketchClauseAppliesToRequestsInItsSectorsOnly() {
    Rulebook r = Fixtures.example();
    var energy = new Obligations.Subject("cn", "us", "preservation", "normal", "energy");
    assertThat(Obligations.applicable(r, energy)).map(Clause::id).contains("A1.O1");
    var health = new Obligations.Subject("cn", "us", "preservation", "normal", "health");
    assertThat(Obligations.applicable(r, health)).isEmpty();
    var noSector = new Obligations.Subject("cn", "us", "preservation", "normal", null);
    assertThat(Obligations.applicable(r, noSector)).isEmpty();
    var euToUs = new Obligations.Subject("eu", "us", "preservation", "normal", "energy");
    assertThat(Obligations.applicable(r, euToUs)).as("eu is not a party to A1").isEmpty();
  }

  @Test
  void kindAndUrgencyNarrowAClause() {
    String yaml =
        withA3Obligation(
            "      - id: A3.O1\n        kind: obligation\n        on: assistance-request\n        by: [eu]\n"
                + "        when: { kind_in: [takedown, emergency-disclosure], urgency: emergency }\n"
                + "        acknowledge_within: 1h\n        answer_within: { emergency: 4h }\n");
    Rulebook r = RulebookParser.parse(yaml, "r.yaml");
    Clause.Obligation o = (Clause.Obligation) r.clause("A3.O1").orElseThrow();
    assertThat(o.kinds()).containsExactlyInAnyOrder("takedown", "emergency-disclosure");
    assertThat(o.urgencies()).containsExactly("emergency");
    assertThat(Obligations.applicable(r, new Obligations.Subject("cn", "eu", "takedown", "emergency", null)))
        .map(Clause::id)
        .contains("A3.O1");
    assertThat(Obligations.applicable(r, new Obligations.Subject("cn", "eu", "takedown", "normal", null))).isEmpty();
    assertThat(Obligations.applicable(r, new Obligations.Subject("cn", "eu", "production", "emergency", null)))
        .isEmpty();
    // and the canonical form keeps the narrowing, so it is signed
    Rulebook again = RulebookParser.parse(r.canonicalJson(), "canonical.json");
    assertThat(again.clause("A3.O1")).contains(o);
  }

  @Test
  void theCanonicalFormOfAClauseWithoutKindOrUrgencyIsUnchanged() {
    // signatures made before kind_in and urgency existed stay valid
    assertThat(Fixtures.example().canonicalJson()).contains("\"when\":{\"sectors\":[\"communications\"");
    assertThat(Fixtures.example().canonicalJson()).doesNotContain("kind_in").doesNotContain("\"urgency\"");
  }

  @Test
  void sectorInIsTheSketchSpellingOfSectors() {
    Rulebook r = RulebookParser.parse(Fixtures.exampleYaml().replace("when: { sectors:", "when: { sector_in:"), "r");
    assertThat(r.canonicalBytes()).isEqualTo(Fixtures.example().canonicalBytes());
    String both =
        Fixtures.exampleYaml().replace("when: { sectors: [finance,", "when: { sector_in: [water], sectors: [finance,");
    assertThatThrownBy(() -> RulebookParser.parse(both, "r.yaml"))
        .hasMessageMatching("r\\.yaml:68:\\d+: write sector_in or its older spelling sectors, not both");
  }

  @Test
  void unknownKindsUrgenciesAndWhenKeysAreRefusedWithTheirPlace() {
    String kind = Fixtures.exampleYaml().replace("when: { sectors:", "when: { kind_in: [arrest], sectors:");
    assertThatThrownBy(() -> RulebookParser.parse(kind, "r.yaml"))
        .hasMessageMatching(
            "r\\.yaml:68:27: unknown request kind 'arrest', one of \\[emergency-disclosure, investigative-assistance,"
                + " preservation, production, subscriber-info, takedown]");
    String urgency = Fixtures.exampleYaml().replace("when: { sectors:", "when: { urgency: [urgent], sectors:");
    assertThatThrownBy(() -> RulebookParser.parse(urgency, "r.yaml"))
        .hasMessageMatching("r\\.yaml:68:27: unknown urgency 'urgent', one of \\[emergency, normal]");
    String twice =
        Fixtures.exampleYaml().replace("when: { sectors:", "when: { kind_in: [takedown, takedown], sectors:");
    assertThatThrownBy(() -> RulebookParser.parse(twice, "r.yaml"))
        .hasMessageMatching("r\\.yaml:68:\\d+: request kind 'takedown' is listed twice");
    String key = Fixtures.exampleYaml().replace("when: { sectors:", "when: { country_in: [cn], sectors:");
    assertThatThrownBy(() -> RulebookParser.parse(key, "r.yaml"))
        .hasMessageMatching("r\\.yaml:68:17: unknown key 'country_in' in when \\(allowed: .*");
    String answer = Fixtures.exampleYaml().replace("{ emergency: 8h, normal: 10d }", "{ emergency: 8h, slow: 30d }");
    assertThatThrownBy(() -> RulebookParser.parse(answer, "r.yaml"))
        .hasMessageMatching("r\\.yaml:70:\\d+: unknown urgency 'slow' in answer_within, one of \\[emergency, normal]");
  }

  @Test
  void twoClausesWithDifferentDeadlinesForOneRequestAreRefusedNamingBoth() {
    // A3.O1 binds us too, for requests from cn in the energy sector: A1.O1 already sets 10d for those.
    String yaml =
        withA3Obligation(
            "      - id: A3.O1\n        kind: obligation\n        on: assistance-request\n        by: [us, eu]\n"
                + "        when: { sector_in: [energy, water], kind_in: [production] }\n"
                + "        acknowledge_within: 24h\n        answer_within: { emergency: 8h, normal: 20d }\n"
                + "        preserve_for: 60d\n        extension: 30d\n        on_breach: [ledger]\n");
    assertThatThrownBy(() -> RulebookParser.parse(yaml, "r.yaml"))
        .hasMessageMatching(
            "r\\.yaml:\\d+:\\d+: obligations A1\\.O1 and A3\\.O1 contradict: both apply to a normal production request"
                + " from cn to us in sector energy, with answer_within\\.normal 10d vs 20d");
  }

  @Test
  void clausesThatCannotMeetOrThatAgreeAreAccepted() {
    String otherSectors =
        withA3Obligation(
            "      - id: A3.O1\n        kind: obligation\n        on: assistance-request\n"
                + "        when: { sector_in: [water, health] }\n        acknowledge_within: 48h\n");
    assertThat(RulebookParser.parse(otherSectors, "r.yaml").clause("A3.O1")).isPresent();
    String onlyEu =
        withA3Obligation(
            "      - id: A3.O1\n        kind: obligation\n        on: assistance-request\n        by: [eu]\n"
                + "        acknowledge_within: 48h\n");
    assertThat(RulebookParser.parse(onlyEu, "r.yaml").clause("A3.O1")).isPresent();
    String same =
        withA3Obligation(
            "      - id: A3.O1\n        kind: obligation\n        on: assistance-request\n"
                + "        when: { sector_in: [energy] }\n        acknowledge_within: 24h\n"
                + "        answer_within: { emergency: 8h, normal: 10d }\n        preserve_for: 60d\n"
                + "        extension: 30d\n");
    Rulebook r = RulebookParser.parse(same, "r.yaml");
    var energy = new Obligations.Subject("cn", "us", "production", "normal", "energy");
    assertThat(Obligations.applying(r, energy)).extracting(Clause::id).containsExactly("A1.O1", "A3.O1");
    assertThat(Obligations.applicable(r, energy)).map(Clause::id).contains("A1.O1");
  }

  @Test
  void aContradictionIsRefusedByTheModelToo() {
    // a rulebook built without the parser (activation re-checks the model) is refused the same way
    Rulebook r = Fixtures.example();
    Agreement a1 = r.agreement("A1").orElseThrow();
    Clause.Obligation o1 = (Clause.Obligation) r.clause("A1.O1").orElseThrow();
    Clause.Obligation quicker =
        new Clause.Obligation(
            "A1.O2", "A1", "assistance-request", List.of("us"), Set.of(), Set.of("takedown"), Set.of("emergency"),
            Duration.ofHours(1), Map.of("emergency", Duration.ofHours(8)), o1.preserveFor(), o1.extension(),
            List.of());
    List<Clause> clauses = new java.util.ArrayList<>(a1.clauses());
    clauses.add(quicker);
    Agreement changed = new Agreement("A1", a1.title(), a1.parties(), a1.legalBasis(), clauses);
    List<Agreement> agreements = new java.util.ArrayList<>(r.agreements());
    agreements.set(0, changed);
    assertThatThrownBy(
            () ->
                new Rulebook(
                    r.name(), r.version(), r.supersedes(), r.effective(), r.parties(), r.unmarked(), agreements,
                    r.publicFeed()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "obligations A1.O1 and A1.O2 contradict: both apply to an emergency takedown request from cn to us in"
                + " sector communications, with acknowledge_within 1d vs 1h");
  }

  @Test
  void kindAndUrgencyBelongToAssistanceRequests() {
    String yaml =
        Fixtures.exampleYaml()
            .replace("on: assistance-request", "on: incident-report")
            .replace("when: { sectors:", "when: { urgency: emergency, sectors:");
    assertThatThrownBy(() -> RulebookParser.parse(yaml, "r.yaml"))
        .hasMessageContaining("kind_in and urgency apply to on: assistance-request only, not incident-report");
  }
}
