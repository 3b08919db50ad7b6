package org.accord.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reference's own outputs (ThreatExchange {@code pdq-photo-hasher}, see {@code pdq-vectors/PROVENANCE.md}):
 * identical pixels must give identical bits and quality, and from the original files, where JPEG decoders differ,
 * a hash of quality ≥ 80 must lie within Hamming distance 10 of the reference's.
 */
class PdqVectorsTest {
  static Path vectors() {
    try {
      return Path.of(PdqVectorsTest.class.getResource("/pdq-vectors/README.md").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String[]> csv(String name) {
    try (Stream<String> lines = Files.lines(vectors().resolve(name))) {
      return lines.filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split(",")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyExpectedRowMatchesTheReferenceBitForBit() {
    PdqHasher hasher = new PdqHasher();
    List<String[]> rows = csv("expected.csv");
    assertThat(rows).hasSize(17);
    List<String> mismatches = new ArrayList<>();
    for (String[] row : rows) {
      PdqResult r = hasher.hash(vectors().resolve("png").resolve(row[0]));
      String got = r.quality() + "," + r.hash().toHex();
      String want = row[1] + "," + row[2];
      if (!got.equals(want)) {
        mismatches.add(row[0] + ": got " + got + " want " + want + " (distance "
            + r.hash().distance(PdqHash.fromHex(row[2])) + ")");
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void everyDihedralRowMatchesTheReferenceBitForBit() {
    PdqHasher hasher = new PdqHasher();
    List<String[]> rows = csv("expected-dihedral.csv");
    assertThat(rows).hasSize(17);
    List<String> mismatches = new ArrayList<>();
    for (String[] row : rows) {
      DihedralHashes d = hasher.dihedral(vectors().resolve("png").resolve(row[0]));
      if (d.quality() != Integer.parseInt(row[1])) {
        mismatches.add(row[0] + ": quality " + d.quality() + " want " + row[1]);
      }
      for (Dihedral v : Dihedral.values()) {
        String want = row[2 + v.ordinal()];
        if (!d.get(v).toHex().equals(want)) {
          mismatches.add(row[0] + " " + v + ": got " + d.get(v).toHex() + " want " + want);
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  /**
   * ThreatExchange's rule for files, where decoders differ: quality ≥ 80 lands within distance 10 of the C++ tool's
   * hash. The C++ tool at the pinned commit decodes JPEG with libjpeg, as the JDK does, so the distance is in fact 0.
   */
  @Test
  void originalFilesOfQuality80LieWithinDistance10OfTheReferenceTool() {
    PdqHasher hasher = new PdqHasher();
    List<String> report = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (String[] row : csv("files/cpp-baefb4ed.csv")) {
      PdqResult r = hasher.hash(vectors().resolve("files").resolve(row[2]));
      int distance = r.hash().distance(PdqHash.fromHex(row[0]));
      report.add(row[2] + " q=" + r.quality() + " d=" + distance);
      if (r.quality() >= 80) {
        checked++;
        if (distance > 10) {
          failures.add(row[2] + ": quality " + r.quality() + ", distance " + distance + " from the reference tool");
        }
      }
    }
    assertThat(failures).as(String.join("; ", report)).isEmpty();
    assertThat(checked).as(String.join("; ", report)).isEqualTo(15);
  }

  /**
   * The hashes ThreatExchange's READMEs and tests state for the files ({@code MANIFEST.tsv}): with quality ≥ 80, each
   * lies within distance 10 of this hash, or no further from it than the C++ tool's own output at the pinned commit
   * is (two README hashes are 12 bits from the tool that printed them, see PROVENANCE.md).
   */
  @Test
  void statedHashesOfTheFilesAreNoFurtherThanFromTheReferenceToolItself() throws IOException {
    Map<String, String> tool = new LinkedHashMap<>();
    for (String[] row : csv("files/cpp-baefb4ed.csv")) {
      tool.put(row[2], row[0]);
    }
    PdqHasher hasher = new PdqHasher();
    List<String> failures = new ArrayList<>();
    int checked = 0;
    try (Stream<String> lines = Files.lines(vectors().resolve("files/MANIFEST.tsv"))) {
      for (String line : lines.filter(l -> !l.startsWith("#")).toList()) {
        String[] f = line.split("\t");
        boolean statedLow = !f[2].equals("-") && Integer.parseInt(f[2]) < 80;
        PdqResult r = hasher.hash(vectors().resolve("files").resolve(f[0]));
        if (statedLow || r.quality() < 80) {
          continue;
        }
        checked++;
        PdqHash stated = PdqHash.fromHex(f[1]);
        int ours = r.hash().distance(stated);
        int bound = tool.containsKey(f[0]) ? Math.max(10, PdqHash.fromHex(tool.get(f[0])).distance(stated)) : 10;
        if (ours > bound) {
          failures.add(f[0] + " (" + f[3] + "): distance " + ours + " > " + bound);
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(checked).isGreaterThanOrEqualTo(30);
  }
}
