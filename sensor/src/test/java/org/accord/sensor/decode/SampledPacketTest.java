package org.accord.sensor.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.accord.sensor.flow.FlowRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records whose only flow key is the sampled packet's first bytes (dataLinkFrameSection, IE 315) decode to that
 * packet's addresses, ports and protocol, never to 0.0.0.0 to 0.0.0.0 (issue 9, finding 2). The captures are
 * akvorado's (src/test/resources/pcap/README.md); what each record should give is what tshark's own dissection of the
 * carried packet says ({@code *.tshark-sections.csv}, printed by {@code tshark-sections.py}), and akvorado's Go tests
 * agree on the values they check.
 */
class SampledPacketTest {
  static List<String> replay(String capture, List<FlowRecord> into) throws Exception {
    List<String> lines = new ArrayList<>();
    FlowFiles.Result r = FlowFiles.read(PacketCaptureTest.resource(capture), x -> {
      lines.add(PacketCaptureTest.line(x));
      into.add(x.copy());
    }, FlowFiles.Progress.NONE);
    assertThat(r.error()).isNull();
    assertThat(r.flows().noAddress()).as("records left without an address").isZero();
    assertThat(r.flows().malformed() + r.flows().truncated() + r.flows().unknownTemplate()).isZero();
    return lines;
  }

  static List<String> tshark(String capture) throws Exception {
    String csv = capture.substring(0, capture.lastIndexOf('.')) + ".tshark-sections.csv";
    return Files.readAllLines(PacketCaptureTest.resource(csv)).stream().filter(l -> !l.isBlank()).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"akvorado-datalink.pcap", "akvorado-ipfix-srv6.pcap", "akvorado-juniper-cpid.pcap"})
  void aRecordCarryingOnlyTheSampledFrameDecodesAsTsharkDissectsTheFrame(String capture) throws Exception {
    List<String> lines = replay(capture, new ArrayList<>());

    assertThat(lines).containsExactlyElementsOf(tshark(capture));
  }

  @Test
  void theDatalinkCaptureGivesTheFlowAkvoradoExpects() throws Exception {
    // akvorado outlet/flow/decoder/netflow/root_test.go, TestDecodeDataLink: Ethernet, VLAN 231, IPv4, UDP.
    List<FlowRecord> flows = new ArrayList<>();
    List<String> lines = replay("akvorado-datalink.pcap", flows);

    assertThat(lines).containsExactly("51.51.51.51,52.52.52.52,55501,11777,17,96,1");
  }

  @Test
  void srv6AndIpInIpAreReportedByTheirInnerPacket() throws Exception {
    // akvorado's TestDecodeSRv6 (with SRv6 decapsulation): 8.8.8.8 -> 213.36.140.100, ICMP, 64 bytes. The outer IPv6
    // addresses are the tunnel's ends; the detectors key on who sends to whom.
    assertThat(replay("akvorado-ipfix-srv6.pcap", new ArrayList<>()))
        .containsExactly("8.8.8.8,213.36.140.100,0,0,1,64,1");
  }

  @Test
  void ethernetOverMplsWithAControlWordDecodesEveryRecord() throws Exception {
    List<String> lines = replay("akvorado-ethernet-over-mpls-with-control-word.pcap", new ArrayList<>());
    List<String> expected = new ArrayList<>(tshark("akvorado-ethernet-over-mpls-with-control-word.pcap"));
    // tshark takes the fourth record's control word for the inner frame's start and finds no IP in it; akvorado's
    // TestDecodeEVPN names that record (198.51.100.1 -> .2, TCP 443 -> 55427, 1492 bytes, labels 300012/17).
    assertThat(expected.get(3)).isEqualTo("none");
    expected.set(3, "198.51.100.1,198.51.100.2,443,55427,6,1492,1");

    assertThat(lines).containsExactlyElementsOf(expected);
  }

  // ---- hand-built records: one IPFIX template with the section, and the encapsulations

  static final int SECTION_TEMPLATE = 400;

  /** An IPFIX message: template 400 (octetDeltaCount 1/8 when counted, then the section IE, variable), one record. */
  static FlowRecord decodeOne(int element, boolean counted, byte[] section, DecoderStats stats) {
    Bytes sets = new Bytes();
    sets.u16(2).u16(4 + 4 + (counted ? 8 : 4)).u16(SECTION_TEMPLATE).u16(counted ? 2 : 1);
    if (counted) {
      sets.u16(1).u16(8);
    }
    sets.u16(element).u16(0xffff);
    // No padding: with a template this short, padding would read as more records (RFC 7011 §3.3.1 makes it optional).
    boolean longForm = section.length >= 255; // RFC 7011 §7: 255, then a two-byte length
    sets.u16(SECTION_TEMPLATE).u16(4 + (counted ? 8 : 0) + (longForm ? 3 : 1) + section.length);
    if (counted) {
      sets.u64(123_000);
    }
    (longForm ? sets.u8(255).u16(section.length) : sets.u8(section.length)).raw(section);
    Sinks.Collecting sink = new Sinks.Collecting();
    new IpfixDecoder(stats, IpfixDecoder.DEFAULT_TEMPLATE_EXPIRY).decode(
        IpfixDecoderTest.message(1, sets), IpfixDecoderTest.EXPORTER, IpfixDecoderTest.EXPORT_MS, sink);
    assertThat(sink.flows).hasSize(1);
    return sink.flows.get(0);
  }

  static byte[] ipv4Tcp(String src, String dst, int sport, int dport, int flags) {
    return new Bytes().u8(0x45).u8(0).u16(40).u16(7).u16(0).u8(64).u8(6).u16(0).ip(src).ip(dst)
        .u16(sport).u16(dport).u32(1).u32(0).u8(0x50).u8(flags).u16(1024).u32(0).array();
  }

  static Bytes ethernet(int type) {
    return new Bytes().zeros(12).u16(type);
  }

  @Test
  void anIpHeaderSectionGivesTheFlowAndTheRecordsOwnCountersWin() {
    DecoderStats stats = new DecoderStats();
    FlowRecord r = decodeOne(313, true, ipv4Tcp("203.0.113.7", "198.51.100.10", 40000, 443, 0x02), stats);

    assertThat(PacketCaptureTest.line(r)).isEqualTo("203.0.113.7,198.51.100.10,40000,443,6,123000,1");
    assertThat(r.tcpFlags).isEqualTo(0x02);
    assertThat(stats.total().noAddress()).isZero();
  }

  @Test
  void mplsWithExplicitNullAndStackedLabelsCarriesIp() {
    byte[] frame = ethernet(0x8847).u32(1000 << 12).u32((0 << 12) | 0x100)
        .raw(ipv4Tcp("203.0.113.8", "198.51.100.11", 1, 80, 0x12)).array();

    FlowRecord r = decodeOne(315, false, frame, new DecoderStats());

    assertThat(PacketCaptureTest.line(r)).isEqualTo("203.0.113.8,198.51.100.11,1,80,6,40,1");
  }

  @Test
  void aFrameWithNoIpPacketIsCountedWithoutAddressNeverGuessed() {
    DecoderStats stats = new DecoderStats();
    byte[] arp = ethernet(0x0806).zeros(28).array();
    byte[] cutInsideTheLabels = ethernet(0x8847).u32(1000 << 12).array();
    byte[] cutInsideTheIpHeader = ethernet(0x0800).raw(new byte[] {0x45, 0, 0, 40}).array();

    for (byte[] frame : List.of(arp, cutInsideTheLabels, cutInsideTheIpHeader)) {
      FlowRecord r = decodeOne(315, false, frame, stats);
      assertThat(r.srcLo | r.dstLo | r.srcHi | r.dstHi).isZero();
    }

    assertThat(stats.total().noAddress()).isEqualTo(3);
  }

  @Test
  void aTunnelCutBeforeItsInnerHeaderIsReportedByItsOuterPacket() {
    // IPv4 carrying IPv4 (protocol 4) whose inner header the exporter's section length cut off.
    byte[] outer = new Bytes().u8(0x45).u8(0).u16(1400).u16(1).u16(0).u8(64).u8(4).u16(0).ip("192.0.2.1")
        .ip("192.0.2.2").raw(new byte[] {0x45, 0, 5}).array();

    FlowRecord r = decodeOne(315, false, ethernet(0x0800).raw(outer).array(), new DecoderStats());

    assertThat(PacketCaptureTest.line(r)).isEqualTo("192.0.2.1,192.0.2.2,0,0,4,1400,1");
  }

  @Test
  void deepNestingStopsAtTheBound() {
    Bytes frame = new Bytes();
    for (int i = 0; i < 10; i++) { // Ethernet, MPLS with a control word, Ethernet, ...
      frame.zeros(12).u16(0x8847).u32((16 << 12) | 0x100).u32(0);
    }
    frame.zeros(12).u16(0x0800).raw(ipv4Tcp("203.0.113.9", "198.51.100.12", 1, 2, 0));
    DecoderStats stats = new DecoderStats();

    decodeOne(315, false, frame.array(), stats);

    assertThat(stats.total().noAddress()).isEqualTo(1);
  }

  @Test
  void randomSectionsNeverThrowAndEndWithAnAddressOrCountedWithout() {
    java.util.Random rnd = new java.util.Random(315);
    for (int i = 0; i < 2000; i++) {
      // Random bytes after a plausible start (an Ethernet header with one of the types the parser follows).
      int[] types = {0x0800, 0x86dd, 0x8100, 0x8847, 0x9100};
      byte[] tail = new byte[rnd.nextInt(120)];
      rnd.nextBytes(tail);
      if (tail.length > 0 && rnd.nextBoolean()) {
        tail[0] = (byte) (rnd.nextBoolean() ? 0x45 : 0x60);
      }
      byte[] frame = ethernet(types[rnd.nextInt(types.length)]).raw(tail).array();
      DecoderStats stats = new DecoderStats();

      FlowRecord r = decodeOne(rnd.nextBoolean() ? 315 : 313, false, frame, stats);

      boolean addressed = (r.srcHi | r.srcLo | r.dstHi | r.dstLo) != 0;
      assertThat(stats.total().noAddress()).isEqualTo(addressed ? 0 : 1);
      assertThat(stats.total().malformed() + stats.total().truncated()).isZero();
    }
  }
}
