package org.accord.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import org.accord.ledger.Ed25519;

/**
 * The node's Ed25519 key pair (RFC 8032): its identity in rulebooks (a party's {@code key}) and the signer of its
 * ledger. Generated on first use and kept in the data directory as {@code node.key}, holding the private key in
 * {@link Ed25519}'s text form ({@code ed25519-private:...}) with file mode 600 from creation, like {@link NodeSecret}.
 * The public key is not stored: it is derived from the private key, so the two can never disagree.
 *
 * <p>Losing this file means a new identity: every rulebook then has to be re-signed with the new key.
 */
public final class NodeKeys {
  public static final String FILE_NAME = "node.key";

  private NodeKeys() {}

  /**
   * The key pair in {@code dataDir/node.key}, created (with the directory) when absent.
   *
   * @throws IllegalStateException when the file exists but holds no Ed25519 private key (its text is never quoted)
   * @throws UncheckedIOException when the file cannot be read or created
   */
  public static KeyPair loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        create(file);
      }
      PrivateKey privateKey;
      try {
        privateKey = Ed25519.decodePrivate(Files.readString(file, StandardCharsets.UTF_8).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(file + " does not hold an Ed25519 private key: " + e.getMessage(), e);
      }
      return new KeyPair(publicKeyOf(privateKey), privateKey);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the node key " + file, e);
    }
  }

  /** The public key in the text form a party pastes into a rulebook: {@code ed25519:...}. */
  public static String publicKeyText(KeyPair keys) {
    return Ed25519.encodePublic(keys.getPublic());
  }

  /**
   * The public half of an Ed25519 private key. The public key is a function of the 32-byte private key (the seed)
   * alone (RFC 8032 §5.1.5), but Java 17 has no call that computes it; its key generator, though, takes the seed from
   * the random source it is given (32 bytes, RFC 8032 §5.1.5 step 1), so generating with a source that yields the
   * seed rebuilds the same pair.
   */
  static PublicKey publicKeyOf(PrivateKey privateKey) {
    byte[] seed =
        ((EdECPrivateKey) privateKey)
            .getBytes()
            .orElseThrow(() -> new IllegalStateException("the Ed25519 private key hides its bytes"));
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, new SeedSource(seed));
      return g.generateKeyPair().getPublic();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /** A "random" source that yields one fixed seed: only for {@link #publicKeyOf}. */
  private static final class SeedSource extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    SeedSource(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("expected a request for " + seed.length + " bytes, got " + bytes.length);
      }
      System.arraycopy(seed, 0, bytes, 0, seed.length);
    }
  }

  private static void create(Path file) throws IOException {
    String text = Ed25519.encodePrivate(Ed25519.generate().getPrivate()) + "\n";
    try {
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        // Mode 600 from the start: the private key is never readable by others, not even for a moment.
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (FileAlreadyExistsException e) {
      // another process created it first: use theirs
    }
  }
}
