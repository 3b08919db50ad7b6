package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The amendment rule: accession and withdrawal of one party by the quorum the active version states. */
class AmendmentTest {
  static final List<String> FIVE = List.of("fr", "de", "it", "us", "jp");

  static final String AMENDMENT =
      """
      amendment:
        accession_quorum: 2/3
        withdrawal_quorum: 1/2
      """;

  static String body(String euMembers, String a1Parties, boolean jpClause, String tlp) {
    return AMENDMENT
        + "groups:\n  eu: [" + euMembers + "]\n"
        + """
        agreements:
          - id: A1
            title: Regional exchange
            parties: [%s]
            clauses:
              - id: A1.S1
                kind: share
                from: [us]
                to: [group:eu]
                what: { types: [indicator], tlp: [%s] }
                purpose: incident-response
        """.formatted(a1Parties, tlp)
        + (jpClause
            ? """
                    - id: A1.S2
                      kind: share
                      from: [us]
                      to: [jp]
                      what: { types: [indicator], tlp: [green] }
                      purpose: incident-response
              """
            : "");
  }

  @TempDir Path dir;

  private final Rulebook v1 = Multilateral.parse(1, 0, FIVE, body("fr, de, it", "group:eu, us, jp", true, "green"));

  private RulebookHistory history() {
    return RulebookHistory.open(dir, "us", Multilateral.keys("us").getPublic(), Fixtures.CLOCK);
  }

  private RulebookHistory withV1() {
    RulebookHistory h = history();
    h.activate(Multilateral.signedBy(v1, FIVE));
    return h;
  }

  /** Version 2 admitting pl into the rulebook and into group eu. */
  private static Rulebook accessionOfPl(String tlp) {
    List<String> six = List.of("fr", "de", "it", "us", "jp", "pl");
    return Multilateral.parse(2, 1, six, body("fr, de, it, pl", "group:eu, us, jp", true, tlp));
  }

  /** Version 2 without jp: out of the parties, of agreement A1, and its clause A1.S2 gone. */
  private static Rulebook withdrawalOfJp() {
    List<String> four = List.of("fr", "de", "it", "us");
    return Multilateral.parse(2, 1, four, body("fr, de, it", "group:eu, us", false, "green"));
  }

  private static StixObject greenIndicatorOfUs() {
    return Fixtures.marked(Fixtures.indicator(Multilateral.identity("us")), Tlp.GREEN);
  }

  @Test
  void theAmendmentRuleIsReadAndSigned() {
    assertThat(v1.amendment()).isEqualTo(new Amendment(new Amendment.Quorum(2, 3), new Amendment.Quorum(1, 2)));
    assertThat(v1.canonicalJson())
        .contains("\"amendment\":{\"accession_quorum\":\"2/3\",\"withdrawal_quorum\":\"1/2\"}");
    assertThat(RulebookParser.parse(v1.canonicalJson(), "c.json")).isEqualTo(v1);
    assertThat(Fixtures.example().canonicalJson()).doesNotContain("amendment");
    assertThat(new Amendment.Quorum(2, 3).of(5)).isEqualTo(4);
    assertThat(new Amendment.Quorum(1, 2).of(4)).isEqualTo(2);
  }

  @Test
  void aQuorumThatIsNotAFractionOfThePartiesIsRefusedWithItsLine() {
    assertThatThrownBy(() -> Multilateral.parse(1, 0, FIVE, body("fr", "group:eu, us", false, "green")
            .replace("2/3", "3/2")))
        .isInstanceOf(RulebookException.class)
        .hasMessageContaining("multi.yaml:" + (4 + 4 * FIVE.size() + 2) + ":")
        .hasMessageContaining("a quorum is a fraction in (0, 1], e.g. 2/3, not 3/2");
  }

  @Test
  void accessionTakesEffectByTheQuorumAndTheNewPartysSignature() {
    RulebookHistory h = withV1();
    h.activate(Multilateral.signedBy(accessionOfPl("green"), List.of("fr", "de", "it", "us", "pl")));
    assertThat(h.active().orElseThrow().rulebook().version()).isEqualTo(2);
    Egress gate = Fixtures.gate(h.active().orElseThrow().rulebook(), "us");
    assertThat(gate.decide(greenIndicatorOfUs(), Provenance.own(), "pl").clauseId()).isEqualTo("A1.S1");
    assertThat(history().active().orElseThrow().rulebook().version())
        .as("a version activated by quorum verifies again when the node starts")
        .isEqualTo(2);
  }

  @Test
  void accessionBelowTheQuorumIsRefusedWithWhoSignedAndHowManyWereNeeded() {
    RulebookHistory h = withV1();
    assertThatThrownBy(
            () -> h.activate(Multilateral.signedBy(accessionOfPl("green"), List.of("fr", "de", "us", "pl"))))
        .isInstanceOf(RulebookException.class)
        .hasMessage(
            "refused to activate multi v2: accession of pl by the accession_quorum 2/3 of v1 needs 4 of the 5"
                + " parties of v1, has 3 (signed: fr, de, us; missing: it, jp)");
    assertThat(h.active().orElseThrow().rulebook().version()).isEqualTo(1);
  }

  @Test
  void accessionNeedsTheNewPartysOwnSignature() {
    RulebookHistory h = withV1();
    assertThatThrownBy(() -> h.activate(Multilateral.signedBy(accessionOfPl("green"), FIVE)))
        .hasMessageContaining("the acceding party pl has not signed");
  }

  @Test
  void aQuorumCannotChangeMoreThanTheMembership() {
    RulebookHistory h = withV1();
    Rulebook widened = accessionOfPl("green, amber");
    assertThatThrownBy(() -> h.activate(Multilateral.signedBy(widened, List.of("fr", "de", "it", "us", "pl"))))
        .hasMessageContaining("missing signature of party jp")
        .hasMessageContaining("it changes more than the accession of pl");
    assertThat(h.active().orElseThrow().rulebook().version()).isEqualTo(1);
  }

  @Test
  void withdrawalByTheQuorumStopsAllSharingToTheWithdrawnPartyAtOnce() {
    RulebookHistory h = withV1();
    Egress before = Fixtures.gate(h.active().orElseThrow().rulebook(), "us");
    assertThat(before.decide(greenIndicatorOfUs(), Provenance.own(), "jp").clauseId()).isEqualTo("A1.S2");
    h.activate(Multilateral.signedBy(withdrawalOfJp(), List.of("us", "fr")));
    Egress after = Fixtures.gate(h.active().orElseThrow().rulebook(), "us");
    Decision d = after.decide(greenIndicatorOfUs(), Provenance.own(), "jp");
    assertThat(d).isInstanceOf(Decision.Deny.class);
    assertThat(d.clauseId()).isEqualTo(Egress.UNKNOWN_RECIPIENT);
    assertThat(after.decide(greenIndicatorOfUs(), Provenance.own(), "fr").clauseId()).isEqualTo("A1.S1");
  }

  @Test
  void withdrawalBelowTheQuorumIsRefused() {
    RulebookHistory h = withV1();
    assertThatThrownBy(() -> h.activate(Multilateral.signedBy(withdrawalOfJp(), List.of("us"))))
        .hasMessage(
            "refused to activate multi v2: withdrawal of jp by the withdrawal_quorum 1/2 of v1 needs 2 of the 4"
                + " remaining parties, has 1 (signed: us; missing: fr, de, it)");
  }

  @Test
  void withoutAnAmendmentRuleEveryPartyMustSign() {
    Rulebook plain = Multilateral.parse(1, 0, FIVE, body("fr, de, it", "group:eu, us, jp", true, "green")
        .replace(AMENDMENT, ""));
    RulebookHistory h = history();
    h.activate(Multilateral.signedBy(plain, FIVE));
    Rulebook next = Multilateral.parse(2, 1, List.of("fr", "de", "it", "us"), body("fr, de, it", "group:eu, us",
        false, "green").replace(AMENDMENT, ""));
    assertThatThrownBy(() -> h.activate(Multilateral.signedBy(next, List.of("us", "fr", "de"))))
        .hasMessage("refused to activate multi v2: multi v2: missing signature of party it");
  }

  @Test
  void aQuorumCannotNameTheNewPartyAsARecipientOfANonSignersClause() {
    RulebookHistory h = withV1();
    List<String> six = List.of("fr", "de", "it", "us", "jp", "pl");
    // us shares to jp by A1.S2; a quorum without us adds pl to that clause's recipients, and a new clause of us to pl.
    Rulebook widened = Multilateral.parse(2, 1, six, body("fr, de, it, pl", "group:eu, us, jp", true, "green")
        .replace("to: [jp]", "to: [jp, pl]"));
    assertThatThrownBy(() -> h.activate(Multilateral.signedBy(widened, List.of("fr", "de", "it", "jp", "pl"))))
        .isInstanceOf(RulebookException.class)
        .hasMessageContaining("clause A1.S2 names pl as a recipient of us, which has not signed");
    Rulebook added = Multilateral.parse(2, 1, six, body("fr, de, it, pl", "group:eu, us, jp", true, "green")
        + """
                - id: A1.S3
                  kind: share
                  from: [us]
                  to: [pl]
                  what: { types: [indicator], tlp: [green] }
                  purpose: incident-response
          """);
    assertThatThrownBy(() -> h.activate(Multilateral.signedBy(added, List.of("fr", "de", "it", "jp", "pl"))))
        .isInstanceOf(RulebookException.class)
        .hasMessageContaining("clause A1.S3 names pl as a recipient of us, which has not signed");
    assertThat(h.active().orElseThrow().rulebook().version()).isEqualTo(1);
    h.activate(Multilateral.signedBy(widened, List.of("fr", "de", "us", "jp", "pl")));
    assertThat(h.active().orElseThrow().rulebook().version())
        .as("with the signature of the party whose clause names pl, the quorum admits pl")
        .isEqualTo(2);
  }
  @Test
  void aQuorumCannotNameTheNewPartyInAnOnwardGrantOfANonSignersClause() {
    String granted = body("fr, de, it", "group:eu, us, jp", true, "green")
        .replace("to: [jp]\n", "to: [jp]\n        onward: [{id: A1.S2.F1, to: [fr]}]\n");
    Rulebook v1 = Multilateral.parse(1, 0, FIVE, granted);
    RulebookHistory h = history();
    h.activate(Multilateral.signedBy(v1, FIVE));
    List<String> six = List.of("fr", "de", "it", "us", "jp", "pl");
    // us's grant lets jp pass us's objects on to fr; a quorum without us adds pl to that grant.
    Rulebook widened = Multilateral.parse(2, 1, six, granted.replace("eu: [fr, de, it]", "eu: [fr, de, it, pl]")
        .replace("to: [fr]}", "to: [fr, pl]}"));

    assertThatThrownBy(() -> h.activate(Multilateral.signedBy(widened, List.of("fr", "de", "it", "jp", "pl"))))
        .isInstanceOf(RulebookException.class)
        .hasMessageContaining("onward grant A1.S2.F1 of clause A1.S2 names pl as a recipient of us's objects, and us"
            + " has not signed");
    h.activate(Multilateral.signedBy(widened, List.of("fr", "de", "us", "jp", "pl")));
    assertThat(h.active().orElseThrow().rulebook().version()).isEqualTo(2);
  }

  @Test
  void aPresentSignatureThatDoesNotVerifyIsNeitherCountedNorOutvoted() {
    RulebookHistory h = withV1();
    Rulebook next = accessionOfPl("green");
    // jp's signature is its signature of v1, replayed on v2: present, does not verify. Without it the quorum (4 of 5)
    // is short; with a full quorum besides, the bad signature still refuses the version.
    String replayed = Multilateral.signedBy(v1, List.of("jp")).signatures().get("jp");
    SignedRulebook short3 = Multilateral.signedBy(next, List.of("fr", "de", "us", "pl")).with("jp", replayed);
    SignedRulebook full4 = Multilateral.signedBy(next, List.of("fr", "de", "it", "us", "pl")).with("jp", replayed);
    for (SignedRulebook forged : List.of(short3, full4)) {
      assertThatThrownBy(() -> h.activate(forged))
          .isInstanceOf(RulebookException.class)
          .hasMessageContaining("jp")
          .hasMessageContaining("a quorum never outvotes a bad signature");
    }
    assertThat(h.active().orElseThrow().rulebook().version()).isEqualTo(1);
  }
}
