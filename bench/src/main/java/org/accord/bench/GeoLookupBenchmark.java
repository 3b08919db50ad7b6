package org.accord.bench;

import com.maxmind.db.CHMCache;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.accord.sensor.enrich.CsvGeo;
import org.accord.sensor.enrich.Geo;
import org.accord.sensor.enrich.GeoLookup;
import org.accord.sensor.enrich.MaxMindGeo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Country + AS lookups per second on one thread: the sensor asks once per flow source it attributes.
 *
 * <p>Workload: {@value #ADDRESSES} IPv4 addresses, half inside networks of MaxMind's test databases
 * ({@code sensor/src/test/resources/geoip-test/}, 244 Country and 720 ASN networks; run from the repository root),
 * half uniformly random (mostly unknown). Benchmarks:
 *
 * <ul>
 *   <li>{@code maxMindGeo}: {@link MaxMindGeo} over both test databases (flattened range table, no allocation);
 *   <li>{@code baselineMaxMindReader}: MaxMind's own reader per lookup, as a naive integration would call it
 *       ({@code InetAddress} per address, {@code Reader.get} on each database, decoded records cached by
 *       {@link CHMCache}), with the same answers;
 *   <li>{@code csvGeoFullSize}: {@link CsvGeo} with {@value #LARGE_V4} synthetic IPv4 ranges (about the size of a full
 *       GeoLite2 Country and ASN merge), looked up with uniformly random addresses: the same table code at the size
 *       that matters, where the test databases are tiny.
 * </ul>
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar GeoLookupBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GeoLookupBenchmark {
  static final int ADDRESSES = 4096;
  static final int LARGE_V4 = 600_000;

  @Param("sensor/src/test/resources/geoip-test")
  public String geoipDir;

  private final long[] addresses = new long[ADDRESSES];
  private final InetAddress[] inet = new InetAddress[ADDRESSES];
  private final long[] random = new long[ADDRESSES];
  private MaxMindGeo maxMind;
  private CsvGeo large;
  private Reader countryReader;
  private Reader asnReader;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    File country = Path.of(geoipDir, "GeoLite2-Country-Test.mmdb").toFile();
    File asn = Path.of(geoipDir, "GeoLite2-ASN-Test.mmdb").toFile();
    if (!country.isFile() || !asn.isFile()) {
      throw new IllegalStateException("run from the repository root: no test databases in " + geoipDir);
    }
    maxMind = MaxMindGeo.open(country.toPath(), asn.toPath());
    countryReader = new Reader(country, new CHMCache());
    asnReader = new Reader(asn, new CHMCache());
    List<long[]> networks = ipv4Networks(countryReader);
    networks.addAll(ipv4Networks(asnReader));
    SplittableRandom rnd = new SplittableRandom(42);
    int known = 0;
    for (int i = 0; i < ADDRESSES; i++) {
      if (i % 2 == 0) {
        long[] n = networks.get(rnd.nextInt(networks.size()));
        addresses[i] = n[0] + rnd.nextLong(n[1] - n[0] + 1);
      } else {
        addresses[i] = rnd.nextLong(1L << 32);
      }
      inet[i] = InetAddress.getByAddress(bytes(addresses[i]));
      random[i] = rnd.nextLong(1L << 32);
      Geo expected = maxMind.lookupV4(addresses[i]);
      if (!expected.equals(viaReader(inet[i]))) {
        throw new IllegalStateException("reader and table disagree on " + inet[i] + ": " + expected);
      }
      known += expected.known() ? 1 : 0;
    }
    if (known < ADDRESSES / 2) {
      throw new IllegalStateException("too few known addresses: " + known);
    }
    large = CsvGeo.parse(new StringReader(syntheticRanges(rnd)), "synthetic");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    countryReader.close();
    asnReader.close();
  }

  @Benchmark
  @OperationsPerInvocation(ADDRESSES)
  public long maxMindGeo() {
    return sum(maxMind, addresses);
  }

  @Benchmark
  @OperationsPerInvocation(ADDRESSES)
  public long csvGeoFullSize() {
    return sum(large, random);
  }

  @Benchmark
  @OperationsPerInvocation(ADDRESSES)
  public long baselineMaxMindReader() throws IOException {
    long s = 0;
    for (InetAddress a : inet) {
      s += viaReader(a).asn();
    }
    return s;
  }

  private static long sum(GeoLookup geo, long[] addresses) {
    long s = 0;
    for (long a : addresses) {
      Geo g = geo.lookupV4(a);
      s += g.asn() + g.country().length();
    }
    return s;
  }

  /** What a per-lookup integration of MaxMind's reader does (country, else registered country; AS). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private Geo viaReader(InetAddress a) throws IOException {
    Map<String, Object> c = countryReader.get(a, Map.class);
    Map<String, Object> as = asnReader.get(a, Map.class);
    String country = "";
    if (c != null) {
      country = iso(c.get("country"));
      country = country.isEmpty() ? iso(c.get("registered_country")) : country;
    }
    long asn = as == null ? 0 : ((Number) as.get("autonomous_system_number")).longValue();
    String org = as == null ? "" : (String) as.getOrDefault("autonomous_system_organization", "");
    return country.isEmpty() && asn == 0 ? Geo.UNKNOWN : new Geo(country, asn, org);
  }

  private static String iso(Object place) {
    return place instanceof Map<?, ?> m && m.get("iso_code") instanceof String s ? s : "";
  }

  @SuppressWarnings("rawtypes")
  private static List<long[]> ipv4Networks(Reader reader) throws IOException {
    List<long[]> out = new ArrayList<>();
    try {
      Networks<Map> networks = reader.networks(false, Map.class);
      while (networks.hasNext()) {
        DatabaseRecord<Map> r = networks.next();
        byte[] b = r.network().networkAddress().getAddress();
        if (b.length == 4) {
          long start = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
          out.add(new long[] {start, start + (1L << (32 - r.network().prefixLength())) - 1});
        }
      }
    } catch (com.maxmind.db.InvalidNetworkException e) {
      throw new IOException(e);
    }
    return out;
  }

  /** {@value #LARGE_V4} consecutive IPv4 ranges with gaps, ~250 countries, ~70,000 ASes, as CSV. */
  private static String syntheticRanges(SplittableRandom rnd) {
    StringBuilder csv = new StringBuilder(LARGE_V4 * 40);
    long step = (1L << 32) / LARGE_V4;
    for (int i = 0; i < LARGE_V4; i++) {
      long start = i * step;
      long end = start + 1 + rnd.nextLong(step - 1); // leaves a gap of unknown space after most ranges
      int c = rnd.nextInt(250);
      csv.append(format(start)).append(',').append(format(end - 1)).append(',')
          .append((char) ('A' + c / 26)).append((char) ('A' + c % 26)).append(',')
          .append(1 + rnd.nextInt(70_000)).append(",AS org\n");
    }
    return csv.toString();
  }

  private static String format(long v4) {
    return ((v4 >>> 24) & 0xff) + "." + ((v4 >>> 16) & 0xff) + "." + ((v4 >>> 8) & 0xff) + "." + (v4 & 0xff);
  }

  private static byte[] bytes(long v4) {
    return new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
  }
}
