package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.accord.stix.Tlp;
import org.junit.jupiter.api.Test;

/** Reading, signing and diffing onward grants ({@code onward:} on a share clause; issue 12, part 2). */
class OnwardGrantParserTest {
  private static Rulebook grants(String grants) {
    return Onward.withGrants(grants);
  }

  private static String grant(String body) {
    return "        onward:\n" + body.indent(10);
  }

  @Test
  void grantsAreReadWithGroupsResolvedAndTheirDefaults() {
    Rulebook r = Onward.rulebook();
    Clause.Share s1 = (Clause.Share) r.clause("A1.S1").orElseThrow();

    assertThat(s1.onward()).extracting(Clause.Onward::id).containsExactly("A1.S1.F1", "A1.S1.F2");
    Clause.Onward f1 = s1.onward().get(0);
    assertThat(f1.toNamed()).containsExactly("group:eu");
    assertThat(f1.to()).containsExactly("fr", "de");
    assertThat(f1.tlp()).containsExactly(Tlp.GREEN);
    assertThat(f1.hops()).isEqualTo(2);
    Clause.Onward f2 = s1.onward().get(1);
    assertThat(f2.to()).containsExactly("jp", "sg");
    assertThat(f2.tlp()).isEqualTo(Set.of(Tlp.CLEAR, Tlp.GREEN));
    assertThat(f2.hops()).isEqualTo(1);
    assertThat(r.grant("A1.S1.F2")).contains(f2);
    assertThat(r.grantingClause("A1.S1.F2")).contains(s1);
    assertThat(r.clause("A1.S1.F2")).isEmpty();
  }

  @Test
  void theCanonicalFormSignsTheGrantsAndReadsBack() {
    Rulebook r = Onward.rulebook();
    assertThat(r.canonicalJson()).contains("\"onward\":[{\"hops\":2,\"id\":\"A1.S1.F1\",\"tlp\":[\"green\"],"
        + "\"to\":[\"group:eu\"]}");

    Rulebook again = RulebookParser.parse(r.canonicalJson(), "canonical.json");
    assertThat(again.canonicalBytes()).isEqualTo(r.canonicalBytes());
    Rulebook threeHops = grants(Onward.GRANTS.replace("hops: 2", "hops: 3"));
    assertThat(threeHops.canonicalBytes()).isNotEqualTo(r.canonicalBytes());
    Rulebook spelledOut = grants(Onward.GRANTS.replace("to: [jp, group:asean]",
        "to: [jp, group:asean]\n            tlp: [green, clear]\n            hops: 1"));
    assertThat(spelledOut.canonicalBytes()).isEqualTo(r.canonicalBytes());
  }

  @Test
  void aRulebookWithoutGrantsKeepsTheCanonicalBytesItWasSignedWith() throws Exception {
    // SHA-256 of the example's canonical form as computed before grants existed (commit e78318e).
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(Fixtures.example().canonicalBytes());
    assertThat(HexFormat.of().formatHex(digest))
        .isEqualTo("cfe042b8e04ba6873fbb5bbe87d91c595a595810ca81b0033dd2b5fba2b4449f");
    assertThat(grants(grant("[]").replace("\n          []", " []")).canonicalBytes())
        .isEqualTo(grants("").canonicalBytes());
  }

  @Test
  void anUnknownKeyInAGrantIsRefusedWithItsPlace() {
    assertThatThrownBy(() -> grants(grant("- id: F9\n  to: [jp]\n  purpose: resale")))
        .isInstanceOf(RulebookException.class)
        .hasMessageMatching("multi\\.yaml:\\d+:\\d+: unknown key 'purpose' in an onward grant of A1\\.S1.*");
  }

  @Test
  void aGrantWithoutAnIdIsRefused() {
    assertThatThrownBy(() -> grants(grant("- to: [jp]")))
        .hasMessageContaining("an onward grant of A1.S1 needs 'id'");
  }

  @Test
  void anUnknownTlpLevelIsRefused() {
    assertThatThrownBy(() -> grants(grant("- id: F9\n  to: [jp]\n  tlp: [white-ish]")))
        .hasMessageContaining("unknown TLP level 'white-ish'");
  }

  @Test
  void amberStrictAndRedAreRefusedWithTheTlp2Reason() {
    assertThatThrownBy(() -> grants(grant("- id: F9\n  to: [jp]\n  tlp: [green, amber+strict]")))
        .hasMessageMatching("multi\\.yaml:\\d+:\\d+: onward grant F9: TLP:AMBER\\+STRICT is never passed on: TLP 2\\.0"
            + " limits it to the recipient's own organisation");
    assertThatThrownBy(() -> grants(grant("- id: F9\n  to: [jp]\n  tlp: [red]")))
        .hasMessageContaining("TLP:RED is never passed on: TLP 2.0 limits it to the individual recipients");
  }

  @Test
  void hopsOutsideOneToEightAreRefused() {
    for (String hops : List.of("0", "9", "-1")) {
      assertThatThrownBy(() -> grants(grant("- id: F9\n  to: [jp]\n  hops: " + hops)))
          .as(hops).hasMessageContaining("hops must be 1..8").hasMessageContaining("got " + hops);
    }
    assertThatThrownBy(() -> grants(grant("- id: F9\n  to: [jp]\n  hops: two")))
        .hasMessageContaining("expected a whole number");
  }

  @Test
  void anUnknownPartyOrGroupIsRefused() {
    assertThatThrownBy(() -> grants(grant("- id: F9\n  to: [ru]")))
        .hasMessageContaining("unknown party 'ru'");
    assertThatThrownBy(() -> grants(grant("- id: F9\n  to: [group:nato]")))
        .hasMessageContaining("unknown group 'nato'");
  }

  @Test
  void anIdUsedByAClauseOrAnotherGrantIsRefusedWithTheFirstUse() {
    assertThatThrownBy(() -> grants(grant("- id: A1.S2\n  to: [jp]")))
        .hasMessageContaining("duplicate id 'A1.S2' (first used at line");
    assertThatThrownBy(() -> grants(grant("- id: F9\n  to: [jp]\n- id: F9\n  to: [sg]")))
        .hasMessageContaining("duplicate id 'F9'");
    assertThatThrownBy(() -> grants(grant("- id: A1\n  to: [jp]"))).hasMessageContaining("duplicate id 'A1'");
  }

  @Test
  void theModelRefusesAGrantThatCouldNeverBeParsed() {
    assertThatThrownBy(() -> new Clause.Onward("F9", List.of("jp"), Set.of(Tlp.RED), 1))
        .hasMessageContaining("TLP:RED is never passed on");
    assertThatThrownBy(() -> new Clause.Onward("F9", List.of("jp"), Set.of(), 9))
        .hasMessageContaining("hops must be 1..8");
    assertThatThrownBy(() -> new Clause.Onward("F9", List.of(), Set.of(), 1))
        .hasMessageContaining("to must name at least one party");
  }

  @Test
  void rulesDiffShowsAddedRemovedAndChangedGrantsByTheirIds() {
    Rulebook before = Onward.rulebook();
    Rulebook after = grants(Onward.GRANTS.replace("hops: 2", "hops: 3").replace(
        "          - id: A1.S1.F2\n            to: [jp, group:asean]\n",
        "          - id: A1.S1.F3\n            to: [sg]\n"));

    assertThat(RulebookDiff.between(before, after)).contains(
        "~ clause A1.S1.onward A1.S1.F1.hops: 2 -> 3",
        "- clause A1.S1.onward A1.S1.F2.to: [\"jp\",\"group:asean\"]",
        "+ clause A1.S1.onward A1.S1.F3.to: [\"sg\"]");
    assertThat(RulebookDiff.between(before, after, Set.of("jp")))
        .contains("- member jp.receives_onward: [\"A1.S1.F2\"]")
        .anyMatch(l -> l.startsWith("- clause A1.S1.onward A1.S1.F2.to"));
  }
}
