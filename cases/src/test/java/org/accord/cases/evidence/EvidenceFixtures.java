package org.accord.cases.evidence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.accord.ledger.Ed25519;

/**
 * A node of party us answering cn's request with three files (firewall logs, a NetFlow extract, a subscriber record),
 * its custody recorded in memory; a package exported after a transfer and a download, so its chain has five entries.
 */
final class EvidenceFixtures {
  static final String REQUEST = "assistance-request--6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e";
  static final KeyPair US = Ed25519.generate();
  static final KeyPair FORGER = Ed25519.generate();
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T08:30:00.123Z"), ZoneOffset.UTC);

  final EvidenceStore store;
  final CustodyLedger.InMemory ledger = new CustodyLedger.InMemory();
  final EvidencePackages packages;
  final List<EvidenceFile> files = new ArrayList<>();

  EvidenceFixtures(Path dir) throws IOException {
    this(dir, CustodyLedger.NONE);
  }

  EvidenceFixtures(Path dir, CustodyLedger extra) throws IOException {
    store = EvidenceStore.open(dir.resolve("us-data").resolve("evidence"), 1 << 20);
    packages =
        EvidencePackages.open(
            store, "us", US, CLOCK,
            e -> {
              extra.record(e);
              ledger.record(e);
            });
    files.add(file("fw-2026-03-01.log", "text/plain", "03-01 08:02 DROP 203.0.113.7 -> 10.0.0.5:502\n".repeat(40)));
    files.add(file("c2-netflow.csv", "text/csv", "start,src,dst,bytes\n2026-03-01T08:02:11Z,203.0.113.7,...\n"));
    files.add(file("subscriber.json", "application/json", "{\"ip\":\"203.0.113.7\",\"subscriber\":\"ACME VPS\"}"));
  }

  EvidenceFile file(String name, String type, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    StoredFile f = store.put(new ByteArrayInputStream(bytes));
    return new EvidenceFile(name, type, f.size(), f.sha256());
  }

  EvidencePackage create() throws IOException {
    return packages.create(REQUEST, "cn", files, "analyst.jones@us");
  }

  /** A package transferred to cn, one file downloaded, then exported to {@code target}. */
  EvidencePackage exported(Path target) throws IOException {
    EvidencePackage p = create();
    packages.transferred(p.id(), "cn", "node us");
    packages.download(p.id(), files.get(0).sha256(), "investigator.li@cn", "cn").close();
    return packages.export(p.id(), target, "analyst.jones@us");
  }
}
