package org.accord.sensor.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.accord.sensor.flow.FlowRecord;
import org.junit.jupiter.api.Test;

class NetflowV9DecoderTest {
  static final long EXPORTER = 0xC0000201L;
  static final long UNIX_SECS = 1_772_546_400L;
  static final long EXPORT_MS = UNIX_SECS * 1000;
  static final long UPTIME = 500_000;
  static final long T0 = 1_000_000;

  /** RFC 3954 §5.1 header: version 9, count, sysUptime, unix_secs, sequence, source id. */
  static Bytes header(int count, long sourceId) {
    return new Bytes().u16(9).u16(count).u32(UPTIME).u32(UNIX_SECS).u32(1).u32(sourceId);
  }

  /** Template 256: IPV4_SRC_ADDR 8/4, IPV4_DST_ADDR 12/4, L4 ports 7/2 11/2, PROTOCOL 4/1, TCP_FLAGS 6/1,
   * IN_PKTS 2/4, IN_BYTES 1/4, FIRST_SWITCHED 22/4, LAST_SWITCHED 21/4: 29 bytes per record. */
  static Bytes template256(Bytes b) {
    int[] f = {8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 6, 1, 2, 4, 1, 4, 22, 4, 21, 4};
    b.u16(0).u16(4 + 4 + f.length * 2).u16(256).u16(f.length / 2);
    for (int x : f) {
      b.u16(x);
    }
    return b;
  }

  static Bytes data256(Bytes b, String src, String dst, int sport, int dport, long pkts, long octets, long first,
      long last) {
    // one record of 29 bytes + 3 bytes of padding to a 4-byte boundary (RFC 3954 §5.3)
    return b.u16(256).u16(4 + 29 + 3).ip(src).ip(dst).u16(sport).u16(dport).u8(6).u8(0x02).u32(pkts).u32(octets)
        .u32(first).u32(last).zeros(3);
  }

  @Test
  void decodesDataAfterItsTemplateInTheSameDatagram() {
    Bytes b = header(2, 7);
    template256(b);
    data256(b, "100.64.0.9", "198.51.100.10", 5555, 443, 3, 180, UPTIME - 4_000, UPTIME - 1_000);
    Sinks.Collecting sink = new Sinks.Collecting();
    NetflowV9Decoder d = new NetflowV9Decoder();

    d.decode(b.buffer(), EXPORTER, T0, sink);

    assertThat(sink.flows).hasSize(1);
    FlowRecord r = sink.flows.get(0);
    assertThat(r.toString()).isEqualTo("100.64.0.9:5555 -> 198.51.100.10:443 proto 6 flags 0x2 3 pkts 180 B ["
        + (EXPORT_MS - 4_000) + ".." + (EXPORT_MS - 1_000) + "]");
    assertThat(r.observationDomain).isEqualTo(7);
    assertThat(d.stats().exporter(EXPORTER)).isEqualTo(new DecoderStats.Counts(1, 1, 0, 0, 0, 1, 0));
  }

  @Test
  void dataBeforeItsTemplateIsCountedUnknownThenDecodedOnceTheTemplateCame() {
    NetflowV9Decoder d = new NetflowV9Decoder();
    Sinks.Collecting sink = new Sinks.Collecting();
    Bytes data = data256(header(1, 7), "192.0.2.1", "192.0.2.2", 1, 2, 1, 40, UPTIME, UPTIME);

    d.decode(data.buffer(), EXPORTER, T0, sink);
    d.decode(template256(header(1, 7)).buffer(), EXPORTER, T0, sink);
    d.decode(data.buffer(), EXPORTER, T0, sink);

    assertThat(sink.flows).hasSize(1);
    assertThat(d.stats().exporter(EXPORTER).unknownTemplate()).isEqualTo(1);
  }

  @Test
  void templatesAreScopedBySourceIdAndExporter() {
    NetflowV9Decoder d = new NetflowV9Decoder();
    Sinks.Collecting sink = new Sinks.Collecting();
    d.decode(template256(header(1, 7)).buffer(), EXPORTER, T0, sink);

    d.decode(data256(header(1, 8), "192.0.2.1", "192.0.2.2", 1, 2, 1, 40, UPTIME, UPTIME).buffer(), EXPORTER, T0,
        sink);
    d.decode(data256(header(1, 7), "192.0.2.1", "192.0.2.2", 1, 2, 1, 40, UPTIME, UPTIME).buffer(), EXPORTER + 1, T0,
        sink);

    assertThat(sink.flows).isEmpty();
    assertThat(d.stats().total().unknownTemplate()).isEqualTo(2);
  }

  @Test
  void aTemplateChangedMidStreamReplacesTheOld() {
    NetflowV9Decoder d = new NetflowV9Decoder();
    Sinks.Collecting sink = new Sinks.Collecting();
    d.decode(template256(header(1, 7)).buffer(), EXPORTER, T0, sink);
    // Template 256 again, now: IPV4_DST_ADDR 12/4, IPV4_SRC_ADDR 8/4, L4_DST_PORT 11/2, IN_BYTES 1/8.
    Bytes changed = header(2, 7).u16(0).u16(4 + 4 + 16).u16(256).u16(4).u16(12).u16(4).u16(8).u16(4).u16(11).u16(2)
        .u16(1).u16(8);
    changed.u16(256).u16(4 + 18 + 2).ip("198.51.100.10").ip("203.0.113.9").u16(53).u64(1L << 40).zeros(2);

    d.decode(changed.buffer(), EXPORTER, T0 + 1, sink);

    assertThat(sink.flows).hasSize(1);
    FlowRecord r = sink.flows.get(0);
    assertThat(r.srcLo).isEqualTo(0xCB007109L); // 203.0.113.9
    assertThat(r.dstLo).isEqualTo(0xC633640AL); // 198.51.100.10
    assertThat(r.dstPort).isEqualTo(53);
    assertThat(r.bytes).isEqualTo(1L << 40);
    assertThat(r.startMillis).isEqualTo(EXPORT_MS); // no time fields: the export time
    assertThat(d.stats().exporter(EXPORTER).templates()).isEqualTo(2);
  }

  @Test
  void aTemplateExpiresWhenNotRefreshed() {
    NetflowV9Decoder d = new NetflowV9Decoder(new DecoderStats(), Duration.ofMinutes(30));
    Sinks.Collecting sink = new Sinks.Collecting();
    Bytes data = data256(header(1, 7), "192.0.2.1", "192.0.2.2", 1, 2, 1, 40, UPTIME, UPTIME);
    d.decode(template256(header(1, 7)).buffer(), EXPORTER, T0, sink);

    d.decode(data.buffer(), EXPORTER, T0 + Duration.ofMinutes(29).toMillis(), sink);
    d.decode(template256(header(1, 7)).buffer(), EXPORTER, T0 + Duration.ofMinutes(29).toMillis(), sink); // refresh
    d.decode(data.buffer(), EXPORTER, T0 + Duration.ofMinutes(58).toMillis(), sink);
    d.decode(data.buffer(), EXPORTER, T0 + Duration.ofMinutes(60).toMillis(), sink);

    assertThat(sink.flows).hasSize(2);
    assertThat(d.stats().exporter(EXPORTER).unknownTemplate()).isEqualTo(1);
  }

  @Test
  void optionsTemplatesAndTheirDataAreSkippedQuietly() {
    NetflowV9Decoder d = new NetflowV9Decoder();
    Sinks.Collecting sink = new Sinks.Collecting();
    // Options template 300: scope System(1)/4, option SAMPLING_INTERVAL(34)/4 (RFC 3954 §6.1).
    Bytes b = header(2, 7).u16(1).u16(4 + 6 + 8 + 2).u16(300).u16(4).u16(4).u16(1).u16(4).u16(34).u16(4).zeros(2);
    b.u16(300).u16(4 + 8).u32(1).u32(100);

    d.decode(b.buffer(), EXPORTER, T0, sink);

    assertThat(sink.flows).isEmpty();
    DecoderStats.Counts c = d.stats().exporter(EXPORTER);
    assertThat(c.errors()).isZero();
    assertThat(c.templates()).isEqualTo(1);
  }

  @Test
  void badFlowSetLengthsAreMalformedOrTruncated() {
    NetflowV9Decoder d = new NetflowV9Decoder();
    d.decode(header(1, 7).u16(256).u16(2).buffer(), EXPORTER, T0, r -> {});
    d.decode(header(1, 7).u16(256).u16(400).zeros(8).buffer(), EXPORTER, T0, r -> {});
    d.decode(header(1, 7).u16(0).u16(8).u16(12).u16(1).buffer(), EXPORTER, T0, r -> {}); // template id < 256
    d.decode(new Bytes().u16(9).u16(1).buffer(), EXPORTER, T0, r -> {});

    DecoderStats.Counts c = d.stats().exporter(EXPORTER);
    assertThat(c.malformed()).isEqualTo(2);
    assertThat(c.truncated()).isEqualTo(2);
    assertThat(c.datagrams()).isEqualTo(4);
  }
}
