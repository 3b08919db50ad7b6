package org.accord.cases.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Any single-byte change to any file of an exported package — a file's content, the manifest, the custody chain,
 * line ends included — makes the package fail verification. The package is exported once; each try writes a copy with
 * one byte replaced by another value and verifies it.
 */
class PackageTamperProperties {
  static Path root;
  static Map<String, byte[]> pristine;
  static List<String> names;
  static long total;

  @BeforeContainer
  static void export() throws IOException {
    root = Files.createTempDirectory("accord-tamper");
    EvidenceFixtures f = new EvidenceFixtures(root);
    Path out = root.resolve("package");
    f.exported(out);
    pristine = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(out)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        pristine.put(out.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    names = new ArrayList<>(pristine.keySet());
    total = pristine.values().stream().mapToLong(b -> b.length).sum();
  }

  @AfterContainer
  static void clean() throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Property(tries = 400)
  void anySingleByteChangeIsDetected(
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int position,
      @ForAll @IntRange(min = 1, max = 255) int delta)
      throws IOException {
    long at = position % total;
    Path copy = Files.createTempDirectory(root, "try");
    String changed = null;
    for (String name : names) {
      byte[] bytes = pristine.get(name).clone();
      if (changed == null && at < bytes.length) {
        bytes[(int) at] = (byte) (bytes[(int) at] + delta); // another value: delta is 1..255
        changed = name + " byte " + at;
      } else if (changed == null) {
        at -= bytes.length;
      }
      Path p = copy.resolve(name);
      Files.createDirectories(p.getParent());
      Files.write(p, bytes);
    }
    VerifyReport r = PackageVerifier.verify(copy, Map.of("us", EvidenceFixtures.US.getPublic()), true);
    assertThat(r.intact()).as(changed).isFalse();
  }

  @Property(tries = 1)
  void theUntouchedPackageVerifies() throws IOException {
    Path copy = Files.createTempDirectory(root, "pristine");
    for (String name : names) {
      Path p = copy.resolve(name);
      Files.createDirectories(p.getParent());
      Files.write(p, pristine.get(name));
    }
    assertThat(PackageVerifier.verify(copy, Map.of("us", EvidenceFixtures.US.getPublic()), true).intact()).isTrue();
  }
}
