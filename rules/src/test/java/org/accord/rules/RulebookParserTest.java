package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.accord.stix.Tlp;
import org.junit.jupiter.api.Test;

class RulebookParserTest {
  @Test
  void exampleRestatesTheSketchIntent() {
    Rulebook r = Fixtures.example();
    assertThat(r.name()).isEqualTo("cn-us-cyber-cooperation");
    assertThat(r.version()).isEqualTo(3);
    assertThat(r.supersedes()).isEqualTo(2);
    assertThat(r.parties()).containsOnlyKeys("cn", "us", "eu");
    assertThat(r.unmarked()).isEqualTo(Tlp.AMBER);
    assertThat(r.agreements()).extracting(Agreement::id).containsExactly("A1", "A2", "A3");
    Clause.Share s1 = (Clause.Share) r.clause("A1.S1").orElseThrow();
    assertThat(s1.what().tlp()).containsExactlyInAnyOrder(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER);
    assertThat(s1.what().maxAge()).isEqualTo(Duration.ofDays(30));
    assertThat(s1.transforms()).containsExactly(new Transform.Pseudonymise(), new Transform.StripCustom());
    Clause.Obligation o1 = (Clause.Obligation) r.clause("A1.O1").orElseThrow();
    assertThat(o1.acknowledgeWithin()).isEqualTo(Duration.ofHours(24));
    assertThat(o1.answerWithin()).containsEntry("emergency", Duration.ofHours(8));
    assertThat(o1.answerWithin()).containsEntry("normal", Duration.ofDays(10));
    assertThat(o1.by()).containsExactly("cn", "us");
    assertThat(r.publicFeed()).extracting(Clause::id).containsExactly("P1");
  }

  @Test
  void canonicalFormReadsBackToTheSameCanonicalForm() {
    Rulebook r = Fixtures.example();
    Rulebook again = RulebookParser.parse(r.canonicalJson(), "canonical.json");
    assertThat(again.canonicalBytes()).isEqualTo(r.canonicalBytes());
    assertThat(again.canonicalJson()).contains("\"format\":\"accord-rulebook/1\"");
  }

  @Test
  void commentsAndLayoutDoNotChangeTheCanonicalForm() {
    Rulebook a = Fixtures.example();
    Rulebook b = Fixtures.exampleWith("# either side may send its own objects", "# reworded comment");
    Rulebook c = Fixtures.exampleWith("max_age: 30d", "max_age: 720h");
    assertThat(b.canonicalBytes()).isEqualTo(a.canonicalBytes());
    assertThat(c.canonicalBytes()).isEqualTo(a.canonicalBytes());
  }

  @Test
  void everyChangeOfMeaningChangesTheCanonicalForm() {
    Rulebook a = Fixtures.example();
    Rulebook b =
        Fixtures.exampleWith(
            "tlp: [clear, green, amber]\n          sectors", "tlp: [clear, green]\n          sectors");
    assertThat(b.canonicalBytes()).isNotEqualTo(a.canonicalBytes());
  }

  @Test
  void theReferencePolicyIsReadSignedAndReadBack() {
    Rulebook absent = Fixtures.example();
    Rulebook withhold = Fixtures.exampleWith("unmarked: amber", "unmarked: amber\n  references: withhold");
    Rulebook drop = Fixtures.exampleWith("unmarked: amber", "unmarked: amber\n  references: drop");

    assertThat(absent.references()).isEqualTo(ReferencePolicy.WITHHOLD);
    // The default is not written: rulebooks signed before the setting existed keep their canonical form.
    assertThat(withhold.canonicalBytes()).isEqualTo(absent.canonicalBytes());
    assertThat(absent.canonicalJson()).doesNotContain("\"references\"");
    assertThat(drop.references()).isEqualTo(ReferencePolicy.DROP);
    assertThat(drop.canonicalJson()).contains("\"defaults\":{\"references\":\"drop\",\"unmarked\":\"amber\"}");
    assertThat(RulebookParser.parse(drop.canonicalJson(), "canonical.json")).isEqualTo(drop);
    assertThat(RulebookDiff.between(absent, drop)).anySatisfy(c -> assertThat(c).contains("references"));
  }

  @Test
  void anUnknownReferencePolicyIsNamedWithLineAndColumn() {
    String yaml = Fixtures.exampleYaml().replace("unmarked: amber", "unmarked: amber\n  references: ignore");
    assertThatThrownBy(() -> RulebookParser.parse(yaml, "r.yaml"))
        .hasMessage("r.yaml:32:15: unknown references policy 'ignore' (withhold or drop)");
    String list = Fixtures.exampleYaml().replace("unmarked: amber", "unmarked: amber\n  references: [drop]");
    assertThatThrownBy(() -> RulebookParser.parse(list, "r.yaml")).hasMessageStartingWith("r.yaml:32:15: expected a string");
  }

  @Test
  void unknownKeyIsNamedWithLineAndColumn() {
    String yaml =
        Fixtures.exampleYaml().replace("    purpose: feedback", "    purpose: feedback\n        colour: blue");
    assertThatThrownBy(() -> RulebookParser.parse(yaml, "r.yaml"))
        .isInstanceOf(RulebookException.class)
        .hasMessageMatching("r\\.yaml:\\d+:9: unknown key 'colour' in a share clause .*");
  }

  @Test
  void wrongTypeIsNamed() {
    String yaml = Fixtures.exampleYaml().replace("version: 3", "version: three");
    assertThatThrownBy(() -> RulebookParser.parse(yaml, "r.yaml"))
        .hasMessage("r.yaml:7:10: expected a whole number, found a string");
  }

  @Test
  void unknownPartyInAClauseIsNamed() {
    String yaml = Fixtures.exampleYaml().replace("from: [us]\n        to: [cn]", "from: [us]\n        to: [ru]");
    assertThatThrownBy(() -> RulebookParser.parse(yaml, "r.yaml"))
        .hasMessageMatching("r\\.yaml:\\d+:\\d+: unknown party 'ru' \\(parties: cn, us, eu\\)");
  }

  @Test
  void partyOutsideTheAgreementCannotBeARecipient() {
    String yaml = Fixtures.exampleYaml().replace("from: [us]\n        to: [cn]", "from: [us]\n        to: [eu]");
    assertThatThrownBy(() -> RulebookParser.parse(yaml, "r.yaml"))
        .hasMessageMatching("r\\.yaml:\\d+:\\d+: party 'eu' is not a party to agreement A1");
  }

  @Test
  void duplicateClauseIdsAreRefused() {
    String yaml = Fixtures.exampleYaml().replace("id: A1.S2", "id: A1.S1");
    assertThatThrownBy(() -> RulebookParser.parse(yaml, "r.yaml"))
        .hasMessageMatching("r\\.yaml:\\d+:\\d+: duplicate id 'A1.S1' \\(first used at line \\d+\\)");
  }

  @Test
  void unknownTransformIsRefused() {
    String yaml = Fixtures.exampleYaml().replace("[strip-custom-properties]", "[anonymise]");
    assertThatThrownBy(() -> RulebookParser.parse(yaml, "r.yaml"))
        .hasMessageContaining("unknown transform 'anonymise'");
  }

  @Test
  void badDurationsAreRefused() {
    for (String bad : new String[] {"30 days", "0d", "-1h", "1.5h", "24"}) {
      String yaml = Fixtures.exampleYaml().replace("acknowledge_within: 24h", "acknowledge_within: " + bad);
      assertThatThrownBy(() -> RulebookParser.parse(yaml, "r.yaml"))
          .as(bad)
          .hasMessageMatching("r\\.yaml:\\d+:29: bad duration '.*': write a positive whole number.*");
    }
  }

  @Test
  void obligationsAreValidated() {
    String unknownEvent = Fixtures.exampleYaml().replace("on: assistance-request", "on: phone-call");
    assertThatThrownBy(() -> RulebookParser.parse(unknownEvent, "r.yaml"))
        .hasMessageContaining("unknown event 'phone-call'");
    String extensionAlone =
        Fixtures.exampleYaml().replace("        answer_within: { emergency: 8h, normal: 10d }\n", "");
    assertThatThrownBy(() -> RulebookParser.parse(extensionAlone, "r.yaml"))
        .hasMessageContaining("an extension needs an answer_within to extend");
    String badAction = Fixtures.exampleYaml().replace("[notify-hotline, ledger]", "[notify-hotline, shrug]");
    assertThatThrownBy(() -> RulebookParser.parse(badAction, "r.yaml"))
        .hasMessageContaining("unknown on_breach action 'shrug'");
  }

  @Test
  void duplicateYamlKeysAreRefused() {
    String yaml = Fixtures.exampleYaml().replace("version: 3", "version: 3\nversion: 4");
    assertThatThrownBy(() -> RulebookParser.parse(yaml, "r.yaml")).hasMessageContaining("duplicate key 'version'");
  }

  @Test
  void signaturesDoNotBelongInTheDocument() {
    String yaml = Fixtures.exampleYaml() + "\nsignatures:\n  cn: ed25519-sig:AAAA\n";
    assertThatThrownBy(() -> RulebookParser.parse(yaml, "r.yaml")).hasMessageContaining("signatures are detached");
  }

  @Test
  void badKeyAndBadTlpAreNamed() {
    String key = Fixtures.exampleYaml().replace("key: ed25519:MCowBQYDK2VwAyEAKe1", "key: rsa:MCowBQYDK2VwAyEAKe1");
    assertThatThrownBy(() -> RulebookParser.parse(key, "r.yaml"))
        .hasMessageMatching("r\\.yaml:15:10: an Ed25519 public key must start with 'ed25519:'");
    String tlp = Fixtures.exampleYaml().replace("tlp: [clear]", "tlp: [white, purple]");
    assertThatThrownBy(() -> RulebookParser.parse(tlp, "r.yaml")).hasMessageContaining("unknown TLP level 'purple'");
  }

  @Test
  void yamlBooleansInPlaceOfTextGetAQuotingHint() {
    String yaml = Fixtures.exampleYaml().replace("purpose: feedback", "purpose: no");
    assertThatThrownBy(() -> RulebookParser.parse(yaml, "r.yaml"))
        .hasMessageMatching(
            "r\\.yaml:\\d+:\\d+: expected a string, found a boolean \\(quote it if you mean the text 'no'\\)");
  }

  @Test
  void versionAndSupersedesAreChecked() {
    String yaml = Fixtures.exampleYaml().replace("supersedes: 2", "supersedes: 3");
    assertThatThrownBy(() -> RulebookParser.parse(yaml, "r.yaml"))
        .hasMessage("r.yaml:8:13: version must be 1 or more and supersedes below it (version 3, supersedes 3)");
  }

  @Test
  void partyIdentityMustBeAStixIdentity() {
    String yaml = Fixtures.exampleYaml().replace("identity: identity--8c5e9f38", "identity: indicator--8c5e9f38");
    assertThatThrownBy(() -> RulebookParser.parse(yaml, "r.yaml")).hasMessageStartingWith("r.yaml:14:15: identity must");
  }

  @Test
  void invalidYamlNamesTheLine() {
    assertThatThrownBy(() -> RulebookParser.parse("rulebook: x\nversion: [1,\n", "r.yaml"))
        .hasMessageStartingWith("r.yaml:")
        .hasMessageContaining("not valid YAML");
  }
}
