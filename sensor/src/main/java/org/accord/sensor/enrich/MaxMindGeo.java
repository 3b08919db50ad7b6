package org.accord.sensor.enrich;

import com.maxmind.db.CHMCache;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Network;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Country and AS attribution from MaxMind DB files (GeoLite2-Country and GeoLite2-ASN, or their commercial GeoIP2
 * equivalents; a City database works for the country too).
 *
 * <p>Design note. The files are read with MaxMind's own reader ({@code com.maxmind.db:maxmind-db}), but only once, at
 * load: every network of every database is walked and the answers are flattened into a {@link GeoTable} (sorted
 * primitive arrays, one binary search per lookup, one shared {@link Geo} per distinct answer). A per-lookup call into
 * the reader needs an {@link InetAddress} and decodes a map per call: on the test databases it measured about 50
 * times slower than the table (0.19 against 9.5 million lookups/s, machine loaded) and allocates, which the hot path
 * cannot afford (BENCHMARKS.md, {@code GeoLookupBenchmark}); a /24 cache in front of it would be wrong for the many
 * smaller networks (GeoLite2 ASN has /25 to /32 networks) and still slower than the table.
 *
 * <p>The price is load time and memory: a full GeoLite2 Country plus ASN pair holds some hundreds of thousands of
 * networks, so expect tens of MB and a few seconds of load: walking the test databases took 2.3 µs of CPU per
 * network once warm (with the reader's cache; 5.8 µs without), and the first load of a JVM pays about 0.2 s of
 * warm-up. An estimate: the full databases cannot be fetched here. A reload builds a new instance and the caller
 * swaps it in.
 *
 * <p>What is read (MaxMind GeoIP2 database format): {@code country.iso_code}, falling back to {@code
 * registered_country.iso_code} when a network has no country (e.g. some anycast and satellite ranges);
 * {@code autonomous_system_number} and {@code autonomous_system_organization}. IPv4 networks of an IPv6 database are
 * read once, through the IPv4 subtree (aliases such as {@code ::ffff:0:0/96} and 6to4 are skipped).
 */
public final class MaxMindGeo implements GeoLookup {
  private final GeoTable table;
  private final List<String> databaseTypes;

  private MaxMindGeo(GeoTable table, List<String> databaseTypes) {
    this.table = table;
    this.databaseTypes = List.copyOf(databaseTypes);
  }

  /**
   * Loads MaxMind DB files: each contributes countries, AS data or both, depending on what its records hold.
   *
   * @throws IOException when a file cannot be read or is not a MaxMind DB
   * @throws IllegalArgumentException when a database has neither country nor AS data, or two databases give the same
   *     kind of data for overlapping networks
   */
  public static MaxMindGeo open(Path... databases) throws IOException {
    if (databases.length == 0) {
      throw new IllegalArgumentException("no MaxMind database given");
    }
    RangeTable.Builder<String> countries4 = RangeTable.builder(false);
    RangeTable.Builder<String> countries6 = RangeTable.builder(true);
    RangeTable.Builder<GeoTable.AsInfo> ases4 = RangeTable.builder(false);
    RangeTable.Builder<GeoTable.AsInfo> ases6 = RangeTable.builder(true);
    List<String> types = new ArrayList<>();
    for (Path db : databases) {
      types.add(read(db, countries4, countries6, ases4, ases6));
    }
    GeoTable.Interner interner = new GeoTable.Interner();
    try {
      return new MaxMindGeo(
          new GeoTable(
              GeoTable.overlay(countries4.sorted(), ases4.sorted(), false, interner),
              GeoTable.overlay(countries6.sorted(), ases6.sorted(), true, interner)),
          types);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("MaxMind databases " + types + ": " + e.getMessage(), e);
    }
  }

  /** Walks one database into the builders; returns its database type. */
  private static String read(
      Path db,
      RangeTable.Builder<String> countries4,
      RangeTable.Builder<String> countries6,
      RangeTable.Builder<GeoTable.AsInfo> ases4,
      RangeTable.Builder<GeoTable.AsInfo> ases6)
      throws IOException {
    // The cache keys decoded records by their offset in the data section: the ~250 country records are shared by
    // hundreds of thousands of networks, so each is decoded once.
    try (Reader reader = new Reader(db.toFile(), new CHMCache())) {
      String type = reader.getMetadata().databaseType();
      int found = 0;
      @SuppressWarnings("rawtypes")
      Networks<Map> networks;
      try {
        networks = reader.networks(false, Map.class);
      } catch (com.maxmind.db.InvalidNetworkException e) {
        throw new IOException("cannot walk the networks of " + db + ": " + e.getMessage(), e);
      }
      while (networks.hasNext()) {
        @SuppressWarnings("unchecked")
        DatabaseRecord<Map<String, Object>> record = (DatabaseRecord<Map<String, Object>>) (Object) networks.next();
        Map<String, Object> data = record.data();
        if (data == null) {
          continue;
        }
        Cidr cidr = cidrOf(record.network());
        String country = isoCode(data.get("country"));
        if (country == null) {
          country = isoCode(data.get("registered_country"));
        }
        if (country != null) {
          (cidr.ipv6() ? countries6 : countries4).add(cidr, country);
          found++;
        }
        if (data.get("autonomous_system_number") instanceof Number asn) {
          Object org = data.get("autonomous_system_organization");
          GeoTable.AsInfo as = new GeoTable.AsInfo(asn.longValue(), org instanceof String s ? s : "");
          (cidr.ipv6() ? ases6 : ases4).add(cidr, as);
          found++;
        }
      }
      if (found == 0) {
        throw new IllegalArgumentException(
            "MaxMind database " + db + " (" + type + ") has neither country nor AS data");
      }
      return type;
    }
  }

  private static String isoCode(Object place) {
    if (place instanceof Map<?, ?> map && map.get("iso_code") instanceof String code && !code.isEmpty()) {
      return code;
    }
    return null;
  }

  private static Cidr cidrOf(Network network) {
    InetAddress address = network.networkAddress();
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      long v4 = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
      return new Cidr(false, 0, v4, network.prefixLength());
    }
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (b[i] & 0xffL);
      lo = (lo << 8) | (b[8 + i] & 0xffL);
    }
    return new Cidr(true, hi, lo, network.prefixLength());
  }

  @Override
  public Geo lookupV4(long v4) {
    return table.lookupV4(v4);
  }

  @Override
  public Geo lookupV6(long hi, long lo) {
    return table.lookupV6(hi, lo);
  }

  /** The database types loaded, e.g. {@code [GeoLite2-Country, GeoLite2-ASN]}. */
  public List<String> databaseTypes() {
    return databaseTypes;
  }

  @Override
  public String toString() {
    return "MaxMindGeo" + databaseTypes + "[" + table.ranges() + " ranges]";
  }
}
