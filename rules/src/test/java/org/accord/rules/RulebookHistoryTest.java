package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.accord.ledger.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulebookHistoryTest {
  @TempDir Path dir;

  private final PublicKey cnKey = Fixtures.example().parties().get("cn").publicKey();

  private RulebookHistory open() {
    return RulebookHistory.open(dir, "cn", cnKey, Fixtures.CLOCK);
  }

  private static Rulebook version(int v, int supersedes) {
    return Fixtures.exampleWith("version: 3\nsupersedes: 2", "version: " + v + "\nsupersedes: " + supersedes);
  }

  @Test
  void fullySignedVersionBecomesActive() {
    RulebookHistory h = open();
    SignedRulebook v3 = Fixtures.signedByAll(Fixtures.example());
    h.activate(v3);
    assertThat(h.active()).contains(v3);
  }

  @Test
  void partlySignedVersionIsRefusedAndThePreviousStays() {
    RulebookHistory h = open();
    SignedRulebook v3 = h.activate(Fixtures.signedByAll(Fixtures.example()));
    SignedRulebook v4 = Fixtures.signedByAll(version(4, 3));
    SignedRulebook partly = new SignedRulebook(v4.rulebook(), java.util.Map.of("cn", v4.signatures().get("cn")));
    assertThatThrownBy(() -> h.activate(partly))
        .isInstanceOf(RulebookException.class)
        .hasMessage(
            "refused to activate cn-us-cyber-cooperation v4: cn-us-cyber-cooperation v4: missing signature of party"
                + " us; missing signature of party eu");
    assertThat(h.active()).contains(v3);
    assertThat(open().active()).contains(v3);
  }

  @Test
  void alteredVersionIsRefused() {
    RulebookHistory h = open();
    SignedRulebook v3 = Fixtures.signedByAll(Fixtures.example());
    Rulebook tampered = Fixtures.exampleWith("min_confidence: 80", "min_confidence: 10");
    assertThatThrownBy(() -> h.activate(new SignedRulebook(tampered, v3.signatures())))
        .hasMessageContaining("signature of cn does not verify: the document was altered after cn signed it");
    assertThat(h.active()).isEmpty();
  }

  @Test
  void replayedOldVersionIsRefused() {
    RulebookHistory h = open();
    h.activate(Fixtures.signedByAll(Fixtures.example()));
    h.activate(Fixtures.signedByAll(version(4, 3)));
    assertThatThrownBy(() -> h.activate(Fixtures.signedByAll(Fixtures.example())))
        .hasMessage(
            "refused to activate cn-us-cyber-cooperation v3: version 3 is not newer than the active version 4 (an old"
                + " version replayed?)");
    assertThat(h.active().orElseThrow().rulebook().version()).isEqualTo(4);
  }

  @Test
  void versionThatSupersedesAnotherThanTheActiveIsRefused() {
    RulebookHistory h = open();
    h.activate(Fixtures.signedByAll(Fixtures.example()));
    assertThatThrownBy(() -> h.activate(Fixtures.signedByAll(version(5, 4))))
        .hasMessage("refused to activate cn-us-cyber-cooperation v5: it supersedes v4, but the active version is v3");
  }

  @Test
  void anotherRulebookCannotReplaceTheActiveOne() {
    RulebookHistory h = open();
    h.activate(Fixtures.signedByAll(Fixtures.example()));
    Rulebook other =
        Fixtures.exampleWith("rulebook: cn-us-cyber-cooperation\nversion: 3", "rulebook: other\nversion: 4");
    assertThatThrownBy(() -> h.activate(Fixtures.signedByAll(other)))
        .hasMessageContaining("it is another rulebook than the active cn-us-cyber-cooperation v3");
  }

  @Test
  void swappedKeysSignedByTheAttackerAreRefused() {
    RulebookHistory h = open();
    h.activate(Fixtures.signedByAll(Fixtures.example()));
    // The attacker replaces us's key by its own and signs as us; cn and eu are fooled into signing too.
    KeyPair attacker = Ed25519.generate();
    Rulebook forged = swapKey(version(4, 3), "us", Ed25519.encodePublic(attacker.getPublic()));
    SignedRulebook s = SignedRulebook.unsigned(forged);
    s = RulebookSigner.sign(s, "cn", Fixtures.privateKeys().get("cn"));
    s = RulebookSigner.sign(s, "eu", Fixtures.privateKeys().get("eu"));
    s = RulebookSigner.sign(s, "us", attacker.getPrivate());
    assertThat(RulebookSigner.verify(s).isValid()).isTrue(); // valid by its own keys ...
    SignedRulebook attempt = s;
    assertThatThrownBy(() -> h.activate(attempt)) // ... but not by the keys of the active version
        .hasMessageContaining("signature of us does not verify");
  }

  @Test
  void forgedFirstVersionWithoutThisNodesKeyIsRefused() {
    RulebookHistory h = open();
    KeyPair attacker = Ed25519.generate();
    Rulebook forged = swapKey(Fixtures.example(), "cn", Ed25519.encodePublic(attacker.getPublic()));
    SignedRulebook s = SignedRulebook.unsigned(forged);
    s = RulebookSigner.sign(s, "cn", attacker.getPrivate());
    s = RulebookSigner.sign(s, "us", Fixtures.privateKeys().get("us"));
    s = RulebookSigner.sign(s, "eu", Fixtures.privateKeys().get("eu"));
    SignedRulebook attempt = s;
    assertThatThrownBy(() -> h.activate(attempt))
        .hasMessageContaining("it lists another public key for this node's party 'cn' than this node's own");
  }

  @Test
  void signatureOfANonPartyIsRefused() {
    RulebookHistory h = open();
    SignedRulebook v3 = Fixtures.signedByAll(Fixtures.example());
    KeyPair outsider = Ed25519.generate();
    String sig = Ed25519.encodeSignature(Ed25519.sign(outsider.getPrivate(), v3.rulebook().canonicalBytes()));
    assertThatThrownBy(() -> h.activate(v3.with("ru", sig)))
        .hasMessageContaining("signer 'ru' is not a party to cn-us-cyber-cooperation v3");
    assertThat(h.active()).isEmpty();
  }

  @Test
  void versionNotYetEffectiveIsRefused() {
    RulebookHistory h =
        RulebookHistory.open(dir, "cn", cnKey, Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC));
    assertThatThrownBy(() -> h.activate(Fixtures.signedByAll(Fixtures.example())))
        .hasMessageContaining("it is not effective before 2026-01-01T00:00:00Z");
  }

  @Test
  void activeVersionSurvivesARestart() {
    SignedRulebook v3 = open().activate(Fixtures.signedByAll(Fixtures.example()));
    RulebookHistory reopened = open();
    assertThat(reopened.active().orElseThrow().rulebook().canonicalBytes())
        .isEqualTo(v3.rulebook().canonicalBytes());
    assertThat(reopened.active().orElseThrow().signatures()).isEqualTo(v3.signatures());
    assertThat(reopened.version(3)).isPresent();
    assertThat(reopened.version(2)).isEmpty();
  }

  @Test
  void versionEditedOnDiskAfterActivationIsDetectedAtLoad() throws IOException {
    open().activate(Fixtures.signedByAll(Fixtures.example()));
    Path file = dir.resolve("v3.json");
    Files.writeString(file, Files.readString(file).replace("\"min_confidence\":80", "\"min_confidence\":1"));
    assertThatThrownBy(this::open)
        .isInstanceOf(RulebookException.class)
        .hasMessageContaining("is not the version that was activated")
        .hasMessageContaining("signature of cn does not verify");
  }

  private static Rulebook swapKey(Rulebook r, String party, String key) {
    String yaml = r.canonicalJson().replace(r.parties().get(party).key(), key);
    return RulebookParser.parse(yaml, "forged.json");
  }
}
