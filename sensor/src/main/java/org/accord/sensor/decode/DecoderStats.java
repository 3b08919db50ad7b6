package org.accord.sensor.decode;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.flow.FlowRecord;

/**
 * Counters per exporter: datagrams, records, malformed, truncated, unknown-template, templates, clamped, no-address,
 * sampled.
 *
 * <p>Design note. Written by collector threads (one or more decoders may share one instance), read by anyone via
 * {@link #snapshot()}. Each exporter's counters are one {@link AtomicLongArray}, so a write is one atomic add and a
 * reader never sees a torn value; a snapshot is not atomic across counters (a reader may see a datagram counted before
 * its records), which is fine for monitoring. Decoders add per datagram, not per record, and the lookup of the last
 * exporter is cached by the caller ({@link #of}), so the hot path does one map lookup per datagram at most.
 */
public final class DecoderStats {
  static final int DATAGRAMS = 0;
  static final int RECORDS = 1;
  static final int MALFORMED = 2;
  static final int TRUNCATED = 3;
  static final int UNKNOWN_TEMPLATE = 4;
  static final int TEMPLATES = 5;
  static final int CLAMPED = 6;
  static final int NO_ADDRESS = 7;
  static final int SAMPLED = 8;
  private static final int SIZE = 9;

  private final ConcurrentHashMap<Long, AtomicLongArray> byExporter = new ConcurrentHashMap<>();

  /**
   * The counters of one exporter at one moment.
   *
   * @param datagrams datagrams (or file messages) received
   * @param records flow records decoded and handed to the sink
   * @param malformed datagrams or sets that broke the format (wrong version, bad lengths, bad templates)
   * @param truncated datagrams or sets shorter than their headers say
   * @param unknownTemplate data sets skipped because their template was unknown or expired
   * @param templates template records received (new, changed or refreshed)
   * @param clamped records whose timestamps were inconsistent (end before start, start in the future) and were clamped
   * @param noAddress records (among {@code records}) with neither a source nor a destination address: L2, MPLS or
   *     NAT-event records, or fields the decoder does not read; they reach the sink as 0.0.0.0 to 0.0.0.0
   * @param sampled records (among {@code records}) whose packets and bytes were scaled by a sampling rate above 1
   */
  public record Counts(
      long datagrams,
      long records,
      long malformed,
      long truncated,
      long unknownTemplate,
      long templates,
      long clamped,
      long noAddress,
      long sampled) {
    /** Counts without the sampled counter (zero). */
    public Counts(long datagrams, long records, long malformed, long truncated, long unknownTemplate, long templates,
        long clamped, long noAddress) {
      this(datagrams, records, malformed, truncated, unknownTemplate, templates, clamped, noAddress, 0);
    }

    /** Counts without the no-address counter (zero). */
    public Counts(long datagrams, long records, long malformed, long truncated, long unknownTemplate, long templates,
        long clamped) {
      this(datagrams, records, malformed, truncated, unknownTemplate, templates, clamped, 0, 0);
    }

    /** Malformed plus truncated plus unknown-template: everything that was skipped. */
    public long errors() {
      return malformed + truncated + unknownTemplate;
    }

    Counts plus(Counts o) {
      return new Counts(datagrams + o.datagrams, records + o.records, malformed + o.malformed,
          truncated + o.truncated, unknownTemplate + o.unknownTemplate, templates + o.templates, clamped + o.clamped,
          noAddress + o.noAddress, sampled + o.sampled);
    }
  }

  /** Counts a record that carries neither address (see {@link Counts#noAddress()}). */
  static void address(FlowRecord r, AtomicLongArray c) {
    if ((r.srcHi | r.srcLo | r.dstHi | r.dstLo) == 0) {
      c.incrementAndGet(NO_ADDRESS);
    }
  }

  /** The counters of one exporter, created on first use. Callers keep the array for the exporter they decode. */
  AtomicLongArray of(long exporter) {
    AtomicLongArray a = byExporter.get(exporter);
    return a != null ? a : byExporter.computeIfAbsent(exporter, e -> new AtomicLongArray(SIZE));
  }

  /** Counts per exporter (keyed by the exporter's IPv4 address as unsigned 32 bits), in address order. */
  public Map<Long, Counts> snapshot() {
    Map<Long, Counts> out = new TreeMap<>();
    byExporter.forEach((k, v) -> out.put(k, counts(v)));
    return out;
  }

  /** Counts of one exporter (zeros when it was never seen). */
  public Counts exporter(long exporterV4) {
    AtomicLongArray a = byExporter.get(exporterV4);
    return a == null ? new Counts(0, 0, 0, 0, 0, 0, 0) : counts(a);
  }

  /** The sum over all exporters. */
  public Counts total() {
    Counts sum = new Counts(0, 0, 0, 0, 0, 0, 0);
    for (AtomicLongArray a : byExporter.values()) {
      sum = sum.plus(counts(a));
    }
    return sum;
  }

  private static Counts counts(AtomicLongArray a) {
    return new Counts(a.get(DATAGRAMS), a.get(RECORDS), a.get(MALFORMED), a.get(TRUNCATED), a.get(UNKNOWN_TEMPLATE),
        a.get(TEMPLATES), a.get(CLAMPED), a.get(NO_ADDRESS), a.get(SAMPLED));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    snapshot().forEach((k, v) -> sb.append(Addresses.formatV4(k)).append(' ').append(v).append('\n'));
    return sb.toString();
  }
}
