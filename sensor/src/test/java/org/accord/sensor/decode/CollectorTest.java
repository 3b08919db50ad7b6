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
}
