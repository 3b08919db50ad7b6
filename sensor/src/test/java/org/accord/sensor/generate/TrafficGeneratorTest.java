package org.accord.sensor.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.accord.sensor.decode.LogEvent;
import org.accord.sensor.decode.SshAuthLogDecoder;
import org.accord.sensor.detect.Attack;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.flow.FlowRecord;
import org.accord.sensor.generate.TrafficGenerator.Config;
import org.accord.sensor.generate.TrafficGenerator.Scenario;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {
  static List<FlowRecord> flows(Config c) {
    List<FlowRecord> out = new ArrayList<>();
    new TrafficGenerator(c).flows(r -> out.add(r.copy()));
    return out;
  }

  static boolean inRange(long addr, String cidr) {
    long[] c = AddressPlan.cidr(cidr);
    return addr >= c[0] && addr < c[0] + c[1];
  }

  @Test
  void theSameSeedGivesTheSameFlowsAndAnotherSeedOthers() {
    Config c = Config.of(Scenario.DDOS_FINANCE, 2000, Duration.ofSeconds(3), 11);
    List<String> a = flows(c).stream().map(FlowRecord::toString).toList();
    List<String> b = flows(c).stream().map(FlowRecord::toString).toList();
    List<String> other = flows(Config.of(Scenario.DDOS_FINANCE, 2000, Duration.ofSeconds(3), 12)).stream()
        .map(FlowRecord::toString).toList();

    assertThat(a).isEqualTo(b).isNotEqualTo(other);
  }

  @Test
  void backgroundRunsAtItsRateInTimeOrderWithoutAttacks() {
    Config c = Config.of(Scenario.BACKGROUND, 5000, Duration.ofSeconds(4), 1);
    List<FlowRecord> f = flows(c);

    assertThat(new TrafficGenerator(c).truth()).isEmpty();
    assertThat(f).hasSize(20_000);
    for (int i = 1; i < f.size(); i++) {
      assertThat(f.get(i).endMillis).isGreaterThanOrEqualTo(f.get(i - 1).endMillis);
    }
    assertThat(f).allSatisfy(r -> {
      assertThat(r.startMillis).isBetween(c.startMillis() - 30_000, r.endMillis);
      assertThat(r.endMillis).isBetween(c.startMillis(), c.startMillis() + 4_000);
      assertThat(r.packets).isPositive();
    });
    long toBank = f.stream().filter(r -> r.dstLo == Addresses.parseV4("198.51.100.10")).count();
    assertThat(toBank).isBetween(100L, 600L); // about 1% of the background
  }

  @Test
  void ddosFinanceHitsTheBankFromThousandsOfMostlyForeignSourcesInsideItsWindow() {
    Config c = Config.of(Scenario.DDOS_FINANCE, 3000, Duration.ofSeconds(9), 2);
    TrafficGenerator g = new TrafficGenerator(c);
    List<GroundTruth> truth = g.truth();
    long target = Addresses.parseV4("198.51.100.10");
    List<FlowRecord> f = flows(c);

    assertThat(truth).extracting(GroundTruth::kind).containsExactlyInAnyOrder(Attack.Kind.VOLUMETRIC_DDOS,
        Attack.Kind.SYN_FLOOD, Attack.Kind.UDP_REFLECTION, Attack.Kind.UDP_REFLECTION);
    assertThat(truth).allSatisfy(t -> {
      assertThat(t.target()).isEqualTo("198.51.100.10");
      assertThat(t.startMillis()).isEqualTo(c.startMillis() + 3_000);
      assertThat(t.endMillis()).isBetween(c.startMillis() + 5_900, c.startMillis() + 6_000);
    });
    List<FlowRecord> syn = f.stream().filter(r -> r.dstLo == target && r.tcpFlags == FlowRecord.SYN).toList();
    List<FlowRecord> ntp = f.stream().filter(r -> r.dstLo == target && r.srcPort == 123).toList();
    assertThat(syn)
        .allSatisfy(r -> assertThat(r.endMillis).isBetween(c.startMillis() + 3_000, c.startMillis() + 6_000));
    assertThat(ntp).allSatisfy(r -> assertThat(inRange(r.srcLo, "203.0.113.0/24")).isTrue());
    assertThat(syn.size()).isBetween(1300, 1400); // 30% of 1500 attack flows/s for 3 s
    Set<Long> sources = new HashSet<>();
    long foreign = 0;
    List<FlowRecord> attack = f.stream().filter(r -> r.dstLo == target && r.endMillis >= c.startMillis() + 3000
        && r.endMillis < c.startMillis() + 6000 && r.protocol == FlowRecord.UDP && r.srcPort != 123
        && r.srcPort != 53).toList();
    for (FlowRecord r : attack) {
      sources.add(r.srcLo);
      foreign += inRange(r.srcLo, "100.64.0.0/10") ? 1 : 0;
    }
    assertThat(sources.size()).isGreaterThan(1000);
    assertThat((double) foreign / attack.size()).isBetween(0.85, 0.95);
  }

  @Test
  void scanTouchesEveryHomeAddressOnPort22AndAThousandPortsOfOneHost() {
    Config c = Config.of(Scenario.SCAN, 1000, Duration.ofSeconds(6), 3);
    List<GroundTruth> truth = new TrafficGenerator(c).truth();
    List<FlowRecord> f = flows(c);
    GroundTruth vertical = truth.stream().filter(t -> t.kind() == Attack.Kind.VERTICAL_SCAN).findFirst().orElseThrow();
    long victim = Addresses.parseV4(vertical.target());

    Set<Long> port22 = new HashSet<>();
    Set<Integer> ports = new HashSet<>();
    for (FlowRecord r : f) {
      if (r.tcpFlags == FlowRecord.SYN && r.dstPort == 22) {
        port22.add(r.dstLo);
      }
      if (r.tcpFlags == FlowRecord.SYN && r.dstLo == victim) {
        ports.add(r.dstPort);
      }
    }
    assertThat(truth).extracting(GroundTruth::target).contains("*:22");
    assertThat(port22).hasSize(512);
    assertThat(ports).hasSize(1024);
  }

  @Test
  void bruteforceAuthLogDecodesToFailuresFromThreeSourcesAgainstTheGateway() {
    Config c = Config.of(Scenario.BRUTEFORCE, 100, Duration.ofSeconds(30), 4);
    TrafficGenerator g = new TrafficGenerator(c);
    SshAuthLogDecoder d = new SshAuthLogDecoder(2026);
    List<LogEvent> events = new ArrayList<>();

    g.authLog(line -> d.decode(line, events::add));

    GroundTruth t = g.truth().get(0);
    assertThat(t.kind()).isEqualTo(Attack.Kind.BRUTE_FORCE);
    assertThat(t.target()).isEqualTo("198.51.100.22");
    List<LogEvent> failures = events.stream().filter(e -> e.kind() == LogEvent.Kind.AUTH_FAILURE).toList();
    // each source's first attempt is announced ("Invalid user", then its "Failed ... for invalid user" on the same
    // sshd pid): one attempt, one event; the attempts in all are the scenario's
    assertThat(failures).hasSize(10 * 3 * TrafficGenerator.BRUTEFORCE_PER_SOURCE - 3);
    assertThat(failures).extracting(LogEvent::source).containsOnlyElementsOf(failures.subList(0, 3).stream()
        .map(LogEvent::source).toList());
    assertThat(failures.stream().map(LogEvent::source).distinct()).hasSize(3);
    assertThat(failures).allSatisfy(e -> {
      assertThat(e.target()).isEqualTo("198.51.100.22");
      assertThat(e.timeMillis()).isBetween(t.startMillis() / 1000 * 1000, t.endMillis());
    });
    assertThat(events.stream().filter(e -> e.kind() == LogEvent.Kind.AUTH_INVALID_USER)).hasSize(3);
    assertThat(events.stream().filter(e -> e.kind() == LogEvent.Kind.AUTH_SUCCESS)).hasSize(6);
    assertThat(d.stats().snapshot().malformed()).isZero();
    List<FlowRecord> ssh = flows(c).stream().filter(r -> r.dstPort == 22
        && r.dstLo == Addresses.parseV4("198.51.100.22")).toList();
    assertThat(ssh).hasSizeGreaterThanOrEqualTo(failures.size());
  }

  @Test
  void unknownScenarioNamesAreRefused() {
    assertThat(Scenario.of("ddos-finance")).isEqualTo(Scenario.DDOS_FINANCE);
    assertThatThrownBy(() -> Scenario.of("ddos")).isInstanceOf(IllegalArgumentException.class);
  }
}
