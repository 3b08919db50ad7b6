package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.junit.jupiter.api.Test;

/** Named groups of parties: parsing, resolution, the canonical form, and the egress gate deciding through groups. */
class MultilateralRulebookTest {
  static final List<String> PARTIES = List.of("fr", "de", "it", "us", "jp", "br");

  static final String GROUPS =
      """
      groups:
        south: [it]
        eu: [fr, de, group:south]       # nested: eu includes south
        g7: [us, jp, fr, de, it]        # fr, de and it are in two groups
      """;

  static final String AGREEMENTS =
      """
      agreements:
        - id: A1
          title: Transatlantic exchange
          parties: [group:eu, us, jp, br]
          clauses:
            - id: A1.S1
              kind: share
              from: [us]
              to: [group:eu]
              what: { types: [indicator], tlp: [clear, green] }
              purpose: incident-response
            - id: A1.S2
              kind: share
              from: [us]
              to: [group:g7]
              what: { types: [report], tlp: [clear, green] }
              purpose: incident-response
      """;

  private final Rulebook rulebook = Multilateral.parse(1, 0, PARTIES, GROUPS + AGREEMENTS);
  private final Egress us = Fixtures.gate(rulebook, "us");

  private static StixObject greenIndicatorOf(String party) {
    return Fixtures.marked(Fixtures.indicator(Multilateral.identity(party)), Tlp.GREEN);
  }

  @Test
  void groupsResolveNestedMembersOnce() {
    assertThat(rulebook.members("south")).containsExactly("it");
    assertThat(rulebook.members("eu")).containsExactly("fr", "de", "it");
    assertThat(rulebook.members("g7")).containsExactly("us", "jp", "fr", "de", "it");
    Agreement a1 = rulebook.agreement("A1").orElseThrow();
    assertThat(a1.parties()).containsExactly("fr", "de", "it", "us", "jp", "br");
    assertThat(a1.named()).containsExactly("group:eu", "us", "jp", "br");
  }

  @Test
  void theGateSharesToAGroupMemberAndANestedGroupsMember() {
    Decision toFr = us.decide(greenIndicatorOf("us"), Provenance.own(), "fr");
    assertThat(toFr).isInstanceOf(Decision.Allow.class);
    assertThat(toFr.clauseId()).isEqualTo("A1.S1");
    Decision toIt = us.decide(greenIndicatorOf("us"), Provenance.own(), "it");
    assertThat(toIt.clauseId()).isEqualTo("A1.S1");
  }

  @Test
  void theGateRefusesAPartyOutsideTheClausesGroups() {
    Decision toBr = us.decide(greenIndicatorOf("us"), Provenance.own(), "br");
    assertThat(toBr).isInstanceOf(Decision.Deny.class);
    assertThat(toBr.clauseId()).isEqualTo(Egress.DEFAULT_DENY);
    Decision toJp = us.decide(greenIndicatorOf("us"), Provenance.own(), "jp");
    assertThat(toJp.clauseId()).as("jp is in g7, whose clause covers reports only").isEqualTo(Egress.DEFAULT_DENY);
  }

  @Test
  void aPartyInTwoGroupsIsReachedThroughEither() {
    StixObject report =
        Fixtures.marked(
            Fixtures.indicator(Multilateral.identity("us")).put("type", "report")
                .put("id", "report--26ffb872-1dd9-446e-b6f5-d58527e5b5d2"),
            Tlp.GREEN);
    assertThat(us.decide(report, Provenance.own(), "fr").clauseId()).isEqualTo("A1.S2");
    assertThat(us.decide(greenIndicatorOf("us"), Provenance.own(), "fr").clauseId()).isEqualTo("A1.S1");
    assertThat(us.decide(report, Provenance.own(), "br").clauseId()).isEqualTo(Egress.DEFAULT_DENY);
  }

  @Test
  void theCanonicalFormKeepsGroupsAndReadsBackEqual() {
    String json = rulebook.canonicalJson();
    assertThat(json).contains("\"groups\":{\"eu\":[\"fr\",\"de\",\"group:south\"]");
    assertThat(json).contains("\"to\":[\"group:eu\"]");
    Rulebook back = RulebookParser.parse(json, "canonical.json");
    assertThat(back).isEqualTo(rulebook);
    assertThat(back.canonicalJson()).isEqualTo(json);
  }

  /**
   * The example's signed bytes are those of the code before groups and the amendment rule existed (the SHA-256 below
   * was computed with that code), so every signature over a rulebook that uses neither stays valid.
   */
  @Test
  void aRulebookWithoutGroupsKeepsItsCanonicalForm() throws Exception {
    assertThat(Fixtures.example().canonicalJson()).doesNotContain("group").doesNotContain("amendment");
    assertThat(Fixtures.example().groups()).isEmpty();
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Fixtures.example().canonicalBytes());
    assertThat(java.util.HexFormat.of().formatHex(digest))
        .isEqualTo("cfe042b8e04ba6873fbb5bbe87d91c595a595810ca81b0033dd2b5fba2b4449f");
  }

  @Test
  void aGroupCycleIsRefusedAtTheEntryThatClosesIt() {
    String cyclic =
        """
        groups:
          a: [fr, group:b]
          b: [de, group:c]
          c: [group:a]
        """;
    assertThatThrownBy(() -> Multilateral.parse(1, 0, PARTIES, cyclic + AGREEMENTS))
        .isInstanceOf(RulebookException.class)
        .hasMessageContaining("multi.yaml:" + (lineOf(cyclic, "c: [group:a]")) + ":")
        .hasMessageContaining("a cycle (a -> b -> c -> a)");
  }

  @Test
  void anUnknownGroupMemberIsRefusedWithItsLine() {
    String unknown = "groups:\n  eu: [fr, xx]\n";
    assertThatThrownBy(() -> Multilateral.parse(1, 0, PARTIES, unknown + AGREEMENTS))
        .hasMessageContaining("multi.yaml:" + lineOf(unknown, "eu: [fr, xx]") + ":")
        .hasMessageContaining("group eu names unknown party 'xx'");
    String unknownGroup = "groups:\n  eu: [fr, group:nato]\n";
    assertThatThrownBy(() -> Multilateral.parse(1, 0, PARTIES, unknownGroup + AGREEMENTS))
        .hasMessageContaining("group eu names unknown group 'nato'");
    String unknownRecipient = AGREEMENTS.replace("[group:eu]", "[group:x]");
    assertThatThrownBy(() -> Multilateral.parse(1, 0, PARTIES, GROUPS + unknownRecipient))
        .hasMessageContaining("unknown group 'x'");
  }

  @Test
  void aClauseCannotReachAGroupMemberOutsideItsAgreement() {
    String narrow = AGREEMENTS.replace("parties: [group:eu, us, jp, br]", "parties: [fr, de, us]");
    assertThatThrownBy(() -> Multilateral.parse(1, 0, PARTIES, GROUPS + narrow))
        .hasMessageContaining("group eu includes 'it', who is not a party to agreement A1");
  }

  /** The line of {@code text} within the document Multilateral writes: after the header and the parties. */
  private static int lineOf(String section, String text) {
    int header = 4 + 4 * PARTIES.size();
    String[] lines = section.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(text)) {
        return header + i + 1;
      }
    }
    throw new IllegalArgumentException(text);
  }
}
