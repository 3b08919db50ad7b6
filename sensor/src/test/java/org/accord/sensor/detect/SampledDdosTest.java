package org.accord.sensor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.accord.sensor.decode.NetflowV5Decoder;
import org.accord.sensor.flow.Addresses;
import org.junit.jupiter.api.Test;

/**
 * A DDoS seen through a router that samples 1 packet in 1000 (issue 9, finding 4): the exporter reports a thousandth
 * of the flood, the decoder scales it back from the NetFlow v5 header's sampling interval, and the detector's default
 * thresholds (50,000 pps for an ordinary server) apply to the scaled figures.
 */
class SampledDdosTest {
  static final long T0 = DetectorsTest.T0;
  static final long TARGET = Addresses.parseV4("198.51.100.77");

  /**
   * One second of the flood as a 1:{@code interval} sampling router exports it: 150 sampled packets of 500 bytes
   * (UDP from 150 sources), five datagrams of 30 records.
   */
  static List<ByteBuffer> second(int s, int interval) {
    List<ByteBuffer> out = new ArrayList<>();
    long unixSecs = T0 / 1000 + s;
    for (int d = 0; d < 5; d++) {
      ByteBuffer b = ByteBuffer.allocate(24 + 30 * 48);
      b.putShort((short) 5).putShort((short) 30).putInt(1_000_000).putInt((int) unixSecs).putInt(0).putInt(s * 5 + d)
          .put((byte) 0).put((byte) 0).putShort((short) (interval == 0 ? 0 : 0x8000 | interval)); // mode 10: random
      for (int k = 0; k < 30; k++) {
        int source = d * 30 + k;
        b.putInt((int) Addresses.parseV4("203.0.113.0") + source).putInt((int) TARGET).putInt(0).putShort((short) 1)
            .putShort((short) 2).putInt(1).putInt(500).putInt(1_000_000 - 500).putInt(1_000_000 - 100)
            .putShort((short) (20000 + source)).putShort((short) 80).put((byte) 0).put((byte) 0).put((byte) 17)
            .put((byte) 0).putShort((short) 0).putShort((short) 0).put((byte) 0).put((byte) 0).putShort((short) 0);
      }
      out.add(b.flip());
    }
    return out;
  }

  static List<Attack> run(int interval) {
    Detectors det = new Detectors(DetectorConfig.builder().warmupWindows(0).build(), DetectorsTest.ASSETS,
        DetectorsTest.GEO, "CN");
    NetflowV5Decoder decoder = new NetflowV5Decoder();
    List<Attack> attacks = new ArrayList<>();
    for (int s = 0; s < 20; s++) {
      if (s >= 5 && s < 12) {
        for (ByteBuffer b : second(s, interval)) {
          decoder.decode(b, 0xC0000201L, 0, det::flow);
        }
      }
      det.tick(T0 + s * 1000L + 999).forEach(e -> attacks.add(e.attack()));
    }
    return attacks;
  }

  @Test
  void aDdosSeenThroughA1In1000SamplingExporterIsDetectedWithItsScaledPeak() {
    List<Attack> reports = run(1000);

    assertThat(reports).isNotEmpty();
    Attack last = reports.get(reports.size() - 1);
    assertThat(last.target()).isEqualTo("198.51.100.77");
    assertThat(last.kind()).isEqualTo(Attack.Kind.VOLUMETRIC_DDOS);
    assertThat(last.ongoing()).isFalse();
    // 150 sampled packets a second at 1:1000: 150,000 pps and 600 Mbit/s, not 150 pps
    assertThat(last.peakPps()).isEqualTo(150_000.0);
    assertThat(last.peakBps()).isEqualTo(150_000.0 * 500 * 8);
    assertThat(last.sources()).isEqualTo(150);
    // ... and says its figures are estimates: the rate goes into the incident a partner receives
    assertThat(last.samplingRate()).isEqualTo(1000);
    org.accord.sensor.output.OutputSettings settings = new org.accord.sensor.output.OutputSettings(
        "identity--fb7c2360-72de-4f0a-9d28-35f2bce8a792", org.accord.stix.Tlp.AMBER, 60_000, "");
    com.fasterxml.jackson.databind.node.ObjectNode incident = new org.accord.sensor.output.IncidentBuilder(settings)
        .build(last, null, last.endMillis()).stream().filter(o -> o.get("type").asText().equals("incident"))
        .findFirst().orElseThrow();
    assertThat(org.accord.stix.AccordExtension.properties(incident).get("attack").get("sampling_rate").asLong())
        .isEqualTo(1000);
    assertThat(incident.get("description").asText()).contains("estimated from flows sampled 1 in 1000");
  }

  @Test
  void theSameExportWithoutItsSamplingRateStaysBelowEveryThreshold() {
    assertThat(run(0)).isEmpty(); // what the sensor saw before it read the rate: a thousandth of the flood
  }
}
