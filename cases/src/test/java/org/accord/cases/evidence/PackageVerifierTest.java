package org.accord.cases.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.accord.cases.evidence.VerifyReport.Kind;
import org.accord.cases.evidence.VerifyReport.Problem;
import org.accord.ledger.Ed25519;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way of tampering with an exported package, detected and named precisely. */
class PackageVerifierTest {
  static final Map<String, PublicKey> PINNED = Map.of("us", EvidenceFixtures.US.getPublic());

  @TempDir Path dir;
  EvidenceFixtures f;
  EvidencePackage p;
  Path out;

  @BeforeEach
  void export() throws Exception {
    f = new EvidenceFixtures(dir);
    out = dir.resolve("package");
    p = f.exported(out);
  }

  VerifyReport verify(Path path) throws IOException {
    return PackageVerifier.verify(path, PINNED, true);
  }

  List<String> custodyLines() throws IOException {
    return new ArrayList<>(Files.readAllLines(out.resolve("custody.jsonl"), StandardCharsets.UTF_8));
  }

  void writeCustody(List<String> lines) throws IOException {
    Files.writeString(out.resolve("custody.jsonl"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  @Test
  void anIntactPackageVerifiesAsDirectoryAndAsZip() throws Exception {
    VerifyReport r = verify(out);
    assertThat(r.problems()).isEmpty();
    assertThat(r.warnings()).isEmpty();
    assertThat(r.lines().get(0))
        .isEqualTo("OK " + out + " (package " + p.id() + ", request " + EvidenceFixtures.REQUEST + ", from us to cn)");
    assertThat(r.checked()).hasSize(3 + 5);
    Path zip = dir.resolve("package.zip");
    f.packages.export(p.id(), zip, "jones");
    assertThat(verify(zip).intact()).isTrue();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      assertThat(z.stream().map(ZipEntry::getName))
          .containsExactlyInAnyOrder(
              "manifest.json", "custody.jsonl", "files/" + f.files.get(0).sha256(), "files/" + f.files.get(1).sha256(),
              "files/" + f.files.get(2).sha256());
    }
  }

  @Test
  void oneByteOfAFileChangedIsReportedWithTheExpectedAndTheActualHash() throws Exception {
    EvidenceFile file = f.files.get(1);
    Path stored = out.resolve("files").resolve(file.sha256());
    byte[] bytes = Files.readAllBytes(stored);
    bytes[5] ^= 1;
    Files.write(stored, bytes);
    String actual = EvidenceStoreTest.sha256(bytes);
    VerifyReport r = verify(out);
    assertThat(r.intact()).isFalse();
    assertThat(r.problems())
        .containsExactly(
            new Problem(Kind.ALTERED,
                "file 'c2-netflow.csv' (files/" + file.sha256() + ") is altered: expected sha256 " + file.sha256()
                    + " (" + file.size() + " bytes), found sha256 " + actual + " (" + file.size() + " bytes)"));
  }

  @Test
  void aMissingFileAndAnUnlistedOneAreNamed() throws Exception {
    EvidenceFile file = f.files.get(0);
    Files.delete(out.resolve("files").resolve(file.sha256()));
    Files.writeString(out.resolve("files").resolve("extra.txt"), "planted");
    assertThat(verify(out).problems())
        .containsExactly(
            new Problem(Kind.MISSING,
                "file 'fw-2026-03-01.log' (sha256 " + file.sha256() + ", " + file.size() + " bytes) is missing: no "
                    + "files/" + file.sha256()),
            new Problem(Kind.UNLISTED, "files/extra.txt is in the package but not in its manifest"));
  }

  @Test
  void aRemovedCustodyEntryBreaksTheChainWhereItWas() throws Exception {
    List<String> lines = custodyLines();
    lines.remove(2); // the transfer to cn
    writeCustody(lines);
    List<CustodyEntry> chain = p.custody();
    assertThat(verify(out).problems())
        .containsExactly(
            new Problem(Kind.CUSTODY,
                "custody entry 3 has seq 4 where 3 is expected: an entry was removed, inserted or moved"),
            new Problem(Kind.CUSTODY,
                "custody entry 3 links to " + chain.get(2).hash() + ", but entry 2 has hash " + chain.get(1).hash()
                    + ": the chain is broken between entries 2 and 3"),
            new Problem(Kind.CUSTODY,
                "custody entry 4 has seq 5 where 4 is expected: an entry was removed, inserted or moved"));
  }

  @Test
  void reorderedCustodyEntriesAreReported() throws Exception {
    List<String> lines = custodyLines();
    Collections.swap(lines, 3, 4);
    writeCustody(lines);
    List<Problem> problems = verify(out).problems();
    assertThat(problems)
        .extracting(Problem::message)
        .contains(
            "custody entry 4 has seq 5 where 4 is expected: an entry was removed, inserted or moved",
            "custody entry 5 has seq 4 where 5 is expected: an entry was removed, inserted or moved")
        .anyMatch(m -> m.startsWith("custody entry 4 links to " + p.custody().get(3).hash()));
  }

  @Test
  void anEntryReSignedByAnotherKeyIsReportedWithTheKeyItWasCheckedWith() throws Exception {
    CustodyEntry e = p.custody().get(2);
    CustodyEntry forged =
        CustodyEntry.sign(e.seq(), e.packageId(), e.time(), e.party(), e.actor(), e.action(), e.counterparty(),
            e.file(), e.previousHash(), EvidenceFixtures.FORGER.getPrivate());
    List<String> lines = custodyLines();
    lines.set(2, forged.toJson());
    writeCustody(lines);
    assertThat(verify(out).problems())
        .containsExactly(
            new Problem(Kind.CUSTODY,
                "custody entry 3: its signature does not verify with us's key "
                    + Ed25519.encodePublic(EvidenceFixtures.US.getPublic()) + " (pinned): signed by another key, "
                    + "or edited"));
  }

  @Test
  void anEditedEntryWhoseHashWasNotRecomputedIsReported() throws Exception {
    List<String> lines = custodyLines();
    lines.set(3, lines.get(3).replace("investigator.li@cn", "investigator.wu@cn"));
    writeCustody(lines);
    assertThat(verify(out).problems())
        .extracting(Problem::message)
        .containsExactly(
            // The signature covers the hash, which was left as signed: the hash check is what catches the edit.
            "custody entry 4: its hash " + p.custody().get(3).hash()
                + " does not match its content (edited after it was signed)");
  }

  /** A forger who swaps a file and rewrites the manifest's hash to match breaks the chain at its first link. */
  @Test
  void aManifestRewrittenToMatchAnAlteredFileBreaksTheFirstLink() throws Exception {
    EvidenceFile file = f.files.get(2);
    byte[] forged = "{\"ip\":\"203.0.113.7\",\"subscriber\":\"someone else\"}".getBytes(StandardCharsets.UTF_8);
    String forgedHash = EvidenceStoreTest.sha256(forged);
    Files.delete(out.resolve("files").resolve(file.sha256()));
    Files.write(out.resolve("files").resolve(forgedHash), forged);
    Manifest m = p.manifest();
    List<EvidenceFile> files = new ArrayList<>(m.files());
    files.set(2, new EvidenceFile(file.name(), file.mediaType(), forged.length, forgedHash));
    Manifest rewritten = new Manifest(m.id(), m.requestId(), m.party(), m.recipient(), m.created(), files, m.keys());
    Files.write(out.resolve("manifest.json"), rewritten.bytes());
    assertThat(verify(out).problems())
        .containsExactly(
            new Problem(Kind.CUSTODY,
                "custody entry 1 links to " + m.digest() + ", but the manifest's digest is " + rewritten.digest()
                    + ": the manifest changed after custody began, or the chain is another package's"));
  }

  /**
   * A package forged whole — every entry re-signed by another key, which the manifest names — is consistent in
   * itself: without a pinned key it verifies with a warning that says so; with the real key pinned it is refused.
   */
  @Test
  void aPackageReSignedWholeByAnotherKeyIsCaughtOnlyByAPinnedKey() throws Exception {
    KeyPair forger = EvidenceFixtures.FORGER;
    Manifest m = p.manifest();
    Manifest rewritten =
        new Manifest(m.id(), m.requestId(), m.party(), m.recipient(), m.created(), m.files(),
            Map.of("us", Ed25519.encodePublic(forger.getPublic())));
    Files.write(out.resolve("manifest.json"), rewritten.bytes());
    List<String> lines = new ArrayList<>();
    String prev = rewritten.digest();
    for (CustodyEntry e : p.custody()) {
      CustodyEntry s = CustodyEntry.sign(e.seq(), e.packageId(), e.time(), e.party(), e.actor(), e.action(),
          e.counterparty(), e.file(), prev, forger.getPrivate());
      lines.add(s.toJson());
      prev = s.hash();
    }
    writeCustody(lines);

    VerifyReport unpinned = PackageVerifier.verify(out, Map.of(), false);
    assertThat(unpinned.intact()).isTrue();
    assertThat(unpinned.warnings())
        .containsExactly(
            "us's signatures were checked with the key the package itself names ("
                + Ed25519.encodePublic(forger.getPublic()) + "): give --key us=ed25519:... to pin it");
    assertThat(PackageVerifier.verify(out, Map.of(), true).intact()).isFalse();

    VerifyReport pinned = verify(out);
    assertThat(pinned.problems().get(0))
        .isEqualTo(new Problem(Kind.KEY,
            "the manifest names key " + Ed25519.encodePublic(forger.getPublic()) + " for us, the pinned key is "
                + Ed25519.encodePublic(EvidenceFixtures.US.getPublic())));
    assertThat(pinned.problems()).hasSize(1 + 5);
  }

  @Test
  void aCutCustodyFileIsReportedAndTheWholeLinesBeforeTheCutAreStillChecked() throws Exception {
    byte[] bytes = Files.readAllBytes(out.resolve("custody.jsonl"));
    Files.write(out.resolve("custody.jsonl"), java.util.Arrays.copyOf(bytes, bytes.length - 40));
    VerifyReport r = verify(out);
    assertThat(r.problems())
        .extracting(Problem::message)
        .containsExactly("custody.jsonl does not end with a line feed: its last line is cut or was edited");
    assertThat(r.checked()).hasSize(3 + 4);
  }

  @Test
  void aFileAlteredInsideAZipIsReported() throws Exception {
    Path zip = dir.resolve("package.zip");
    f.packages.export(p.id(), zip, "jones");
    Path altered = dir.resolve("altered.zip");
    String target = "files/" + f.files.get(0).sha256();
    try (ZipFile in = new ZipFile(zip.toFile());
        OutputStream os = Files.newOutputStream(altered);
        ZipOutputStream z = new ZipOutputStream(os)) {
      for (ZipEntry e : Collections.list(in.entries())) {
        z.putNextEntry(new ZipEntry(e.getName()));
        try (InputStream is = in.getInputStream(e)) {
          byte[] b = is.readAllBytes();
          if (e.getName().equals(target)) {
            b[0] ^= 0x20;
          }
          z.write(b);
        }
        z.closeEntry();
      }
    }
    assertThat(verify(altered).problems())
        .singleElement()
        .satisfies(pr -> assertThat(pr.message()).startsWith("file 'fw-2026-03-01.log' (" + target + ") is altered"));
  }

  /**
   * A zip holding two entries of one name: the central directory shows one, another unzip tool may extract the other.
   * Crafted by adding an entry whose name differs by one character, then renaming it in the bytes.
   */
  @Test
  void aZipWithTwoEntriesOfOneNameIsRefused() throws Exception {
    Path zip = dir.resolve("package.zip");
    f.packages.export(p.id(), zip, "jones");
    String target = "files/" + f.files.get(0).sha256();
    String decoy = "files/" + "Z" + f.files.get(0).sha256().substring(1);
    Path twice = dir.resolve("twice.zip");
    try (ZipFile in = new ZipFile(zip.toFile());
        OutputStream os = Files.newOutputStream(twice);
        ZipOutputStream z = new ZipOutputStream(os)) {
      for (ZipEntry e : Collections.list(in.entries())) {
        z.putNextEntry(new ZipEntry(e.getName()));
        try (InputStream is = in.getInputStream(e)) {
          z.write(is.readAllBytes());
        }
        z.closeEntry();
      }
      z.putNextEntry(new ZipEntry(decoy));
      z.write("other logs".getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    String bytes = new String(Files.readAllBytes(twice), StandardCharsets.ISO_8859_1);
    Files.write(twice, bytes.replace(decoy, target).getBytes(StandardCharsets.ISO_8859_1));
    assertThat(verify(twice).problems())
        .contains(new Problem(Kind.UNLISTED, target + " appears more than once in the zip"));
  }

  @Test
  void somethingThatIsNoPackageIsRefusedPlainly() throws Exception {
    Path junk = dir.resolve("junk.zip");
    Files.writeString(junk, "not a zip");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> verify(junk))
        .isInstanceOf(EvidenceException.class)
        .hasMessageStartingWith(junk + " is neither a package directory nor a readable zip file");
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertThat(verify(empty).problems())
        .containsExactly(new Problem(Kind.MANIFEST, "manifest.json is missing: nothing can be checked"));
  }
}
