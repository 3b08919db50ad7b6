package org.accord.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.accord.sensor.decode.LogEvent;
import org.accord.sensor.detect.Attack;
import org.accord.sensor.enrich.AssetLookup;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.flow.FlowRecord;
import org.accord.sensor.output.OutputSettings;
import org.accord.stix.Tlp;
import org.junit.jupiter.api.Test;

/** The pipeline's plumbing: matches become sightings when their window closes, attacks become incidents. */
class SensorTest {
  private static final long T0 = 1_795_000_020_000L;
  private static final String C2 = "indicator--3d30cfba-3553-4f53-99d3-bbc635fb09c1";
  private final List<ObjectNode> out = new ArrayList<>();
  private final List<Long> ticks = new ArrayList<>();

  private final Sensor.Matcher matcher =
      new Sensor.Matcher() {
        final Map<Long, String> known = Map.of(Addresses.parseV4("198.51.100.23"), C2);

        @Override
        public int matchIpv4(long v4, boolean source) {
          return known.containsKey(v4) ? 0 : -1;
        }

        @Override
        public int matchIpv6(long hi, long lo, boolean source) {
          return -1;
        }

        @Override
        public String indicatorId(int handle) {
          return C2;
        }
      };

  private final Sensor.Detection detection =
      new Sensor.Detection() {
        @Override
        public void flow(FlowRecord r) {}

        @Override
        public void event(LogEvent e) {}

        @Override
        public List<Attack> tick(long nowMillis) {
          ticks.add(nowMillis);
          return nowMillis >= T0 + 5_000 && ticks.size() == 6
              ? List.of(new Attack(Attack.Kind.SYN_FLOOD, "192.0.2.10", "default", T0, nowMillis, true, 1e5, 1e8, 10,
                  3, List.of(new Attack.Source("203.0.113.1", 100, "", 0)), -1, ""))
              : List.of();
        }
      };

  private Sensor sensor() {
    return new Sensor(matcher, AssetLookup.NONE, detection,
        new OutputSettings("identity--fb7c2360-72de-4f0a-9d28-35f2bce8a792", Tlp.AMBER, 60_000, "CN"), out::addAll);
  }

  private static FlowRecord flow(String src, String dst, long end) {
    FlowRecord r = new FlowRecord();
    r.srcLo = Addresses.parseV4(src);
    r.dstLo = Addresses.parseV4(dst);
    r.protocol = FlowRecord.TCP;
    r.packets = 1;
    r.bytes = 60;
    r.startMillis = end;
    r.endMillis = end;
    return r;
  }

  /**
   * Issue 9, finding 2: records with no address (L2, MPLS, SRv6, wireless) decoded as 0.0.0.0 -> 0.0.0.0 with real
   * byte counts made 0.0.0.0 a volumetric target. They are counted apart and kept out of matching and detection.
   */
  @Test
  void flowsWithoutAnAddressAreCountedApartAndNeverMakeATarget() {
    List<FlowRecord> detected = new ArrayList<>();
    Sensor.Detection counting =
        new Sensor.Detection() {
          @Override
          public void flow(FlowRecord r) {
            detected.add(r);
          }

          @Override
          public void event(LogEvent e) {}

          @Override
          public List<Attack> tick(long nowMillis) {
            ticks.add(nowMillis);
            return List.of();
          }
        };
    Sensor sensor = new Sensor(matcher, AssetLookup.NONE, counting,
        new OutputSettings("identity--fb7c2360-72de-4f0a-9d28-35f2bce8a792", Tlp.AMBER, 60_000, "CN"), out::addAll);
    for (int s = 0; s < 10; s++) {
      for (int i = 0; i < 50; i++) {
        sensor.flow(flow("0.0.0.0", "0.0.0.0", T0 + s * 1000 + i));
      }
    }
    sensor.flow(flow("10.0.0.1", "192.0.2.10", T0 + 10_000));
    sensor.finish();

    assertThat(sensor.stats().flows()).isEqualTo(501);
    assertThat(sensor.stats().noAddress()).isEqualTo(500);
    assertThat(detected).as("only the flow with addresses reaches the detectors").hasSize(1);
    assertThat(ticks).as("event time still moves on").hasSizeGreaterThanOrEqualTo(10);
  }

  /**
   * A wireless controller's record names only its station (issue 9, finding 2): the station is matched against the
   * indicators, but the flow stays out of the detectors, where its unknown end would be 0.0.0.0 as target or source.
   */
  @Test
  void aFlowWithOneEndUnknownIsMatchedButNeverDetected() {
    List<FlowRecord> detected = new ArrayList<>();
    Sensor.Detection counting =
        new Sensor.Detection() {
          @Override
          public void flow(FlowRecord r) {
            detected.add(r);
          }

          @Override
          public void event(LogEvent e) {}

          @Override
          public List<Attack> tick(long nowMillis) {
            return List.of();
          }
        };
    Sensor sensor = new Sensor(matcher, AssetLookup.NONE, counting,
        new OutputSettings("identity--fb7c2360-72de-4f0a-9d28-35f2bce8a792", Tlp.AMBER, 60_000, "CN"), out::addAll);
    String c2 = "198.51.100.23"; // the matcher's indicator address

    sensor.flow(flow(c2, "0.0.0.0", T0));
    sensor.flow(flow("0.0.0.0", c2, T0 + 1));
    sensor.flow(flow("10.0.0.1", "192.0.2.10", T0 + 2));
    sensor.finish();

    assertThat(sensor.stats().matches()).isEqualTo(2);
    assertThat(sensor.stats().noAddress()).isZero();
    assertThat(detected).extracting(r -> r.dstLo).containsExactly(Addresses.parseV4("192.0.2.10"));
  }

  @Test
  void matchesOnEitherSideAreSightedAndAttacksReportedAsTheyCome() {
    Sensor sensor = sensor();
    for (int s = 0; s < 10; s++) {
      sensor.flow(flow("10.0.0." + s, "198.51.100.23", T0 + s * 1000)); // to the C2: matched on the destination
      sensor.flow(flow("198.51.100.23", "10.0.0." + s, T0 + s * 1000 + 1)); // from it: matched on the source
      sensor.flow(flow("10.0.0." + s, "192.0.2.10", T0 + s * 1000 + 2)); // unrelated
    }
    assertThat(out).extracting(o -> o.get("type").asText()).contains("incident").doesNotContain("sighting");
    assertThat(ticks).as("one tick per second of event time").hasSize(10);

    sensor.finish();

    assertThat(out).filteredOn(o -> o.get("type").asText().equals("sighting")).singleElement()
        .satisfies(s -> assertThat(s.get("count").asInt()).isEqualTo(20));
    assertThat(sensor.stats().flows()).isEqualTo(30);
    assertThat(sensor.stats().matches()).isEqualTo(20);
    assertThat(sensor.stats().attackReports()).isEqualTo(1);
    assertThat(sensor.attacks()).singleElement().satisfies(a -> assertThat(a.target()).isEqualTo("192.0.2.10"));
  }

  @Test
  void logEventsAreMatchedByTheirSource() {
    Sensor sensor = sensor();
    sensor.event(new LogEvent(T0, LogEvent.Kind.AUTH_FAILURE, "198.51.100.23", "bastion", 22, "root", "", 0, 0));
    sensor.event(new LogEvent(T0, LogEvent.Kind.AUTH_FAILURE, "not an address", "bastion", 22, "root", "", 0, 0));
    sensor.finish();
    assertThat(sensor.stats().events()).isEqualTo(2);
    assertThat(sensor.stats().matches()).isEqualTo(1);
  }
}
