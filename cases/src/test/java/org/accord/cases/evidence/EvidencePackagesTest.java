package org.accord.cases.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import org.accord.ledger.Entry;
import org.accord.ledger.EntryKind;
import org.accord.ledger.Ledger;
import org.accord.ledger.LedgerVerifier;
import org.accord.ledger.ObjectRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packages of one node: made whole, every access a signed custody entry, written ahead to the ledger seam. */
class EvidencePackagesTest {
  @TempDir Path dir;

  @Test
  void aPackageBeginsItsChainWithCollectedAndStoredAndEveryActionAddsASignedLink() throws Exception {
    EvidenceFixtures f = new EvidenceFixtures(dir);
    EvidencePackage exported = f.exported(dir.resolve("out"));
    assertThat(exported.custody())
        .extracting(CustodyEntry::action)
        .containsExactly(
            CustodyAction.COLLECTED, CustodyAction.STORED, CustodyAction.TRANSFERRED, CustodyAction.DOWNLOADED,
            CustodyAction.EXPORTED);
    List<CustodyEntry> chain = exported.custody();
    assertThat(chain.get(0).previousHash()).isEqualTo(exported.manifest().digest());
    for (int i = 1; i < chain.size(); i++) {
      assertThat(chain.get(i).previousHash()).isEqualTo(chain.get(i - 1).hash());
      assertThat(chain.get(i).seq()).isEqualTo(i + 1);
    }
    assertThat(chain)
        .allMatch(CustodyEntry::hashValid)
        .allMatch(e -> e.signatureValid(EvidenceFixtures.US.getPublic()));
    assertThat(chain.get(2).counterparty()).isEqualTo("cn");
    assertThat(chain.get(3).file()).isEqualTo(f.files.get(0).sha256());
    assertThat(chain.get(3).actor()).isEqualTo("investigator.li@cn");
    // The ledger seam got every entry, in order, and the package as held is the export's.
    assertThat(f.ledger.entries()).isEqualTo(chain);
    assertThat(f.packages.find(exported.id())).contains(exported);
    assertThat(f.packages.forRequest(EvidenceFixtures.REQUEST)).containsExactly(exported.id());
    assertThat(exported.manifest().keys()).containsOnlyKeys("us");
    // The export is its holder's alone, like the node's files.
    for (Path file : List.of(
        dir.resolve("out/manifest.json"), dir.resolve("out/custody.jsonl"),
        dir.resolve("out/files").resolve(f.files.get(0).sha256()))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("out")))).isEqualTo("rwx------");
  }

  @Test
  void aPackageGoesToTheRequestingPartyOnly() throws Exception {
    EvidenceFixtures f = new EvidenceFixtures(dir);
    EvidencePackage p = f.create();
    assertThatThrownBy(() -> f.packages.transferred(p.id(), "eu", "node us"))
        .isInstanceOf(EvidenceException.class)
        .hasMessage("package " + p.id() + " goes to the requesting party cn only, not to eu");
    assertThat(f.packages.find(p.id()).orElseThrow().custody()).hasSize(2);
    assertThat(f.ledger.entries()).hasSize(2);
  }

  @Test
  void aFileNotInTheStoreOrOfAnotherSizeCannotBePackaged() throws Exception {
    EvidenceFixtures f = new EvidenceFixtures(dir);
    EvidenceFile absent = new EvidenceFile("x.log", "text/plain", 3, "ab".repeat(32));
    assertThatThrownBy(() -> f.packages.create(EvidenceFixtures.REQUEST, "cn", List.of(absent), "jones"))
        .hasMessage("file x.log: no evidence file with sha256 " + "ab".repeat(32) + " is stored; upload it first");
    EvidenceFile wrongSize = new EvidenceFile("y.log", "text/plain", 1, f.files.get(1).sha256());
    assertThatThrownBy(() -> f.packages.create(EvidenceFixtures.REQUEST, "cn", List.of(wrongSize), "jones"))
        .hasMessageContaining("has " + f.files.get(1).size() + " bytes, not 1");
    assertThat(f.ledger.entries()).isEmpty();
    try (var s = Files.list(f.store.root().resolve("packages"))) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void aDownloadIsRecordedBeforeTheFileIsOpenedAndAFailingLedgerStopsIt() throws Exception {
    boolean[] fail = {false};
    EvidenceFixtures f =
        new EvidenceFixtures(
            dir,
            e -> {
              if (fail[0]) {
                throw new IOException("ledger unavailable");
              }
            });
    EvidencePackage p = f.create();
    String hash = f.files.get(2).sha256();
    try (InputStream in = f.packages.download(p.id(), hash, "li@cn", "cn")) {
      assertThat(in.readAllBytes()).hasSize((int) f.files.get(2).size());
    }
    fail[0] = true;
    assertThatThrownBy(() -> f.packages.download(p.id(), hash, "li@cn", "cn")).hasMessage("ledger unavailable");
    assertThatThrownBy(() -> f.packages.export(p.id(), dir.resolve("never"), "jones"))
        .hasMessage("ledger unavailable");
    assertThat(dir.resolve("never")).doesNotExist();
    assertThat(f.packages.find(p.id()).orElseThrow().custody()).hasSize(3);
    assertThatThrownBy(() -> f.packages.download(p.id(), "cd".repeat(32), "li@cn", "cn"))
        .hasMessage("package " + p.id() + " lists no file with sha256 " + "cd".repeat(32));
  }

  @Test
  void anExportNeverOverwritesAndAFailedCreationLeavesNoPackage() throws Exception {
    EvidenceFixtures f = new EvidenceFixtures(dir);
    EvidencePackage p = f.create();
    Files.createDirectory(dir.resolve("taken"));
    assertThatThrownBy(() -> f.packages.export(p.id(), dir.resolve("taken"), "jones"))
        .hasMessage("cannot export to " + dir.resolve("taken") + ": it exists");
    // A creation killed before its rename leaves a temporary directory, which the next open deletes.
    Path leftover = f.store.root().resolve("packages").resolve(EvidenceStore.TEMP_PREFIX + "killed");
    Files.createDirectories(leftover);
    Files.writeString(leftover.resolve("manifest.json"), "{}");
    EvidencePackages.open(f.store, "us", EvidenceFixtures.US, EvidenceFixtures.CLOCK, CustodyLedger.NONE);
    assertThat(leftover).doesNotExist();
  }

  /** The node's ledger as the seam: one EVIDENCE_ACCESSED entry per custody entry, committing to its hash. */
  @Test
  void theLedgerSeamWritesEachCustodyEntryIntoTheNodesLedger() throws Exception {
    Path file = dir.resolve("ledger.jsonl");
    try (Ledger ledger = Ledger.open(file, EvidenceFixtures.US, "us", Clock.systemUTC())) {
      EvidenceFixtures f = new EvidenceFixtures(dir, new LedgerCustody(ledger));
      EvidencePackage p = f.create();
      CustodyEntry sent = f.packages.transferred(p.id(), "cn", "node us");
      List<Entry> entries = ledger.entriesWith("cn");
      assertThat(entries).hasSize(1);
      Entry e = entries.get(0);
      assertThat(e.kind()).isEqualTo(EntryKind.EVIDENCE_ACCESSED);
      assertThat(e.objects()).containsExactly(new ObjectRef(p.id(), "3"));
      assertThat(e.payloadHash()).isEqualTo(sent.hash());
    }
    assertThat(LedgerVerifier.verify(file, EvidenceFixtures.US.getPublic()).ok()).isTrue();
  }
}
