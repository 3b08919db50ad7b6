package org.accord.sensor.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.accord.sensor.flow.FlowRecord;
import org.junit.jupiter.api.Test;

class IpfixDecoderTest {
  static final long EXPORTER = 0xC0000201L;
  static final long EXPORT_SECS = 1_772_546_400L;
  static final long EXPORT_MS = EXPORT_SECS * 1000;
  static final long T0 = 5_000;

  /** Wraps sets into a message: RFC 7011 §3.1 header with the total length. */
  static ByteBuffer message(long domain, Bytes sets) {
    return new Bytes().u16(10).u16(16 + sets.size()).u32(EXPORT_SECS).u32(0).u32(domain).raw(sets.array()).buffer();
  }

  /** Template 256: src/dst IPv4 (8, 12), ports (7, 11), protocol (4), tcpControlBits (6)/2, packets (2)/8,
   * octets (1)/8, flowStart/EndMilliseconds (152, 153)/8: 47 bytes per record. */
  static Bytes v4Template(Bytes b) {
    int[] f = {8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 6, 2, 2, 8, 1, 8, 152, 8, 153, 8};
    b.u16(2).u16(4 + 4 + f.length * 2).u16(256).u16(f.length / 2);
    for (int x : f) {
      b.u16(x);
    }
    return b;
  }

  static Bytes v4Record(Bytes b, String src, String dst, int sport, int dport, int proto, int flags, long pkts,
      long octets, long start, long end) {
    return b.ip(src).ip(dst).u16(sport).u16(dport).u8(proto).u16(flags).u64(pkts).u64(octets).u64(start).u64(end);
  }

  @Test
  void decodesIpv4RecordsOfATemplateInTheSameMessage() {
    Bytes sets = v4Template(new Bytes());
    sets.u16(256).u16(4 + 2 * 47);
    v4Record(sets, "100.64.3.4", "198.51.100.10", 5000, 443, 6, 0x02, 1, 60, EXPORT_MS - 100, EXPORT_MS - 100);
    v4Record(sets, "203.0.113.1", "198.51.100.10", 123, 7000, 17, 0, 100, 46_800, EXPORT_MS - 2000, EXPORT_MS - 5);
    Sinks.Collecting sink = new Sinks.Collecting();
    IpfixDecoder d = new IpfixDecoder();

    d.decode(message(42, sets), EXPORTER, T0, sink);

    assertThat(sink.flows).hasSize(2);
    assertThat(sink.flows.get(0).toString()).isEqualTo("100.64.3.4:5000 -> 198.51.100.10:443 proto 6 flags 0x2 1 pkts"
        + " 60 B [" + (EXPORT_MS - 100) + ".." + (EXPORT_MS - 100) + "]");
    assertThat(sink.flows.get(1).srcPort).isEqualTo(123);
    assertThat(sink.flows.get(1).bytes).isEqualTo(46_800);
    assertThat(sink.flows.get(1).observationDomain).isEqualTo(42);
    assertThat(d.stats().exporter(EXPORTER)).isEqualTo(new DecoderStats.Counts(1, 2, 0, 0, 0, 1, 0));
  }

  @Test
  void decodesIpv6AddressesAndReducedSizeCounters() {
    // Template 300: sourceIPv6Address 27/16, destinationIPv6Address 28/16, octetDeltaCount 1/4 (reduced size).
    Bytes sets = new Bytes().u16(2).u16(4 + 4 + 12).u16(300).u16(3).u16(27).u16(16).u16(28).u16(16).u16(1).u16(4);
    sets.u16(300).u16(4 + 36).u64(0x20010db800000000L).u64(1).u64(0x20010db8ffff0000L).u64(2).u32(0xfffffffeL);
    Sinks.Collecting sink = new Sinks.Collecting();

    new IpfixDecoder().decode(message(1, sets), EXPORTER, T0, sink);

    FlowRecord r = sink.flows.get(0);
    assertThat(r.ipv6).isTrue();
    assertThat(r.toString()).startsWith("2001:db8:0:0:0:0:0:1:0 -> 2001:db8:ffff:0:0:0:0:2:0");
    assertThat(r.bytes).isEqualTo(0xfffffffeL);
  }

  @Test
  void skipsEnterpriseFieldsByTheirLength() {
    // Template 400: enterprise field (E bit, id 1, length 6, PEN 9), sourceIPv4Address, enterprise field length 2,
    // destinationIPv4Address.
    Bytes sets = new Bytes().u16(2).u16(4 + 4 + 8 + 4 + 8 + 4).u16(400).u16(4)
        .u16(0x8001).u16(6).u32(9).u16(8).u16(4).u16(0x8000 | 12).u16(2).u32(29305).u16(12).u16(4);
    sets.u16(400).u16(4 + 16).raw(new byte[] {1, 2, 3, 4, 5, 6}).ip("203.0.113.7").u16(0xffff).ip("192.0.2.9");
    Sinks.Collecting sink = new Sinks.Collecting();

    new IpfixDecoder().decode(message(1, sets), EXPORTER, T0, sink);

    assertThat(sink.flows).hasSize(1);
    assertThat(sink.flows.get(0).srcLo).isEqualTo(0xCB007107L);
    assertThat(sink.flows.get(0).dstLo).isEqualTo(0xC0000209L);
  }

  @Test
  void readsVariableLengthFieldsInBothLengthForms() {
    // Template 500: interfaceName (82, variable), sourceIPv4Address, applicationName (96, variable), protocol.
    Bytes sets = new Bytes().u16(2).u16(4 + 4 + 16).u16(500).u16(4).u16(82).u16(0xffff).u16(8).u16(4).u16(96)
        .u16(0xffff).u16(4).u16(1);
    byte[] longName = new byte[300];
    Bytes data = new Bytes();
    data.u8(3).raw("eth".getBytes()).ip("192.0.2.1").u8(0).u8(6); // short form, then an empty one
    data.u8(255).u16(300).raw(longName).ip("192.0.2.2").u8(1).raw("x".getBytes()).u8(17); // three-byte form
    sets.u16(500).u16(4 + data.size()).raw(data.array());
    Sinks.Collecting sink = new Sinks.Collecting();
    IpfixDecoder d = new IpfixDecoder();

    d.decode(message(1, sets), EXPORTER, T0, sink);

    assertThat(sink.flows).extracting(r -> r.srcLo, r -> r.protocol)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0xC0000201L, 6),
            org.assertj.core.groups.Tuple.tuple(0xC0000202L, 17));
    assertThat(d.stats().total().errors()).isZero();
  }

  @Test
  void aVariableLengthBeyondTheSetIsTruncated() {
    Bytes sets = new Bytes().u16(2).u16(4 + 4 + 8).u16(500).u16(2).u16(82).u16(0xffff).u16(8).u16(4);
    sets.u16(500).u16(4 + 8).u8(255).u16(1000).zeros(5);
    IpfixDecoder d = new IpfixDecoder();

    d.decode(message(1, sets), EXPORTER, T0, r -> {});

    assertThat(d.stats().exporter(EXPORTER).truncated()).isEqualTo(1);
  }

  @Test
  void withdrawnTemplatesAreForgotten() {
    IpfixDecoder d = new IpfixDecoder();
    Sinks.Collecting sink = new Sinks.Collecting();
    Bytes data = v4Record(new Bytes().u16(256).u16(4 + 47), "192.0.2.1", "192.0.2.2", 1, 2, 6, 0, 1, 40, EXPORT_MS,
        EXPORT_MS);
    d.decode(message(1, v4Template(new Bytes())), EXPORTER, T0, sink);
    d.decode(message(1, data), EXPORTER, T0, sink);

    d.decode(message(1, new Bytes().u16(2).u16(8).u16(256).u16(0)), EXPORTER, T0, sink); // RFC 7011 §8.1
    d.decode(message(1, data), EXPORTER, T0, sink);
    d.decode(message(1, v4Template(new Bytes())), EXPORTER, T0, sink);
    d.decode(message(1, new Bytes().u16(2).u16(8).u16(2).u16(0)), EXPORTER, T0, sink); // withdraw all
    d.decode(message(1, data), EXPORTER, T0, sink);

    assertThat(sink.flows).hasSize(1);
    assertThat(d.stats().exporter(EXPORTER).unknownTemplate()).isEqualTo(2);
  }

  @Test
  void aDecoderForUdpIgnoresWithdrawals() {
    IpfixDecoder d = new IpfixDecoder(new DecoderStats(), Duration.ofMinutes(30), false);
    Sinks.Collecting sink = new Sinks.Collecting();
    Bytes data = v4Record(new Bytes().u16(256).u16(4 + 47), "192.0.2.1", "192.0.2.2", 1, 2, 6, 0, 1, 40, EXPORT_MS,
        EXPORT_MS);
    d.decode(message(1, v4Template(new Bytes())), EXPORTER, T0, sink);

    d.decode(message(1, new Bytes().u16(2).u16(8).u16(256).u16(0)), EXPORTER, T0, sink);
    d.decode(message(1, data), EXPORTER, T0, sink);

    assertThat(sink.flows).hasSize(1);
    assertThat(d.stats().exporter(EXPORTER).errors()).isZero();
  }

  @Test
  void templatesAreScopedByObservationDomainAndExpire() {
    IpfixDecoder d = new IpfixDecoder(new DecoderStats(), Duration.ofMinutes(10));
    Sinks.Collecting sink = new Sinks.Collecting();
    Bytes data = v4Record(new Bytes().u16(256).u16(4 + 47), "192.0.2.1", "192.0.2.2", 1, 2, 6, 0, 1, 40, EXPORT_MS,
        EXPORT_MS);
    d.decode(message(1, v4Template(new Bytes())), EXPORTER, T0, sink);

    d.decode(message(2, data), EXPORTER, T0, sink);
    d.decode(message(1, data), EXPORTER, T0 + 60_000, sink);
    d.decode(message(1, data), EXPORTER, T0 + Duration.ofMinutes(11).toMillis(), sink);

    assertThat(sink.flows).hasSize(1);
    assertThat(d.stats().exporter(EXPORTER).unknownTemplate()).isEqualTo(2);
  }

  @Test
  void uptimeTimesUseTheSystemInitTimeFromTheRecordOrAnOptionsRecord() {
    long init = EXPORT_MS - 3_600_000;
    // Template 600: flowStartSysUpTime 22/4, flowEndSysUpTime 21/4, systemInitTimeMilliseconds 160/8.
    Bytes sets = new Bytes().u16(2).u16(4 + 4 + 12).u16(600).u16(3).u16(22).u16(4).u16(21).u16(4).u16(160).u16(8);
    sets.u16(600).u16(4 + 16).u32(1_000).u32(2_000).u64(init);
    // Template 601: the uptimes only. Options template 700: scope observationDomainId 149/4, then 160/8.
    sets.u16(2).u16(4 + 4 + 8).u16(601).u16(2).u16(22).u16(4).u16(21).u16(4);
    sets.u16(3).u16(4 + 6 + 8).u16(700).u16(2).u16(1).u16(149).u16(4).u16(160).u16(8);
    sets.u16(601).u16(4 + 8).u32(10_000).u32(12_000); // before the options data: ends at the export time
    sets.u16(700).u16(4 + 12).u32(1).u64(init);
    sets.u16(601).u16(4 + 8).u32(10_000).u32(12_000);
    Sinks.Collecting sink = new Sinks.Collecting();
    IpfixDecoder d = new IpfixDecoder();

    d.decode(message(1, sets), EXPORTER, T0, sink);

    assertThat(sink.flows).extracting(r -> r.startMillis + ".." + r.endMillis).containsExactly(
        (init + 1_000) + ".." + (init + 2_000),
        (EXPORT_MS - 2_000) + ".." + EXPORT_MS,
        (init + 10_000) + ".." + (init + 12_000));
    assertThat(d.stats().total().errors()).isZero();
  }

  @Test
  void flowsEndingAfterTheExportOrBeforeTheyStartAreClamped() {
    Bytes sets = v4Template(new Bytes()).u16(256).u16(4 + 2 * 47);
    v4Record(sets, "192.0.2.1", "192.0.2.2", 1, 2, 6, 0, 1, 40, EXPORT_MS, EXPORT_MS + 86_400_000L);
    v4Record(sets, "192.0.2.1", "192.0.2.2", 1, 2, 6, 0, 1, 40, EXPORT_MS - 10, EXPORT_MS - 500);
    Sinks.Collecting sink = new Sinks.Collecting();
    IpfixDecoder d = new IpfixDecoder();

    d.decode(message(1, sets), EXPORTER, T0, sink);

    assertThat(sink.flows).allSatisfy(r -> assertThat(r.endMillis).isGreaterThanOrEqualTo(r.startMillis)
        .isLessThan(EXPORT_MS + 1000));
    assertThat(d.stats().total().clamped()).isEqualTo(2);
  }

  @Test
  void decodesMessagesBackToBackAndStopsAtABrokenOne() {
    Bytes sets = v4Template(new Bytes()).u16(256).u16(4 + 47);
    v4Record(sets, "192.0.2.1", "192.0.2.2", 1, 2, 6, 0, 1, 40, EXPORT_MS, EXPORT_MS);
    byte[] one = message(1, sets).array();
    // two whole messages, then a third header announcing 100 bytes of which only 6 arrived
    byte[] two = new Bytes().raw(one).raw(one).u16(10).u16(100).u16(0).array();
    Sinks.Collecting sink = new Sinks.Collecting();
    IpfixDecoder d = new IpfixDecoder();

    d.decode(ByteBuffer.wrap(two), EXPORTER, T0, sink);

    assertThat(sink.flows).hasSize(2);
    assertThat(d.stats().exporter(EXPORTER).datagrams()).isEqualTo(3);
    assertThat(d.stats().exporter(EXPORTER).truncated()).isEqualTo(1);
  }

  @Test
  void netflowSetIdsAndBadLengthsAreMalformed() {
    IpfixDecoder d = new IpfixDecoder();
    d.decode(message(1, new Bytes().u16(0).u16(8).u32(0)), EXPORTER, T0, r -> {});
    d.decode(message(1, new Bytes().u16(256).u16(3)), EXPORTER, T0, r -> {});
    d.decode(new Bytes().u16(10).u16(8).zeros(14).buffer(), EXPORTER, T0, r -> {});
    d.decode(new Bytes().u16(10).u16(400).zeros(14).buffer(), EXPORTER, T0, r -> {});

    DecoderStats.Counts c = d.stats().exporter(EXPORTER);
    assertThat(c.malformed()).isEqualTo(3);
    assertThat(c.truncated()).isEqualTo(1);
  }
}
