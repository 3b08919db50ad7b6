package org.accord.sensor.generate;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.accord.sensor.detect.Attack;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.flow.FlowRecord;
import org.accord.sensor.flow.FlowSink;

/**
 * Generated telemetry with known truth, for tests, the demo and benchmarks: flows (to be written as NetFlow/IPFIX or
 * handed to a pipeline directly) and SSH auth log lines.
 *
 * <p>Design note. Traffic is a merge of independent streams, each emitting flows at its own fixed period (so the
 * output is in non-decreasing order of flow end time, as an exporter sends them) and drawing from its own {@link
 * SplittableRandom} seeded from the run's seed: the same config gives the same bytes. Background runs at {@code rate}
 * flows/s for the whole duration; attack streams run at {@code attackRate} (split among their kinds) from {@code
 * attackOffset} for {@code attackLength}. The flow holder is reused (no allocation per flow), so a million flows per
 * second can be generated on one core.
 *
 * <p>Scenarios ({@link Scenario}):
 *
 * <ul>
 *   <li>{@code background}: home clients to foreign web servers, foreign clients to home servers (the bank's web
 *       server among them), DNS to foreign resolvers, home to home; no attack.
 *   <li>{@code ddos-finance}: background plus, against {@link AddressPlan#target()}: a UDP flood (40% of the attack
 *       flows, 1000-byte packets to random ports), a SYN flood to 443 (30%, flags SYN only), NTP reflection (15%, from
 *       reflectors' port 123) and DNS reflection (15%, from port 53); sources: 4000 bots in the foreign client range
 *       and 400 home hosts, so about 90% foreign.
 *   <li>{@code scan}: background plus a horizontal scan of port 22 over every home address by one foreign host, and a
 *       vertical scan of ports 1..1024 on one home server by another.
 *   <li>{@code bruteforce}: background plus SSH connections from 3 foreign hosts to {@link AddressPlan#sshGateway()},
 *       {@link #BRUTEFORCE_PER_SOURCE} per second each; {@link #authLog} writes the matching failed logins.
 * </ul>
 */
public final class TrafficGenerator {
  /** Failed SSH logins per second from each brute-force source. */
  public static final int BRUTEFORCE_PER_SOURCE = 5;

  /** The scenarios, by their command-line names. */
  public enum Scenario {
    BACKGROUND("background"),
    DDOS_FINANCE("ddos-finance"),
    SCAN("scan"),
    BRUTEFORCE("bruteforce");

    private final String label;

    Scenario(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** The scenario of a command-line name ("ddos-finance"). */
    public static Scenario of(String label) {
      for (Scenario s : values()) {
        if (s.label.equals(label)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "unknown scenario: " + label + " (background, ddos-finance, scan, bruteforce)");
    }
  }

  /**
   * What to generate.
   *
   * @param scenario the scenario
   * @param rate background flows per second
   * @param duration how long the generated traffic lasts
   * @param seed the seed: equal configs give equal output
   * @param startMillis the time of the first flow (epoch ms)
   * @param plan the address plan
   * @param attackRate attack flows per second while the attack lasts (DDoS; scans and brute force have fixed rates)
   * @param attackOffset when the attack starts, after {@code startMillis}
   * @param attackLength how long it lasts
   */
  public record Config(Scenario scenario, double rate, Duration duration, long seed, long startMillis,
      AddressPlan plan, double attackRate, Duration attackOffset, Duration attackLength) {
    /** 2026-03-03T14:00:00Z: a fixed default start, so runs are reproducible. */
    public static final long DEFAULT_START = 1_772_546_400_000L;

    public Config {
      Objects.requireNonNull(scenario, "scenario");
      Objects.requireNonNull(plan, "plan");
      if (!(rate >= 0) || !(attackRate >= 0) || duration.isNegative() || attackOffset.isNegative()
          || attackLength.isNegative()) {
        throw new IllegalArgumentException("rates and durations must not be negative");
      }
    }

    /**
     * A config with the defaults: start {@link #DEFAULT_START}, {@link AddressPlan#DEFAULT}, attack at half the
     * background rate (at least 1000 flows/s) during the middle third of the duration.
     */
    public static Config of(Scenario scenario, double rate, Duration duration, long seed) {
      Duration third = duration.dividedBy(3);
      return new Config(scenario, rate, duration, seed, DEFAULT_START, AddressPlan.DEFAULT, Math.max(rate / 2, 1000),
          third, third);
    }

    long attackStart() {
      return startMillis + attackOffset.toMillis();
    }

    long attackEnd() {
      return Math.min(attackStart() + attackLength.toMillis(), startMillis + duration.toMillis());
    }
  }

  private final Config config;
  private final Plan plan;

  public TrafficGenerator(Config config) {
    this.config = Objects.requireNonNull(config, "config");
    this.plan = new Plan(config.plan());
  }

  public Config config() {
    return config;
  }

  /** The attacks this run injects (empty for {@code background}). */
  public List<GroundTruth> truth() {
    List<GroundTruth> out = new ArrayList<>();
    for (Stream s : streams()) {
      if (s.truth != null) {
        out.add(s.truth);
      }
    }
    return out;
  }

  /** Emits every flow in order of end time; returns how many. The record is reused (see {@link FlowRecord}). */
  public long flows(FlowSink sink) {
    List<Stream> list = streams();
    Stream[] streams = list.toArray(new Stream[0]);
    long end = config.startMillis() + config.duration().toMillis();
    FlowRecord r = new FlowRecord();
    long n = 0;
    while (true) {
      Stream next = null;
      for (Stream s : streams) {
        if (s.next < s.until && (next == null || s.next < next.next)) {
          next = s;
        }
      }
      if (next == null || next.next >= end) {
        return n;
      }
      long t = (long) next.next;
      r.clear();
      next.fill(r, t);
      next.advance();
      sink.flow(r);
      n++;
    }
  }

  /**
   * Writes SSH auth log lines (traditional syslog format, UTC, no year) in time order: a benign successful login
   * every 5 s from a home client and, for {@code bruteforce}, the attack's failed logins (and one {@code Invalid user}
   * line per source) that match its flows. Returns how many lines.
   */
  public long authLog(Consumer<String> lines) {
    long start = config.startMillis();
    long end = start + config.duration().toMillis();
    SplittableRandom benign = new SplittableRandom(config.seed() ^ 0x5eedL);
    BruteForce attack = config.scenario() == Scenario.BRUTEFORCE ? bruteForce() : null;
    double nextBenign = start;
    long n = 0;
    boolean[] announced = new boolean[attack == null ? 0 : attack.sources.length];
    FlowRecord r = new FlowRecord();
    while (true) {
      boolean useAttack = attack != null && attack.next < attack.until && attack.next < nextBenign;
      double t = useAttack ? attack.next : nextBenign;
      if (t >= end) {
        return n;
      }
      String stamp = SYSLOG.format(Instant.ofEpochMilli((long) t));
      String host = config.plan().sshGateway();
      if (useAttack) {
        r.clear();
        int i = attack.fillIndex(r, (long) t);
        String src = Addresses.formatV4(r.srcLo);
        String user = BruteForce.USERS[attack.rnd.nextInt(BruteForce.USERS.length)];
        int pid = 20000 + (int) (n % 10000);
        if (!announced[i]) {
          announced[i] = true;
          lines.accept(stamp + " " + host + " sshd[" + pid + "]: Invalid user " + user + " from " + src + " port "
              + r.srcPort);
          n++;
        }
        lines.accept(stamp + " " + host + " sshd[" + pid + "]: Failed password for invalid user " + user + " from "
            + src + " port " + r.srcPort + " ssh2");
        attack.advance();
      } else {
        long client = plan.home(benign);
        lines.accept(stamp + " " + host + " sshd[" + (10000 + n % 10000) + "]: Accepted publickey for ops from "
            + Addresses.formatV4(client) + " port " + (32768 + benign.nextInt(28000)) + " ssh2: ED25519 SHA256:x");
        nextBenign += 5000;
      }
      n++;
    }
  }

  private static final DateTimeFormatter SYSLOG =
      DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private List<Stream> streams() {
    long seed = config.seed();
    long start = config.startMillis();
    long end = start + config.duration().toMillis();
    List<Stream> list = new ArrayList<>();
    if (config.rate() > 0) {
      list.add(new Streams.Background(plan, new SplittableRandom(seed), start, end, 1000.0 / config.rate()));
    }
    long a0 = config.attackStart();
    long a1 = config.attackEnd();
    double ar = config.attackRate();
    switch (config.scenario()) {
      case DDOS_FINANCE -> {
        if (ar > 0) {
          list.add(new Streams.UdpFlood(plan, new SplittableRandom(seed + 1), a0, a1, 1000.0 / (0.40 * ar)));
          list.add(new Streams.SynFlood(plan, new SplittableRandom(seed + 2), a0, a1, 1000.0 / (0.30 * ar)));
          list.add(new Streams.Reflection(plan, new SplittableRandom(seed + 3), a0, a1, 1000.0 / (0.15 * ar), 123,
              468));
          list.add(new Streams.Reflection(plan, new SplittableRandom(seed + 4), a0, a1, 1000.0 / (0.15 * ar), 53,
              3000));
        }
      }
      case SCAN -> {
        list.add(new Streams.HorizontalScan(plan, new SplittableRandom(seed + 5), a0, a1));
        list.add(new Streams.VerticalScan(plan, new SplittableRandom(seed + 6), a0, a1));
      }
      case BRUTEFORCE -> list.add(bruteForce());
      case BACKGROUND -> {}
    }
    return list;
  }

  private BruteForce bruteForce() {
    return new BruteForce(plan, new SplittableRandom(config.seed() + 7), config.attackStart(), config.attackEnd(),
        1000.0 / (3 * BRUTEFORCE_PER_SOURCE));
  }

  /** One source of flows at a fixed period between {@code next} and {@code until}. */
  abstract static class Stream {
    final Plan plan;
    final SplittableRandom rnd;
    double next;
    final double until;
    final double period;
    private final double from;
    private long emitted;
    GroundTruth truth;

    Stream(Plan plan, SplittableRandom rnd, long from, long until, double period) {
      this.plan = plan;
      this.rnd = rnd;
      this.from = from;
      this.next = from;
      this.until = until;
      this.period = period;
    }

    /** Moves to the next flow's time: computed from the start, so rounding errors do not add up. */
    void advance() {
      next = from + ++emitted * period;
    }

    /** The time of the last flow this stream emits. */
    long lastMillis() {
      if (until <= next) {
        return (long) next;
      }
      long k = (long) Math.ceil((until - next) / period) - 1;
      return (long) (next + k * period);
    }

    abstract void fill(FlowRecord r, long t);
  }

  /** SSH password guessing: a connection per attempt from one of three foreign hosts. */
  static final class BruteForce extends Stream {
    static final String[] USERS = {"admin", "root", "oracle", "test", "user", "ubuntu", "postgres", "git"};
    final long[] sources = new long[3];
    final long target;
    private int turn;

    BruteForce(Plan plan, SplittableRandom rnd, long from, long until, double period) {
      super(plan, rnd, from, until, period);
      for (int i = 0; i < sources.length; i++) {
        sources[i] = plan.foreignClient(rnd);
      }
      target = plan.sshGateway;
      truth = new GroundTruth(Attack.Kind.BRUTE_FORCE, Addresses.formatV4(target), from, lastMillis(), sources.length,
          "SSH password guessing, " + BRUTEFORCE_PER_SOURCE + " failures/s per source");
    }

    @Override
    void fill(FlowRecord r, long t) {
      fillIndex(r, t);
    }

    int fillIndex(FlowRecord r, long t) {
      int i = turn;
      turn = (turn + 1) % sources.length;
      Streams.tcp(r, sources[i], target, 32768 + rnd.nextInt(28000), 22, 0x1b, 12 + rnd.nextInt(8), t,
          800 + rnd.nextInt(1500), 120);
      return i;
    }
  }
}
