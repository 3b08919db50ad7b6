package org.accord.sensor.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.accord.sensor.flow.Addresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvGeoTest {
  private static final String SAMPLE =
      """
      start,end,country,asn,as_org
      # documentation ranges (RFC 5737, RFC 3849)
      198.51.100.0,198.51.100.255,DE,64500,Example Carrier GmbH

      203.0.113.0/25,,cn,AS64501,"Example Net, Ltd."
      203.0.113.128/25,,CN,64501,"Example Net, Ltd."
      192.0.2.0/24,,US
      2001:db8:1::/48,,US,64502,Example Cloud
      2001:db8:2::,2001:db8:2::ff,,64503,"The ""Quoted"" AS"
      """;

  @Test
  void rangesInStartEndAndCidrFormAnswerTheirRow() throws IOException {
    CsvGeo geo = parse(SAMPLE);
    assertThat(geo.lookupV4(v4("198.51.100.0"))).isEqualTo(new Geo("DE", 64500, "Example Carrier GmbH"));
    assertThat(geo.lookupV4(v4("198.51.100.255"))).isEqualTo(new Geo("DE", 64500, "Example Carrier GmbH"));
    assertThat(geo.lookupV4(v4("203.0.113.200"))).isEqualTo(new Geo("CN", 64501, "Example Net, Ltd."));
    assertThat(geo.lookupV4(v4("192.0.2.1"))).isEqualTo(new Geo("US", 0, ""));
    assertThat(geo.lookupV6(0x2001_0db8_0001_0000L, 99)).isEqualTo(new Geo("US", 64502, "Example Cloud"));
    assertThat(geo.lookupV6(0x2001_0db8_0002_0000L, 0xff)).isEqualTo(new Geo("", 64503, "The \"Quoted\" AS"));
  }

  @Test
  void addressesOutsideTheRangesAreUnknown() throws IOException {
    CsvGeo geo = parse(SAMPLE);
    assertThat(geo.lookupV4(v4("198.51.101.0"))).isSameAs(Geo.UNKNOWN);
    assertThat(geo.lookupV4(v4("198.51.99.255"))).isSameAs(Geo.UNKNOWN);
    assertThat(geo.lookupV6(0x2001_0db8_0002_0000L, 0x100)).isSameAs(Geo.UNKNOWN);
  }

  @Test
  void equalAnswersAreOneSharedInstanceSoLookupsDoNotAllocate() throws IOException {
    CsvGeo geo = parse(SAMPLE);
    assertThat(geo.lookupV4(v4("203.0.113.1"))).isSameAs(geo.lookupV4(v4("203.0.113.129")));
  }

  @Test
  void readsAFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("ranges.csv"), SAMPLE);
    assertThat(CsvGeo.read(file).lookupV4(v4("198.51.100.9")).country()).isEqualTo("DE");
  }

  @Test
  void overlappingRangesAreRefused() {
    assertThatThrownBy(() -> parse("10.0.0.0/8,,DE\n10.1.0.0,10.1.0.9,FR\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test.csv")
        .hasMessageContaining("overlapping");
  }

  @Test
  void malformedLinesAreRefusedNamingTheLine() {
    assertThatThrownBy(() -> parse("10.0.0.0/8,,DEU\n")).hasMessageContaining("line 1").hasMessageContaining("country");
    assertThatThrownBy(() -> parse("# c\n10.0.0.0/8,,DE,sixty\n"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("asn");
    assertThatThrownBy(() -> parse("10.0.0.1/8,,DE\n"))
        .hasMessageContaining("line 1")
        .hasMessageContaining("host bits");
    assertThatThrownBy(() -> parse("10.0.0.9,10.0.0.1,DE\n")).hasMessageContaining("ends before it starts");
    assertThatThrownBy(() -> parse("10.0.0.0,2001:db8::,DE\n")).hasMessageContaining("families");
    assertThatThrownBy(() -> parse("10.0.0.0/8,,,\n")).hasMessageContaining("neither");
    assertThatThrownBy(() -> parse("10.0.0.0/8\n")).hasMessageContaining("fields");
    assertThatThrownBy(() -> parse("10.0.0.0/8,,DE,1,\"open\n")).hasMessageContaining("quoted");
  }

  private static CsvGeo parse(String text) throws IOException {
    return CsvGeo.parse(new StringReader(text), "test.csv");
  }

  private static long v4(String text) {
    return Addresses.parseV4(text);
  }
}
