package org.accord.sensor.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.flow.FlowRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Packet captures of real exporters (akvorado's fixtures, see src/test/resources/pcap/README.md) replayed through
 * {@link FlowFiles}, checked against what tshark, an independent decoder, printed for the same files (the
 * {@code .tshark.csv} next to each capture); and hand-built captures for the formats and link types.
 */
class PacketCaptureTest {
  @TempDir Path dir;

  static Path resource(String name) throws URISyntaxException {
    return Path.of(PacketCaptureTest.class.getResource("/pcap/" + name).toURI());
  }

  /** A flow as tshark prints it: the counts the exporter sent, before the decoder scaled them by a sampling rate. */
  static String line(FlowRecord r) {
    return String.join(",", Addresses.format(r.ipv6, r.srcHi, r.srcLo), Addresses.format(r.ipv6, r.dstHi, r.dstLo),
        "" + r.srcPort, "" + r.dstPort, "" + r.protocol, "" + r.bytes / r.samplingRate, "" + r.observedPackets());
  }

  static List<String> tshark(String capture) throws Exception {
    String csv = capture.substring(0, capture.lastIndexOf('.')) + ".tshark.csv";
    List<String> out = new ArrayList<>();
    for (String l : Files.readAllLines(resource(csv))) {
      if (!l.startsWith("#") && !l.isBlank()) {
        out.add(l);
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "akvorado-nfv5.pcap",
    "akvorado-v9-template+data.pcapng",
    "akvorado-data+templates.pcap",
    "akvorado-ipfixprobe.pcap",
  })
  void realExporterCapturesDecodeAsTsharkDecodesThem(String capture) throws Exception {
    Path f = resource(capture);
    List<String> flows = new ArrayList<>();

    FlowFiles.Result r = FlowFiles.read(f, x -> flows.add(line(x)), FlowFiles.Progress.NONE);

    assertThat(FlowFiles.detect(f))
        .isEqualTo(capture.endsWith("ng") ? FlowFiles.Format.PCAPNG : FlowFiles.Format.PCAP);
    assertThat(r.error()).isNull();
    assertThat(r.complete()).isTrue();
    assertThat(flows).containsExactlyInAnyOrderElementsOf(tshark(capture));
    assertThat(r.flows().records()).isEqualTo(flows.size());
    // data+templates starts with a data set whose template comes later in the datagram: tshark skips it too
    assertThat(r.flows().unknownTemplate()).isEqualTo(capture.equals("akvorado-data+templates.pcap") ? 1 : 0);
    assertThat(r.flows().malformed() + r.flows().truncated()).isZero();
    assertThat(r.capture().udp()).isEqualTo(r.flows().datagrams());
    // data+templates announces a system-wide 1:100 in options data (SAMPLING_INTERVAL, no sampler id)
    assertThat(r.flows().sampled()).isEqualTo(capture.equals("akvorado-data+templates.pcap") ? flows.size() : 0);
  }

  @Test
  void aPcapngCaptureOfACiscoNatExporterGivesTheRecordsTsharkShows() throws Exception {
    Path f = resource("akvorado-nat.pcapng");
    List<String> flows = new ArrayList<>();

    FlowFiles.Result r = FlowFiles.read(f, x -> flows.add(line(x)), FlowFiles.Progress.NONE);

    assertThat(FlowFiles.detect(f)).isEqualTo(FlowFiles.Format.PCAPNG);
    assertThat(r.error()).isNull();
    // NAT event records carry no counters; those with addresses are the ones tshark lists.
    List<String> addressed = flows.stream().filter(l -> !l.startsWith("0.0.0.0,0.0.0.0")).toList();
    assertThat(addressed).containsExactlyInAnyOrderElementsOf(tshark("akvorado-nat.pcapng"));
    assertThat(r.flows().noAddress()).isEqualTo(flows.size() - addressed.size());
  }

  /**
   * Captures of real kernel traffic (README.md, netns/capture.sh): an exporter at 192.0.2.1 and 2001:db8::1 behind an
   * MTU of 1280 sends v9 and a 1416-byte v5 packet to UDP 9995 (IPv4) and 4739 (IPv6); the kernel fragments the v5
   * packets. Captured on Ethernet, as Linux cooked v1 (pcapng) and v2, and with an 802.1Q tag added: each gives every
   * flow tshark decodes (reassembling too), ARP and ICMPv6 counted and skipped.
   */
  @ParameterizedTest
  @ValueSource(strings = {
    "netns-fragments-ether.pcap",
    "netns-fragments-sll.pcapng",
    "netns-fragments-sll2.pcap",
    "netns-fragments-vlan.pcap",
  })
  void fragmentedDatagramsOfARealKernelAreReassembledOnEveryLinkType(String capture) throws Exception {
    Path f = resource(capture);
    List<String> flows = new ArrayList<>();
    List<Long> exporters = new ArrayList<>();

    FlowFiles.Result r = FlowFiles.read(f, x -> {
      flows.add(line(x));
      exporters.add(x.exporter);
    }, FlowFiles.Progress.NONE);

    assertThat(r.error()).isNull();
    assertThat(flows).hasSize(66).containsExactlyInAnyOrderElementsOf(tshark(capture));
    // packets, UDP, not IP (ARP), not UDP (ICMPv6), fragments, reassembled, not reassembled, snapped, unknown link
    assertThat(r.capture()).isEqualTo(new PacketCapture.Counts(20, 6, 2, 10, 4, 2, 0, 0, 0));
    assertThat(r.flows().errors()).isZero();
    assertThat(exporters).containsOnly(Collector.exporterKey(new byte[] {(byte) 192, 0, 2, 1}),
        Collector.exporterKey(java.net.InetAddress.getByName("2001:db8::1").getAddress()));
  }

  // ---- hand-built captures: the v5 datagram of the real capture wrapped in each format and link type

  /** The UDP payload (a NetFlow v5 datagram of 29 records) of the real capture. */
  static byte[] v5Datagram() throws Exception {
    byte[] all = Files.readAllBytes(resource("akvorado-nfv5.pcap"));
    int off = 24 + 16 + 14 + 20 + 8; // file header, record header, Ethernet, IPv4, UDP
    return Arrays.copyOfRange(all, off, all.length);
  }

  static byte[] udp(int sport, byte[] payload) {
    return ByteBuffer.allocate(8 + payload.length).putShort((short) sport).putShort((short) 2055)
        .putShort((short) (8 + payload.length)).putShort((short) 0).put(payload).array();
  }

  static byte[] ipv4(byte[] src, byte[] udp, int fragment) {
    return ipv4(src, udp, 1, fragment);
  }

  /** An IPv4 header (RFC 791 §3.1: identification, flags and fragment offset in 8-byte units) before the bytes. */
  static byte[] ipv4(byte[] src, byte[] udp, int id, int fragment) {
    return ByteBuffer.allocate(20 + udp.length).put((byte) 0x45).put((byte) 0).putShort((short) (20 + udp.length))
        .putShort((short) id).putShort((short) fragment).put((byte) 64).put((byte) 17).putShort((short) 0).put(src)
        .put(new byte[] {10, 0, 0, 1}).put(udp).array();
  }

  static byte[] ipv6(byte[] src, byte[] udp) {
    // A hop-by-hop options header (8 bytes of padding options) before UDP, to walk the extension chain.
    ByteBuffer b = ByteBuffer.allocate(40 + 8 + udp.length).putInt(0x60000000).putShort((short) (8 + udp.length))
        .put((byte) 0).put((byte) 64).put(src).put(new byte[16]);
    b.put((byte) 17).put((byte) 0).put(new byte[] {1, 4, 0, 0, 0, 0});
    return b.put(udp).array();
  }

  static byte[] ethernet(int[] vlans, byte[] ip, int etherType) {
    ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlans.length + ip.length).put(new byte[12]);
    for (int v : vlans) {
      b.putShort((short) 0x8100).putShort((short) v);
    }
    return b.putShort((short) etherType).put(ip).array();
  }

  static byte[] pcap(ByteOrder order, boolean nanos, int linkType, List<byte[]> packets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer h = ByteBuffer.allocate(24).order(order);
    h.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
        .putInt(65535).putInt(linkType);
    out.writeBytes(h.array());
    int i = 0;
    for (byte[] p : packets) {
      ByteBuffer r = ByteBuffer.allocate(16).order(order);
      r.putInt(1_680_655_485 + i++).putInt(nanos ? 99_595_000 : 99_595).putInt(p.length).putInt(p.length);
      out.writeBytes(r.array());
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] block(ByteOrder order, int type, byte[] body) {
    int len = 12 + ((body.length + 3) & ~3);
    ByteBuffer b = ByteBuffer.allocate(len).order(order).putInt(type).putInt(len).put(body);
    b.position(len - 4);
    return b.putInt(len).array();
  }

  static byte[] pcapng(ByteOrder order, int linkType, int tsresol, List<byte[]> packets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(block(order, 0x0a0d0d0a,
        ByteBuffer.allocate(16).order(order).putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0)
            .putLong(-1).array()));
    out.writeBytes(block(order, 1, ByteBuffer.allocate(16).order(order).putShort((short) linkType).putShort((short) 0)
        .putInt(0).putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]).array()));
    for (byte[] p : packets) {
      long ts = 1_680_655_485_099L * 1000; // microseconds, or nanoseconds divided below
      long units = tsresol == 9 ? ts * 1000 : ts;
      out.writeBytes(block(order, 6, ByteBuffer.allocate(20 + p.length).order(order).putInt(0)
          .putInt((int) (units >>> 32)).putInt((int) units).putInt(p.length).putInt(p.length).put(p).array()));
    }
    return out.toByteArray();
  }

  static final byte[] EXPORTER_V4 = {10, 19, (byte) 144, 41};
  static final byte[] EXPORTER_V6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9};

  List<FlowRecord> replay(byte[] file) throws IOException {
    Path f = Files.write(dir.resolve("capture"), file);
    List<FlowRecord> out = new ArrayList<>();
    last = FlowFiles.read(f, x -> out.add(x.copy()), FlowFiles.Progress.NONE);
    return out;
  }

  FlowFiles.Result last;

  @Test
  void everyByteOrderResolutionAndLinkTypeGivesTheSameFlows() throws Exception {
    byte[] v5 = v5Datagram();
    byte[] u = udp(40000, v5);
    byte[] v4 = ipv4(EXPORTER_V4, u, 0);
    long v4key = Collector.exporterKey(EXPORTER_V4);
    List<byte[]> files = List.of(
        pcap(ByteOrder.BIG_ENDIAN, false, 1, List.of(ethernet(new int[0], v4, 0x0800))),
        pcap(ByteOrder.LITTLE_ENDIAN, true, 1, List.of(ethernet(new int[] {100, 200}, v4, 0x0800))),
        pcap(ByteOrder.LITTLE_ENDIAN, false, 101, List.of(v4)),
        pcap(ByteOrder.BIG_ENDIAN, false, 228, List.of(v4)),
        pcap(ByteOrder.LITTLE_ENDIAN, false, 0, List.of(concat(new byte[] {2, 0, 0, 0}, v4))),
        pcap(ByteOrder.BIG_ENDIAN, false, 113, List.of(concat(sll(), v4))),
        pcap(ByteOrder.BIG_ENDIAN, false, 276, List.of(concat(sll2(), v4))),
        pcapng(ByteOrder.LITTLE_ENDIAN, 1, 6, List.of(ethernet(new int[] {7}, v4, 0x0800))),
        pcapng(ByteOrder.BIG_ENDIAN, 101, 9, List.of(v4)));
    for (byte[] file : files) {
      List<FlowRecord> flows = replay(file);
      assertThat(last.error()).isNull();
      assertThat(flows).hasSize(29);
      assertThat(flows).allSatisfy(r -> assertThat(r.exporter).isEqualTo(v4key));
      assertThat(line(flows.get(0))).isEqualTo("161.202.212.212,202.152.70.24,30104,11963,6,133,1");
    }
  }

  @Test
  void anIpv6ExporterIsHeardAndKeyedByItsAddress() throws Exception {
    byte[] v6 = ipv6(EXPORTER_V6, udp(40000, v5Datagram()));
    List<FlowRecord> flows = replay(pcap(ByteOrder.BIG_ENDIAN, false, 1, List.of(ethernet(new int[0], v6, 0x86dd))));
    assertThat(flows).hasSize(29);
    assertThat(flows.get(0).exporter).isEqualTo(Collector.exporterKey(EXPORTER_V6));
    assertThat(last.capture().udp()).isEqualTo(1);
  }

  @Test
  void fragmentsAreReassembledOrCountedAndOtherProtocolsAndOtherUdpAreCountedNotDecoded() throws Exception {
    byte[] u = udp(40000, v5Datagram()); // 1472 bytes: split at 1000 (a multiple of 8)
    byte[] tcp = ipv4(EXPORTER_V4, u, 0);
    tcp[9] = 6;
    byte[] dns = ipv4(EXPORTER_V4, udp(53, "\u0012\u0034not netflow".getBytes(StandardCharsets.ISO_8859_1)), 0);
    List<byte[]> packets = List.of(
        ethernet(new int[0], ipv4(EXPORTER_V4, Arrays.copyOfRange(u, 1000, u.length), 7, 1000 / 8), 0x0800), // last
        ethernet(new int[0], new byte[28], 0x0806), // ARP
        ethernet(new int[0], ipv4(EXPORTER_V4, Arrays.copyOf(u, 1000), 7, 0x2000), 0x0800), // first, more fragments
        ethernet(new int[0], ipv4(EXPORTER_V4, Arrays.copyOf(u, 1000), 8, 0x2000), 0x0800), // its rest never comes
        ethernet(new int[0], tcp, 0x0800),
        ethernet(new int[0], dns, 0x0800));

    List<FlowRecord> flows = replay(pcap(ByteOrder.BIG_ENDIAN, false, 1, packets));

    assertThat(flows).hasSize(29);
    assertThat(last.capture()).isEqualTo(new PacketCapture.Counts(6, 2, 1, 1, 3, 1, 1, 0, 0));
    assertThat(last.notFlow()).isEqualTo(1);
    assertThat(last.flows().malformed()).isZero();
  }

  /** An IPv6 header and a fragment header (RFC 8200 §4.5: next header, reserved, offset | M, identification). */
  static byte[] ipv6Fragment(byte[] src, byte[] piece, int offset, boolean more, int id) {
    return ByteBuffer.allocate(48 + piece.length).putInt(0x60000000).putShort((short) (8 + piece.length))
        .put((byte) 44).put((byte) 64).put(src).put(new byte[16])
        .put((byte) 17).put((byte) 0).putShort((short) (offset | (more ? 1 : 0))).putInt(id).put(piece).array();
  }

  @Test
  void ipv6FragmentsAreReassembled() throws Exception {
    byte[] u = udp(40000, v5Datagram());
    List<byte[]> packets = List.of(
        ethernet(new int[0], ipv6Fragment(EXPORTER_V6, Arrays.copyOf(u, 1232), 0, true, 99), 0x86dd),
        ethernet(new int[0], ipv6Fragment(EXPORTER_V6, Arrays.copyOfRange(u, 1232, u.length), 1232, false, 99),
            0x86dd));

    List<FlowRecord> flows = replay(pcap(ByteOrder.LITTLE_ENDIAN, false, 1, packets));

    assertThat(flows).hasSize(29);
    assertThat(flows.get(0).exporter).isEqualTo(Collector.exporterKey(EXPORTER_V6));
    assertThat(last.capture().reassembled()).isEqualTo(1);
  }

  @Test
  void overlappingFragmentsAreNeverReassembled() throws Exception {
    byte[] u = udp(40000, v5Datagram());
    List<byte[]> packets = List.of(
        ethernet(new int[0], ipv4(EXPORTER_V4, Arrays.copyOf(u, 1000), 7, 0x2000), 0x0800),
        ethernet(new int[0], ipv4(EXPORTER_V4, Arrays.copyOfRange(u, 992, u.length), 7, 992 / 8), 0x0800));

    List<FlowRecord> flows = replay(pcap(ByteOrder.BIG_ENDIAN, false, 1, packets));

    assertThat(flows).isEmpty();
    assertThat(last.capture().fragmentsLost()).isEqualTo(2);
  }

  @Test
  void aCaptureCutShortKeepsItsFlowsAndNamesTheOffset() throws Exception {
    byte[] p = ethernet(new int[0], ipv4(EXPORTER_V4, udp(40000, v5Datagram()), 0), 0x0800);
    byte[] whole = pcap(ByteOrder.BIG_ENDIAN, false, 1, List.of(p, p));
    byte[] cut = Arrays.copyOf(whole, whole.length - 100);

    List<FlowRecord> flows = replay(cut);

    assertThat(flows).hasSize(29);
    assertThat(last.complete()).isFalse();
    int second = 24 + 16 + p.length;
    assertThat(last.error()).isEqualTo("truncated pcap record at offset " + second + " ("
        + (p.length - 100) + " of " + p.length + " bytes)");
  }

  @Test
  void aBrokenRecordLengthStopsWithAnErrorNotAnException() throws Exception {
    byte[] p = ethernet(new int[0], ipv4(EXPORTER_V4, udp(40000, v5Datagram()), 0), 0x0800);
    byte[] file = pcap(ByteOrder.BIG_ENDIAN, false, 1, List.of(p, p));
    ByteBuffer.wrap(file).putInt(24 + 16 + p.length + 8, 0x7fffffff);

    List<FlowRecord> flows = replay(file);

    assertThat(flows).hasSize(29);
    assertThat(last.error()).startsWith("malformed pcap record at offset " + (24 + 16 + p.length));
  }

  @Test
  void aPcapngBlockWithABadTrailerNamesItsOffset() throws Exception {
    byte[] file = pcapng(ByteOrder.LITTLE_ENDIAN, 101, 6, List.of(ipv4(EXPORTER_V4, udp(1, v5Datagram()), 0)));
    file[file.length - 1] = 9;

    replay(file);

    // section header 28 bytes, interface description 28 bytes, then the packet block
    assertThat(last.error()).isEqualTo("malformed pcapng block at offset 56"
        + " (trailing length differs from leading length " + (file.length - 56) + ")");
  }

  @Test
  void randomBytesAfterAMagicNeverThrow() throws Exception {
    java.util.Random rnd = new java.util.Random(9);
    for (int i = 0; i < 300; i++) {
      byte[] f = new byte[rnd.nextInt(400)];
      rnd.nextBytes(f);
      byte[] magic = i % 2 == 0 ? new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1}
          : new byte[] {0x0a, 0x0d, 0x0d, 0x0a};
      replay(concat(magic, f));
      assertThat(last.complete() || last.error() != null).isTrue();
    }
  }

  static byte[] sll() {
    return ByteBuffer.allocate(16).putShort((short) 0).putShort((short) 1).putShort((short) 6).put(new byte[8])
        .putShort((short) 0x0800).array();
  }

  static byte[] sll2() {
    return ByteBuffer.allocate(20).putShort((short) 0x0800).putShort((short) 0).putInt(2).putShort((short) 1)
        .put((byte) 0).put((byte) 6).put(new byte[8]).array();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  static byte[] read(InputStream in) throws IOException {
    return in.readAllBytes();
  }
}
