package org.accord.sensor.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.accord.sensor.generate.IpfixWriter;
import org.accord.sensor.generate.NetflowV5Writer;
import org.accord.sensor.generate.TrafficGenerator;
import org.accord.sensor.generate.TrafficGenerator.Config;
import org.accord.sensor.generate.TrafficGenerator.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowFilesTest {
  @TempDir Path dir;

  static final TrafficGenerator GEN = new TrafficGenerator(Config.of(Scenario.SCAN, 5000, Duration.ofSeconds(4), 3));

  static List<String> expected() {
    List<String> out = new ArrayList<>();
    GEN.flows(r -> out.add(r.toString()));
    return out;
  }

  static void append(ByteArrayOutputStream out, ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    out.writeBytes(a);
  }

  record Seen(List<String> flows, List<long[]> progress) {}

  Seen read(Path file) throws IOException {
    Seen s = new Seen(new ArrayList<>(), new ArrayList<>());
    FlowFiles.read(file, r -> s.flows.add(r.toString()), (done, total) -> s.progress.add(new long[] {done, total}));
    return s;
  }

  @Test
  void readsAFileOfNetflowV5DatagramsWithProgress() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NetflowV5Writer w = new NetflowV5Writer(Config.DEFAULT_START - 60_000, b -> append(out, b));
    GEN.flows(w::write);
    w.flush();
    Path f = Files.write(dir.resolve("flows.nf5"), out.toByteArray());

    Seen s = read(f);
    FlowFiles.Result result = FlowFiles.read(f, r -> {}, FlowFiles.Progress.NONE);

    assertThat(FlowFiles.detect(f)).isEqualTo(FlowFiles.Format.NETFLOW_V5);
    assertThat(s.flows).containsExactlyElementsOf(expected());
    assertThat(s.progress).isNotEmpty().allSatisfy(p -> assertThat(p[0]).isLessThanOrEqualTo(p[1]));
    assertThat(s.progress.get(s.progress.size() - 1)).containsExactly(out.size(), out.size());
    assertThat(result.complete()).isTrue();
    assertThat(result.flows().records()).isEqualTo(s.flows.size());
    assertThat(result.flows().datagrams()).isEqualTo(w.datagrams());
  }

  @Test
  void readsAnIpfixFileAndCountsATruncatedTail() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    IpfixWriter w = new IpfixWriter(b -> append(out, b));
    GEN.flows(w::write);
    w.flush();
    byte[] whole = out.toByteArray();
    Path f = Files.write(dir.resolve("flows.ipfix"), whole);
    Path cut = Files.write(dir.resolve("cut.ipfix"), java.util.Arrays.copyOf(whole, whole.length - 30));

    Seen s = read(f);
    FlowFiles.Result r = FlowFiles.read(cut, x -> {}, FlowFiles.Progress.NONE);

    assertThat(s.flows).containsExactlyElementsOf(expected());
    assertThat(r.format()).isEqualTo(FlowFiles.Format.IPFIX);
    assertThat(r.flows().truncated()).isEqualTo(1);
    assertThat(r.flows().records()).isLessThan(s.flows.size()).isGreaterThan(s.flows.size() - 30);
  }

  @Test
  void readsAFramedNetflowV9FileKeepingExportersApart() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FlowFiles.writeV9Header(out);
    Bytes t = NetflowV9DecoderTest.template256(NetflowV9DecoderTest.header(1, 7));
    Bytes d = NetflowV9DecoderTest.data256(NetflowV9DecoderTest.header(1, 7), "192.0.2.1", "192.0.2.2", 1, 2, 3, 4,
        NetflowV9DecoderTest.UPTIME - 10, NetflowV9DecoderTest.UPTIME);
    FlowFiles.writeV9Frame(out, 1, t.buffer());
    FlowFiles.writeV9Frame(out, 1, d.buffer());
    FlowFiles.writeV9Frame(out, 2, d.buffer()); // exporter 2 sent no template
    Path f = Files.write(dir.resolve("flows.nf9"), out.toByteArray());

    List<Long> exporters = new ArrayList<>();
    FlowFiles.Result r = FlowFiles.read(f, x -> exporters.add(x.exporter), FlowFiles.Progress.NONE);

    assertThat(r.format()).isEqualTo(FlowFiles.Format.NETFLOW_V9_FRAMED);
    assertThat(exporters).containsExactly(1L);
    assertThat(r.flows().unknownTemplate()).isEqualTo(1);
    assertThat(r.complete()).isTrue();
  }

  @Test
  void aLostFramingStopsTheReadAndSaysSo() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NetflowV5Writer w = new NetflowV5Writer(Config.DEFAULT_START - 60_000, b -> append(out, b));
    GEN.flows(w::write);
    w.flush();
    byte[] b = out.toByteArray();
    b[24 + 30 * 48 + 1] = 6; // the second datagram claims version 6
    Path f = Files.write(dir.resolve("bad.nf5"), b);

    FlowFiles.Result r = FlowFiles.read(f, x -> {}, FlowFiles.Progress.NONE);

    assertThat(r.complete()).isFalse();
    assertThat(r.flows().records()).isEqualTo(30);
    assertThat(r.flows().malformed()).isEqualTo(1);
    assertThat(r.error()).isEqualTo("not a NetFlow v5/v9 or IPFIX message (version 6) at offset " + (24 + 30 * 48));
  }

  @Test
  void readsJsonLinesSkippingBrokenOnes() throws IOException {
    Path f = dir.resolve("flows.jsonl");
    try (OutputStream o = Files.newOutputStream(f)) {
      o.write(("{\"src\":\"192.0.2.1\",\"dst\":\"198.51.100.10\",\"start\":1000,\"proto\":6}\n"
          + "not json\n\n").getBytes(StandardCharsets.UTF_8));
      o.write(new byte[] {'{', (byte) 0xff, '}', '\r', '\n'});
      o.write("{\"src\":\"192.0.2.2\",\"dst\":\"198.51.100.10\",\"start\":2000}".getBytes(StandardCharsets.UTF_8));
    }

    Seen s = read(f);
    FlowFiles.Result r = FlowFiles.read(f, x -> {}, FlowFiles.Progress.NONE);

    assertThat(s.flows).hasSize(2);
    assertThat(r.format()).isEqualTo(FlowFiles.Format.JSON_LINES);
    assertThat(r.lines()).isEqualTo(new LineStats.Counts(5, 2, 1, 2, 0));
  }

  @Test
  void readsLogFilesThroughALineDecoder() throws IOException {
    Path f = Files.writeString(dir.resolve("auth.log"),
        "Mar  3 14:02:11 gw sshd[1]: Failed password for root from 203.0.113.5 port 1 ssh2\n"
            + "Mar  3 14:02:12 gw sshd[1]: Failed password for root from 203.0.113.5 port 1 ssh2\n");
    List<LogEvent> events = new ArrayList<>();
    SshAuthLogDecoder d = new SshAuthLogDecoder(2026);

    long bytes = FlowFiles.readLog(f, d, events::add, FlowFiles.Progress.NONE);

    assertThat(bytes).isEqualTo(Files.size(f));
    assertThat(events).hasSize(2);
  }

  @Test
  void anUnknownFormatIsRefusedSayingWhatItLooksLike() throws IOException {
    Path text = Files.writeString(dir.resolve("x.txt"), "hello");
    Path nfcapd = Files.write(dir.resolve("nfcapd.202612031500"), new byte[] {0x0c, (byte) 0xa5, 2, 0, 0, 0});
    Path gz = Files.write(dir.resolve("flows.nf9"), new byte[] {0x1f, (byte) 0x8b, 8, 0});
    Path other = Files.write(dir.resolve("flows.ipfix"), new byte[] {0x12, 0x34, 0x56, 0x78});

    assertThatThrownBy(() -> FlowFiles.read(text, r -> {}, FlowFiles.Progress.NONE)).isInstanceOf(IOException.class)
        .hasMessageContaining("not a flow file: text").hasMessageContaining("--log ssh");
    assertThatThrownBy(() -> FlowFiles.detect(nfcapd)).hasMessageContaining("an nfdump (nfcapd) file");
    assertThatThrownBy(() -> FlowFiles.detect(gz)).hasMessageContaining("gzip-compressed");
    assertThatThrownBy(() -> FlowFiles.detect(other)).hasMessageContaining("it starts with 12 34 56 78")
        .hasMessageContaining("Readable: NetFlow v5/v9 and IPFIX export packets");
  }

  // ---- raw export packets back to back: the UDP payloads of akvorado's captures, written by tshark (README.md)

  static List<String> lines(Path file, FlowFiles.Result[] result) throws Exception {
    List<String> out = new ArrayList<>();
    result[0] = FlowFiles.read(file, x -> out.add(PacketCaptureTest.line(x)), FlowFiles.Progress.NONE);
    return out;
  }

  @Test
  void rawNetflowV9PacketsBackToBackDecodeAsTheirCaptureDoes() throws Exception {
    FlowFiles.Result[] r = new FlowFiles.Result[1];
    Path raw = PacketCaptureTest.resource("akvorado-v9-template+data.nf9");

    List<String> flows = lines(raw, r);

    assertThat(FlowFiles.detect(raw)).isEqualTo(FlowFiles.Format.NETFLOW_V9);
    assertThat(flows).containsExactlyInAnyOrderElementsOf(PacketCaptureTest.tshark("akvorado-v9-template+data.pcapng"));
    assertThat(r[0].flows().datagrams()).isEqualTo(2);
    assertThat(r[0].flows().errors()).isZero();
    assertThat(r[0].complete()).isTrue();
  }

  @Test
  void aFileMixingV5V9AndIpfixPacketsReadsEachByItsVersion() throws Exception {
    FlowFiles.Result[] r = new FlowFiles.Result[1];

    List<String> flows = lines(PacketCaptureTest.resource("akvorado-mixed.raw"), r);

    List<String> expected = new ArrayList<>();
    for (String capture : List.of("akvorado-nfv5.pcap", "akvorado-v9-template+data.pcapng", "akvorado-ipfixprobe.pcap",
        "akvorado-data+templates.pcap")) {
      expected.addAll(PacketCaptureTest.tshark(capture));
    }
    assertThat(flows).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(r[0].flows().datagrams()).isEqualTo(1 + 2 + 2 + 1);
    assertThat(r[0].flows().unknownTemplate()).isEqualTo(1); // data+templates' data set before its template
    assertThat(r[0].flows().malformed() + r[0].flows().truncated()).isZero();
  }

  @Test
  void aRawV9FileCutOrBrokenKeepsItsFlowsAndNamesTheOffset() throws Exception {
    byte[] whole = Files.readAllBytes(PacketCaptureTest.resource("akvorado-v9-template+data.nf9"));
    int second = 120; // the template packet: tshark's frame of 162 bytes less 42 of Ethernet, IPv4 and UDP headers
    assertThat(new byte[] {whole[second], whole[second + 1]}).containsExactly(0, 9);
    FlowFiles.Result[] r = new FlowFiles.Result[1];

    lines(Files.write(dir.resolve("cut.nf9"), java.util.Arrays.copyOf(whole, whole.length - 10)), r);
    assertThat(r[0].flows().truncated()).isEqualTo(1);

    byte[] broken = whole.clone();
    broken[second + 20 + 2] = 0; // the data packet's first FlowSet length: 0
    broken[second + 20 + 3] = 2;
    List<String> flows = lines(Files.write(dir.resolve("broken.nf9"), broken), r);
    assertThat(flows).isEmpty();
    assertThat(r[0].complete()).isFalse();
    assertThat(r[0].error()).isEqualTo("a NetFlow v9 FlowSet shorter than its header at offset " + second);
    assertThat(r[0].flows().malformed()).isEqualTo(1);
  }
}
