package org.accord.hash.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.accord.hash.PdqHash;
import org.accord.hash.index.HammingIndex.Match;
import org.accord.hash.index.TestHashes.Entry;
import org.junit.jupiter.api.Test;

/**
 * The index on hashes of real, related images: ThreatExchange's PDQ test images (pdq-vectors/README.md), hashed by
 * the reference C++ tool. The bridge pictures are one photograph blurred, shrunk, squared, rotated and flipped.
 */
class PdqVectorsSearchTest {
  /** file → its hash (expected.csv). */
  static final Map<String, PdqHash> HASHES = read("expected.csv");
  /** file → its 8 dihedral hashes in the reference order (expected-dihedral.csv). */
  static final Map<String, List<PdqHash>> DIHEDRAL = readDihedral();

  @Test
  void everyFilesDihedralQueryAgreesWithBruteForceAtEveryDistance() {
    List<Entry> entries = new ArrayList<>();
    HammingIndex index = new HammingIndex();
    long id = 0;
    for (PdqHash h : HASHES.values()) {
      entries.add(new Entry(id, h));
      index.add(id++, h);
    }
    for (List<PdqHash> variants : DIHEDRAL.values()) {
      for (PdqHash h : variants) {
        entries.add(new Entry(id, h));
        index.add(id++, h);
      }
    }
    for (List<PdqHash> variants : DIHEDRAL.values()) {
      for (int d : new int[] {0, 10, 31, 40, 63, 90}) {
        assertThat(index.search(variants, d)).isEqualTo(TestHashes.bruteForce(entries, variants, d));
      }
    }
  }

  @Test
  void rotatedAndFlippedCopiesFindTheOriginalThroughTheirVariants() {
    HammingIndex index = new HammingIndex();
    PdqHash original = HASHES.get("dih_bridge-1-original.png");
    index.add(1, original);
    index.add(2, HASHES.get("pytx_rgb.png"));
    for (String file : HASHES.keySet()) {
      if (!file.startsWith("dih_bridge-")) {
        continue;
      }
      List<PdqHash> variants = DIHEDRAL.get(file);
      List<Match> found = index.search(variants, HammingIndex.DEFAULT_MAX_DISTANCE);
      assertThat(found).as(file).extracting(Match::id).containsExactly(1L);
      assertThat(found.get(0).distance()).as(file).isEqualTo(original.distance(variants.get(found.get(0).variant())));
      if (!file.equals("dih_bridge-1-original.png")) {
        assertThat(index.search(variants.get(0), 31)).as("%s without its variants", file).isEmpty();
      }
    }
  }

  @Test
  void editedCopiesOfTheBridgeMatchEachOtherAndNotTheOtherImages() {
    HammingIndex index = new HammingIndex();
    long id = 0;
    Map<Long, String> files = new TreeMap<>();
    for (Map.Entry<String, PdqHash> e : HASHES.entrySet()) {
      files.put(id, e.getKey());
      index.add(id++, e.getValue());
    }
    List<String> found = index.search(HASHES.get("bridge-mods_shrink-a-lot.png"), 31).stream()
        .map(m -> files.get(m.id()))
        .toList();
    assertThat(found).contains("bridge-mods_blur-a-lot.png", "bridge-mods_square-128x128.png",
        "dih_bridge-1-original.png").doesNotContain("pytx_rgb.png", "misc_wee.png", "misc_small.png");
  }

  private static Map<String, PdqHash> read(String name) {
    Map<String, PdqHash> out = new TreeMap<>();
    for (String[] row : rows(name)) {
      out.put(row[0], PdqHash.fromHex(row[2])); // file,quality,hash
    }
    return out;
  }

  private static Map<String, List<PdqHash>> readDihedral() {
    Map<String, List<PdqHash>> out = new TreeMap<>();
    for (String[] row : rows("expected-dihedral.csv")) {
      out.put(row[0], Arrays.stream(row, 2, 10).map(PdqHash::fromHex).toList());
    }
    return out;
  }

  private static List<String[]> rows(String name) {
    try (InputStream in = PdqVectorsSearchTest.class.getResourceAsStream("/pdq-vectors/" + name)) {
      List<String[]> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(line.trim().split(","));
        }
      }
      assertThat(out).as(name).hasSize(17);
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
