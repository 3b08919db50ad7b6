package org.accord.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.accord.sensor.detect.AttackEvent;
import org.accord.sensor.detect.DetectorConfig;
import org.accord.sensor.detect.Detectors;
import org.accord.sensor.enrich.AssetLookup;
import org.accord.sensor.enrich.GeoLookup;
import org.accord.sensor.generate.AddressPlan;
import org.accord.sensor.generate.GroundTruth;
import org.accord.sensor.generate.TrafficGenerator;
import org.junit.jupiter.api.Test;

/**
 * Issue 4: "a DDoS in generated traffic is flagged within 2 seconds of its onset at 1 million flows/s of background".
 * Measured in event time, as the detectors see it: the product's generator makes 1,000,000 background flows per second
 * and, once the detectors have learned their baselines, a DDoS on the bank; the first report of the attack must come
 * from a tick no later than 2 s after the attack's first flow. (Whether a node keeps up with 1M flows/s in wall-clock
 * time is the pipeline benchmark's business, not a unit test's.)
 */
class DetectionDelayTest {
  @Test
  void aDdosIsFlaggedWithinTwoSecondsOfItsOnsetAtOneMillionFlowsPerSecondOfBackground() {
    TrafficGenerator generator =
        new TrafficGenerator(
            new TrafficGenerator.Config(TrafficGenerator.Scenario.DDOS_FINANCE, 1_000_000, Duration.ofSeconds(36), 11,
                TrafficGenerator.Config.DEFAULT_START, AddressPlan.DEFAULT, 20_000, Duration.ofSeconds(32),
                Duration.ofSeconds(4)));
    Detectors detectors = new Detectors(DetectorConfig.defaults(), AssetLookup.NONE, GeoLookup.NONE, "CN");
    List<long[]> reports = new ArrayList<>(); // {attack start, tick time}
    long[] nextTick = {Long.MIN_VALUE};
    long flows =
        generator.flows(
            r -> {
              detectors.flow(r);
              if (r.endMillis >= nextTick[0]) {
                for (AttackEvent e : detectors.tick(r.endMillis)) {
                  if (e.type() == AttackEvent.Type.STARTED) {
                    reports.add(new long[] {e.attack().startMillis(), r.endMillis});
                  }
                }
                nextTick[0] = r.endMillis - r.endMillis % 1000 + 1000;
              }
            });
    long onset = generator.truth().stream().mapToLong(GroundTruth::startMillis).min().orElseThrow();

    assertThat(flows).as("1M flows/s of background for 36 s, plus the attack").isGreaterThan(36_000_000L);
    assertThat(reports).as("exactly the one attack, and no false alarm in the background").hasSize(1);
    long flaggedAfter = reports.get(0)[1] - onset;
    assertThat(flaggedAfter).as("flagged %d ms after the onset", flaggedAfter).isBetween(0L, 2_000L);
  }
}
