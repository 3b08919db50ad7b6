package org.accord.stix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The OASIS STIX 2.1 examples (src/test/resources/oasis-examples) are valid and survive a JSON round trip. */
class OasisExamplesTest {
  private final Validator validator = new Validator();

  static Stream<Path> exampleFiles() throws IOException, URISyntaxException {
    Path root = Path.of(OasisExamplesTest.class.getResource("/oasis-examples/examples").toURI());
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> json = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertThat(json).hasSizeGreaterThanOrEqualTo(8);
      return json.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("exampleFiles")
  void everyExampleValidatesWithoutViolations(Path file) throws IOException {
    JsonNode tree = read(file);
    ValidationReport report = validator.validate(tree);
    assertThat(report.violations()).as(file.getFileName().toString()).isEmpty();
    assertThat(report.isValid()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("exampleFiles")
  void everyExampleObjectReadThroughBundleReaderSerialisesBackEqual(Path file) throws IOException {
    JsonNode tree = read(file);
    List<JsonNode> expected = tree.has("objects") ? List.copyOf(toList(tree.get("objects"))) : List.of(tree);
    try (InputStream in = Files.newInputStream(file); BundleReader reader = BundleReader.open(in)) {
      List<BundleItem> items = reader.stream().toList();
      assertThat(items).hasSameSizeAs(expected);
      for (int i = 0; i < items.size(); i++) {
        BundleItem.Parsed parsed = (BundleItem.Parsed) items.get(i);
        String text = StixObject.of(parsed.object()).toJson();
        assertThat(StixJson.mapper().readTree(text)).isEqualTo(expected.get(i));
      }
    }
  }

  private static List<JsonNode> toList(JsonNode array) {
    return Stream.iterate(0, i -> i < array.size(), i -> i + 1).map(array::get).toList();
  }

  private static JsonNode read(Path file) throws IOException {
    return StixJson.mapper().readTree(file.toFile());
  }
}
