package org.accord.sensor.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.accord.sensor.flow.FlowRecord;
import org.accord.sensor.flow.FlowSink;
import org.accord.sensor.generate.IpfixWriter;
import org.accord.sensor.generate.NetflowV5Writer;
import org.accord.sensor.generate.TrafficGenerator;
import org.accord.sensor.generate.TrafficGenerator.Config;
import org.accord.sensor.generate.TrafficGenerator.Scenario;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of random, mutated and truncated datagrams per decoder: nothing escapes {@code decode}, every datagram is
 * counted, the errors show in the counters, and whatever still decodes has consistent times.
 */
class DecoderFuzzTest {
  static final int ROUNDS = 6000;

  @ParameterizedTest
  @ValueSource(strings = {"v5", "v9", "ipfix"})
  void randomMutatedAndTruncatedDatagramsAreCountedNeverThrown(String kind) {
    List<byte[]> valid = validDatagrams(kind);
    Supplier<DatagramDecoder> fresh = switch (kind) {
      case "v5" -> NetflowV5Decoder::new;
      case "v9" -> NetflowV9Decoder::new;
      default -> IpfixDecoder::new;
    };
    DatagramDecoder d = fresh.get();
    SplittableRandom rnd = new SplittableRandom(kind.hashCode());
    long[] flows = new long[1];
    FlowSink sink = r -> {
      assertThat(r.endMillis).isGreaterThanOrEqualTo(r.startMillis);
      flows[0]++;
    };
    for (byte[] v : valid) {
      d.decode(ByteBuffer.wrap(v), 1, 0, sink); // learn templates, so mutations reach the data paths
    }
    DecoderStats.Counts before = d.stats().total();

    for (int i = 0; i < ROUNDS; i++) {
      byte[] b = mutate(valid.get(rnd.nextInt(valid.size())), rnd);
      d.decode(ByteBuffer.wrap(b), 1 + rnd.nextInt(3), i * 1000L, sink);
    }

    DecoderStats.Counts after = d.stats().total();
    assertThat(after.datagrams() - before.datagrams()).isGreaterThanOrEqualTo(ROUNDS);
    assertThat(after.malformed()).isGreaterThan(before.malformed());
    assertThat(after.truncated()).isGreaterThan(before.truncated());
    assertThat(after.records()).isGreaterThan(before.records());
    assertThat(flows[0]).isEqualTo(after.records());
  }

  /** One of: random bytes; bytes flipped; cut short; a length field made up; the valid header over random bytes. */
  static byte[] mutate(byte[] valid, SplittableRandom rnd) {
    byte[] b = valid.clone();
    switch (rnd.nextInt(6)) {
      case 0 -> {
        b = new byte[rnd.nextInt(200)];
        rnd.nextBytes(b);
      }
      case 1 -> {
        for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
          b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
        }
      }
      case 2 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
      case 3 -> {
        int at = rnd.nextInt(Math.max(1, b.length - 1));
        b[at] = (byte) rnd.nextInt(256);
        b[at + 1] = (byte) rnd.nextInt(256);
      }
      case 4 -> {
        byte[] r = new byte[b.length];
        rnd.nextBytes(r);
        System.arraycopy(b, 0, r, 0, Math.min(b.length, 20));
        b = r;
      }
      default -> {
        // valid, then garbage appended
        byte[] r = java.util.Arrays.copyOf(b, b.length + 1 + rnd.nextInt(64));
        for (int i = b.length; i < r.length; i++) {
          r[i] = (byte) rnd.nextInt(256);
        }
        b = r;
      }
    }
    return b;
  }

  static List<byte[]> validDatagrams(String kind) {
    List<byte[]> out = new ArrayList<>();
    if (kind.equals("v9")) {
      Bytes b = NetflowV9DecoderTest.header(2, 7);
      NetflowV9DecoderTest.template256(b);
      NetflowV9DecoderTest.data256(b, "192.0.2.1", "192.0.2.2", 1, 2, 3, 4, 100, 200);
      out.add(b.array());
      out.add(NetflowV9DecoderTest.data256(NetflowV9DecoderTest.header(1, 7), "192.0.2.3", "192.0.2.4", 1, 2, 3, 4,
          100, 200).array());
      return out;
    }
    TrafficGenerator g =
        new TrafficGenerator(Config.of(Scenario.DDOS_FINANCE, 2000, java.time.Duration.ofSeconds(3), 9));
    java.util.function.Consumer<ByteBuffer> keep = buf -> {
      byte[] a = new byte[buf.remaining()];
      buf.duplicate().get(a);
      out.add(a);
    };
    if (kind.equals("v5")) {
      NetflowV5Writer w = new NetflowV5Writer(Config.DEFAULT_START - 3_600_000, keep);
      g.flows(w::write);
      w.flush();
    } else {
      IpfixWriter w = new IpfixWriter(1, 1400, 5, keep);
      g.flows(r -> {
        w.write(r);
        if (r.srcPort % 7 == 0) { // some IPv6 too, so both templates are exercised
          FlowRecord v6 = r.copy();
          v6.ipv6 = true;
          v6.srcHi = 0x20010db800000000L;
          v6.dstHi = 0x20010db800000001L;
          w.write(v6);
        }
      });
      w.flush();
    }
    return out.subList(0, Math.min(out.size(), 200));
  }
}
