package org.accord.sensor.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.accord.sensor.flow.FlowRecord;
import org.junit.jupiter.api.Test;

/**
 * Sampled exporters (issue 9, finding 4): packets and bytes leave the decoders scaled by the sampling rate, whether
 * the v5 header, the flow record, a v9/IPFIX sampler table or the operator's configuration gives it. The real
 * captures are akvorado's (src/test/resources/pcap/README.md), with the rates akvorado's own tests expect; the
 * counts before scaling are checked against tshark's decoding of the same files.
 */
class SamplingTest {
  static final long EXPORTER = 0xC0000201L; // 192.0.2.1

  static List<FlowRecord> replay(String capture, FlowFiles.Settings settings, DecoderStats.Counts[] counts)
      throws Exception {
    List<FlowRecord> out = new ArrayList<>();
    FlowFiles.Result r = FlowFiles.read(PacketCaptureTest.resource(capture), r2 -> out.add(r2.copy()),
        FlowFiles.Progress.NONE, settings);
    counts[0] = r.flows();
    return out;
  }

  /** A flow as tshark prints it (the exporter's own counts, before scaling), addresses in one text form. */
  static String observed(FlowRecord r) {
    return normal(PacketCaptureTest.line(r));
  }

  static List<String> tshark(String capture) throws Exception {
    return PacketCaptureTest.tshark(capture).stream().map(SamplingTest::normal).toList();
  }

  /** The line with its two addresses as {@link java.net.InetAddress} writes them (tshark compresses IPv6 zeros). */
  static String normal(String line) {
    String[] f = line.split(",", -1);
    try {
      f[0] = java.net.InetAddress.getByName(f[0]).getHostAddress();
      f[1] = java.net.InetAddress.getByName(f[1]).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
    return String.join(",", f);
  }

  @Test
  void akvoradoV9RecordsCarryingTheirOwnSamplingIntervalAreScaledBy2048() throws Exception {
    DecoderStats.Counts[] counts = new DecoderStats.Counts[1];
    List<FlowRecord> flows = replay("akvorado-samplingrate.pcap", FlowFiles.Settings.REPLAY, counts);

    assertThat(flows).hasSize(6).allSatisfy(f -> assertThat(f.samplingRate).isEqualTo(2048));
    FlowRecord first = flows.get(0); // akvorado's TestDecodeSamplingRate: 1 packet of 160 bytes at 1:2048
    assertThat(first.packets).isEqualTo(2048);
    assertThat(first.bytes).isEqualTo(160L * 2048);
    assertThat(flows.stream().map(SamplingTest::observed).toList())
        .isEqualTo(tshark("akvorado-samplingrate.pcap"));
    assertThat(counts[0].sampled()).isEqualTo(6);
    assertThat(counts[0].records()).isEqualTo(6);
  }

  @Test
  void akvoradoV9SamplerTableGivesEachRecordTheRateOfTheSamplerItNames() throws Exception {
    DecoderStats.Counts[] counts = new DecoderStats.Counts[1];
    List<FlowRecord> flows = replay("akvorado-multiplesamplingrates.pcap", FlowFiles.Settings.REPLAY, counts);

    // akvorado's TestDecodeMultipleSamplingRates: sampler 2 (1:4000) then sampler 1 (1:2000)
    assertThat(flows.get(0).samplingRate).isEqualTo(4000);
    assertThat(flows.get(0).packets).isEqualTo(18L * 4000);
    assertThat(flows.get(0).bytes).isEqualTo(1348L * 4000);
    assertThat(flows.get(1).samplingRate).isEqualTo(2000);
    assertThat(flows.get(1).bytes).isEqualTo(579L * 2000);
    assertThat(flows).allSatisfy(f -> assertThat(f.samplingRate).isIn(2000L, 4000L));
    assertThat(flows.stream().map(SamplingTest::observed).toList())
        .isEqualTo(tshark("akvorado-multiplesamplingrates.pcap"));
    assertThat(counts[0].sampled()).isEqualTo(flows.size());
  }

  @Test
  void akvoradoV9OptionsSamplerAppliesToTheLaterDataOfTheSameExporter() throws Exception {
    DecoderStats.Counts[] counts = new DecoderStats.Counts[1];
    List<FlowRecord> flows = replay("akvorado-options.pcap", FlowFiles.Settings.REPLAY, counts);

    // akvorado's TestDecode: four flows of sampler 1, 1:30000
    assertThat(flows).hasSize(4).allSatisfy(f -> assertThat(f.samplingRate).isEqualTo(30000));
    assertThat(flows.get(0).bytes).isEqualTo(1500L * 30000);
    assertThat(flows.get(0).packets).isEqualTo(30000);
    assertThat(flows.stream().map(SamplingTest::observed).toList())
        .isEqualTo(tshark("akvorado-options.pcap"));
    assertThat(counts[0].sampled()).isEqualTo(4);
  }

  @Test
  void theSameDataWithoutTheSamplerOptionsAreNotScaled() throws Exception {
    DecoderStats.Counts[] counts = new DecoderStats.Counts[1];
    List<FlowRecord> flows = replay("akvorado-v9-template+data.pcapng", FlowFiles.Settings.REPLAY, counts);

    assertThat(flows).hasSize(4).allSatisfy(f -> assertThat(f.samplingRate).isEqualTo(1));
    assertThat(counts[0].sampled()).isZero();
  }

  @Test
  void anOperatorsOverrideWinsOverTheAnnouncedRateAndTheDefaultOnlyFillsInForSilentExporters() throws Exception {
    DecoderStats.Counts[] counts = new DecoderStats.Counts[1];
    // akvorado's captures come from 192.168.0.1 (samplingrate) and 127.0.0.1 (options)
    SamplingPolicy policy = SamplingPolicy.of(100, Map.of("192.168.0.1", 512));

    List<FlowRecord> overridden = replay("akvorado-samplingrate.pcap",
        new FlowFiles.Settings(Duration.ZERO, policy), counts);
    List<FlowRecord> silent = replay("akvorado-v9-template+data.pcapng",
        new FlowFiles.Settings(Duration.ZERO, policy), counts);
    List<FlowRecord> announced = replay("akvorado-options.pcap",
        new FlowFiles.Settings(Duration.ZERO, policy), counts);

    assertThat(overridden).allSatisfy(f -> assertThat(f.samplingRate).isEqualTo(512));
    assertThat(overridden.get(0).bytes).isEqualTo(160L * 512);
    assertThat(silent).allSatisfy(f -> assertThat(f.samplingRate).isEqualTo(100));
    assertThat(announced).allSatisfy(f -> assertThat(f.samplingRate).isEqualTo(30000));
  }

  @Test
  void anOverrideOfOneSaysTheExporterDoesNotSampleWhateverItWrites() {
    List<FlowRecord> out = new ArrayList<>();
    NetflowV5Decoder d = new NetflowV5Decoder(new DecoderStats(), SamplingPolicy.of(1, Map.of("192.0.2.1", 1)));

    d.decode(v5(1000), EXPORTER, 0, r -> out.add(r.copy()));

    assertThat(out.get(0).samplingRate).isEqualTo(1);
    assertThat(out.get(0).packets).isEqualTo(10);
  }

  /** One v5 record of 10 packets and 4000 bytes, with the header's sampling_interval: mode 01, interval N. */
  static ByteBuffer v5(int interval) {
    Bytes b = new Bytes().u16(5).u16(1).u32(100_000).u32(NetflowV5DecoderTest.UNIX_SECS).u32(0).u32(1).u8(0).u8(0)
        .u16(0x4000 | interval);
    NetflowV5DecoderTest.record(b, "203.0.113.5", "198.51.100.10", 10, 4_000, 90_000, 99_000, 40000, 443, 0x12, 6);
    return b.buffer();
  }

  @Test
  void netflowV5HeaderSamplingIntervalScalesItsRecordsAndIsCounted() {
    List<FlowRecord> out = new ArrayList<>();
    NetflowV5Decoder d = new NetflowV5Decoder();

    d.decode(v5(1000), EXPORTER, 0, r -> out.add(r.copy()));
    d.decode(v5(0), EXPORTER, 0, r -> out.add(r.copy()));

    assertThat(out.get(0).samplingRate).isEqualTo(1000);
    assertThat(out.get(0).packets).isEqualTo(10_000);
    assertThat(out.get(0).bytes).isEqualTo(4_000_000);
    assertThat(out.get(0).observedPackets()).isEqualTo(10);
    assertThat(out.get(1).samplingRate).isEqualTo(1);
    assertThat(out.get(1).packets).isEqualTo(10);
    assertThat(d.stats().exporter(EXPORTER).sampled()).isEqualTo(1);
    assertThat(d.stats().exporter(EXPORTER).records()).isEqualTo(2);
  }

  /** IPFIX options template 300: scope selectorId (302)/4, samplingPacketInterval (305)/4, samplingPacketSpace
   * (306)/4; then one record of it. */
  static Bytes selectorOptions(Bytes b, long selector, long interval, long space) {
    b.u16(3).u16(4 + 6 + 3 * 4).u16(300).u16(3).u16(1).u16(302).u16(4).u16(305).u16(4).u16(306).u16(4);
    return b.u16(300).u16(4 + 12).u32(selector).u32(interval).u32(space);
  }

  /** IPFIX template 257: src/dst IPv4, packets/4, octets/4, selectorId (302)/4, samplingInterval (34)/4. */
  static Bytes flowTemplate(Bytes b) {
    int[] f = {8, 4, 12, 4, 2, 4, 1, 4, 302, 4, 34, 4};
    b.u16(2).u16(4 + 4 + f.length * 2).u16(257).u16(f.length / 2);
    for (int x : f) {
      b.u16(x);
    }
    return b;
  }

  @Test
  void ipfixSelectorReportsGiveTheRateOfRecordsNamingTheSelectorAndARateInTheRecordWins() {
    Bytes sets = selectorOptions(new Bytes(), 7, 1, 999); // 1 selected, 999 skipped: 1 in 1000
    flowTemplate(sets);
    sets.u16(257).u16(4 + 3 * 24);
    sets.ip("203.0.113.1").ip("198.51.100.10").u32(3).u32(180).u32(7).u32(0); // names selector 7
    sets.ip("203.0.113.2").ip("198.51.100.10").u32(3).u32(180).u32(7).u32(64); // its own rate: 1 in 64
    sets.ip("203.0.113.3").ip("198.51.100.10").u32(3).u32(180).u32(8).u32(0); // an unknown selector
    List<FlowRecord> out = new ArrayList<>();
    IpfixDecoder d = new IpfixDecoder();

    d.decode(IpfixDecoderTest.message(1, sets), EXPORTER, 4739, IpfixDecoderTest.T0, r -> out.add(r.copy()));

    assertThat(out).extracting(r -> r.samplingRate).containsExactly(1000L, 64L, 1L);
    assertThat(out.get(0).packets).isEqualTo(3000);
    assertThat(out.get(0).bytes).isEqualTo(180_000);
    assertThat(d.stats().exporter(EXPORTER).sampled()).isEqualTo(2);
  }

  @Test
  void aSamplerTableBelongsToItsTransportSession() {
    Bytes options = selectorOptions(new Bytes(), 7, 1, 999);
    Bytes data = flowTemplate(new Bytes());
    data.u16(257).u16(4 + 24).ip("203.0.113.1").ip("198.51.100.10").u32(3).u32(180).u32(7).u32(0);
    List<FlowRecord> out = new ArrayList<>();
    IpfixDecoder d = new IpfixDecoder();

    d.decode(IpfixDecoderTest.message(1, options), EXPORTER, 40000, IpfixDecoderTest.T0, r -> out.add(r.copy()));
    d.decode(IpfixDecoderTest.message(1, data), EXPORTER, 40001, IpfixDecoderTest.T0, r -> out.add(r.copy()));
    d.decode(IpfixDecoderTest.message(1, data), EXPORTER, 40000, IpfixDecoderTest.T0, r -> out.add(r.copy()));

    assertThat(out).extracting(r -> r.samplingRate).containsExactly(1L, 1000L);
    assertThat(out).extracting(r -> r.exporterPort).containsExactly(40001, 40000);
  }

  @Test
  void scaledCountersSaturateInsteadOfWrapping() {
    FlowRecord r = new FlowRecord();
    r.packets = Long.MAX_VALUE / 10;
    r.bytes = -1; // an unsigned 64-bit counter above 2^63
    SamplingPolicy.scale(r, 1000);
    assertThat(r.packets).isEqualTo(Long.MAX_VALUE);
    assertThat(r.bytes).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aPolicyRefusesWhatIsNotAnAddressLiteralOrARate() {
    assertThatThrownBy(() -> SamplingPolicy.of(1, Map.of("router.example", 100)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("router.example");
    assertThatThrownBy(() -> SamplingPolicy.of(1, Map.of("192.0.2.1", 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("192.0.2.1");
    assertThatThrownBy(() -> SamplingPolicy.of(0, Map.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
