package org.accord.sensor.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AssetRegistryTest {
  private static final Asset BANK =
      asset("bank", List.of("198.51.0.0/16", "2001:db8::/32"), List.of("bank.example"));
  private static final Asset ONLINE_BANKING =
      asset("bank-web", List.of("198.51.100.0/24", "2001:db8:100::/48"), List.of("www.bank.example"));
  private static final Asset WEB_HOST = asset("bank-web-1", List.of("198.51.100.7/32"), List.of());
  private static final AssetRegistry REGISTRY = AssetRegistry.of(List.of(BANK, ONLINE_BANKING, WEB_HOST));

  @Test
  void theLongestPrefixWinsForIpv4() {
    assertThat(REGISTRY.assetOfV4(v4("198.51.100.7"))).isSameAs(WEB_HOST);
    assertThat(REGISTRY.assetOfV4(v4("198.51.100.8"))).isSameAs(ONLINE_BANKING);
    assertThat(REGISTRY.assetOfV4(v4("198.51.100.0"))).isSameAs(ONLINE_BANKING);
    assertThat(REGISTRY.assetOfV4(v4("198.51.100.255"))).isSameAs(ONLINE_BANKING);
    assertThat(REGISTRY.assetOfV4(v4("198.51.101.0"))).isSameAs(BANK);
    assertThat(REGISTRY.assetOfV4(v4("198.51.0.0"))).isSameAs(BANK);
    assertThat(REGISTRY.assetOfV4(v4("198.51.255.255"))).isSameAs(BANK);
  }

  @Test
  void addressesOutsideEveryAssetHaveNone() {
    assertThat(REGISTRY.assetOfV4(v4("198.50.255.255"))).isNull();
    assertThat(REGISTRY.assetOfV4(v4("198.52.0.0"))).isNull();
    assertThat(REGISTRY.assetOfV4(v4("0.0.0.0"))).isNull();
    assertThat(REGISTRY.assetOfV4(v4("255.255.255.255"))).isNull();
    assertThat(REGISTRY.assetOfV6(0x2001_0db9_0000_0000L, 0)).isNull();
  }

  @Test
  void theLongestPrefixWinsForIpv6() {
    assertThat(REGISTRY.assetOfV6(0x2001_0db8_0100_0000L, 1)).isSameAs(ONLINE_BANKING);
    assertThat(REGISTRY.assetOfV6(0x2001_0db8_0101_0000L, 1)).isSameAs(BANK);
    assertThat(REGISTRY.assetOfV6(0x2001_0db8_ffff_ffffL, -1L)).isSameAs(BANK);
  }

  @Test
  void anIpv4MappedIpv6AddressFindsTheIpv4Asset() {
    assertThat(REGISTRY.assetOfV6(0, 0xffff_0000_0000L | v4("198.51.100.7"))).isSameAs(WEB_HOST);
  }

  @Test
  void aSubdomainBelongsToItsNearestRegisteredParent() {
    assertThat(REGISTRY.assetOfDomain("bank.example")).isSameAs(BANK);
    assertThat(REGISTRY.assetOfDomain("mail.bank.example")).isSameAs(BANK);
    assertThat(REGISTRY.assetOfDomain("www.bank.example")).isSameAs(ONLINE_BANKING);
    assertThat(REGISTRY.assetOfDomain("login.www.bank.example")).isSameAs(ONLINE_BANKING);
  }

  @Test
  void domainsCompareWithoutCaseAndTrailingDot() {
    assertThat(REGISTRY.assetOfDomain("WWW.Bank.Example.")).isSameAs(ONLINE_BANKING);
    assertThat(REGISTRY.assetOfDomain("Bank.EXAMPLE")).isSameAs(BANK);
  }

  @Test
  void aDomainThatOnlyEndsLikeARegisteredOneIsNotItsSubdomain() {
    assertThat(REGISTRY.assetOfDomain("notbank.example")).isNull();
    assertThat(REGISTRY.assetOfDomain("example")).isNull();
    assertThat(REGISTRY.assetOfDomain("bank.example.org")).isNull();
    assertThat(REGISTRY.assetOfDomain("")).isNull();
  }

  @Test
  void aCidrWithHostBitsIsRefusedNamingTheAsset() {
    assertThatThrownBy(() -> AssetRegistry.of(List.of(asset("grid", List.of("10.1.2.3/8"), List.of()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("asset grid")
        .hasMessageContaining("host bits")
        .hasMessageContaining("10.0.0.0/8");
    assertThatThrownBy(() -> AssetRegistry.of(List.of(asset("grid6", List.of("2001:db8::1/64"), List.of()))))
        .hasMessageContaining("asset grid6")
        .hasMessageContaining("host bits");
  }

  @Test
  void aBadPrefixLengthIsRefusedNamingTheAsset() {
    for (String bad : List.of("10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/x")) {
      assertThatThrownBy(() -> AssetRegistry.of(List.of(asset("water", List.of(bad), List.of()))))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("asset water")
          .hasMessageContaining("prefix length");
    }
  }

  @Test
  void aMalformedAddressIsRefusedNamingTheAsset() {
    for (String bad : List.of("10.0.0/8", "300.0.0.0/8", "bank.example/24", "2001:db8:::/32", "fe80::1%eth0/128")) {
      assertThatThrownBy(() -> AssetRegistry.of(List.of(asset("health", List.of(bad), List.of()))))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("asset health");
    }
  }

  @Test
  void theSameCidrOrDomainInTwoAssetsIsRefused() {
    Asset a = asset("a", List.of("192.0.2.0/24"), List.of("a.example"));
    assertThatThrownBy(() -> AssetRegistry.of(List.of(a, asset("b", List.of("192.0.2.0/24"), List.of()))))
        .hasMessageContaining("asset b")
        .hasMessageContaining("asset a");
    assertThatThrownBy(() -> AssetRegistry.of(List.of(a, asset("b", List.of(), List.of("A.example.")))))
        .hasMessageContaining("asset b")
        .hasMessageContaining("a.example");
    assertThatThrownBy(() -> AssetRegistry.of(List.of(a, asset("a", List.of(), List.of()))))
        .hasMessageContaining("asset a")
        .hasMessageContaining("twice");
  }

  @Test
  void theWholeAddressSpaceCanBeAnAssetWithMoreSpecificOnesInside() {
    Asset all4 = asset("all4", List.of("0.0.0.0/0"), List.of());
    Asset all6 = asset("all6", List.of("::/0"), List.of());
    Asset top = asset("top", List.of("255.255.255.255/32", "ffff::/16"), List.of());
    AssetRegistry r = AssetRegistry.of(List.of(all4, all6, top));
    assertThat(r.assetOfV4(0)).isSameAs(all4);
    assertThat(r.assetOfV4(0xffff_fffeL)).isSameAs(all4);
    assertThat(r.assetOfV4(0xffff_ffffL)).isSameAs(top);
    assertThat(r.assetOfV6(0, 0)).isSameAs(all6);
    assertThat(r.assetOfV6(-1L, -1L)).isSameAs(top);
    assertThat(r.assetOfV6(0xfffe_ffff_ffff_ffffL, -1L)).isSameAs(all6);
  }

  @Test
  void anEmptyRegistryFindsNothing() {
    AssetRegistry empty = AssetRegistry.empty();
    assertThat(empty.assetOfV4(v4("198.51.100.7"))).isNull();
    assertThat(empty.assetOfV6(1, 1)).isNull();
    assertThat(empty.assetOfDomain("bank.example")).isNull();
    assertThat(empty.assets()).isEmpty();
  }

  // --- property: the registry agrees with a slow, obvious longest-prefix match ---

  /** A prefix inside a small space, so that random prefixes nest and touch often. */
  record Generated(boolean ipv6, BigInteger first, int length) {
    BigInteger last() {
      return first.add(BigInteger.ONE.shiftLeft((ipv6 ? 128 : 32) - length)).subtract(BigInteger.ONE);
    }

    String text() {
      byte[] raw = first.toByteArray();
      byte[] b = new byte[ipv6 ? 16 : 4];
      int n = Math.min(raw.length, b.length);
      System.arraycopy(raw, raw.length - n, b, b.length - n, n);
      try {
        return InetAddress.getByAddress(b).getHostAddress() + "/" + length;
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static final BigInteger DOC_V6 = BigInteger.valueOf(0x2001_0db8L).shiftLeft(96);

  @Provide
  Arbitrary<List<Generated>> prefixes() {
    Arbitrary<Generated> v4 =
        Combinators.combine(Arbitraries.longs().between(0, 0xffff), Arbitraries.integers().between(16, 32))
            .as((bits, len) -> prefix(false, BigInteger.valueOf(0xc633_0000L | bits), len)); // inside 198.51.0.0/16
    Arbitrary<Generated> v6 =
        Combinators.combine(Arbitraries.longs().between(0, 0xffff), Arbitraries.integers().between(112, 128))
            .as((bits, len) -> prefix(true, DOC_V6.or(BigInteger.valueOf(bits)), len)); // inside 2001:db8::/32
    return Arbitraries.oneOf(v4, v6).list().ofMinSize(1).ofMaxSize(40);
  }

  private static Generated prefix(boolean ipv6, BigInteger address, int length) {
    int hostBits = (ipv6 ? 128 : 32) - length;
    return new Generated(ipv6, address.shiftRight(hostBits).shiftLeft(hostBits), length);
  }

  @Property(tries = 300)
  void agreesWithALinearLongestPrefixMatch(@ForAll("prefixes") List<Generated> generated) {
    List<Generated> unique = new ArrayList<>();
    Set<Generated> seen = new HashSet<>();
    List<Asset> assets = new ArrayList<>();
    for (Generated g : generated) {
      if (seen.add(g)) {
        unique.add(g);
        assets.add(asset("asset-" + assets.size(), List.of(g.text()), List.of()));
      }
    }
    AssetRegistry registry = AssetRegistry.of(assets);
    for (Generated g : unique) {
      BigInteger before = g.first.subtract(BigInteger.ONE);
      for (BigInteger probe : List.of(g.first, g.last(), before, g.last().add(BigInteger.ONE))) {
        Asset expected = null;
        int best = -1;
        for (int i = 0; i < unique.size(); i++) {
          Generated c = unique.get(i);
          boolean inside = c.ipv6 == g.ipv6 && c.first.compareTo(probe) <= 0 && probe.compareTo(c.last()) <= 0;
          if (inside && c.length > best) {
            best = c.length;
            expected = assets.get(i);
          }
        }
        Asset actual =
            g.ipv6
                ? registry.assetOfV6(probe.shiftRight(64).longValue(), probe.longValue())
                : registry.assetOfV4(probe.longValue());
        assertThat(actual).as("%s in %s", probe.toString(16), unique).isSameAs(expected);
      }
    }
  }

  static Asset asset(String id, List<String> cidrs, List<String> domains) {
    return new Asset(id, id + " systems", "Example Operator", Sector.FINANCE, 4, "default", cidrs, domains);
  }

  private static long v4(String text) {
    return org.accord.sensor.flow.Addresses.parseV4(text);
  }
}
