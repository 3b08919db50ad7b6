package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.accord.ledger.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeKeysTest {
  @TempDir Path dir;

  @Test
  void createsAKeyPairOnceAndLoadsTheSameOneAfterwards() {
    KeyPair first = NodeKeys.loadOrCreate(dir.resolve("data"));
    KeyPair again = NodeKeys.loadOrCreate(dir.resolve("data"));
    assertThat(again.getPublic()).isEqualTo(first.getPublic());
    assertThat(again.getPrivate().getEncoded()).isEqualTo(first.getPrivate().getEncoded());
  }

  @Test
  void derivedPublicKeyVerifiesSignaturesOfThePrivateKey() {
    KeyPair keys = NodeKeys.loadOrCreate(dir);
    byte[] message = "rulebook".getBytes(StandardCharsets.UTF_8);
    assertThat(Ed25519.verify(keys.getPublic(), message, Ed25519.sign(keys.getPrivate(), message))).isTrue();
  }

  @Test
  void derivedPublicKeyIsTheGeneratedOne() {
    KeyPair generated = Ed25519.generate();
    assertThat(NodeKeys.publicKeyOf(generated.getPrivate())).isEqualTo(generated.getPublic());
  }

  @Test
  void keyFileHoldsThePrivateKeyTextWithMode600() throws Exception {
    NodeKeys.loadOrCreate(dir);
    Path file = dir.resolve(NodeKeys.FILE_NAME);
    assertThat(Files.readString(file)).startsWith(Ed25519.PRIVATE_PREFIX);
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
  }

  @Test
  void publicKeyTextIsTheRulebookForm() {
    KeyPair keys = NodeKeys.loadOrCreate(dir);
    String text = NodeKeys.publicKeyText(keys);
    assertThat(text).startsWith(Ed25519.PUBLIC_PREFIX);
    assertThat(Ed25519.decodePublic(text)).isEqualTo(keys.getPublic());
  }

  @Test
  void aDamagedKeyFileIsRefusedWithoutQuotingIt() throws Exception {
    Files.writeString(dir.resolve(NodeKeys.FILE_NAME), "ed25519-private:c2VjcmV0LWJ1dC1icm9rZW4=\n");
    assertThatThrownBy(() -> NodeKeys.loadOrCreate(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("node.key")
        .hasMessageNotContaining("c2VjcmV0");
  }

  @Test
  void partyDefaultsToTheNodeName() {
    assertThat(NodeConfigReader.parse("name: cn-cert\n", "t").party()).isEqualTo("cn-cert");
    assertThat(NodeConfigReader.parse("name: cn-cert\nparty: CN\n", "t").party()).isEqualTo("CN");
  }
}
