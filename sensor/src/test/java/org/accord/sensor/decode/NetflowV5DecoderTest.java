package org.accord.sensor.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.accord.sensor.flow.FlowRecord;
import org.junit.jupiter.api.Test;

class NetflowV5DecoderTest {
  static final long EXPORTER = 0xC0000201L; // 192.0.2.1
  static final long UNIX_SECS = 1_772_546_400L; // 2026-03-03T14:00:00Z
  static final long EXPORT_MS = UNIX_SECS * 1000 + 250;

  /** A v5 header: version, count, sysUptime, unix_secs, unix_nsecs (250 ms), sequence, engine, sampling. */
  static Bytes header(int count, long sysUptime) {
    return new Bytes().u16(5).u16(count).u32(sysUptime).u32(UNIX_SECS).u32(250_000_000L).u32(77).u8(0).u8(0).u16(0);
  }

  static Bytes record(Bytes b, String src, String dst, long pkts, long octets, long first, long last, int sport,
      int dport, int flags, int proto) {
    return b.ip(src).ip(dst).ip("0.0.0.0").u16(1).u16(2).u32(pkts).u32(octets).u32(first).u32(last).u16(sport)
        .u16(dport).u8(0).u8(flags).u8(proto).u8(0).u16(64500).u16(64501).u8(24).u8(24).u16(0);
  }

  @Test
  void decodesEveryFieldOfHandBuiltRecords() {
    Bytes b = header(2, 100_000);
    record(b, "203.0.113.5", "198.51.100.10", 10, 4_000, 90_000, 99_000, 40000, 443, 0x12, 6);
    record(b, "100.64.1.2", "192.0.2.7", 1, 76, 99_500, 99_500, 123, 5555, 0, 17);
    Sinks.Collecting sink = new Sinks.Collecting();
    NetflowV5Decoder d = new NetflowV5Decoder();

    d.decode(b.buffer(), EXPORTER, 0, sink);

    assertThat(sink.flows).hasSize(2);
    FlowRecord r = sink.flows.get(0);
    assertThat(r.toString()).isEqualTo(
        "203.0.113.5:40000 -> 198.51.100.10:443 proto 6 flags 0x12 10 pkts 4000 B [" + (EXPORT_MS - 10_000) + ".."
            + (EXPORT_MS - 1_000) + "]");
    assertThat(r.exporter).isEqualTo(EXPORTER);
    assertThat(r.ipv6).isFalse();
    FlowRecord u = sink.flows.get(1);
    assertThat(u.srcLo).isEqualTo(0x64400102L);
    assertThat(u.protocol).isEqualTo(17);
    assertThat(u.startMillis).isEqualTo(EXPORT_MS - 500).isEqualTo(u.endMillis);
    assertThat(d.stats().exporter(EXPORTER)).isEqualTo(new DecoderStats.Counts(1, 2, 0, 0, 0, 0, 0));
  }

  @Test
  void uptimeWrapAroundStillGivesRecentTimes() {
    // The exporter's uptime wrapped: sysUptime 1000 now, the flow started at 2^32 - 2000 (3 s ago).
    Bytes b = header(1, 1_000);
    record(b, "192.0.2.1", "192.0.2.2", 1, 40, 0xFFFF_FFFFL - 1_999, 500, 1, 2, 0, 6);
    Sinks.Collecting sink = new Sinks.Collecting();
    NetflowV5Decoder d = new NetflowV5Decoder();

    d.decode(b.buffer(), EXPORTER, 0, sink);

    assertThat(sink.flows.get(0).startMillis).isEqualTo(EXPORT_MS - 3_000);
    assertThat(sink.flows.get(0).endMillis).isEqualTo(EXPORT_MS - 500);
    assertThat(d.stats().total().clamped()).isZero();
  }

  @Test
  void clockJumpsAreClampedAndCounted() {
    Bytes b = header(2, 100_000);
    record(b, "192.0.2.1", "192.0.2.2", 1, 40, 100_500, 101_000, 1, 2, 0, 6); // after the export: clock jumped
    record(b, "192.0.2.1", "192.0.2.2", 1, 40, 99_000, 98_000, 1, 2, 0, 6); // ends before it starts
    Sinks.Collecting sink = new Sinks.Collecting();
    NetflowV5Decoder d = new NetflowV5Decoder();

    d.decode(b.buffer(), EXPORTER, 0, sink);

    assertThat(sink.flows).allSatisfy(r -> assertThat(r.endMillis).isGreaterThanOrEqualTo(r.startMillis)
        .isLessThanOrEqualTo(EXPORT_MS));
    assertThat(sink.flows.get(0).startMillis).isEqualTo(EXPORT_MS);
    assertThat(sink.flows.get(1).startMillis).isEqualTo(EXPORT_MS - 1_000).isEqualTo(sink.flows.get(1).endMillis);
    assertThat(d.stats().total().clamped()).isEqualTo(2);
  }

  @Test
  void datagramShorterThanItsCountIsTruncatedAndSkippedWhole() {
    Bytes b = header(3, 100_000);
    record(b, "192.0.2.1", "192.0.2.2", 1, 40, 1, 2, 1, 2, 0, 6);
    record(b, "192.0.2.1", "192.0.2.2", 1, 40, 1, 2, 1, 2, 0, 6);
    Sinks.Collecting sink = new Sinks.Collecting();
    NetflowV5Decoder d = new NetflowV5Decoder();

    d.decode(b.buffer(), EXPORTER, 0, sink);
    d.decode(ByteBuffer.wrap(new byte[] {0, 5, 0}), EXPORTER, 0, sink);

    assertThat(sink.flows).isEmpty();
    assertThat(d.stats().exporter(EXPORTER).truncated()).isEqualTo(2);
    assertThat(d.stats().exporter(EXPORTER).datagrams()).isEqualTo(2);
  }

  @Test
  void wrongVersionIsMalformed() {
    Bytes b = new Bytes().u16(7).zeros(22);
    NetflowV5Decoder d = new NetflowV5Decoder();

    d.decode(b.buffer(), EXPORTER, 0, r -> {});

    assertThat(d.stats().exporter(EXPORTER).malformed()).isEqualTo(1);
  }

  @Test
  void leavesTheCallersBufferAsItWas() {
    Bytes b = new Bytes().zeros(3);
    Bytes h = header(1, 100_000);
    record(h, "192.0.2.1", "192.0.2.2", 1, 40, 1, 2, 1, 2, 0, 6);
    ByteBuffer buf = ByteBuffer.wrap(b.raw(h.array()).array()).order(ByteOrder.LITTLE_ENDIAN);
    buf.position(3);
    Sinks.Collecting sink = new Sinks.Collecting();

    new NetflowV5Decoder().decode(buf, EXPORTER, 0, sink);

    assertThat(sink.flows).hasSize(1);
    assertThat(sink.flows.get(0).dstLo).isEqualTo(0xC0000202L);
    assertThat(buf.position()).isEqualTo(3);
    assertThat(buf.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
  }
}
