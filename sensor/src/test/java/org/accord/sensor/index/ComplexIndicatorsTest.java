package org.accord.sensor.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.flow.FlowRecord;
import org.junit.jupiter.api.Test;

/** Complex indicators matched on flows by the full pattern evaluator, selected by the addresses and ports they name. */
class ComplexIndicatorsTest {
  private static final long T0 = 1_795_000_000_000L;
  private final List<String> matched = new ArrayList<>();

  private static ComplexIndicators of(String... patterns) {
    IndicatorIndex index = new IndicatorIndex(Clock.systemUTC());
    List<AddResult.Complex> complex = new ArrayList<>();
    for (int i = 0; i < patterns.length; i++) {
      AddResult r = index.add(Indicators.indicator(Indicators.id(i), patterns[i]));
      assertThat(r).as(patterns[i]).isInstanceOf(AddResult.Complex.class);
      complex.add((AddResult.Complex) r);
    }
    return new ComplexIndicators(complex);
  }

  private static FlowRecord flow(String src, String dst, int dstPort, long end) {
    FlowRecord r = new FlowRecord();
    r.srcLo = Addresses.parseV4(src);
    r.dstLo = Addresses.parseV4(dst);
    r.srcPort = 50_000;
    r.dstPort = dstPort;
    r.protocol = FlowRecord.TCP;
    r.packets = 5;
    r.bytes = 500;
    r.startMillis = end - 100;
    r.endMillis = end;
    return r;
  }

  /** One flow, then a tick (as the sensor would after a second of event time). */
  private void offer(ComplexIndicators c, FlowRecord r) {
    c.flow(r);
    c.tick((id, time) -> matched.add(id + "@" + (time - T0)));
  }

  @Test
  void repeatsWithinAWindowMatchOnceWhenTheThirdContactComes() {
    ComplexIndicators c = of("[ipv4-addr:value = '198.51.100.23'] REPEATS 3 TIMES WITHIN 60 SECONDS");
    offer(c, flow("192.0.2.5", "198.51.100.23", 443, T0));
    offer(c, flow("192.0.2.5", "203.0.113.9", 443, T0 + 1_000)); // not selected: another address
    offer(c, flow("192.0.2.5", "198.51.100.23", 443, T0 + 2_000));
    assertThat(matched).isEmpty();
    offer(c, flow("192.0.2.6", "198.51.100.23", 443, T0 + 3_000));
    offer(c, flow("192.0.2.6", "198.51.100.23", 443, T0 + 4_000)); // a fresh window: one so far
    assertThat(matched).containsExactly(Indicators.id(0) + "@3000");
    assertThat(c.evaluations()).isEqualTo(4);
  }

  @Test
  void aFloodOfSelectedFlowsIsEvaluatedOncePerTick() {
    ComplexIndicators c = of("[network-traffic:src_port IN (53, 123) AND network-traffic:protocols[*] = 'udp']"
        + " REPEATS 1000 TIMES WITHIN 60 SECONDS");
    for (int i = 0; i < 5_000; i++) { // NTP reflection: 5,000 flows from source port 123 in 5 s
      FlowRecord r = flow("203.0.113." + (1 + i % 200), "198.51.100.10", 40_000, T0 + i);
      r.srcPort = 123;
      r.protocol = FlowRecord.UDP;
      c.flow(r);
      if (i % 1000 == 999) { // the sensor's ticks: once per second of event time
        c.tick((id, time) -> matched.add(id + "@" + (time - T0)));
      }
    }
    assertThat(c.evaluations()).as("once per tick, not once per flow").isEqualTo(5);
    // REPEATS 1000 TIMES WITHIN 60 SECONDS holds after each 1,000 flows (the window starts afresh after a match).
    assertThat(matched).hasSize(5).allSatisfy(m -> assertThat(m).startsWith(Indicators.id(0)));
    assertThat(c.tooCostly()).isZero();
  }

  @Test
  void comparisonsJoinedByAndHoldOnOneFlow() {
    ComplexIndicators c =
        of("[network-traffic:dst_port = 4444 AND network-traffic:dst_ref.value ISSUBSET '203.0.113.0/24']");
    offer(c, flow("192.0.2.5", "203.0.113.7", 443, T0));
    offer(c, flow("192.0.2.5", "198.51.100.7", 4444, T0 + 1));
    assertThat(matched).isEmpty();
    offer(c, flow("192.0.2.5", "203.0.113.7", 4444, T0 + 2));
    assertThat(matched).containsExactly(Indicators.id(0) + "@2");
  }

  /** Flows last 100 ms here; FOLLOWEDBY compares observation intervals (STIX 2.1 §9.6), so they are spaced apart. */
  @Test
  void followedByNeedsTheOrder() {
    ComplexIndicators c = of("[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [ipv4-addr:value = '192.0.2.2']");
    offer(c, flow("10.0.0.1", "192.0.2.2", 80, T0));
    assertThat(matched).isEmpty();
    offer(c, flow("10.0.0.1", "192.0.2.1", 80, T0 + 10_000)); // 10 s later: it no longer overlaps the first flow
    assertThat(matched).isEmpty();
    offer(c, flow("10.0.0.1", "192.0.2.2", 80, T0 + 20_000));
    assertThat(matched).containsExactly(Indicators.id(0) + "@20000");
  }

  @Test
  void aPatternThatNamesNoAddressOrPortIsReportedAsNotMatchableOnFlows() {
    ComplexIndicators c = of("[domain-name:value LIKE '%.example']", "[ipv4-addr:value = '192.0.2.1'] REPEATS 2 TIMES");
    assertThat(c.reports()).extracting(ComplexIndicators.Report::matchable).containsExactly(false, true);
    assertThat(c.reports().get(0).reason()).contains("no address or port");
  }
}
