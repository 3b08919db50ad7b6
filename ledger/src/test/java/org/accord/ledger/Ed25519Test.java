package org.accord.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519Test {
  /** RFC 8032 §7.1, TEST 2: a one-byte message. */
  @Test
  void verifiesTheRfc8032TestVector() {
    byte[] publicRaw = HexFormat.of().parseHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    byte[] signature =
        HexFormat.of()
            .parseHex(
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                    + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    // X.509 SubjectPublicKeyInfo for Ed25519 = fixed 12-byte header + the 32 raw key bytes.
    byte[] der = new byte[44];
    System.arraycopy(HexFormat.of().parseHex("302a300506032b6570032100"), 0, der, 0, 12);
    System.arraycopy(publicRaw, 0, der, 12, 32);
    var key = Ed25519.decodePublic(Ed25519.PUBLIC_PREFIX + java.util.Base64.getEncoder().encodeToString(der));
    assertThat(Ed25519.verify(key, new byte[] {0x72}, signature)).isTrue();
    assertThat(Ed25519.verify(key, new byte[] {0x73}, signature)).isFalse();
  }

  @Test
  void signsAndVerifiesThroughTheTextForms() {
    KeyPair pair = Ed25519.generate();
    byte[] message = "rulebook v3".getBytes(StandardCharsets.UTF_8);
    String sig = Ed25519.encodeSignature(Ed25519.sign(pair.getPrivate(), message));
    var pub = Ed25519.decodePublic(Ed25519.encodePublic(pair.getPublic()));
    var priv = Ed25519.decodePrivate(Ed25519.encodePrivate(pair.getPrivate()));
    assertThat(Ed25519.verify(pub, message, Ed25519.decodeSignature(sig))).isTrue();
    assertThat(Ed25519.verify(pub, message, Ed25519.sign(priv, message))).isTrue();
    assertThat(Ed25519.verify(Ed25519.generate().getPublic(), message, Ed25519.decodeSignature(sig))).isFalse();
  }

  @Test
  void malformedTextIsRefusedWithAPreciseMessage() {
    assertThatThrownBy(() -> Ed25519.decodePublic("rsa:AAAA")).hasMessageContaining("must start with 'ed25519:'");
    assertThatThrownBy(() -> Ed25519.decodePublic("ed25519:!!!")).hasMessageContaining("not valid base64");
    assertThatThrownBy(() -> Ed25519.decodeSignature("ed25519-sig:AAAA")).hasMessageContaining("64 bytes");
  }
}
