package org.accord.sensor.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MaxMindGeo} on MaxMind's test databases, checked against the JSON the databases were built from: an
 * independent reference, searched here by a slow linear scan over {@link BigInteger} ranges.
 */
class MaxMindGeoTest {
  private static MaxMindGeo geo;
  private static List<Network> countries;
  private static List<Network> ases;

  /** A network of the JSON reference: inclusive bounds, family, what it says. */
  private record Network(boolean ipv6, BigInteger first, BigInteger last, JsonNode data) {
    boolean contains(boolean v6, BigInteger a) {
      return ipv6 == v6 && first.compareTo(a) <= 0 && a.compareTo(last) <= 0;
    }
  }

  @BeforeAll
  static void load() throws Exception {
    geo = MaxMindGeo.open(resource("GeoLite2-Country-Test.mmdb"), resource("GeoLite2-ASN-Test.mmdb"));
    countries = reference("GeoLite2-Country-Test.json");
    ases = reference("GeoLite2-ASN-Test.json");
  }

  @Test
  void knownIpv4AddressesHaveTheirCountryAndAs() {
    assertThat(v4("81.2.69.142").country()).isEqualTo("GB");
    assertThat(v4("81.2.69.143").country()).isEqualTo("GB");
    assertThat(v4("67.43.156.1").country()).isEqualTo("BT");
    Geo google = v4("1.0.0.77");
    assertThat(google.asn()).isEqualTo(15169);
    assertThat(google.asOrg()).isEqualTo("Google Inc.");
    assertThat(v4("1.128.0.1")).isEqualTo(new Geo("", 1221, "Telstra Pty Ltd"));
    assertThat(v4("12.81.96.1")).isEqualTo(new Geo("", 7018, "")); // this network has no organisation in the data
  }

  @Test
  void knownIpv6AddressesHaveTheirCountryAndAs() {
    assertThat(v6("2001:2e0::1").country()).isEqualTo("HK");
    assertThat(v6("2a02:f500::42").country()).isEqualTo("RU");
    assertThat(v6("2400:4000::1")).isEqualTo(new Geo("", 4713, "NTT Communications Corporation"));
  }

  @Test
  void unknownAddressesAreUnknown() {
    assertThat(v4("10.0.0.1")).isSameAs(Geo.UNKNOWN);
    assertThat(v4("81.2.69.141")).isSameAs(Geo.UNKNOWN); // just below 81.2.69.142/31
    assertThat(v6("2001:db8::1")).isSameAs(Geo.UNKNOWN);
    assertThat(v6("::1")).isSameAs(Geo.UNKNOWN);
  }

  @Test
  void aNetworkWithoutCountryOrRegisteredCountryHasNoCountry() {
    // 2a02:d500::/29 carries only a continent in the source data.
    assertThat(expected(true, address("2a02:d500::1")).country()).isEmpty();
    assertThat(v6("2a02:d500::1").country()).isEmpty();
  }

  @Test
  void anIpv4MappedIpv6AddressIsLookedUpAsIpv4() {
    BigInteger mapped = BigInteger.valueOf(0xffff).shiftLeft(32).or(address("81.2.69.142"));
    assertThat(lookup(true, mapped)).isEqualTo(v4("81.2.69.142")).isNotEqualTo(Geo.UNKNOWN);
  }

  @Test
  void everyNetworkOfTheSourceDataAnswersAsTheSourceSays() {
    List<Network> all = new ArrayList<>(countries);
    all.addAll(ases);
    int checked = 0;
    for (Network n : all) {
      BigInteger max = BigInteger.ONE.shiftLeft(n.ipv6 ? 128 : 32).subtract(BigInteger.ONE);
      List<BigInteger> probes = new ArrayList<>(List.of(n.first, n.last, n.first.add(n.last).shiftRight(1)));
      if (n.first.signum() > 0) {
        probes.add(n.first.subtract(BigInteger.ONE));
      }
      if (n.last.compareTo(max) < 0) {
        probes.add(n.last.add(BigInteger.ONE));
      }
      for (BigInteger a : probes) {
        assertThat(lookup(n.ipv6, a)).as("%s", a.toString(16)).isEqualTo(expected(n.ipv6, a));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(4 * 964);
  }

  @Test
  void aFileThatIsNotAMaxMindDatabaseIsRefused(@TempDir Path dir) throws IOException {
    Path bogus = Files.writeString(dir.resolve("bogus.mmdb"), "not a database");
    assertThatThrownBy(() -> MaxMindGeo.open(bogus)).isInstanceOf(IOException.class);
  }

  @Test
  void reportsTheDatabaseTypesItLoaded() {
    assertThat(geo.databaseTypes()).containsExactly("GeoLite2-Country", "GeoLite2-ASN");
  }

  /** The answer of the JSON reference: country (else registered country) and AS, by linear scan. */
  private static Geo expected(boolean ipv6, BigInteger a) {
    String country = "";
    for (Network n : countries) {
      if (n.contains(ipv6, a)) {
        String c = n.data.path("country").path("iso_code").asText("");
        country = c.isEmpty() ? n.data.path("registered_country").path("iso_code").asText("") : c;
      }
    }
    long asn = 0;
    String org = "";
    for (Network n : ases) {
      if (n.contains(ipv6, a)) {
        asn = n.data.path("autonomous_system_number").asLong();
        org = n.data.path("autonomous_system_organization").asText("");
      }
    }
    return country.isEmpty() && asn == 0 ? Geo.UNKNOWN : new Geo(country, asn, org);
  }

  private static Geo lookup(boolean ipv6, BigInteger a) {
    if (!ipv6) {
      return geo.lookupV4(a.longValueExact());
    }
    return geo.lookupV6(a.shiftRight(64).longValue(), a.longValue());
  }

  private static Geo v4(String text) {
    return lookup(false, address(text));
  }

  private static Geo v6(String text) {
    return lookup(true, address(text));
  }

  private static BigInteger address(String literal) {
    try {
      return new BigInteger(1, InetAddress.getByName(literal).getAddress());
    } catch (IOException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  private static List<Network> reference(String name) throws IOException {
    List<Network> out = new ArrayList<>();
    try (InputStream in = MaxMindGeoTest.class.getResourceAsStream("/geoip-test/" + name)) {
      for (JsonNode entry : new ObjectMapper().readTree(in)) {
        Map.Entry<String, JsonNode> only = entry.fields().next();
        String[] parts = only.getKey().split("/");
        InetAddress base = InetAddress.getByName(parts[0]);
        int bits = base.getAddress().length * 8;
        int length = Integer.parseInt(parts[1]);
        BigInteger size = BigInteger.ONE.shiftLeft(bits - length);
        BigInteger first = new BigInteger(1, base.getAddress());
        out.add(new Network(bits == 128, first, first.add(size).subtract(BigInteger.ONE), only.getValue()));
      }
    }
    return out;
  }

  static Path resource(String name) throws URISyntaxException {
    return Path.of(MaxMindGeoTest.class.getResource("/geoip-test/" + name).toURI());
  }
}
