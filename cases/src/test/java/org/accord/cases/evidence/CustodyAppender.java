package org.accord.cases.evidence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import org.accord.ledger.Ed25519;

/**
 * A second process of the node for {@link ConcurrentCustodyTest}: opens the packages and records {@code count}
 * downloads of one package. Arguments: evidence root, package id, file sha256, count, public key, private key, ready file, go file.
 */
public final class CustodyAppender {
  private CustodyAppender() {}

  public static void main(String[] args) throws Exception {
    EvidenceStore store = EvidenceStore.open(Path.of(args[0]), 1 << 20);
    KeyPair keys = new KeyPair(Ed25519.decodePublic(args[4]), Ed25519.decodePrivate(args[5]));
    EvidencePackages packages = EvidencePackages.open(store, "us", keys, Clock.systemUTC(), CustodyLedger.NONE);
    // Start together with the test: say ready, then wait for its go.
    Path ready = Path.of(args[6]);
    Path go = Path.of(args[7]);
    Files.createFile(ready);
    while (!Files.exists(go)) {
      Thread.sleep(1);
    }
    for (int i = 0; i < Integer.parseInt(args[3]); i++) {
      packages.download(args[1], args[2], "second-process", null).close();
    }
  }
}
