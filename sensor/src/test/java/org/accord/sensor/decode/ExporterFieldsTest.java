package org.accord.sensor.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.flow.FlowRecord;
import org.junit.jupiter.api.Test;

/**
 * Fields real exporters send beyond the plain v5-like set (issue 9, findings 1 and 3): templates with both address
 * families, totals and firewall counters instead of delta counts, micro- and nanosecond times, variable-length fields
 * in NetFlow v9. Datagrams are built field by field following RFC 3954 (v9) and RFC 7011 (IPFIX); each comment names
 * the field, its element id and its length.
 */
class ExporterFieldsTest {
  static final long EXPORTER = 0xC0000201L;
  static final long UNIX_SECS = 1_772_546_400L;
  static final long UPTIME = 500_000;

  static String flow(FlowRecord r) {
    return Addresses.format(r.ipv6, r.srcHi, r.srcLo) + " -> " + Addresses.format(r.ipv6, r.dstHi, r.dstLo) + " "
        + r.packets + " pkts " + r.bytes + " B";
  }

  static Bytes v9Header(int count) {
    // RFC 3954 §5.1: version 9, count, sysUptime (ms), unix_secs, sequence, source id
    return new Bytes().u16(9).u16(count).u32(UPTIME).u32(UNIX_SECS).u32(1).u32(0);
  }

  static Bytes v9Template(Bytes b, int id, int... typeLength) {
    // RFC 3954 §5.2: FlowSet id 0, length, then template id, field count, (type, length) pairs
    b.u16(0).u16(8 + typeLength.length * 2).u16(id).u16(typeLength.length / 2);
    for (int x : typeLength) {
      b.u16(x);
    }
    return b;
  }

  static byte[] v6(String hex) {
    byte[] a = new byte[16];
    for (int i = 0; i < 16; i++) {
      a[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return a;
  }

  static final byte[] V6_SRC = v6("20010db8000000000000000000000001");
  static final byte[] V6_DST = v6("20010db8000000000000000000000002");
  static final byte[] V6_ZERO = new byte[16];

  List<FlowRecord> decodeV9(Bytes b, NetflowV9Decoder d) {
    List<FlowRecord> out = new ArrayList<>();
    d.decode(b.buffer(), EXPORTER, UNIX_SECS * 1000, r -> out.add(r.copy()));
    return out;
  }

  @Test
  void aTemplateWithBothFamiliesGivesEachRecordOneFamilyNeverAMix() {
    // Template 300 (Cisco v9 style, one template for both families):
    //   IPV4_SRC_ADDR 8/4, IPV4_DST_ADDR 12/4, IPV6_SRC_ADDR 27/16, IPV6_DST_ADDR 28/16, IP_PROTOCOL_VERSION 60/1,
    //   IN_PKTS 2/4, IN_BYTES 1/4: 49 bytes per record
    Bytes b = v9Header(5);
    v9Template(b, 300, 8, 4, 12, 4, 27, 16, 28, 16, 60, 1, 2, 4, 1, 4);
    // Data FlowSet 300: 4 records of 49 bytes = 196, + 4 header = 200 (already a multiple of 4: no padding)
    b.u16(300).u16(4 + 4 * 49);
    // 1: an IPv4 flow, IPv6 fields zero, ipVersion 4
    b.ip("192.0.2.1").ip("198.51.100.7").raw(V6_ZERO).raw(V6_ZERO).u8(4).u32(1).u32(100);
    // 2: an IPv6 flow, IPv4 fields zero, ipVersion 6
    b.ip("0.0.0.0").ip("0.0.0.0").raw(V6_SRC).raw(V6_DST).u8(6).u32(2).u32(200);
    // 3: an IPv4 packet tunnelled in IPv6 (both filled), ipVersion 4 names the family of the flow
    b.ip("192.0.2.3").ip("198.51.100.9").raw(V6_SRC).raw(V6_DST).u8(4).u32(3).u32(300);
    // 4: ipVersion not set (0), only the IPv6 addresses non-zero
    b.ip("0.0.0.0").ip("0.0.0.0").raw(V6_SRC).raw(V6_DST).u8(0).u32(4).u32(400);
    NetflowV9Decoder d = new NetflowV9Decoder();

    List<FlowRecord> flows = decodeV9(b, d);

    assertThat(flows).extracting(ExporterFieldsTest::flow).containsExactly(
        "192.0.2.1 -> 198.51.100.7 1 pkts 100 B",
        "2001:db8:0:0:0:0:0:1 -> 2001:db8:0:0:0:0:0:2 2 pkts 200 B",
        "192.0.2.3 -> 198.51.100.9 3 pkts 300 B",
        "2001:db8:0:0:0:0:0:1 -> 2001:db8:0:0:0:0:0:2 4 pkts 400 B");
    assertThat(d.stats().total().noAddress()).isZero();
  }

  @Test
  void firewallAndTotalCountersAreTheFlowsVolumeWhenNoDeltaIsSent() {
    // Template 301, Cisco ASA NSEL (v9): IPV4_SRC_ADDR 8/4, IPV4_DST_ADDR 12/4, PROTOCOL 4/1,
    //   NF_F_FWD_FLOW_DELTA_BYTES (initiatorOctets) 231/4, NF_F_REV_FLOW_DELTA_BYTES (responderOctets) 232/4: 17 bytes
    // Template 302, totals only: IPV4_SRC_ADDR 8/4, IPV4_DST_ADDR 12/4, IN_PERMANENT_BYTES (octetTotalCount) 85/8,
    //   IN_PERMANENT_PKTS (packetTotalCount) 86/8: 24 bytes
    Bytes b = v9Header(4);
    v9Template(b, 301, 8, 4, 12, 4, 4, 1, 231, 4, 232, 4);
    v9Template(b, 302, 8, 4, 12, 4, 85, 8, 86, 8);
    // 17 bytes + 3 of padding
    b.u16(301).u16(4 + 17 + 3).ip("203.0.113.5").ip("198.51.100.10").u8(17).u32(1_500_000).u32(40).zeros(3);
    b.u16(302).u16(4 + 24).ip("203.0.113.6").ip("198.51.100.10").u64(9_000_000_000L).u64(6_000_000L);
    NetflowV9Decoder d = new NetflowV9Decoder();

    List<FlowRecord> flows = decodeV9(b, d);

    assertThat(flows).extracting(ExporterFieldsTest::flow).containsExactly(
        "203.0.113.5 -> 198.51.100.10 0 pkts 1500000 B",
        "203.0.113.6 -> 198.51.100.10 6000000 pkts 9000000000 B");
  }

  @Test
  void aVariableLengthFieldInNetflowV9IsReadAndACutRecordIsCounted() {
    // Template 303: IPV4_SRC_ADDR 8/4, IPV4_DST_ADDR 12/4, APPLICATION_NAME 96/65535 (variable, RFC 7011 §7
    //   encoding: one length byte), IN_BYTES 1/4
    Bytes b = v9Header(3);
    v9Template(b, 303, 8, 4, 12, 4, 96, 0xffff, 1, 4);
    // record: 4 + 4 + (1 + 5 "https") + 4 = 18 bytes, + 2 of padding
    b.u16(303).u16(4 + 18 + 2).ip("192.0.2.1").ip("198.51.100.7").u8(5).raw("https".getBytes()).u32(1234).zeros(2);
    // a set whose record says its name has 40 bytes but holds 4: cut
    b.u16(303).u16(4 + 16).ip("192.0.2.2").ip("198.51.100.8").u8(40).zeros(7);
    NetflowV9Decoder d = new NetflowV9Decoder();

    List<FlowRecord> flows = decodeV9(b, d);

    assertThat(flows).extracting(ExporterFieldsTest::flow).containsExactly("192.0.2.1 -> 198.51.100.7 0 pkts 1234 B");
    assertThat(d.stats().total().truncated()).isEqualTo(1);
    assertThat(d.stats().total().records()).isEqualTo(1);
  }

  @Test
  void aNetflowV9SetWithBytesLeftThatAreNoRecordIsCounted() {
    // Template 304: IPV4_SRC_ADDR 8/4, IPV4_DST_ADDR 12/4, IN_BYTES 1/4: 12 bytes; the set holds 12 + 8 bytes
    Bytes b = v9Header(2);
    v9Template(b, 304, 8, 4, 12, 4, 1, 4);
    b.u16(304).u16(4 + 20).ip("192.0.2.1").ip("198.51.100.7").u32(10).ip("192.0.2.2").ip("198.51.100.8");
    NetflowV9Decoder d = new NetflowV9Decoder();

    assertThat(decodeV9(b, d)).hasSize(1);
    assertThat(d.stats().total().truncated()).isEqualTo(1);
  }

  @Test
  void aRecordWithoutAddressesIsCountedAsSuch() {
    // Template 305 (an L2 or MPLS record): IN_BYTES 1/4, IN_PKTS 2/4, MPLS_LABEL_1 70/3: 11 bytes, + 1 of padding
    Bytes b = v9Header(2);
    v9Template(b, 305, 1, 4, 2, 4, 70, 3);
    b.u16(305).u16(4 + 11 + 1).u32(64_000).u32(100).u8(0).u8(0x3e).u8(0x81).zeros(1);
    NetflowV9Decoder d = new NetflowV9Decoder();

    assertThat(decodeV9(b, d)).hasSize(1);
    assertThat(d.stats().total().noAddress()).isEqualTo(1);
    assertThat(d.stats().total().records()).isEqualTo(1);
  }

  @Test
  void nanosecondTimesInIpfixAreTheFlowsTimes() {
    long start = Instant.parse("2026-03-01T12:00:00.250Z").toEpochMilli();
    long end = start + 1_500;
    // RFC 7011 §3.1 header: version 10, length, export time, sequence, observation domain
    Bytes b = new Bytes().u16(10).u16(16 + 24 + 28).u32(UNIX_SECS).u32(1).u32(0);
    // §3.4.1 template set (id 2): template 256 with sourceIPv4Address 8/4, destinationIPv4Address 12/4,
    //   flowStartNanoseconds 156/8, flowEndNanoseconds 157/8
    b.u16(2).u16(4 + 4 + 16).u16(256).u16(4).u16(8).u16(4).u16(12).u16(4).u16(156).u16(8).u16(157).u16(8);
    // data set 256: one record of 24 bytes; times in NTP format (§6.1.10): seconds since 1900, binary fraction
    b.u16(256).u16(4 + 24).ip("192.0.2.1").ip("198.51.100.7").u64(ntp(start)).u64(ntp(end));
    IpfixDecoder d = new IpfixDecoder();
    List<FlowRecord> out = new ArrayList<>();

    d.decode(b.buffer(), EXPORTER, UNIX_SECS * 1000, r -> out.add(r.copy()));

    assertThat(out).hasSize(1);
    assertThat(out.get(0).startMillis).isEqualTo(start);
    assertThat(out.get(0).endMillis).isEqualTo(end);
  }

  static long ntp(long millis) {
    long seconds = Math.floorDiv(millis, 1000) + RecordReader.NTP_TO_UNIX_SECONDS;
    long fraction = (Math.floorMod(millis, 1000L) << 32) / 1000 + 1; // + 1: rounding up, as a clock may
    return (seconds << 32) | fraction;
  }

  @Test
  void microsecondTimesOfARealIpfixprobeExportAreThoseTsharkShows() throws Exception {
    // ipfixprobe sends flowStartMicroseconds/flowEndMicroseconds (154/155); tshark's times, truncated to ms
    List<String> expected = new ArrayList<>();
    for (String l : Files.readAllLines(PacketCaptureTest.resource("akvorado-ipfixprobe.tshark-times.csv"))) {
      if (!l.startsWith("#")) {
        expected.add(l);
      }
    }
    List<String> seen = new ArrayList<>();

    FlowFiles.read(PacketCaptureTest.resource("akvorado-ipfixprobe.pcap"), r -> seen.add(String.join(",",
        Addresses.format(r.ipv6, r.srcHi, r.srcLo), Addresses.format(r.ipv6, r.dstHi, r.dstLo),
        Instant.ofEpochMilli(r.startMillis).toString(), Instant.ofEpochMilli(r.endMillis).toString())),
        FlowFiles.Progress.NONE);

    assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
  }
}
