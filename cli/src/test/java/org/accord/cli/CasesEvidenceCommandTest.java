package org.accord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import org.accord.cases.evidence.CustodyLedger;
import org.accord.cases.evidence.EvidenceFile;
import org.accord.cases.evidence.EvidencePackage;
import org.accord.cases.evidence.EvidencePackages;
import org.accord.cases.evidence.EvidenceStore;
import org.accord.cases.evidence.StoredFile;
import org.accord.cli.CliTest.Run;
import org.accord.ledger.Ed25519;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code accord cases evidence verify}: a package exported by us's node, checked as cn or a court would. */
class CasesEvidenceCommandTest {
  static final KeyPair US = Ed25519.generate();

  @TempDir Path dir;
  Path pkg;
  EvidencePackage exported;
  String usKey = Ed25519.encodePublic(US.getPublic());

  @BeforeEach
  void export() throws Exception {
    EvidenceStore store = EvidenceStore.open(dir.resolve("evidence"), 1 << 20);
    EvidencePackages packages = EvidencePackages.open(store, "us", US, Clock.systemUTC(), CustodyLedger.NONE);
    byte[] logs = "03-01 08:02 DROP 203.0.113.7 -> 10.0.0.5:502\n".getBytes(StandardCharsets.UTF_8);
    StoredFile f = store.put(new ByteArrayInputStream(logs));
    EvidencePackage p =
        packages.create(
            "assistance-request--6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e", "cn",
            List.of(new EvidenceFile("fw.log", "text/plain", f.size(), f.sha256())), "jones@us");
    pkg = dir.resolve("package.zip");
    exported = packages.export(p.id(), pkg, "jones@us");
  }

  @Test
  void anIntactPackageVerifiesWithItsPinnedKeyAndExitsZero() {
    Run r = CliTest.run("cases", "evidence", "verify", pkg.toString(), "--key", "us=" + usKey);
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("OK " + pkg + " (package " + exported.id());
    assertThat(r.out()).contains("ok custody entry 3: exported by jones@us").doesNotContain("WARNING");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void withoutAPinnedKeyTheReportSaysWhichKeyWasTrusted() {
    Run r = CliTest.run("cases", "evidence", "verify", pkg.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("WARNING us's signatures were checked with the key the package itself names");
    Run strict = CliTest.run("cases", "evidence", "verify", pkg.toString(), "--require-pinned");
    assertThat(strict.exit()).isEqualTo(Main.INVALID_INPUT);
  }

  @Test
  void anAlteredFileExitsOneWithTheReportOnStdoutAndTheVerdictOnStderr() throws Exception {
    Path unpacked = dir.resolve("unpacked");
    Files.createDirectories(unpacked.resolve("files"));
    try (var zip = new java.util.zip.ZipFile(pkg.toFile())) {
      for (var e : java.util.Collections.list(zip.entries())) {
        byte[] b = zip.getInputStream(e).readAllBytes();
        if (e.getName().startsWith("files/")) {
          b[b.length - 2] = 'X';
        }
        Files.write(unpacked.resolve(e.getName()), b);
      }
    }
    Run r = CliTest.run("cases", "evidence", "verify", unpacked.toString(), "--key", "us=" + usKey);
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.out()).startsWith("BROKEN " + unpacked).contains("ALTERED file 'fw.log'");
    assertThat(r.err()).isEqualTo("accord: evidence package " + unpacked + " is not intact: 1 problem(s), listed "
        + "above" + System.lineSeparator());
  }

  @Test
  void aPinnedKeyThatIsNotTheSignersFailsAndABadKeyIsAUsageError() {
    String other = Ed25519.encodePublic(Ed25519.generate().getPublic());
    Run r = CliTest.run("cases", "evidence", "verify", pkg.toString(), "--key", "us=" + other);
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.out()).contains("KEY the manifest names key " + usKey + " for us, the pinned key is " + other);
    assertThat(CliTest.run("cases", "evidence", "verify", pkg.toString(), "--key", "us=nokey").exit())
        .isEqualTo(Main.USAGE);
  }

  @Test
  void somethingThatIsNoPackageExitsOne() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.zip"), "junk");
    Run r = CliTest.run("cases", "evidence", "verify", junk.toString());
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).startsWith("accord: evidence: " + junk + " is neither a package directory");
  }
}
