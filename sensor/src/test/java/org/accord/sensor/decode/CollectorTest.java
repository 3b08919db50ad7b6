package org.accord.sensor.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.accord.sensor.generate.IpfixWriter;
import org.accord.sensor.generate.NetflowV5Writer;
import org.accord.sensor.generate.TrafficGenerator;
import org.accord.sensor.generate.TrafficGenerator.Config;
import org.accord.sensor.generate.TrafficGenerator.Scenario;
import org.accord.sensor.generate.UdpSender;
import org.junit.jupiter.api.Test;

class CollectorTest {
  static final long LOOPBACK = 0x7F000001L;

  static void await(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  @Test
  void collectsNetflowAndIpfixOverLoopbackAndSurvivesGarbage() throws Exception {
    AtomicLong flows = new AtomicLong();
    AtomicLong bank = new AtomicLong();
    TrafficGenerator gen = new TrafficGenerator(Config.of(Scenario.DDOS_FINANCE, 1000, Duration.ofSeconds(3), 5));
    long expected = gen.flows(r -> {});
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (Collector c = new Collector(r -> {
      flows.incrementAndGet();
      if (r.dstLo == 0xC633640AL) {
        bank.incrementAndGet();
      }
    })) {
      int nf = c.listen(new InetSocketAddress(lo, 0), "netflow");
      int ipfix = c.listen(new InetSocketAddress(lo, 0), "ipfix");
      assertThat(nf).isPositive().isNotEqualTo(ipfix);

      // Paced below what a loaded test machine's socket buffer can take, so no datagram is lost.
      try (UdpSender toNf = new UdpSender(new InetSocketAddress(lo, nf), 2000);
          UdpSender toIpfix = new UdpSender(new InetSocketAddress(lo, ipfix), 2000)) {
        toNf.accept(ByteBuffer.wrap(new byte[] {0, 5, 0, 9})); // truncated v5
        toIpfix.accept(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})); // garbage
        NetflowV5Writer v5 = new NetflowV5Writer(Config.DEFAULT_START - 60_000, toNf);
        IpfixWriter w = new IpfixWriter(toIpfix);
        gen.flows(v5::write);
        v5.flush();
        gen.flows(w::write);
        w.flush();
      }
      await(() -> flows.get() >= 2 * expected);

      DecoderStats.Counts counts = c.stats().exporter(LOOPBACK);
      assertThat(flows.get()).isEqualTo(2 * expected);
      assertThat(counts.records()).isEqualTo(2 * expected);
      assertThat(counts.truncated()).isEqualTo(1);
      assertThat(counts.malformed()).isEqualTo(1);
      assertThat(counts.templates()).isPositive();
      assertThat(bank.get()).isGreaterThan(expected / 4);
      assertThat(c.stats().snapshot()).containsOnlyKeys(LOOPBACK);
    }
  }

  @Test
  void stopEndsTheListenersAndFreesThePort() throws Exception {
    InetAddress lo = InetAddress.getLoopbackAddress();
    Collector c = new Collector(r -> {});
    int port = c.listen(new InetSocketAddress(lo, 0), "netflow");
    c.stop();

    Collector again = new Collector(r -> {});
    try {
      assertThat(again.listen(new InetSocketAddress(lo, port), "netflow")).isEqualTo(port);
    } finally {
      again.stop();
    }
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("collector-netflow-" + port)
        && t.isAlive() && t != Thread.currentThread());
  }

  @Test
  void datagramsFromAnExporterOffTheAllowListAreDroppedAndCounted() throws Exception {
    // 127.0.0.1 and 127.0.0.2 are both local on Linux: one is allowed, the other is not.
    java.util.List<ByteBuffer> datagrams = new java.util.ArrayList<>();
    TrafficGenerator gen = new TrafficGenerator(Config.of(Scenario.DDOS_FINANCE, 200, Duration.ofSeconds(1), 5));
    NetflowV5Writer v5 = new NetflowV5Writer(Config.DEFAULT_START - 60_000, b -> {
      ByteBuffer copy = ByteBuffer.allocate(b.remaining());
      copy.put(b.duplicate()).flip();
      datagrams.add(copy);
    });
    long expected = gen.flows(v5::write);
    v5.flush();
    AtomicLong flows = new AtomicLong();
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    try (Collector c = new Collector(r -> flows.incrementAndGet(), ExporterAllowList.of(java.util.List.of("127.0.0.1")));
        java.nio.channels.DatagramChannel stranger = java.nio.channels.DatagramChannel.open()
            .bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
        java.nio.channels.DatagramChannel exporter = java.nio.channels.DatagramChannel.open()
            .bind(new InetSocketAddress(lo, 0))) {
      InetSocketAddress to = new InetSocketAddress(lo, c.listen(new InetSocketAddress(lo, 0), "netflow"));
      for (ByteBuffer d : datagrams) {
        stranger.send(d.duplicate(), to);
      }
      await(() -> c.dropped() >= datagrams.size());
      assertThat(c.dropped()).isEqualTo(datagrams.size());
      assertThat(flows.get()).isZero();
      assertThat(c.stats().snapshot()).isEmpty(); // not decoded at all: no counters for the stranger

      for (ByteBuffer d : datagrams) {
        exporter.send(d.duplicate(), to);
        Thread.sleep(1);
      }
      await(() -> flows.get() >= expected);
      assertThat(flows.get()).isEqualTo(expected);
      assertThat(c.dropped()).isEqualTo(datagrams.size());
    }
  }

  @Test
  void allowListEntriesAreAddressLiteralsOrBlocks() {
    ExporterAllowList list = ExporterAllowList.of(java.util.List.of("10.0.0.0/8", "2001:db8::/32"));
    assertThat(list.permits(addr("10.200.1.1"))).isTrue();
    assertThat(list.permits(addr("11.0.0.1"))).isFalse();
    assertThat(list.permits(addr("2001:db8::7"))).isTrue();
    assertThat(list.permits(addr("::ffff:10.0.0.1"))).isTrue(); // an IPv4-mapped source is its IPv4 address
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExporterAllowList.of(java.util.List.of("router.lan")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("router.lan");
  }

  private static InetAddress addr(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
