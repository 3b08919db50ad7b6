package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.Map;
import org.accord.ledger.Ed25519;
import org.junit.jupiter.api.Test;

class RulebookSignerTest {
  private final Rulebook example = Fixtures.example();

  @Test
  void signedByEveryPartyVerifies() {
    RulebookSigner.Verification v = RulebookSigner.verify(Fixtures.signedByAll(example));
    assertThat(v.isValid()).isTrue();
    assertThat(v.message()).isEqualTo("cn-us-cyber-cooperation v3: signed by every party");
  }

  @Test
  void partlySignedNamesTheMissingParty() {
    SignedRulebook partly = RulebookSigner.sign(example, "cn", Fixtures.privateKeys().get("cn"));
    partly = RulebookSigner.sign(partly, "eu", Fixtures.privateKeys().get("eu"));
    RulebookSigner.Verification v = RulebookSigner.verify(partly);
    assertThat(v.problems())
        .containsExactly(
            new SignatureProblem(SignatureProblem.Kind.MISSING, "us", "missing signature of party us"));
  }

  @Test
  void documentAlteredAfterSigningFailsForEverySigner() {
    SignedRulebook signed = Fixtures.signedByAll(example);
    Rulebook tampered = Fixtures.exampleWith("tlp: [red]", "tlp: [red, amber+strict]");
    RulebookSigner.Verification v =
        RulebookSigner.verify(new SignedRulebook(tampered, signed.signatures()));
    assertThat(v.problems()).hasSize(3).allMatch(p -> p.kind() == SignatureProblem.Kind.INVALID);
    assertThat(v.message()).contains("signature of cn does not verify: the document was altered after cn signed it");
  }

  @Test
  void signatureOfANonPartyIsNamed() {
    KeyPair outsider = Ed25519.generate();
    SignedRulebook signed = Fixtures.signedByAll(example);
    byte[] sig = Ed25519.sign(outsider.getPrivate(), example.canonicalBytes());
    RulebookSigner.Verification v = RulebookSigner.verify(signed.with("ru", Ed25519.encodeSignature(sig)));
    assertThat(v.problems())
        .extracting(SignatureProblem::kind, SignatureProblem::party, SignatureProblem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                SignatureProblem.Kind.NOT_A_PARTY, "ru", "signer 'ru' is not a party to cn-us-cyber-cooperation v3"));
  }

  @Test
  void aNonPartyCannotSign() {
    assertThatThrownBy(() -> RulebookSigner.sign(example, "ru", Ed25519.generate().getPrivate()))
        .isInstanceOf(RulebookException.class)
        .hasMessage("'ru' is not a party to cn-us-cyber-cooperation v3: only its parties sign it");
  }

  @Test
  void signingWithAnotherPartysKeyIsRefused() {
    assertThatThrownBy(() -> RulebookSigner.sign(example, "cn", Fixtures.privateKeys().get("us")))
        .hasMessage("this private key does not match the public key cn-us-cyber-cooperation v3 lists for cn");
  }

  @Test
  void signatureUnderAnotherPartysNameDoesNotVerify() {
    SignedRulebook signed = Fixtures.signedByAll(example);
    SignedRulebook swapped = signed.with("cn", signed.signatures().get("us"));
    assertThat(RulebookSigner.verify(swapped).problems())
        .extracting(SignatureProblem::kind, SignatureProblem::party)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(SignatureProblem.Kind.INVALID, "cn"));
  }

  @Test
  void malformedSignatureIsNamed() {
    SignedRulebook signed = Fixtures.signedByAll(example).with("eu", "ed25519-sig:AAAA");
    assertThat(RulebookSigner.verify(signed).problems())
        .extracting(SignatureProblem::kind)
        .containsExactly(SignatureProblem.Kind.MALFORMED);
  }

  @Test
  void signatureFileRoundTrips() {
    SignedRulebook signed = Fixtures.signedByAll(example);
    Map<String, String> read = SignedRulebook.parseSignatures("# collected\n" + signed.signatureFile(), "sig");
    assertThat(read).isEqualTo(signed.signatures());
    assertThatThrownBy(() -> SignedRulebook.parseSignatures("cn a\ncn b\n", "r.sig"))
        .hasMessage("r.sig:2: a second signature of cn");
  }

  @Test
  void signaturesCollectedSeparatelyMerge() {
    Map<String, java.security.PrivateKey> keys = Fixtures.privateKeys();
    SignedRulebook a = RulebookSigner.sign(example, "cn", keys.get("cn"));
    SignedRulebook b = RulebookSigner.sign(example, "us", keys.get("us"));
    SignedRulebook c = RulebookSigner.sign(example, "eu", keys.get("eu"));
    assertThat(RulebookSigner.verify(a.merge(b).merge(c)).isValid()).isTrue();
    Rulebook other = Fixtures.exampleWith("version: 3", "version: 4\n");
    assertThatThrownBy(() -> a.merge(SignedRulebook.unsigned(other)))
        .hasMessageStartingWith("cannot merge signatures of different documents");
  }
}
