package org.accord.sensor.enrich;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The critical-infrastructure asset registry: which asset an address or a domain belongs to.
 *
 * <p>Design note. An immutable snapshot built once from a list of {@link Asset}s; a change to the registry builds a
 * new snapshot and swaps it in (the caller holds it in a volatile field), so lookups take no lock. Address ranges
 * may nest (a bank's /16 with a /24 of its online banking inside): the longest prefix wins (RFC 4632 §5.1). At build
 * time the nested prefixes are flattened into disjoint intervals, each owned by its most specific prefix, and stored
 * in a {@link RangeTable} per address family: a lookup is one binary search over primitive arrays, without
 * allocation. A registry holds thousands of ranges, so this is small and fast enough; the indicator index, with a
 * million entries, needs more. Domains go to a {@link DomainTable}: nearest registered parent wins.
 *
 * <p>Refused at build time, with the asset named: a malformed CIDR, a CIDR with host bits set, a bad prefix length,
 * a malformed domain, two assets with the same id, the same CIDR or the same domain in two assets (which would make
 * the answer depend on order). An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}, RFC 4291 §2.5.5.2) is looked up
 * as the IPv4 address it carries.
 */
public final class AssetRegistry implements AssetLookup {
  private final List<Asset> assets;
  private final RangeTable<Asset> v4;
  private final RangeTable<Asset> v6;
  private final DomainTable<Asset> domains;

  private AssetRegistry(List<Asset> assets, RangeTable<Asset> v4, RangeTable<Asset> v6, DomainTable<Asset> domains) {
    this.assets = assets;
    this.v4 = v4;
    this.v6 = v6;
    this.domains = domains;
  }

  /** An empty registry. */
  public static AssetRegistry empty() {
    return of(List.of());
  }

  /**
   * Builds a registry of {@code assets}.
   *
   * @throws IllegalArgumentException naming the asset, when one of its CIDRs or domains is malformed, or when two
   *     assets share an id, a CIDR or a domain
   */
  public static AssetRegistry of(List<Asset> assets) {
    List<Asset> copy = List.copyOf(assets);
    Set<String> ids = new HashSet<>();
    List<Prefix> v4 = new ArrayList<>();
    List<Prefix> v6 = new ArrayList<>();
    Map<String, Asset> domains = new LinkedHashMap<>();
    for (Asset asset : copy) {
      if (!ids.add(asset.id())) {
        throw new IllegalArgumentException("asset " + asset.id() + ": the id is used twice");
      }
      for (String text : asset.cidrs()) {
        Cidr cidr = parseCidr(asset, text);
        (cidr.ipv6() ? v6 : v4).add(new Prefix(cidr, asset));
      }
      for (String text : asset.domains()) {
        String domain = normalizeDomain(asset, text);
        Asset other = domains.putIfAbsent(domain, asset);
        if (other != null && other != asset) {
          throw new IllegalArgumentException(
              "asset " + asset.id() + ": domain " + domain + " belongs to asset " + other.id() + " already");
        }
      }
    }
    return new AssetRegistry(copy, flatten(v4, false), flatten(v6, true), new DomainTable<>(domains));
  }

  /** The assets of this snapshot, in the order given. */
  public List<Asset> assets() {
    return assets;
  }

  @Override
  public Asset assetOfV4(long v4) {
    return this.v4.find(0, v4 & 0xffff_ffffL);
  }

  @Override
  public Asset assetOfV6(long hi, long lo) {
    if (hi == 0 && (lo >>> 32) == 0xffff) {
      return v4.find(0, lo & 0xffff_ffffL);
    }
    return v6.find(hi, lo);
  }

  @Override
  public Asset assetOfDomain(String domain) {
    return domains.find(domain);
  }

  @Override
  public String toString() {
    return "AssetRegistry[" + assets.size() + " assets, " + v4 + ", " + v6 + "]";
  }

  static Cidr parseCidr(Asset asset, String text) {
    try {
      return Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("asset " + asset.id() + ": " + e.getMessage(), e);
    }
  }

  private static String normalizeDomain(Asset asset, String text) {
    try {
      return DomainTable.normalize(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("asset " + asset.id() + ": " + e.getMessage(), e);
    }
  }

  /** A CIDR of an asset, during the build. */
  private record Prefix(Cidr cidr, Asset asset) {
    long startHi() {
      return cidr.firstHi();
    }

    long startLo() {
      return cidr.firstLo();
    }

    long endHi() {
      return cidr.lastHi();
    }

    long endLo() {
      return cidr.lastLo();
    }
  }

  /**
   * Flattens nested prefixes into disjoint intervals, each owned by its innermost prefix. Prefixes either nest or are
   * disjoint, never overlap in part, so a sweep in order of start (outer before inner at equal starts) with a stack of
   * the open prefixes does it: each interval between two events belongs to the prefix on top of the stack.
   */
  private static RangeTable<Asset> flatten(List<Prefix> prefixes, boolean ipv6) {
    List<Prefix> sorted = new ArrayList<>(prefixes);
    sorted.sort(
        Comparator.comparing(
            (Prefix p) -> p,
            (a, b) -> {
              int c = RangeTable.compare(a.startHi(), a.startLo(), b.startHi(), b.startLo());
              return c != 0 ? c : Integer.compare(a.cidr.length(), b.cidr.length());
            }));
    RangeTable.Builder<Asset> table = RangeTable.builder(ipv6);
    Deque<Prefix> open = new ArrayDeque<>();
    Map<Cidr, Asset> seen = new HashMap<>();
    long[] cursor = new long[3]; // next address not yet emitted (hi, lo); [2] == 1 once past the last address
    for (Prefix p : sorted) {
      Asset before = seen.putIfAbsent(p.cidr, p.asset);
      if (before != null) {
        if (before == p.asset) {
          continue; // the same CIDR twice in one asset: harmless
        }
        throw new IllegalArgumentException(
            "asset " + p.asset.id() + ": " + p.cidr + " belongs to asset " + before.id() + " already");
      }
      while (!open.isEmpty() && endsBefore(open.peek(), p)) {
        close(open.pop(), cursor, table);
      }
      if (!open.isEmpty() && RangeTable.compare(cursor[0], cursor[1], p.startHi(), p.startLo()) < 0) {
        long endLo = p.startLo() - 1;
        long endHi = p.startLo() == 0 ? p.startHi() - 1 : p.startHi();
        table.add(cursor[0], cursor[1], endHi, endLo, open.peek().asset);
      }
      cursor[0] = p.startHi();
      cursor[1] = p.startLo();
      open.push(p);
    }
    while (!open.isEmpty()) {
      close(open.pop(), cursor, table);
    }
    return table.build();
  }

  private static boolean endsBefore(Prefix outer, Prefix next) {
    return RangeTable.compare(outer.endHi(), outer.endLo(), next.startHi(), next.startLo()) < 0;
  }

  /** Emits the rest of {@code p}, from the cursor to its end, and moves the cursor past it. */
  private static void close(Prefix p, long[] cursor, RangeTable.Builder<Asset> table) {
    if (cursor[2] == 0 && RangeTable.compare(cursor[0], cursor[1], p.endHi(), p.endLo()) <= 0) {
      table.add(cursor[0], cursor[1], p.endHi(), p.endLo(), p.asset);
    }
    long nextLo = p.endLo() + 1;
    long nextHi = nextLo == 0 ? p.endHi() + 1 : p.endHi();
    if (nextHi == 0 && nextLo == 0) {
      cursor[2] = 1; // p ended at the last IPv6 address: nothing is left to emit
      return;
    }
    cursor[0] = nextHi;
    cursor[1] = nextLo;
  }
}
