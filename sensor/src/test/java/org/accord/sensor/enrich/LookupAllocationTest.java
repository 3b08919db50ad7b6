package org.accord.sensor.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The hot-path lookups allocate nothing: counted with the JVM's per-thread allocation counter over many lookups
 * (a substring or a boxed value per lookup would show as hundreds of kilobytes). Not a timing test.
 */
class LookupAllocationTest {
  private static final int LOOKUPS = 20_000;
  /** Slack for the counter's own bookkeeping, far below one small object per lookup. */
  private static final long SLACK_BYTES = 4_096;

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void assetRegistryLookupsDoNotAllocate() {
    AssetRegistry registry =
        AssetRegistry.of(
            List.of(
                AssetRegistryTest.asset("bank", List.of("198.51.0.0/16", "2001:db8::/32"), List.of("bank.example")),
                AssetRegistryTest.asset("web", List.of("198.51.100.0/24"), List.of("www.bank.example"))));
    String[] names = {"login.www.bank.example", "WWW.BANK.EXAMPLE.", "other.example", "a.b.c.d.e.f"};
    long sink = allocatedDuring(
        () -> {
          long s = 0;
          for (int i = 0; i < LOOKUPS; i++) {
            s += registry.assetOfV4(0xc633_0000L + i) != null ? 1 : 0;
            s += registry.assetOfV6(0x2001_0db8_0000_0000L, i) != null ? 1 : 0;
            s += registry.assetOfDomain(names[i & 3]) != null ? 1 : 0;
          }
          return s;
        });
    assertThat(sink).isLessThan(SLACK_BYTES);
  }

  @Test
  void geoLookupsDoNotAllocate() throws Exception {
    GeoLookup geo =
        MaxMindGeo.open(
            MaxMindGeoTest.resource("GeoLite2-Country-Test.mmdb"), MaxMindGeoTest.resource("GeoLite2-ASN-Test.mmdb"));
    GeoLookup csv = CsvGeo.parse(new StringReader("1.0.0.0/8,,AU,13335,Example\n"), "inline");
    long sink = allocatedDuring(
        () -> {
          long s = 0;
          for (int i = 0; i < LOOKUPS; i++) {
            s += geo.lookupV4(0x0100_0000L + i * 7919L).asn();
            s += geo.lookupV6(0x2001_0218_0000_0000L + i, i).asn();
            s += csv.lookupV4(0x0100_0000L + i).asn();
          }
          return s;
        });
    assertThat(sink).isLessThan(SLACK_BYTES);
  }

  /** Bytes allocated by this thread while {@code work} runs (after one warm-up run). */
  private long allocatedDuring(java.util.function.LongSupplier work) {
    Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    long warm = work.getAsLong();
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    long result = work.getAsLong();
    long after = threads.getThreadAllocatedBytes(id);
    assertThat(result).isEqualTo(warm);
    return after - before;
  }
}
