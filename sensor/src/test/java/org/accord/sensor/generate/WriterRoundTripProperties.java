package org.accord.sensor.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.accord.sensor.decode.IpfixDecoder;
import org.accord.sensor.decode.NetflowV5Decoder;
import org.accord.sensor.flow.FlowRecord;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** What a writer writes, the matching decoder reads back unchanged. */
class WriterRoundTripProperties {
  static final long BOOT = 1_700_000_000_000L;

  @Property(tries = 200)
  void netflowV5RoundTripsIpv4Flows(@ForAll("flows") @Size(min = 1, max = 100) List<FlowRecord> flows) {
    List<ByteBuffer> datagrams = new ArrayList<>();
    NetflowV5Writer w = new NetflowV5Writer(BOOT, b -> datagrams.add(copy(b)));
    flows.forEach(w::write);
    w.flush();
    List<FlowRecord> back = new ArrayList<>();
    NetflowV5Decoder d = new NetflowV5Decoder();
    datagrams.forEach(b -> d.decode(b, 7, 0, r -> back.add(r.copy())));

    assertThat(datagrams).hasSize((flows.size() + 29) / 30);
    assertThat(back).map(FlowRecord::toString).containsExactlyElementsOf(flows.stream().map(f -> {
      FlowRecord c = f.copy();
      c.tcpFlags &= 0xff; // v5 has one byte of flags
      return c.toString();
    }).toList());
    assertThat(d.stats().total().errors()).isZero();
    assertThat(d.stats().total().clamped()).isZero();
  }

  @Property(tries = 200)
  void ipfixRoundTripsIpv4AndIpv6Flows(@ForAll("flows") @Size(min = 1, max = 200) List<FlowRecord> flows,
      @ForAll boolean sixes) {
    if (sixes) {
      for (int i = 0; i < flows.size(); i += 2) {
        FlowRecord r = flows.get(i);
        r.ipv6 = true;
        r.srcHi = 0x20010db800000000L | i;
        r.dstHi = 0xfe80000000000000L;
      }
    }
    List<ByteBuffer> messages = new ArrayList<>();
    IpfixWriter w = new IpfixWriter(3, 1400, 4, b -> messages.add(copy(b)));
    flows.forEach(w::write);
    w.flush();
    List<FlowRecord> back = new ArrayList<>();
    IpfixDecoder d = new IpfixDecoder();
    messages.forEach(b -> d.decode(b, 7, 0, r -> back.add(r.copy())));

    assertThat(back).map(FlowRecord::toString).containsExactlyElementsOf(flows.stream().map(FlowRecord::toString)
        .toList());
    assertThat(back).allSatisfy(r -> assertThat(r.observationDomain).isEqualTo(3));
    assertThat(messages).allSatisfy(m -> assertThat(m.remaining()).isLessThanOrEqualTo(1400));
    assertThat(d.stats().total().errors()).isZero();
  }

  @Provide
  Arbitrary<List<FlowRecord>> flows() {
    Arbitrary<Long> v4 = Arbitraries.longs().between(0, 0xffffffffL);
    Arbitrary<Integer> port = Arbitraries.integers().between(0, 65535);
    // Within 20 days of one another: a v5 age beyond 2^31 ms (24.8 days) reads as a clock jump (ExporterClock).
    Arbitrary<Long> start = Arbitraries.longs().between(BOOT, BOOT + 20L * 86_400_000);
    Arbitrary<FlowRecord> one = Combinators.combine(v4, v4, port, port, Arbitraries.integers().between(0, 255),
        Arbitraries.integers().between(0, 255), Arbitraries.longs().between(0, 0xffffffffL), start)
        .as((s, d, sp, dp, proto, flags, count, t) -> {
          FlowRecord r = new FlowRecord();
          r.srcLo = s;
          r.dstLo = d;
          r.srcPort = sp;
          r.dstPort = dp;
          r.protocol = proto;
          r.tcpFlags = flags;
          r.packets = count / 1000;
          r.bytes = count;
          r.startMillis = t;
          r.endMillis = t + count % 600_000;
          return r;
        });
    return one.list();
  }

  static ByteBuffer copy(ByteBuffer b) {
    ByteBuffer c = ByteBuffer.allocate(b.remaining());
    c.put(b.duplicate()).flip();
    return c;
  }
}
