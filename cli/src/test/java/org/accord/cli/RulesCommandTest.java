package org.accord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.accord.cli.CliTest.Run;
import org.accord.ledger.Ed25519;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code accord keys} and {@code accord rules}: two nodes (parties cn and us, each with its own data directory and
 * key made by {@code keys}) sign, verify, activate and dry-run rulebooks written here with their keys.
 */
class RulesCommandTest {
  @TempDir Path dir;

  String cnKey;
  String usKey;

  /** The args that make a command run as node {@code party}. */
  String[] as(String party, String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "-c";
    all[args.length + 1] = dir.resolve(party + ".yaml").toString();
    all[args.length + 2] = "--data-dir";
    all[args.length + 3] = dir.resolve(party).toString();
    return all;
  }

  @BeforeEach
  void twoNodes() throws Exception {
    Files.writeString(dir.resolve("cn.yaml"), "name: cn-cert\nparty: cn\n");
    Files.writeString(dir.resolve("us.yaml"), "name: us\n"); // party defaults to the name
    cnKey = key(CliTest.run(as("cn", "keys")));
    usKey = key(CliTest.run(as("us", "keys")));
  }

  private static String key(Run r) {
    assertThat(r.exit()).as(r.err()).isZero();
    return r.out().lines().filter(l -> l.startsWith("key: ")).findFirst().orElseThrow().substring(5);
  }

  /** Version {@code v} of a small rulebook: cn and us share indicators of the TLP levels given. */
  String rulebook(int v, String tlp) {
    return """
        rulebook: test-pact
        version: %d
        supersedes: %d
        parties:
          cn: { name: CN CERT, identity: identity--8c5e9f38-1a0b-4c51-9b1e-3d6f2f2b7a10, key: "%s" }
          us: { name: US CERT, identity: identity--2f0c7e51-6b1d-4e8a-a0c4-77d1b0c9e6f2, key: "%s" }
        agreements:
          - id: A1
            title: Indicators
            parties: [cn, us]
            clauses:
              - id: A1.S1
                kind: share
                from: [cn, us]
                to: [cn, us]
                what: { types: [indicator], tlp: [%s] }
                purpose: early-warning
        """
        .formatted(v, v - 1, cnKey, usKey, tlp);
  }

  Path file(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  /** {@code name} signed by both parties, in {@code name.sig}. */
  Path signedByBoth(String name, String text) throws Exception {
    Path p = file(name, text);
    assertThat(CliTest.run(as("cn", "rules", "sign", p.toString())).exit()).isZero();
    assertThat(CliTest.run(as("us", "rules", "sign", p.toString())).exit()).isZero();
    return p;
  }

  @Test
  void keysPrintsThePartyAndTheSamePublicKeyEveryTime() {
    Run again = CliTest.run(as("cn", "keys"));
    assertThat(again.out()).contains("party: cn");
    assertThat(key(again)).isEqualTo(cnKey).startsWith(Ed25519.PUBLIC_PREFIX);
    assertThat(usKey).isNotEqualTo(cnKey);
    assertThat(CliTest.run(as("us", "keys")).out()).contains("party: us");
  }

  @Test
  void signingByEveryPartyMakesTheRulebookVerify() throws Exception {
    Path p = file("pact.yaml", rulebook(1, "clear"));
    Run first = CliTest.run(as("cn", "rules", "sign", p.toString()));
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("signatures: cn; missing: us");
    Run half = CliTest.run("rules", "verify", p.toString());
    assertThat(half.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(half.out()).contains("missing signature of party us", "NOT VALID");

    Run second = CliTest.run(as("us", "rules", "sign", p.toString()));
    assertThat(second.out()).contains("signatures: cn, us (every party)");
    assertThat(Files.readString(dir.resolve("pact.yaml.sig")).lines()).hasSize(2);
    Run ok = CliTest.run("rules", "verify", p.toString());
    assertThat(ok.exit()).as(ok.out()).isZero();
    assertThat(ok.out()).contains("OK test-pact v1: signed by every party");
  }

  @Test
  void aRulebookAlteredAfterSigningFailsVerification() throws Exception {
    Path p = signedByBoth("pact.yaml", rulebook(1, "clear"));
    Files.writeString(p, rulebook(1, "clear, green")); // same version, one more TLP level
    Run r = CliTest.run("rules", "verify", p.toString());
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.out()).contains("signature of cn does not verify", "signature of us does not verify");
  }

  @Test
  void layoutAndCommentsDoNotBreakTheSignature() throws Exception {
    Path p = signedByBoth("pact.yaml", rulebook(1, "clear"));
    Files.writeString(p, "# a comment the parties did not sign\n" + rulebook(1, "clear") + "\n\n");
    assertThat(CliTest.run("rules", "verify", p.toString()).exit()).isZero();
  }

  @Test
  void signaturesMayLiveInANamedFile() throws Exception {
    Path p = file("pact.yaml", rulebook(1, "clear"));
    Path sig = dir.resolve("collected.sig");
    assertThat(CliTest.run(as("cn", "rules", "sign", p.toString(), "--signatures", sig.toString())).exit()).isZero();
    assertThat(CliTest.run(as("us", "rules", "sign", p.toString(), "--signatures", sig.toString())).exit()).isZero();
    assertThat(Files.exists(dir.resolve("pact.yaml.sig"))).isFalse();
    assertThat(CliTest.run("rules", "verify", p.toString(), "--signatures", sig.toString()).exit()).isZero();
    Run missing = CliTest.run("rules", "verify", p.toString(), "--signatures", dir.resolve("typo.sig").toString());
    assertThat(missing.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(missing.err()).contains("no signature file");
  }

  @Test
  void aNodeWhosePartyTheRulebookDoesNotBindCannotSign() throws Exception {
    Files.writeString(dir.resolve("eu.yaml"), "party: eu\n");
    Path p = file("pact.yaml", rulebook(1, "clear"));
    Run r = CliTest.run(as("eu", "rules", "sign", p.toString()));
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).contains("'eu' is not a party");
    assertThat(Files.exists(dir.resolve("pact.yaml.sig"))).isFalse();
  }

  @Test
  void aMalformedRulebookIsInvalidInputNamingTheLine() throws Exception {
    Path p = file("bad.yaml", rulebook(1, "clear").replace("purpose:", "colour:"));
    Run r = CliTest.run("rules", "verify", p.toString());
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).contains("bad.yaml:", "colour");
  }

  @Test
  void activateThenShowTheActiveVersion() throws Exception {
    Path p = signedByBoth("v1.yaml", rulebook(1, "clear"));
    Run a = CliTest.run(as("cn", "rules", "activate", p.toString()));
    assertThat(a.exit()).as(a.err()).isZero();
    assertThat(a.out()).contains("activated test-pact v1");
    Run show = CliTest.run(as("cn", "rules", "show"));
    assertThat(show.exit()).isZero();
    assertThat(show.out())
        .contains("test-pact v1 (active)", "\"format\":\"accord-rulebook/1\"", "signatures:", "  cn ed25519-sig:")
        .contains("signed by every party")
        .contains("hash matching: pdq_distance 31, pdq_min_quality 50, video frame_distance 31");
    assertThat(CliTest.run(as("cn", "rules", "show", "1")).out()).contains("test-pact v1 (active)");
    Run unknown = CliTest.run(as("cn", "rules", "show", "7"));
    assertThat(unknown.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(unknown.err()).contains("no stored version 7");
  }

  @Test
  void activationIsRecordedInTheNodesLedger() throws Exception {
    Path v1 = signedByBoth("v1.yaml", rulebook(1, "clear"));
    assertThat(CliTest.run(as("cn", "rules", "activate", v1.toString())).exit()).isZero();
    Run r = CliTest.run(as("cn", "ledger", "verify"));
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("1 entries verified");
    assertThat(Files.readString(dir.resolve("cn").resolve(org.accord.node.Node.LEDGER_FILE)))
        .contains("test-pact");
  }

  @Test
  void aBrokenLedgerStopsActivationBeforeAnythingChanges() throws Exception {
    Path v1 = signedByBoth("v1.yaml", rulebook(1, "clear"));
    Path v2 = signedByBoth("v2.yaml", rulebook(2, "clear, green"));
    assertThat(CliTest.run(as("cn", "rules", "activate", v1.toString())).exit()).isZero();
    Path ledger = dir.resolve("cn").resolve(org.accord.node.Node.LEDGER_FILE);
    Files.writeString(ledger, Files.readString(ledger).replace("test-pact", "test-pacT"));
    Run r = CliTest.run(as("cn", "rules", "activate", v2.toString()));
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("does not verify");
    assertThat(CliTest.run(as("cn", "rules", "show")).out()).contains("test-pact v1 (active)");
  }

  @Test
  void showWithoutAnActiveVersionSaysSo() {
    Run r = CliTest.run(as("cn", "rules", "show"));
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).contains("no active rulebook");
  }

  @Test
  void activatingAVersionMissingASignatureIsRefusedAndNothingChanges() throws Exception {
    Path p = file("v1.yaml", rulebook(1, "clear"));
    assertThat(CliTest.run(as("cn", "rules", "sign", p.toString())).exit()).isZero();
    Run r = CliTest.run(as("cn", "rules", "activate", p.toString()));
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).contains("refused to activate test-pact v1", "missing signature of party us");
    assertThat(CliTest.run(as("cn", "rules", "show")).exit()).isEqualTo(Main.INVALID_INPUT);
  }

  @Test
  void aReplayedVersionIsRefusedAndTheNewerOneStaysActive() throws Exception {
    Path v1 = signedByBoth("v1.yaml", rulebook(1, "clear"));
    Path v2 = signedByBoth("v2.yaml", rulebook(2, "clear, green"));
    assertThat(CliTest.run(as("cn", "rules", "activate", v1.toString())).exit()).isZero();
    assertThat(CliTest.run(as("cn", "rules", "activate", v2.toString())).exit()).isZero();
    Run replay = CliTest.run(as("cn", "rules", "activate", v1.toString()));
    assertThat(replay.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(replay.err()).contains("not newer than the active version 2");
    assertThat(CliTest.run(as("cn", "rules", "show")).out()).contains("test-pact v2 (active)");
    assertThat(CliTest.run(as("cn", "rules", "show", "1")).out()).contains("test-pact v1 (not active)");
  }

  @Test
  void aTamperedRulebookIsRefusedOnActivation() throws Exception {
    Path v1 = signedByBoth("v1.yaml", rulebook(1, "clear"));
    Files.writeString(v1, rulebook(1, "clear, green, amber"));
    Run r = CliTest.run(as("us", "rules", "activate", v1.toString()));
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).contains("refused to activate", "does not verify");
  }

  @Test
  void diffNamesTheChangedClause() throws Exception {
    Path v1 = file("v1.yaml", rulebook(1, "clear"));
    Path v2 = file("v2.yaml", rulebook(2, "clear, green"));
    Run r = CliTest.run("rules", "diff", v1.toString(), v2.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out().lines())
        .contains("~ version: 1 -> 2", "~ supersedes: 0 -> 1")
        .anyMatch(l -> l.startsWith("~ clause A1.S1.what.tlp: ") && l.contains("green"));
    assertThat(CliTest.run("rules", "diff", v1.toString(), v1.toString()).out()).isEmpty();
  }

  @Test
  void dryRunListsTheObjectsANewVersionWouldShareDifferently() throws Exception {
    Path v1 = signedByBoth("v1.yaml", rulebook(1, "clear"));
    assertThat(CliTest.run(as("cn", "rules", "activate", v1.toString())).exit()).isZero();
    Path bundle = file("objects.json", BUNDLE);
    Run imp = CliTest.run(as("cn", "import", "-q", bundle.toString()));
    assertThat(imp.exit()).as(imp.err()).isZero();

    Path v2 = file("v2.yaml", rulebook(2, "clear, green")); // unsigned: a dry run needs no signature
    Run r = CliTest.run(as("cn", "rules", "dry-run", v2.toString()));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(1);
    String line = r.out().strip();
    assertThat(line)
        .startsWith("indicator--2f8e3b2a-6c1d-4a5e-9f70-1b2c3d4e5f60 to us: DENY")
        .contains("->  ALLOW A1.S1");
    assertThat(r.err()).contains("1 difference(s) over 2 object(s) and 2 recipient(s)", "missing signature");
  }

  /**
   * Version {@code v} of a four-party rulebook with group eu = {@code eu}: cn and us share indicators, and cn shares
   * TLP:CLEAR indicators to the group.
   */
  String multilateral(int v, String eu, Map<String, String> keys) {
    StringBuilder parties = new StringBuilder();
    int i = 0;
    for (String p : List.of("cn", "us", "fr", "de")) {
      String identity = "identity--00000000-0000-4000-8000-00000000000" + i++;
      parties.append("  %s: { name: %s CERT, identity: %s, key: \"%s\" }\n".formatted(p, p, identity, keys.get(p)));
    }
    return """
        rulebook: multi-pact
        version: %d
        supersedes: %d
        parties:
        %sgroups:
          eu: [%s]
        agreements:
          - id: A1
            title: Indicators
            parties: [cn, us, fr, de]
            clauses:
              - id: A1.S1
                kind: share
                from: [cn, us]
                to: [cn, us]
                what: { types: [indicator], tlp: [clear] }
                purpose: early-warning
              - id: A1.S2
                kind: share
                from: [cn]
                to: [group:eu]
                what: { types: [indicator], tlp: [clear] }
                purpose: early-warning
        """
        .formatted(v, v - 1, parties, eu);
  }

  private Map<String, String> fourParties() throws Exception {
    Files.writeString(dir.resolve("fr.yaml"), "name: fr\n");
    Files.writeString(dir.resolve("de.yaml"), "name: de\n");
    return Map.of("cn", cnKey, "us", usKey, "fr", key(CliTest.run(as("fr", "keys"))),
        "de", key(CliTest.run(as("de", "keys"))));
  }

  @Test
  void diffPerGroupShowsWhatChangesForItsMembers() throws Exception {
    Map<String, String> keys = fourParties();
    Path v1 = file("v1.yaml", multilateral(1, "fr", keys));
    Path v2 = file("v2.yaml", multilateral(2, "fr, de", keys));
    Run r = CliTest.run("rules", "diff", v1.toString(), v2.toString(), "--group", "eu");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .contains(
            "~ member de.groups: [] -> [\"eu\"]",
            "~ member de.receives: [] -> [\"A1.S2\"]",
            "~ groups.eu: [\"fr\"] -> [\"fr\",\"de\"]",
            "~ version: 1 -> 2")
        .noneMatch(l -> l.startsWith("~ member fr."));
    Run us = CliTest.run("rules", "diff", v1.toString(), v2.toString(), "--party", "us");
    assertThat(us.out().lines()).contains("~ version: 1 -> 2").noneMatch(l -> l.contains("eu"));
    Run typo = CliTest.run("rules", "diff", v1.toString(), v2.toString(), "--group", "nato");
    assertThat(typo.exit()).isEqualTo(Main.USAGE);
    assertThat(typo.err()).contains("no group 'nato' in either version");
  }

  @Test
  void dryRunPerGroupShowsOnlyTheGroupsMembers() throws Exception {
    Map<String, String> keys = fourParties();
    Path v1 = file("v1.yaml", multilateral(1, "fr", keys));
    for (String p : List.of("cn", "us", "fr", "de")) {
      assertThat(CliTest.run(as(p, "rules", "sign", v1.toString())).exit()).isZero();
    }
    Run act = CliTest.run(as("cn", "rules", "activate", v1.toString()));
    assertThat(act.exit()).as(act.err()).isZero();
    assertThat(CliTest.run(as("cn", "import", "-q", file("objects.json", BUNDLE).toString())).exit()).isZero();
    Path v2 = file("v2.yaml", multilateral(2, "fr, de", keys));
    Run r = CliTest.run(as("cn", "rules", "dry-run", v2.toString(), "--group", "eu"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines()).hasSize(1);
    assertThat(r.out().strip())
        .startsWith("indicator--1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d to de: DENY")
        .contains("->  ALLOW A1.S2");
    assertThat(r.err()).contains("1 difference(s) over 2 object(s) and 2 recipient(s)");
    Run us = CliTest.run(as("cn", "rules", "dry-run", v2.toString(), "--party", "us"));
    assertThat(us.out()).isEmpty();
    assertThat(us.err()).contains("0 difference(s) over 2 object(s) and 1 recipient(s)");
  }

  @Test
  void dryRunWithoutAnActiveVersionSaysSo() throws Exception {
    Path v2 = file("v2.yaml", rulebook(2, "clear, green"));
    Run r = CliTest.run(as("cn", "rules", "dry-run", v2.toString()));
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).contains("no active rulebook");
  }

  /** Two indicators: one TLP:CLEAR (shared under both versions), one TLP:GREEN (only under v2). */
  static final String BUNDLE =
      """
      {"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[
       {"type":"indicator","spec_version":"2.1","id":"indicator--1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d",
        "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","pattern_type":"stix",
        "pattern":"[ipv4-addr:value = '198.51.100.1']","valid_from":"2026-01-01T00:00:00Z",
        "object_marking_refs":["marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"]},
       {"type":"indicator","spec_version":"2.1","id":"indicator--2f8e3b2a-6c1d-4a5e-9f70-1b2c3d4e5f60",
        "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","pattern_type":"stix",
        "pattern":"[ipv4-addr:value = '198.51.100.2']","valid_from":"2026-01-01T00:00:00Z",
        "object_marking_refs":["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"]}
      ]}
      """;
}
