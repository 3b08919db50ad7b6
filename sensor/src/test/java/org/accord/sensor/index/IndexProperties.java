package org.accord.sensor.index;

import static org.accord.sensor.index.Indicators.id;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.accord.sensor.flow.Addresses;

/**
 * The index against slow obvious models: a list of blocks scanned for the longest covering prefix, a set of domains
 * walked up the parent chain. Each try draws a random history of adds, replacements and removals from its seed, over
 * small address and name universes so that nested, overlapping, duplicate and adjacent values are common, and with
 * enough values to pass the delta-merge threshold, then probes every boundary.
 */
class IndexProperties {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final String[] LABELS = {"a", "b", "c", "ex", "Ex"};

  /** One IPv4 or IPv6 block as a 128-bit range of an indicator, with its role mask. */
  record Block(boolean v6, BigInteger start, int len, int role, String text) {
    BigInteger end() {
      int bits = v6 ? 128 : 32;
      return start.add(BigInteger.ONE.shiftLeft(bits - len)).subtract(BigInteger.ONE);
    }

    boolean covers(boolean isV6, BigInteger a) {
      return v6 == isV6 && start.compareTo(a) <= 0 && end().compareTo(a) >= 0;
    }
  }

  private static Block v4Block(SplittableRandom r) {
    long[] bases = {0x0a000000L, 0x0a000400L, 0xc0a80000L, 0xffffff00L, 0};
    long a = bases[r.nextInt(bases.length)] + r.nextInt(1 << 11);
    int len = r.nextInt(4) == 0 ? r.nextInt(33) : 20 + r.nextInt(13);
    a &= len == 0 ? 0 : (0xffffffffL << (32 - len)) & 0xffffffffL;
    int role = 1 + r.nextInt(3);
    return new Block(false, BigInteger.valueOf(a), len, role, Addresses.formatV4(a) + "/" + len);
  }

  private static Block v6Block(SplittableRandom r) {
    int[] lens = {0, 16, 32, 48, 63, 64, 65, 96, 120, 126, 127, 128, 128, 128};
    BigInteger hi = BigInteger.valueOf(0x20010db8_0000_0000L + r.nextInt(2));
    BigInteger lo = BigInteger.valueOf(r.nextInt(4)).shiftLeft(62).add(BigInteger.valueOf(r.nextInt(256)));
    if (r.nextInt(8) == 0) {
      hi = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE); // the top of the space
      lo = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.valueOf(1 + r.nextInt(4)));
    }
    int len = lens[r.nextInt(lens.length)];
    BigInteger mask = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE).shiftRight(len).not();
    BigInteger a = hi.shiftLeft(64).add(lo).and(mask).and(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
    return new Block(true, a, len, 1 + r.nextInt(3), v6Text(a) + "/" + len);
  }

  /** Eight hex groups, uncompressed: a form the parser must take besides RFC 5952's. */
  private static String v6Text(BigInteger a) {
    StringBuilder sb = new StringBuilder();
    for (int g = 7; g >= 0; g--) {
      sb.append(Integer.toHexString(a.shiftRight(16 * g).intValue() & 0xffff)).append(g == 0 ? "" : ":");
    }
    return sb.toString();
  }

  private static String comparison(Block b) {
    String property = switch (b.role()) {
      case 1 -> "network-traffic:src_ref.value";
      case 2 -> "network-traffic:dst_ref.value";
      default -> b.v6() ? "ipv6-addr:value" : "ipv4-addr:value";
    };
    return property + " = '" + b.text() + "'";
  }

  @Property(tries = 60)
  void addressLookupsAgreeWithAScanForTheLongestPrefix(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    IndicatorIndex index = new IndicatorIndex(Clock.fixed(NOW, ZoneOffset.UTC));
    Map<String, List<Block>> model = new HashMap<>();
    int serials = 40 + r.nextInt(400);
    int steps = serials * 2;
    for (int step = 0; step < steps; step++) {
      String id = id(r.nextInt(serials));
      if (r.nextInt(6) == 0) {
        assertThat(index.remove(id)).isEqualTo(model.remove(id) != null);
        continue;
      }
      List<Block> blocks = new ArrayList<>();
      int n = 1 + r.nextInt(3);
      for (int i = 0; i < n; i++) {
        blocks.add(r.nextInt(3) == 0 ? v6Block(r) : v4Block(r));
      }
      String pattern = "[" + String.join(" OR ", blocks.stream().map(IndexProperties::comparison).toList()) + "]";
      String modified = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(step).toString();
      AddResult result = index.add(Indicators.indicator(id, pattern, modified));
      assertThat(result).isInstanceOf(AddResult.Indexed.class);
      model.put(id, blocks);
    }
    assertThat(index.size()).isEqualTo(model.size());
    Set<BigInteger> v4Probes = new TreeSet<>();
    Set<BigInteger> v6Probes = new TreeSet<>();
    for (List<Block> blocks : model.values()) {
      for (Block b : blocks) {
        Set<BigInteger> probes = b.v6() ? v6Probes : v4Probes;
        probes.add(b.start());
        probes.add(b.end());
        probes.add(b.start().subtract(BigInteger.ONE));
        probes.add(b.end().add(BigInteger.ONE));
      }
    }
    BigInteger top4 = BigInteger.ONE.shiftLeft(32);
    BigInteger top6 = BigInteger.ONE.shiftLeft(128);
    for (BigInteger a : v4Probes) {
      if (a.signum() >= 0 && a.compareTo(top4) < 0) {
        for (AddressRole role : AddressRole.values()) {
          check(index, model, false, a, role);
        }
      }
    }
    for (BigInteger a : v6Probes) {
      if (a.signum() >= 0 && a.compareTo(top6) < 0) {
        for (AddressRole role : AddressRole.values()) {
          check(index, model, true, a, role);
        }
      }
    }
  }

  private static void check(
      IndicatorIndex index, Map<String, List<Block>> model, boolean v6, BigInteger a, AddressRole role) {
    int best = -1;
    Set<String> all = new HashSet<>();
    Set<String> atBest = new HashSet<>();
    for (Map.Entry<String, List<Block>> e : model.entrySet()) {
      for (Block b : e.getValue()) {
        if (b.covers(v6, a) && (b.role() & role.mask) != 0) {
          all.add(e.getKey());
          if (b.len() > best) {
            best = b.len();
            atBest.clear();
          }
          if (b.len() == best) {
            atBest.add(e.getKey());
          }
        }
      }
    }
    long hi = a.shiftRight(64).longValue();
    long lo = a.longValue();
    int h = v6 ? index.matchIpv6(hi, lo, role) : index.matchIpv4(lo, role);
    String where = (v6 ? "IPv6 " : "IPv4 ") + a.toString(16) + " " + role;
    if (best < 0) {
      assertThat(h).as(where).isEqualTo(-1);
    } else {
      assertThat(atBest).as(where).contains(index.indicatorId(h));
    }
    int[] out = new int[4096];
    int n = v6 ? index.matchAllIpv6(hi, lo, role, out) : index.matchAllIpv4(lo, role, out);
    Set<String> got = new HashSet<>();
    for (int i = 0; i < n; i++) {
      got.add(index.indicatorId(out[i]));
    }
    assertThat(got).as(where + " all").isEqualTo(all);
    assertThat(n).as(where + " each once").isEqualTo(all.size());
  }

  private static String domain(SplittableRandom r) {
    int depth = 1 + r.nextInt(4);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      sb.append(i == 0 ? "" : ".").append(LABELS[r.nextInt(LABELS.length)]);
    }
    return sb.toString();
  }

  @Property(tries = 60)
  void domainLookupsAgreeWithAWalkUpTheParentDomains(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    IndicatorIndex index = new IndicatorIndex(Clock.fixed(NOW, ZoneOffset.UTC));
    Map<String, Set<String>> model = new HashMap<>(); // id -> lower-case domains
    int serials = 10 + r.nextInt(300);
    for (int step = 0; step < serials * 2; step++) {
      String id = id(r.nextInt(serials));
      if (r.nextInt(5) == 0) {
        assertThat(index.remove(id)).isEqualTo(model.remove(id) != null);
        continue;
      }
      Set<String> names = new HashSet<>();
      List<String> comparisons = new ArrayList<>();
      for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
        String d = domain(r);
        names.add(d.toLowerCase());
        comparisons.add("domain-name:value = '" + d + (r.nextBoolean() ? "." : "") + "'");
      }
      String modified = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(step).toString();
      index.add(Indicators.indicator(id, "[" + String.join(" OR ", comparisons) + "]", modified));
      model.put(id, names);
    }
    for (int q = 0; q < 300; q++) {
      String query = domain(r) + (r.nextInt(4) == 0 ? "." : "");
      Set<String> expected = new HashSet<>();
      String name = query.toLowerCase().replaceAll("\\.$", "");
      while (expected.isEmpty()) { // the nearest parent domain that any indicator names
        for (Map.Entry<String, Set<String>> e : model.entrySet()) {
          if (e.getValue().contains(name)) {
            expected.add(e.getKey());
          }
        }
        int dot = name.indexOf('.');
        if (dot < 0) {
          break;
        }
        name = name.substring(dot + 1);
      }
      int h = index.matchDomain(query);
      if (expected.isEmpty()) {
        assertThat(h).as(query).isEqualTo(-1);
      } else {
        assertThat(expected).as(query).contains(index.indicatorId(h));
      }
    }
  }

  @Property(tries = 200)
  void ipv6TextParsesToTheSameNumberAsBigInteger(@ForAll long hi, @ForAll long lo) {
    BigInteger a = new BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(hi).putLong(lo).array());
    String text = Addresses.format(true, hi, lo);
    net.jqwik.api.Assume.that(text.contains(":")); // InetAddress prints IPv4-mapped addresses as dotted quads
    IpText.V6 parsed = IpText.parseV6(text);
    assertThat(parsed).as(text).isEqualTo(new IpText.V6(hi, lo, 128));
    assertThat(IpText.parseV6(v6Text(a))).isEqualTo(new IpText.V6(hi, lo, 128));
  }
}
