package org.accord.stix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BundleReaderTest {
  private static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static List<BundleItem> readAll(String s) throws IOException {
    try (BundleReader r = BundleReader.open(text(s))) {
      return r.stream().toList();
    }
  }

  @Test
  void bundleItemsCarryTheirArrayPath() throws IOException {
    String bundle = "{\n \"type\": \"bundle\",\n \"id\": \"bundle--44af6c39-c09b-49c5-9de2-394224b04982\",\n"
        + " \"objects\": [\n" + Fixtures.indicator() + ",\n" + Fixtures.ipv4() + "\n ]\n}\n";
    try (BundleReader r = BundleReader.open(text(bundle))) {
      List<BundleItem> items = r.stream().toList();
      assertThat(items).extracting(BundleItem::path).containsExactly("$.objects[0]", "$.objects[1]");
      assertThat(items).extracting(BundleItem::index).containsExactly(0L, 1L);
      assertThat(((BundleItem.Parsed) items.get(1)).object()).isEqualTo(Fixtures.ipv4());
      assertThat(r.format()).isEqualTo(BundleReader.Format.BUNDLE);
      assertThat(r.envelopeReport().isValid()).isTrue();
    }
  }

  @Test
  void membersAfterTheObjectsArrayAreStillChecked() throws IOException {
    String bundle = "{\"objects\": [" + Fixtures.ipv4() + "],\n \"id\": \"bundle--44af6c39-c09b-49c5-9de2-394224b04982\","
        + "\"type\": \"bundle\", \"spec_version\": \"2.1\"}";
    try (BundleReader r = BundleReader.open(text(bundle))) {
      assertThat(r.stream().count()).isEqualTo(1);
      assertThat(r.envelopeReport().warnings()).extracting(Violation::rule).containsExactly("deprecated-property");
    }
  }

  @Test
  void bareObjectIsOneItemAtRoot() throws IOException {
    String pretty = StixJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(Fixtures.indicator());
    try (BundleReader r = BundleReader.open(text(pretty))) {
      List<BundleItem> items = r.stream().toList();
      assertThat(items).singleElement().isInstanceOf(BundleItem.Parsed.class)
          .extracting(BundleItem::path).isEqualTo("$");
      assertThat(((BundleItem.Parsed) items.get(0)).object()).isEqualTo(Fixtures.indicator());
      assertThat(r.format()).isEqualTo(BundleReader.Format.OBJECT);
    }
  }

  @Test
  void malformedJsonLineDoesNotStopTheRest() throws IOException {
    String lines = Fixtures.indicator() + "\n{\"type\": \"ipv4-addr\", \"value\": }\n\n" + Fixtures.ipv4() + "\n";
    List<BundleItem> items = readAll(lines);
    assertThat(items).hasSize(3);
    assertThat(items.get(0)).isInstanceOf(BundleItem.Parsed.class).extracting(BundleItem::path).isEqualTo("line 1");
    assertThat(items.get(1)).isInstanceOfSatisfying(BundleItem.Malformed.class, m -> {
      assertThat(m.path()).isEqualTo("line 2");
      assertThat(m.line()).isEqualTo(2);
      assertThat(m.column()).isGreaterThan(30);
    });
    assertThat(items.get(2)).isInstanceOf(BundleItem.Parsed.class).extracting(BundleItem::path).isEqualTo("line 4");
  }

  @Test
  void brokenFirstLineStillReadsAsJsonLines() throws IOException {
    List<BundleItem> items = readAll("{\"type\": x}\n" + Fixtures.ipv4() + "\n");
    assertThat(items).hasSize(2);
    assertThat(items.get(0)).isInstanceOf(BundleItem.Malformed.class);
    assertThat(items.get(1)).isInstanceOf(BundleItem.Parsed.class);
  }

  @Test
  void duplicateKeysAreMalformed() throws IOException {
    List<BundleItem> items = readAll("{\"type\": \"ipv4-addr\", \"type\": \"url\"}\n" + Fixtures.ipv4() + "\n");
    assertThat(items.get(0)).isInstanceOfSatisfying(BundleItem.Malformed.class,
        m -> assertThat(m.message()).containsIgnoringCase("duplicate"));
  }

  @Test
  void malformedBundleStopsWithLineAndColumn() throws IOException {
    String bundle = "{\n \"type\": \"bundle\",\n \"objects\": [\n" + Fixtures.ipv4() + ",\n  {\"type\": \"url\",, }\n ]\n}";
    List<BundleItem> items = readAll(bundle);
    assertThat(items).hasSize(2);
    assertThat(items.get(1)).isInstanceOfSatisfying(BundleItem.Malformed.class, m -> {
      assertThat(m.line()).isEqualTo(5);
      assertThat(m.column()).isEqualTo(18);
      assertThat(m.path()).isEqualTo("$.objects[1]");
    });
  }

  @Test
  void nonObjectArrayItemIsReportedAndReadingContinues() throws IOException {
    String bundle = "{\"type\":\"bundle\",\"id\":\"bundle--44af6c39-c09b-49c5-9de2-394224b04982\",\n\"objects\":[42,"
        + Fixtures.ipv4() + "]}";
    List<BundleItem> items = readAll(bundle);
    assertThat(items).hasSize(2);
    assertThat(items.get(0)).isInstanceOf(BundleItem.Malformed.class);
    assertThat(items.get(1)).isInstanceOf(BundleItem.Parsed.class);
  }

  @Test
  void readsLazilyWithoutConsumingTheWholeInput() throws IOException {
    // An endless bundle: the reader must hand out the first items without reaching the end.
    AtomicLong served = new AtomicLong();
    byte[] item = (Fixtures.ipv4() + ",\n").getBytes(StandardCharsets.UTF_8);
    InputStream endless = new InputStream() {
      private int pos = item.length;

      @Override
      public int read() {
        if (pos == item.length) {
          pos = 0;
          served.incrementAndGet();
        }
        return item[pos++];
      }
    };
    InputStream in = new SequenceInputStream(Collections.enumeration(List.of(
        text("{\n\"type\": \"bundle\",\n\"objects\": [\n"), endless)));
    try (BundleReader r = BundleReader.open(in)) {
      assertThat(r.stream().limit(1000).filter(BundleItem.Parsed.class::isInstance).count()).isEqualTo(1000);
    }
    assertThat(served.get()).isLessThan(30_000); // ~1 MiB sniff window + 64 KiB buffers, not the whole stream
  }

  @Test
  void validatingReadItemsNamesTheirPaths() throws IOException {
    String lines = Fixtures.indicator() + "\n" + Fixtures.ipv4().put("value", "300.1.1.1") + "\n";
    Validator validator = new Validator();
    try (BundleReader r = BundleReader.open(text(lines))) {
      List<Violation> violations = r.stream()
          .map(i -> validator.validate(((BundleItem.Parsed) i).object(), i.path()))
          .flatMap(rep -> rep.violations().stream()).toList();
      assertThat(violations).extracting(Violation::path).contains("line 2.value");
    }
  }
}
