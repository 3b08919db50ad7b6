package org.accord.stix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** src/test/resources/valid/every-type.jsonl: a valid object of every STIX 2.1 type, read as JSON lines. */
class EveryTypeTest {
  private static List<BundleItem> items() throws IOException {
    try (InputStream in = EveryTypeTest.class.getResourceAsStream("/valid/every-type.jsonl");
        BundleReader reader = BundleReader.open(in)) {
      assertThat(reader.format()).isEqualTo(BundleReader.Format.JSON_LINES);
      return reader.stream().toList();
    }
  }

  @Test
  void everyLineValidatesWithoutViolations() throws IOException {
    Validator validator = new Validator();
    List<BundleItem> items = items();
    assertThat(items).hasSizeGreaterThan(40).allMatch(BundleItem.Parsed.class::isInstance);
    for (BundleItem item : items) {
      ValidationReport r = validator.validate(((BundleItem.Parsed) item).object(), item.path());
      assertThat(r.violations()).as(item.path()).isEmpty();
    }
  }

  @Test
  void theFileCoversEveryTypeOfTheSpecification() throws IOException {
    Set<String> types = new TreeSet<>();
    for (BundleItem item : items()) {
      types.add(((BundleItem.Parsed) item).object().get("type").asText());
    }
    for (Kind kind : List.of(Kind.SDO, Kind.SRO, Kind.SCO, Kind.SMO)) {
      assertThat(types).containsAll(kind.types());
    }
    assertThat(Kind.SDO.types()).hasSize(19);
    assertThat(Kind.SRO.types()).hasSize(2);
    assertThat(Kind.SCO.types()).hasSize(18);
  }
}
