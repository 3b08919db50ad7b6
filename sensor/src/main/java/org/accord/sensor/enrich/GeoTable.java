package org.accord.sensor.enrich;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Country and AS per address range, one {@link RangeTable} per family: the lookup behind {@link MaxMindGeo} and
 * {@link CsvGeo}. Each distinct {@link Geo} exists once (interned at build time), so a lookup returns a shared
 * instance and allocates nothing. An IPv4-mapped IPv6 address (RFC 4291 §2.5.5.2) is looked up as IPv4.
 */
final class GeoTable {
  private final RangeTable<Geo> v4;
  private final RangeTable<Geo> v6;

  GeoTable(RangeTable<Geo> v4, RangeTable<Geo> v6) {
    this.v4 = v4;
    this.v6 = v6;
  }

  Geo lookupV4(long v4) {
    Geo g = this.v4.find(0, v4 & 0xffff_ffffL);
    return g == null ? Geo.UNKNOWN : g;
  }

  Geo lookupV6(long hi, long lo) {
    if (hi == 0 && (lo >>> 32) == 0xffff) {
      return lookupV4(lo);
    }
    Geo g = v6.find(hi, lo);
    return g == null ? Geo.UNKNOWN : g;
  }

  int ranges() {
    return v4.size() + v6.size();
  }

  /** Gives one shared instance per distinct value. */
  static final class Interner {
    private final Map<Geo, Geo> geos = new HashMap<>();

    Geo intern(Geo g) {
      return geos.computeIfAbsent(g, Function.identity());
    }
  }

  /**
   * Overlays two sets of disjoint ranges, one with countries and one with AS data, into ranges of {@link Geo}: every
   * start and every end + 1 of either set is a boundary, and each segment between two boundaries lies wholly inside
   * or outside each range, so its country and AS are read off by two cursors moving forward in step.
   */
  static RangeTable<Geo> overlay(
      List<RangeTable.Range> countries, List<RangeTable.Range> ases, boolean ipv6, Interner interner) {
    long[][] points = boundaries(countries, ases, ipv6);
    long[] hi = points[0];
    long[] lo = points[1];
    RangeTable.Builder<Geo> table = RangeTable.builder(ipv6);
    int i = 0;
    int j = 0;
    for (int k = 0; k < lo.length; k++) {
      long sHi = hi[k];
      long sLo = lo[k];
      long eHi;
      long eLo;
      if (k + 1 < lo.length) {
        eLo = lo[k + 1] - 1;
        eHi = lo[k + 1] == 0 ? hi[k + 1] - 1 : hi[k + 1];
      } else {
        eHi = ipv6 ? -1L : 0;
        eLo = ipv6 ? -1L : 0xffff_ffffL;
      }
      while (i < countries.size() && endsBefore(countries.get(i), sHi, sLo)) {
        i++;
      }
      while (j < ases.size() && endsBefore(ases.get(j), sHi, sLo)) {
        j++;
      }
      String country = covers(countries, i, sHi, sLo) ? (String) countries.get(i).value() : null;
      AsInfo as = covers(ases, j, sHi, sLo) ? (AsInfo) ases.get(j).value() : null;
      if (country == null && as == null) {
        continue;
      }
      Geo geo =
          new Geo(country == null ? "" : country, as == null ? 0 : as.asn(), as == null ? "" : as.organisation());
      table.add(sHi, sLo, eHi, eLo, interner.intern(geo));
    }
    return table.build();
  }

  /** An autonomous system's number and organisation. */
  record AsInfo(long asn, String organisation) {}

  private static boolean endsBefore(RangeTable.Range r, long hi, long lo) {
    return RangeTable.compare(r.endHi(), r.endLo(), hi, lo) < 0;
  }

  private static boolean covers(List<RangeTable.Range> ranges, int i, long hi, long lo) {
    return i < ranges.size() && RangeTable.compare(ranges.get(i).startHi(), ranges.get(i).startLo(), hi, lo) <= 0;
  }

  /** The sorted distinct starts and ends + 1 of all ranges, as parallel arrays {hi[], lo[]}. */
  private static long[][] boundaries(List<RangeTable.Range> a, List<RangeTable.Range> b, boolean ipv6) {
    List<long[]> points = new ArrayList<>(2 * (a.size() + b.size()));
    for (List<RangeTable.Range> list : List.of(a, b)) {
      for (RangeTable.Range r : list) {
        points.add(new long[] {r.startHi(), r.startLo()});
        long nextLo = r.endLo() + 1;
        long nextHi = nextLo == 0 ? r.endHi() + 1 : r.endHi();
        boolean last = ipv6 ? nextHi == 0 && nextLo == 0 : nextLo > 0xffff_ffffL;
        if (!last) {
          points.add(new long[] {nextHi, nextLo});
        }
      }
    }
    points.sort((x, y) -> RangeTable.compare(x[0], x[1], y[0], y[1]));
    long[] hi = new long[points.size()];
    long[] lo = new long[points.size()];
    int n = 0;
    for (long[] p : points) {
      if (n == 0 || hi[n - 1] != p[0] || lo[n - 1] != p[1]) {
        hi[n] = p[0];
        lo[n] = p[1];
        n++;
      }
    }
    return new long[][] {Arrays.copyOf(hi, n), Arrays.copyOf(lo, n)};
  }
}
