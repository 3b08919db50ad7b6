package org.accord.stix.pattern.eval;

import static org.accord.stix.pattern.eval.Fixtures.matches;
import static org.accord.stix.pattern.eval.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Edge cases of ISSUBSET / ISSUPERSET address containment (STIX 2.1 §9.5) for IPv4 and IPv6. */
class CidrTest {

  @ParameterizedTest(name = "{0} ISSUBSET {1} is {2}")
  @CsvSource({
    "192.0.2.1, 192.0.2.0/24, true",
    "192.0.2.255, 192.0.2.0/24, true",
    "192.0.3.0, 192.0.2.0/24, false",
    "192.0.2.0/24, 192.0.2.0/24, true", // a range is a subset of itself
    "192.0.2.0/25, 192.0.2.0/24, true",
    "192.0.2.0/23, 192.0.2.0/24, false", // wider is not a subset
    "10.1.2.3, 0.0.0.0/0, true", // /0 holds every IPv4 address
    "10.1.2.3, 10.1.2.3/32, true",
    "10.1.2.4, 10.1.2.3/32, false",
    "10.1.2.3, 10.1.2.3, true", // a bare address is a /32
    "192.0.2.130, 192.0.2.128/25, true",
    "192.0.2.127, 192.0.2.128/25, false",
    "192.0.2.7, 192.0.2.99/24, true", // host bits of the range are ignored
    "172.16.0.1, 172.16.0.0/12, true",
    "172.32.0.1, 172.16.0.0/12, false",
    "2001:db8::1, 2001:db8::/32, true",
    "2001:db9::1, 2001:db8::/32, false",
    "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::/32, true", // full and compressed forms
    "2001:DB8::1, 2001:db8::/32, true", // hex digits in either case
    "::1, ::/0, true",
    "::1, ::1/128, true",
    "::2, ::1/128, false",
    "::ffff:192.0.2.1, ::ffff:192.0.2.0/120, true", // embedded dotted quad
    "2001:db8:dead:beef::/64, 2001:db8:dead:beef::/63, true",
    "2001:db8:dead:bef0::/60, 2001:db8:dead:beef::/64, false",
    "2001:db8::1, 2001:db8::/33, true",
    "2001:db8:8000::1, 2001:db8::/33, false", // boundary inside a 16-bit group
    "192.0.2.1, ::/0, false", // families never contain each other
    "::ffff:192.0.2.1, 0.0.0.0/0, false",
  })
  void subsetOf(String value, String range, boolean expected) {
    Cidr inner = Cidr.parse(value);
    Cidr outer = Cidr.parse(range);
    assertThat(inner).isNotNull();
    assertThat(outer).isNotNull();
    assertThat(inner.isSubsetOf(outer)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.4/33", "1.2.3.4/", "1.2.3.4/-1", "a.b.c.d",
        "example.com", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "::g", "1.2.3.4::", "::1/129", "1:2:3:4:5:6:7:8::",
        "1:2:3:4:5:6:7::8"
      })
  void rejectsWhatIsNotAnAddressOrRange(String text) {
    assertThat(Cidr.parse(text)).isNull();
  }

  @Test
  void acceptsTheShortestAndLongestIpv6Forms() {
    assertThat(Cidr.parse("::")).isNotNull();
    assertThat(Cidr.parse("1:2:3:4:5:6:7:8")).isNotNull();
    assertThat(Cidr.parse("1:2:3:4:5:6::8")).isNotNull();
    assertThat(Cidr.parse("1:2:3:4:5:6:1.2.3.4")).isNotNull();
  }

  @Test
  void operatorsIgnoreValuesThatAreNoAddress() {
    Observation bogus = obs(0, "{`type`:`ipv4-addr`,`value`:`not-an-address`}");
    Observation number = obs(0, "{`type`:`ipv4-addr`,`value`:42}");
    assertThat(matches("[ipv4-addr:value ISSUBSET '0.0.0.0/0']", bogus)).isFalse();
    assertThat(matches("[ipv4-addr:value ISSUPERSET '10.0.0.1']", bogus)).isFalse();
    assertThat(matches("[ipv4-addr:value ISSUBSET '0.0.0.0/0']", number)).isFalse();
  }

  @Test
  void isSupersetIsTheConverseOfIsSubset() {
    Observation net = obs(0, "{`type`:`ipv6-addr`,`value`:`2001:db8::/48`}");
    assertThat(matches("[ipv6-addr:value ISSUPERSET '2001:db8:0:1::5']", net)).isTrue();
    assertThat(matches("[ipv6-addr:value ISSUPERSET '2001:db8:1::5']", net)).isFalse();
    assertThat(matches("[ipv6-addr:value ISSUPERSET '2001:db8::/47']", net)).isFalse();
    assertThat(matches("[ipv6-addr:value ISSUBSET '2001:db8::/47']", net)).isTrue();
  }
}
