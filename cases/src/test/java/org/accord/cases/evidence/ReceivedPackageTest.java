package org.accord.cases.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.accord.ledger.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The requesting node takes in the answering node's export: checked whole, stored, and its own link signed. */
class ReceivedPackageTest {
  static final KeyPair CN = Ed25519.generate();

  @TempDir Path dir;

  private EvidencePackages requester(CustodyLedger.InMemory ledger) {
    EvidenceStore store = EvidenceStore.open(dir.resolve("cn-data").resolve("evidence"), 1 << 20);
    return EvidencePackages.open(store, "cn", CN, EvidenceFixtures.CLOCK, ledger);
  }

  @Test
  void theRequesterKeepsTheChainAsReceivedAndSignsItsReceipt() throws Exception {
    EvidenceFixtures us = new EvidenceFixtures(dir);
    EvidencePackage sent = us.create();
    us.packages.transferred(sent.id(), "cn", "node us");
    Path zip = dir.resolve("p.zip");
    EvidencePackage exported = us.packages.export(sent.id(), zip, "peer cn");
    CustodyLedger.InMemory ledger = new CustodyLedger.InMemory();
    EvidencePackages cn = requester(ledger);

    EvidencePackage got = cn.receive(zip, "us", EvidenceFixtures.US.getPublic(), "node cn");

    assertThat(got.manifest()).isEqualTo(exported.manifest());
    assertThat(got.custody()).hasSize(exported.custody().size() + 1);
    assertThat(got.custody().subList(0, exported.custody().size())).isEqualTo(exported.custody());
    CustodyEntry receipt = got.custody().get(got.custody().size() - 1);
    assertThat(receipt.action()).isEqualTo(CustodyAction.RECEIVED);
    assertThat(receipt.party()).isEqualTo("cn");
    assertThat(receipt.counterparty()).isEqualTo("us");
    assertThat(receipt.previousHash()).isEqualTo(exported.custody().get(exported.custody().size() - 1).hash());
    assertThat(receipt.signatureValid(CN.getPublic())).isTrue();
    assertThat(ledger.entries()).containsExactly(receipt);
    // Held like a package of its own: found by request, its files readable, and a second delivery changes nothing.
    assertThat(cn.forRequest(EvidenceFixtures.REQUEST)).containsExactly(got.id());
    try (InputStream in = cn.download(got.id(), us.files.get(0).sha256(), "investigator.li@cn", null)) {
      assertThat(in.readAllBytes()).hasSize((int) us.files.get(0).size());
    }
    assertThat(cn.receive(zip, "us", EvidenceFixtures.US.getPublic(), "node cn").custody()).hasSize(got.custody()
        .size() + 1); // the download above, no second receipt
    // The requester's export verifies with both parties' keys pinned, and names the requester's key as missing else.
    Path again = dir.resolve("again.zip");
    cn.export(got.id(), again, "investigator.li@cn");
    Map<String, java.security.PublicKey> both = Map.of("us", EvidenceFixtures.US.getPublic(), "cn", CN.getPublic());
    assertThat(PackageVerifier.verify(again, both, true).intact()).isTrue();
    assertThat(PackageVerifier.verify(again, Map.of("us", EvidenceFixtures.US.getPublic()), true).problems())
        .anySatisfy(p -> assertThat(p.message()).contains("signed by cn"));
  }

  @Test
  void aPackageFiledUnderAnotherRequestThanTheOneFetchedForIsRefusedAndNothingIsKept() throws Exception {
    EvidenceFixtures us = new EvidenceFixtures(dir);
    EvidencePackage sent = us.create();
    Path zip = dir.resolve("p.zip");
    us.packages.export(sent.id(), zip, "peer cn");
    CustodyLedger.InMemory ledger = new CustodyLedger.InMemory();
    EvidencePackages cn = requester(ledger);
    String asked = "assistance-request--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    assertThatThrownBy(() -> cn.receive(zip, asked, "us", EvidenceFixtures.US.getPublic(), "node cn"))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("answers request " + EvidenceFixtures.REQUEST)
        .hasMessageContaining("not request " + asked);
    assertThat(ledger.entries()).isEmpty();
    assertThat(cn.forRequest(EvidenceFixtures.REQUEST)).isEmpty();
    // Fetched for the request it answers, it is taken in.
    assertThat(cn.receive(zip, EvidenceFixtures.REQUEST, "us", EvidenceFixtures.US.getPublic(), "node cn").id())
        .isEqualTo(sent.id());
  }

  @Test
  void anAlteredFileOrAnotherSignerOrAnotherRecipientIsRefusedAndNothingIsKept() throws Exception {
    EvidenceFixtures us = new EvidenceFixtures(dir);
    EvidencePackage sent = us.create();
    Path zip = dir.resolve("p.zip");
    us.packages.export(sent.id(), zip, "peer cn");
    CustodyLedger.InMemory ledger = new CustodyLedger.InMemory();
    EvidencePackages cn = requester(ledger);

    Path altered = dir.resolve("altered.zip");
    rewrite(zip, altered, us.files.get(0).sha256());
    assertThatThrownBy(() -> cn.receive(altered, "us", EvidenceFixtures.US.getPublic(), "node cn"))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("not intact")
        .hasMessageContaining(us.files.get(0).sha256());
    assertThatThrownBy(() -> cn.receive(zip, "us", EvidenceFixtures.FORGER.getPublic(), "node cn"))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("KEY");
    EvidencePackages other =
        EvidencePackages.open(EvidenceStore.open(dir.resolve("fr").resolve("evidence"), 1 << 20), "fr", CN,
            EvidenceFixtures.CLOCK, CustodyLedger.NONE);
    assertThatThrownBy(() -> other.receive(zip, "us", EvidenceFixtures.US.getPublic(), "node fr"))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("for cn");
    assertThat(ledger.entries()).isEmpty();
    assertThat(cn.forRequest(EvidenceFixtures.REQUEST)).isEmpty();
    try (var left = Files.list(dir.resolve("cn-data").resolve("evidence").resolve("packages"))) {
      assertThat(left.toList()).isEmpty();
    }
  }

  /** A package re-made under the id of one held (another manifest, signed as the sender): refused, the held one kept. */
  @Test
  void anotherPackageUnderAHeldIdIsRefused() throws Exception {
    EvidenceFixtures us = new EvidenceFixtures(dir);
    Path zip = dir.resolve("p.zip");
    EvidencePackage sent = us.create();
    us.packages.export(sent.id(), zip, "peer cn");
    EvidencePackages cn = requester(new CustodyLedger.InMemory());
    EvidencePackage kept = cn.receive(zip, "us", EvidenceFixtures.US.getPublic(), "node cn");

    // US's node makes a second package and renames it to the first one's id, re-signing the chain: intact as a zip.
    EvidenceFixtures again = new EvidenceFixtures(dir.resolve("again"));
    Manifest other = again.create().manifest();
    Manifest renamed = new Manifest(kept.id(), other.requestId(), other.party(), other.recipient(),
        other.created().plusSeconds(1), other.files(), other.keys());
    CustodyEntry collected = CustodyEntry.sign(1, kept.id(), renamed.created(), "us", "analyst.jones@us",
        CustodyAction.COLLECTED, null, null, renamed.digest(), EvidenceFixtures.US.getPrivate());
    Path forged = dir.resolve("forged.zip");
    try (OutputStream os = Files.newOutputStream(forged); ZipOutputStream out = new ZipOutputStream(os)) {
      out.putNextEntry(new ZipEntry("manifest.json"));
      out.write(renamed.bytes());
      out.putNextEntry(new ZipEntry("custody.jsonl"));
      out.write((collected.toJson() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (EvidenceFile f : renamed.files()) {
        out.putNextEntry(new ZipEntry("files/" + f.sha256()));
        try (InputStream in = again.store.open(f.sha256())) {
          in.transferTo(out);
        }
      }
    }
    assertThat(PackageVerifier.verify(forged, Map.of("us", EvidenceFixtures.US.getPublic()), true).intact()).isTrue();

    assertThatThrownBy(() -> cn.receive(forged, "us", EvidenceFixtures.US.getPublic(), "node cn"))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("holds another package under that id");
    assertThat(cn.find(kept.id()).orElseThrow().manifest()).isEqualTo(kept.manifest());
  }

  /** A copy of {@code zip} whose entry for {@code sha256} has one byte changed. */
  private static void rewrite(Path zip, Path target, String sha256) throws Exception {
    try (ZipFile in = new ZipFile(zip.toFile());
        OutputStream os = Files.newOutputStream(target);
        ZipOutputStream out = new ZipOutputStream(os)) {
      Enumeration<? extends ZipEntry> entries = in.entries();
      for (ZipEntry e : List.copyOf(java.util.Collections.list(entries))) {
        byte[] b = in.getInputStream(e).readAllBytes();
        if (e.getName().endsWith(sha256)) {
          b[0] ^= 1;
        }
        out.putNextEntry(new ZipEntry(e.getName()));
        out.write(b);
        out.closeEntry();
      }
    }
  }
}
