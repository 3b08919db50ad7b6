package org.accord.sensor.decode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLongArray;
import org.accord.sensor.flow.FlowRecord;
import org.accord.sensor.flow.FlowSink;

/**
 * NetFlow version 5: a fixed 24-byte header and up to 30 fixed 48-byte records (Cisco's published format).
 *
 * <pre>
 * header:  0 version(2)=5  2 count(2)  4 sysUptime(4, ms)  8 unix_secs(4)  12 unix_nsecs(4)
 *          16 flow_sequence(4)  20 engine_type(1)  21 engine_id(1)  22 sampling_interval(2)
 * record:  0 srcaddr(4)  4 dstaddr(4)  8 nexthop(4)  12 input(2)  14 output(2)  16 dPkts(4)  20 dOctets(4)
 *          24 first(4, sysUptime)  28 last(4, sysUptime)  32 srcport(2)  34 dstport(2)  36 pad1(1)
 *          37 tcp_flags(1)  38 prot(1)  39 tos(1)  40 src_as(2)  42 dst_as(2)  44 src_mask(1)  45 dst_mask(1)
 *          46 pad2(2)
 * </pre>
 *
 * <p>Design note. The hot path: absolute reads from the buffer into one reused {@link FlowRecord}, no allocation per
 * record or per datagram. A datagram whose header announces more records than it carries is counted truncated and
 * skipped whole (it is not worth guessing which records survived); a wrong version is malformed. A count above 30 is
 * accepted when the bytes are there, since some software exporters exceed Cisco's limit.
 *
 * <p>Sampling: {@code sampling_interval} holds a 2-bit mode (01 deterministic, 10 random) and a 14-bit interval N;
 * records are scaled by N when it is above 1, whatever the mode (exporters that sample but leave the mode at 0
 * exist), unless the {@link SamplingPolicy} overrides the exporter's rate. v5 has no sampler ids: one rate per
 * datagram.
 */
public final class NetflowV5Decoder implements DatagramDecoder {
  static final int HEADER = 24;
  static final int RECORD = 48;

  private final DecoderStats stats;
  private final SamplingPolicy sampling;
  private final FlowRecord rec = new FlowRecord();
  private long lastExporter = -1;
  private AtomicLongArray counters;
  private long override;

  public NetflowV5Decoder() {
    this(new DecoderStats());
  }

  /** A decoder that adds to the given counters (shared with other decoders, e.g. by a collector). */
  public NetflowV5Decoder(DecoderStats stats) {
    this(stats, SamplingPolicy.ANNOUNCED);
  }

  /** A decoder adding to the given counters, taking sampling rates as {@code sampling} says. */
  public NetflowV5Decoder(DecoderStats stats, SamplingPolicy sampling) {
    this.stats = stats;
    this.sampling = sampling;
  }

  @Override
  public DecoderStats stats() {
    return stats;
  }

  @Override
  public void decode(ByteBuffer b, long exporterV4, int exporterPort, long receivedMillis, FlowSink sink) {
    AtomicLongArray c = counters(exporterV4);
    c.incrementAndGet(DecoderStats.DATAGRAMS);
    ByteOrder order = b.order();
    b.order(ByteOrder.BIG_ENDIAN);
    try {
      decodeBigEndian(b, exporterV4, exporterPort, c, sink);
    } catch (IndexOutOfBoundsException e) {
      // Defensive: the length checks make this unreachable; a bad datagram must never stop a collector.
      c.incrementAndGet(DecoderStats.MALFORMED);
    } finally {
      b.order(order);
    }
  }

  private void decodeBigEndian(ByteBuffer b, long exporter, int port, AtomicLongArray c, FlowSink sink) {
    int p = b.position();
    int n = b.remaining();
    if (n < 2) {
      c.incrementAndGet(DecoderStats.TRUNCATED);
      return;
    }
    if (b.getShort(p) != 5) {
      c.incrementAndGet(DecoderStats.MALFORMED);
      return;
    }
    if (n < HEADER) {
      c.incrementAndGet(DecoderStats.TRUNCATED);
      return;
    }
    int count = b.getShort(p + 2) & 0xffff;
    if (HEADER + (long) count * RECORD > n) {
      c.incrementAndGet(DecoderStats.TRUNCATED);
      return;
    }
    long sysUptime = b.getInt(p + 4) & 0xffffffffL;
    long nanos = b.getInt(p + 12) & 0xffffffffL;
    long exportMillis = (b.getInt(p + 8) & 0xffffffffL) * 1000 + Math.min(nanos, 999_999_999L) / 1_000_000;
    long rate = sampling.rate(override, b.getShort(p + 22) & 0x3fff);
    FlowRecord r = rec;
    for (int i = 0, o = p + HEADER; i < count; i++, o += RECORD) {
      r.clear();
      r.exporter = exporter;
      r.exporterPort = port;
      r.srcLo = b.getInt(o) & 0xffffffffL;
      r.dstLo = b.getInt(o + 4) & 0xffffffffL;
      r.packets = b.getInt(o + 16) & 0xffffffffL;
      r.bytes = b.getInt(o + 20) & 0xffffffffL;
      r.startMillis = ExporterClock.toEpoch(exportMillis, sysUptime, b.getInt(o + 24) & 0xffffffffL);
      r.endMillis = ExporterClock.toEpoch(exportMillis, sysUptime, b.getInt(o + 28) & 0xffffffffL);
      r.srcPort = b.getShort(o + 32) & 0xffff;
      r.dstPort = b.getShort(o + 34) & 0xffff;
      r.tcpFlags = b.get(o + 37) & 0xff;
      r.protocol = b.get(o + 38) & 0xff;
      ExporterClock.repair(r, exportMillis, c);
      DecoderStats.address(r, c);
      SamplingPolicy.scale(r, rate);
      sink.flow(r);
    }
    c.addAndGet(DecoderStats.RECORDS, count);
    if (rate > 1) {
      c.addAndGet(DecoderStats.SAMPLED, count);
    }
  }

  private AtomicLongArray counters(long exporter) {
    if (exporter != lastExporter || counters == null) {
      counters = stats.of(exporter);
      override = sampling.override(exporter);
      lastExporter = exporter;
    }
    return counters;
  }
}
