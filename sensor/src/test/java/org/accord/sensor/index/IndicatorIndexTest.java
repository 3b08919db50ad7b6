package org.accord.sensor.index;

import static org.accord.sensor.index.Indicators.id;
import static org.accord.sensor.index.Indicators.indicator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.accord.sensor.flow.Addresses;
import org.accord.stix.StixObject;
import org.junit.jupiter.api.Test;

class IndicatorIndexTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private final IndicatorIndex index = new IndicatorIndex(Clock.fixed(NOW, ZoneOffset.UTC));

  private static long v4(String s) {
    return Addresses.parseV4(s);
  }

  private AddResult add(long serial, String pattern) {
    return index.add(indicator(id(serial), pattern));
  }

  @Test
  void singleAddressMatchesOnlyItself() {
    AddResult r = add(1, "[ipv4-addr:value = '198.51.100.7']");
    assertThat(r).isInstanceOf(AddResult.Indexed.class);
    int h = index.matchIpv4(v4("198.51.100.7"));
    assertThat(index.indicatorId(h)).isEqualTo(id(1));
    assertThat(index.matchIpv4(v4("198.51.100.8"))).isEqualTo(-1);
    assertThat(index.matchIpv4(v4("198.51.100.6"))).isEqualTo(-1);
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void nestedRangesResolveToTheLongestPrefix() {
    add(1, "[ipv4-addr:value = '10.0.0.0/8']");
    add(2, "[ipv4-addr:value = '10.1.0.0/16']");
    add(3, "[ipv4-addr:value = '10.1.2.3']");
    assertThat(index.indicatorId(index.matchIpv4(v4("10.1.2.3")))).isEqualTo(id(3));
    assertThat(index.indicatorId(index.matchIpv4(v4("10.1.2.4")))).isEqualTo(id(2));
    assertThat(index.indicatorId(index.matchIpv4(v4("10.2.0.0")))).isEqualTo(id(1));
    assertThat(index.matchIpv4(v4("11.0.0.0"))).isEqualTo(-1);
    int[] all = new int[8];
    int n = index.matchAllIpv4(v4("10.1.2.3"), AddressRole.ANY, all);
    assertThat(n).isEqualTo(3);
    assertThat(List.of(index.indicatorId(all[0]), index.indicatorId(all[1]), index.indicatorId(all[2])))
        .containsExactly(id(3), id(2), id(1));
  }

  @Test
  void hostBitsOfACidrAreIgnoredAndWholeSpaceRangeMatchesEverything() {
    add(1, "[ipv4-addr:value = '192.0.2.77/24']");
    add(2, "[ipv4-addr:value = '0.0.0.0/0']");
    assertThat(index.indicatorId(index.matchIpv4(v4("192.0.2.0")))).isEqualTo(id(1));
    assertThat(index.indicatorId(index.matchIpv4(v4("192.0.3.0")))).isEqualTo(id(2));
    assertThat(index.indicatorId(index.matchIpv4(v4("255.255.255.255")))).isEqualTo(id(2));
  }

  @Test
  void orAndInListsIndexEveryValueUnderOneIndicator() {
    AddResult r =
        add(1, "[ipv4-addr:value = '203.0.113.1' OR ipv4-addr:value IN ('203.0.113.2', '203.0.113.64/26')]");
    assertThat(r).isEqualTo(new AddResult.Indexed(id(1), ((AddResult.Indexed) r).handle(), 3));
    assertThat(index.indicatorId(index.matchIpv4(v4("203.0.113.2")))).isEqualTo(id(1));
    assertThat(index.indicatorId(index.matchIpv4(v4("203.0.113.100")))).isEqualTo(id(1));
    assertThat(index.matchIpv4(v4("203.0.113.3"))).isEqualTo(-1);
  }

  @Test
  void observationsJoinedByOrAreIndexedToo() {
    AddResult r = add(1, "[domain-name:value = 'evil.example'] OR [ipv4-addr:value = '192.0.2.1']");
    assertThat(r).isInstanceOf(AddResult.Indexed.class);
    assertThat(index.indicatorId(index.matchDomain("evil.example"))).isEqualTo(id(1));
    assertThat(index.indicatorId(index.matchIpv4(v4("192.0.2.1")))).isEqualTo(id(1));
  }

  @Test
  void ipv6AddressesAndRanges() {
    add(1, "[ipv6-addr:value = '2001:db8::/32']");
    add(2, "[ipv6-addr:value = '2001:db8::1']");
    add(3, "[ipv6-addr:value = '::ffff:192.0.2.1']");
    assertThat(index.indicatorId(index.matchIpv6(0x20010db800000000L, 1))).isEqualTo(id(2));
    assertThat(index.indicatorId(index.matchIpv6(0x20010db8ffffffffL, -1))).isEqualTo(id(1));
    assertThat(index.indicatorId(index.matchIpv6(0, 0x0000ffffc0000201L))).isEqualTo(id(3));
    assertThat(index.matchIpv6(0x20010db900000000L, 0)).isEqualTo(-1);
  }

  @Test
  void networkTrafficReferencesMatchOnlyInTheirRole() {
    add(1, "[network-traffic:dst_ref.value = '198.51.100.9']");
    add(2, "[network-traffic:src_ref.value = '2001:db8::9']");
    long a = v4("198.51.100.9");
    assertThat(index.indicatorId(index.matchIpv4(a, AddressRole.DESTINATION))).isEqualTo(id(1));
    assertThat(index.matchIpv4(a, AddressRole.SOURCE)).isEqualTo(-1);
    assertThat(index.indicatorId(index.matchIpv4(a))).isEqualTo(id(1));
    assertThat(index.indicatorId(index.matchIpv6(0x20010db800000000L, 9, AddressRole.SOURCE))).isEqualTo(id(2));
    assertThat(index.matchIpv6(0x20010db800000000L, 9, AddressRole.DESTINATION)).isEqualTo(-1);
  }

  @Test
  void anAddressIndicatorMatchesInEveryRole() {
    add(1, "[ipv4-addr:value = '198.51.100.0/24']");
    assertThat(index.matchIpv4(v4("198.51.100.1"), AddressRole.SOURCE)).isGreaterThanOrEqualTo(0);
    assertThat(index.matchIpv4(v4("198.51.100.1"), AddressRole.DESTINATION)).isGreaterThanOrEqualTo(0);
  }

  @Test
  void domainsMatchSubdomainsCaseInsensitivelyWithTrailingDot() {
    add(1, "[domain-name:value = 'b.Example.']");
    add(2, "[domain-name:value = 'x.a.b.example']");
    assertThat(index.indicatorId(index.matchDomain("a.b.example"))).isEqualTo(id(1));
    assertThat(index.indicatorId(index.matchDomain("A.B.EXAMPLE."))).isEqualTo(id(1));
    assertThat(index.indicatorId(index.matchDomain("b.example"))).isEqualTo(id(1));
    assertThat(index.indicatorId(index.matchDomain("y.x.a.b.example"))).isEqualTo(id(2));
    assertThat(index.matchDomain("example")).isEqualTo(-1);
    assertThat(index.matchDomain("bb.example")).isEqualTo(-1);
    assertThat(index.matchDomain("b.example.com")).isEqualTo(-1);
  }

  @Test
  void internationalDomainsMatchInEitherForm() {
    add(1, "[domain-name:value = 'bücher.example']");
    assertThat(index.indicatorId(index.matchDomain("shop.xn--bcher-kva.example"))).isEqualTo(id(1));
    assertThat(index.indicatorId(index.matchDomain("shop.BÜCHER.example"))).isEqualTo(id(1));
  }

  @Test
  void urlsMatchExactlyWithSchemeAndHostFolded() {
    add(1, "[url:value = 'HTTP://Evil.Example/Path?q=1']");
    assertThat(index.indicatorId(index.matchUrl("http://evil.example/Path?q=1"))).isEqualTo(id(1));
    assertThat(index.matchUrl("http://evil.example/path?q=1")).isEqualTo(-1);
    assertThat(index.matchUrl("http://evil.example/Path")).isEqualTo(-1);
  }

  @Test
  void fileHashesOfEachAlgorithm() {
    String md5 = "d41d8cd98f00b204e9800998ecf8427e";
    String sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    String sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    String sha512 = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
        + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
    add(1, "[file:hashes.'SHA-256' = '" + sha256.toUpperCase() + "']");
    add(2, "[file:hashes.MD5 = '" + md5 + "']");
    add(3, "[file:hashes.'SHA-1' = '" + sha1 + "']");
    add(4, "[file:hashes.'SHA-512' = '" + sha512 + "']");
    assertThat(index.indicatorId(index.matchHash("SHA-256", sha256))).isEqualTo(id(1));
    assertThat(index.indicatorId(index.matchHash("sha256", sha256.toUpperCase()))).isEqualTo(id(1));
    assertThat(index.indicatorId(index.matchHash("MD5", md5))).isEqualTo(id(2));
    assertThat(index.indicatorId(index.matchHash("SHA-1", sha1))).isEqualTo(id(3));
    assertThat(index.indicatorId(index.matchHash("SHA-512", sha512))).isEqualTo(id(4));
    assertThat(index.matchHash("SHA-1", sha256)).isEqualTo(-1);
    assertThat(index.matchHash("MD5", sha1.substring(0, 32))).isEqualTo(-1);
    assertThat(index.matchHash("SSDEEP", md5)).isEqualTo(-1);
  }

  @Test
  void emailAddressesCaseInsensitive() {
    add(1, "[email-addr:value = 'Phish@Evil.Example']");
    assertThat(index.indicatorId(index.matchEmail("phish@evil.example"))).isEqualTo(id(1));
    assertThat(index.matchEmail("other@evil.example")).isEqualTo(-1);
  }

  @Test
  void anAddressIssubsetARangeIsIndexedAsTheRange() {
    assertThat(add(1, "[ipv4-addr:value ISSUBSET '192.0.2.0/24']")).isInstanceOf(AddResult.Indexed.class);
    assertThat(add(2, "[ipv6-addr:value ISSUBSET '2001:db8::/32']")).isInstanceOf(AddResult.Indexed.class);
    assertThat(add(3, "[network-traffic:src_ref.value ISSUBSET '198.51.100.0/24']"))
        .isInstanceOf(AddResult.Indexed.class);

    assertThat(index.indicatorId(index.matchIpv4(v4("192.0.2.77")))).isEqualTo(id(1));
    assertThat(index.matchIpv4(v4("192.0.3.1"))).isEqualTo(-1);
    assertThat(index.indicatorId(index.matchIpv4(v4("198.51.100.9"), AddressRole.SOURCE))).isEqualTo(id(3));
    assertThat(index.matchIpv4(v4("198.51.100.9"), AddressRole.DESTINATION)).isEqualTo(-1);
    assertThat(add(4, "[domain-name:value ISSUBSET 'example.com']")).isInstanceOf(AddResult.Unsupported.class);
  }

  @Test
  void complexPatternsAreReportedForTheEvaluator() {
    String[] complex = {
      "[ipv4-addr:value = '192.0.2.1' AND ipv4-addr:value = '192.0.2.2']",
      "[ipv4-addr:value = '192.0.2.1'] AND [domain-name:value = 'a.example']",
      "[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [ipv4-addr:value = '192.0.2.2']",
      "[ipv4-addr:value = '192.0.2.1'] REPEATS 5 TIMES",
      "[ipv4-addr:value = '192.0.2.1'] WITHIN 60 SECONDS",
      "[domain-name:value LIKE '%.example']",
      "[url:value MATCHES '^http://']",
      "[ipv4-addr:value != '192.0.2.1']",
      "[ipv4-addr:value NOT = '192.0.2.1']",
      "[file:name = 'evil.exe']",
      "[file:hashes.'SHA3-256' = 'aa']",
      "[network-traffic:dst_port = 443]",
      "[network-traffic:dst_ref.value = 'evil.example']",
    };
    for (int i = 0; i < complex.length; i++) {
      AddResult r = add(100 + i, complex[i]);
      assertThat(r).as(complex[i]).isInstanceOf(AddResult.Complex.class);
      assertThat(((AddResult.Complex) r).reason()).isNotBlank();
    }
    assertThat(index.size()).isZero();
    assertThat(index.matchIpv4(v4("192.0.2.1"))).isEqualTo(-1);
  }

  @Test
  void unsupportedPatternTypesAndBrokenValuesAreReportedWithAReason() {
    ObjectNode sigma = Indicators.node(id(1), "title: x\ndetection: {}", "2026-01-01T00:00:00.000Z");
    sigma.put("pattern_type", "sigma");
    AddResult r = index.add(StixObject.adopt(sigma));
    assertThat(r).isInstanceOf(AddResult.Unsupported.class);
    assertThat(((AddResult.Unsupported) r).reason()).contains("sigma");

    assertThat(add(2, "[ipv4-addr:value = 'evil.example']")).isInstanceOf(AddResult.Unsupported.class);
    assertThat(add(3, "[file:hashes.MD5 = 'abc']")).isInstanceOf(AddResult.Unsupported.class);
    assertThat(add(4, "[ipv4-addr:value = ")).isInstanceOf(AddResult.Unsupported.class);
    ObjectNode notIndicator = Indicators.node("malware--" + id(5).substring(11), "[a:b = 'c']", "2026-01-01T00:00:00Z");
    notIndicator.put("type", "malware");
    assertThat(index.add(StixObject.adopt(notIndicator))).isInstanceOf(AddResult.Unsupported.class);
    assertThat(index.size()).isZero();
  }

  @Test
  void newerVersionReplacesOlderAndOlderIsSuperseded() {
    add(1, "[ipv4-addr:value = '192.0.2.1']");
    AddResult newer = index.add(indicator(id(1), "[ipv4-addr:value = '192.0.2.2']", "2026-02-01T00:00:00.000Z"));
    assertThat(newer).isInstanceOf(AddResult.Indexed.class);
    assertThat(index.matchIpv4(v4("192.0.2.1"))).isEqualTo(-1);
    assertThat(index.indicatorId(index.matchIpv4(v4("192.0.2.2")))).isEqualTo(id(1));
    assertThat(index.size()).isEqualTo(1);
    AddResult older = index.add(indicator(id(1), "[ipv4-addr:value = '192.0.2.3']", "2026-01-15T00:00:00.000Z"));
    assertThat(older).isEqualTo(new AddResult.Superseded(id(1)));
    assertThat(index.add(indicator(id(1), "[ipv4-addr:value = '192.0.2.2']", "2026-02-01T00:00:00.000Z")))
        .isEqualTo(new AddResult.Superseded(id(1)));
    assertThat(index.matchIpv4(v4("192.0.2.3"))).isEqualTo(-1);
  }

  @Test
  void aNewerComplexVersionRemovesTheSimpleOne() {
    add(1, "[ipv4-addr:value = '192.0.2.1']");
    AddResult r = index.add(indicator(id(1), "[ipv4-addr:value = '192.0.2.1'] REPEATS 3 TIMES",
        "2026-02-01T00:00:00.000Z"));
    assertThat(r).isInstanceOf(AddResult.Complex.class);
    assertThat(index.matchIpv4(v4("192.0.2.1"))).isEqualTo(-1);
    assertThat(index.add(indicator(id(1), "[ipv4-addr:value = '192.0.2.1']", "2026-01-20T00:00:00.000Z")))
        .isInstanceOf(AddResult.Superseded.class);
    assertThat(index.matchIpv4(v4("192.0.2.1"))).isEqualTo(-1);
  }

  @Test
  void revokedIndicatorIsRemovedAndStaysRemoved() {
    add(1, "[domain-name:value = 'evil.example']");
    ObjectNode revoked = Indicators.node(id(1), "[domain-name:value = 'evil.example']", "2026-03-01T00:00:00.000Z");
    revoked.put("revoked", true);
    assertThat(index.add(StixObject.adopt(revoked))).isEqualTo(new AddResult.Revoked(id(1), true));
    assertThat(index.matchDomain("evil.example")).isEqualTo(-1);
    assertThat(index.add(indicator(id(1), "[domain-name:value = 'evil.example']", "2026-04-01T00:00:00.000Z")))
        .isEqualTo(new AddResult.Revoked(id(1), false));
    assertThat(index.matchDomain("evil.example")).isEqualTo(-1);
    assertThat(index.size()).isZero();
  }

  @Test
  void removeForgetsTheIndicatorEverywhere() {
    add(1, "[ipv4-addr:value = '10.0.0.0/8' OR domain-name:value = 'evil.example' OR ipv6-addr:value = '::1']");
    add(2, "[ipv4-addr:value = '10.0.0.0/16']");
    assertThat(index.remove(id(2))).isTrue();
    assertThat(index.indicatorId(index.matchIpv4(v4("10.0.0.1")))).isEqualTo(id(1));
    assertThat(index.remove(id(1))).isTrue();
    assertThat(index.remove(id(1))).isFalse();
    assertThat(index.matchIpv4(v4("10.0.0.1"))).isEqualTo(-1);
    assertThat(index.matchDomain("evil.example")).isEqualTo(-1);
    assertThat(index.matchIpv6(0, 1)).isEqualTo(-1);
    assertThat(index.size()).isZero();
    assertThat(add(1, "[ipv4-addr:value = '10.0.0.0/8']")).isInstanceOf(AddResult.Indexed.class);
  }

  @Test
  void removeForgetsIndicatorsAddedWhileTheIdMapGrew() { // regression: the id added at a rehash was mapped twice
    for (int i = 0; i < 100; i++) {
      add(i, "[ipv4-addr:value = '192.0.2." + i + "']");
    }
    for (int i = 0; i < 100; i++) {
      assertThat(index.remove(id(i))).as("first removal of %d", i).isTrue();
      assertThat(index.remove(id(i))).as("second removal of %d", i).isFalse();
    }
    assertThat(index.size()).isZero();
  }

  @Test
  void expireDropsIndicatorsWhoseValidUntilHasPassed() {
    ObjectNode soon = Indicators.node(id(1), "[ipv4-addr:value = '192.0.2.1']", "2026-01-01T00:00:00.000Z");
    soon.put("valid_until", "2026-06-02T00:00:00.5Z");
    ObjectNode later = Indicators.node(id(2), "[ipv4-addr:value = '192.0.2.2']", "2026-01-01T00:00:00.000Z");
    later.put("valid_until", "2027-01-01T00:00:00Z");
    index.add(StixObject.adopt(soon));
    index.add(StixObject.adopt(later));
    assertThat(index.expire(Instant.parse("2026-06-02T00:00:00Z"))).isEmpty();
    assertThat(index.expire(Instant.parse("2026-06-02T00:00:01Z"))).containsExactly(id(1));
    assertThat(index.matchIpv4(v4("192.0.2.1"))).isEqualTo(-1);
    assertThat(index.matchIpv4(v4("192.0.2.2"))).isGreaterThanOrEqualTo(0);
    assertThat(index.size()).isEqualTo(1);
  }

  @Test
  void anIndicatorAlreadyExpiredIsNotIndexed() {
    ObjectNode old = Indicators.node(id(1), "[ipv4-addr:value = '192.0.2.1']", "2026-01-01T00:00:00.000Z");
    old.put("valid_until", "2026-05-01T00:00:00Z");
    assertThat(index.add(StixObject.adopt(old))).isEqualTo(new AddResult.Expired(id(1)));
    assertThat(index.matchIpv4(v4("192.0.2.1"))).isEqualTo(-1);
  }

  @Test
  void twoIndicatorsOnTheSameValueBothMatchAndSurviveEachOthersRemoval() {
    add(1, "[domain-name:value = 'evil.example' OR ipv4-addr:value = '192.0.2.1' OR ipv4-addr:value = '10.0.0.0/8']");
    add(2, "[domain-name:value = 'evil.example' OR ipv4-addr:value = '192.0.2.1' OR ipv4-addr:value = '10.0.0.0/8']");
    int[] all = new int[4];
    assertThat(index.matchAllIpv4(v4("192.0.2.1"), AddressRole.ANY, all)).isEqualTo(2);
    index.remove(id(1));
    assertThat(index.indicatorId(index.matchDomain("evil.example"))).isEqualTo(id(2));
    assertThat(index.indicatorId(index.matchIpv4(v4("192.0.2.1")))).isEqualTo(id(2));
    assertThat(index.indicatorId(index.matchIpv4(v4("10.9.9.9")))).isEqualTo(id(2));
  }

  @Test
  void churnCompactsWithoutLosingLiveIndicators() {
    List<StixObject> batch = new ArrayList<>();
    for (int i = 0; i < 6_000; i++) {
      batch.add(indicator(id(i), "[ipv4-addr:value = '" + Addresses.formatV4(0x0a000000L + i * 7L) + "' OR "
          + "ipv4-addr:value = '" + Addresses.formatV4(0xac100000L + (i << 8)) + "/24' OR "
          + "domain-name:value = 'h" + i + ".example']"));
    }
    index.addAll(batch);
    for (int i = 0; i < 6_000; i++) {
      if (i % 4 != 3) {
        index.remove(id(i));
      }
    }
    assertThat(index.size()).isEqualTo(1_500);
    for (int i = 0; i < 6_000; i++) {
      String expected = i % 4 != 3 ? null : id(i);
      assertThat(index.indicatorId(index.matchIpv4(0x0a000000L + i * 7L))).isEqualTo(expected);
      assertThat(index.indicatorId(index.matchIpv4(0xac100000L + (i << 8) + 5))).isEqualTo(expected);
      assertThat(index.indicatorId(index.matchDomain("www.h" + i + ".example"))).isEqualTo(expected);
    }
    assertThat(index.snapshot().handleCount).as("handles renumbered after compaction").isLessThan(3_000);
  }

  @Test
  void aSnapshotKeepsItsHandlesMeaningful() {
    add(1, "[ipv4-addr:value = '192.0.2.1']");
    Snapshot before = index.snapshot();
    int h = before.matchIpv4(v4("192.0.2.1"));
    add(2, "[ipv4-addr:value = '192.0.2.2']");
    assertThat(before.matchIpv4(v4("192.0.2.2"))).isEqualTo(-1);
    assertThat(before.indicatorId(h)).isEqualTo(id(1));
    assertThat(index.snapshot().matchIpv4(v4("192.0.2.2"))).isGreaterThanOrEqualTo(0);
  }
}
