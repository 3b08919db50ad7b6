package org.accord.sensor.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.accord.sensor.flow.FlowRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Template scope and expiry (issue 9, finding 5): templates belong to the transport session — the exporter's address
 * and source port — and its observation domain (RFC 7011 §8); a replay keeps templates however long ago in export
 * time they came; a live collector expires them after the configured time.
 */
class TemplateScopeTest {
  static final long EXPORTER = NetflowV9DecoderTest.EXPORTER;
  static final long UPTIME = NetflowV9DecoderTest.UPTIME;
  static final long T0 = NetflowV9DecoderTest.T0;

  @TempDir Path dir;

  /** Template 256 of another layout than {@link NetflowV9DecoderTest#template256}: IN_BYTES first, 29 bytes too. */
  static Bytes otherTemplate256(Bytes b) {
    int[] f = {1, 4, 2, 4, 8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 6, 1, 22, 4, 21, 4};
    b.u16(0).u16(4 + 4 + f.length * 2).u16(256).u16(f.length / 2);
    for (int x : f) {
      b.u16(x);
    }
    return b;
  }

  @Test
  void anExporterRestartingOnANewPortNeverDecodesWithItsOldSessionsTemplates() {
    NetflowV9Decoder d = new NetflowV9Decoder();
    List<FlowRecord> out = new ArrayList<>();
    // The exporter's first life, from port 40000, with template 256 of one layout.
    d.decode(NetflowV9DecoderTest.template256(NetflowV9DecoderTest.header(1, 7)).buffer(), EXPORTER, 40000, T0,
        r -> out.add(r.copy()));
    // Restarted, from port 40001, it defines template 256 anew with another layout; its data come first.
    Bytes data = NetflowV9DecoderTest.header(1, 7).u16(256).u16(4 + 29 + 3).u32(180).u32(3).ip("100.64.0.9")
        .ip("198.51.100.10").u16(5555).u16(443).u8(6).u8(0x02).u32(UPTIME - 4_000).u32(UPTIME - 1_000).zeros(3);

    d.decode(data.buffer(), EXPORTER, 40001, T0 + 1, r -> out.add(r.copy()));
    assertThat(out).isEmpty(); // not garbled through the old session's layout
    assertThat(d.stats().exporter(EXPORTER).unknownTemplate()).isEqualTo(1);

    d.decode(otherTemplate256(NetflowV9DecoderTest.header(1, 7)).buffer(), EXPORTER, 40001, T0 + 2,
        r -> out.add(r.copy()));
    d.decode(data.buffer(), EXPORTER, 40001, T0 + 3, r -> out.add(r.copy()));

    assertThat(out).hasSize(1);
    assertThat(out.get(0).toString()).startsWith("100.64.0.9:5555 -> 198.51.100.10:443 proto 6 flags 0x2 3 pkts 180 B");
    assertThat(out.get(0).exporterPort).isEqualTo(40001);
  }

  /** An IPFIX message exported at {@code exportSecs}. */
  static ByteBuffer message(long exportSecs, Bytes sets) {
    return new Bytes().u16(10).u16(16 + sets.size()).u32(exportSecs).u32(0).u32(1).raw(sets.array()).buffer();
  }

  static Bytes oneFlow(long startMs) {
    Bytes sets = new Bytes().u16(256).u16(4 + 47);
    return IpfixDecoderTest.v4Record(sets, "203.0.113.1", "198.51.100.10", 123, 7000, 17, 0, 100, 46_800, startMs,
        startMs);
  }

  @Test
  void aReplayDecodesDataExportedHoursAfterTheirTemplateInTheSameFile() throws Exception {
    long t = IpfixDecoderTest.EXPORT_SECS;
    long later = t + Duration.ofHours(3).toSeconds();
    Path file = dir.resolve("quiet-exporter.ipfix");
    try (var out = Files.newOutputStream(file)) {
      for (ByteBuffer m : List.of(message(t, IpfixDecoderTest.v4Template(new Bytes())), message(t, oneFlow(t * 1000)),
          message(later, oneFlow(later * 1000)))) {
        out.write(m.array(), m.position(), m.remaining());
      }
    }
    List<FlowRecord> flows = new ArrayList<>();

    FlowFiles.Result r = FlowFiles.read(file, f -> flows.add(f.copy()), FlowFiles.Progress.NONE);
    assertThat(flows).hasSize(2);
    assertThat(r.flows().unknownTemplate()).isZero();

    // Asked to behave like a live collector with a 30-minute timeout, the replay expires it by export time.
    flows.clear();
    FlowFiles.Result live = FlowFiles.read(file, f -> flows.add(f.copy()), FlowFiles.Progress.NONE,
        new FlowFiles.Settings(Duration.ofMinutes(30), SamplingPolicy.ANNOUNCED));
    assertThat(flows).hasSize(1);
    assertThat(live.flows().unknownTemplate()).isEqualTo(1);
  }

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  static void send(DatagramSocket s, int port, ByteBuffer b) throws IOException {
    s.send(new DatagramPacket(b.array(), b.position(), b.remaining(), InetAddress.getLoopbackAddress(), port));
  }

  static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  @Test
  void aLiveCollectorExpiresTemplatesAfterTheConfiguredTimeOnItsClock() throws Exception {
    MovableClock clock = new MovableClock();
    List<FlowRecord> flows = new CopyOnWriteArrayList<>();
    long t = IpfixDecoderTest.EXPORT_SECS;
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (Collector c = new Collector(r -> flows.add(r.copy()), clock, Duration.ofMinutes(5),
            ExporterAllowList.of(ExporterAllowList.LOOPBACK));
        DatagramSocket exporter = new DatagramSocket(new InetSocketAddress(lo, 0))) {
      int port = c.listen(new InetSocketAddress(lo, 0), "ipfix");
      long key = Collector.exporterKey(lo.getAddress());
      send(exporter, port, message(t, IpfixDecoderTest.v4Template(new Bytes())));
      await(() -> c.stats().exporter(key).templates() == 1);
      clock.millis.addAndGet(Duration.ofMinutes(4).toMillis());
      send(exporter, port, message(t, oneFlow(t * 1000)));
      await(() -> flows.size() == 1);
      clock.millis.addAndGet(Duration.ofMinutes(6).toMillis()); // 10 minutes after the template: expired
      send(exporter, port, message(t, oneFlow(t * 1000)));
      await(() -> c.stats().exporter(key).unknownTemplate() == 1);

      assertThat(flows).hasSize(1);
      assertThat(flows.get(0).exporterPort).isEqualTo(exporter.getLocalPort());
      assertThat(c.stats().exporter(key).unknownTemplate()).isEqualTo(1);
    }
  }

  @Test
  void aTemplateExpiryOfZeroKeepsTemplatesForEver() {
    IpfixDecoder d = new IpfixDecoder(new DecoderStats(), Duration.ZERO);
    List<FlowRecord> flows = new ArrayList<>();
    long t = IpfixDecoderTest.EXPORT_SECS;
    d.decode(message(t, IpfixDecoderTest.v4Template(new Bytes())), EXPORTER, 1, 0, f -> flows.add(f.copy()));
    d.decode(message(t, oneFlow(t * 1000)), EXPORTER, 1, Duration.ofDays(400).toMillis(), f -> flows.add(f.copy()));
    assertThat(flows).hasSize(1);
  }
}
