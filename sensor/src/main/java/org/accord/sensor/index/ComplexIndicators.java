package org.accord.sensor.index;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.flow.FlowRecord;
import org.accord.stix.ScoIds;
import org.accord.stix.StixJson;
import org.accord.stix.pattern.ComparisonExpression;
import org.accord.stix.pattern.Literal;
import org.accord.stix.pattern.ObservationExpression;
import org.accord.stix.pattern.Operator;
import org.accord.stix.pattern.Pattern;
import org.accord.stix.pattern.eval.CompiledPattern;
import org.accord.stix.pattern.eval.EvaluationLimitException;
import org.accord.stix.pattern.eval.Observation;
import org.accord.stix.pattern.eval.PatternEvaluator;

/**
 * Indicators whose patterns the {@link IndicatorIndex} cannot take (AND across observations, FOLLOWEDBY, WITHIN,
 * REPEATS, START/STOP, LIKE, MATCHES, ...), matched against flows with the full STIX pattern evaluator.
 *
 * <p>Design note. The evaluator works on observations (sets of SCOs), which cost allocations to build, so a flow
 * becomes an observation only for the indicators it could concern: each pattern is read for the IPv4/IPv6 addresses
 * and ranges ({@code ipv4-addr:value}, {@code ipv6-addr:value}, {@code network-traffic:src_ref.value} / {@code
 * dst_ref.value}) and the ports ({@code network-traffic:src_port} / {@code dst_port}) it names, and only flows touching
 * one of them are turned into an observation (a {@code network-traffic} SCO with its two address SCOs) and appended to
 * that indicator's window of recent observations. A pattern that names neither an address nor a port cannot select
 * flows this way and is reported as not matchable on flows, never silently ignored. A window keeps the last {@value
 * #WINDOW_OBSERVATIONS} observations of the last {@value #WINDOW_SECONDS} seconds; after a match it starts afresh, so
 * one burst is one match. The pre-filter is a linear scan over the few complex indicators a node holds (they are the
 * exception: simple ones are indexed).
 *
 * <p>Cost. Evaluating a window can be expensive (REPEATS 1000 TIMES over a flood of matching flows), so windows are
 * evaluated at the sensor's ticks ({@link #tick}, once per second of event time), each only when it received flows,
 * with a bounded evaluator ({@value #MAX_STEPS} steps): a window too costly to decide is counted ({@link
 * #tooCostly()}) and kept, never allowed to stall the sensor. A match is reported at the tick after the flow that
 * completes it, with that flow's time.
 *
 * <p>Not thread-safe: one per pipeline.
 */
public final class ComplexIndicators {
  static final int WINDOW_OBSERVATIONS = 2_000;
  static final int WINDOW_SECONDS = 3_600;
  static final long MAX_STEPS = 500_000;

  /** What became of a complex indicator. */
  public record Report(String id, boolean matchable, String reason) {}

  private final List<Entry> entries = new ArrayList<>();
  private final List<Report> reports = new ArrayList<>();
  private final ObjectNode[] scratch = new ObjectNode[3];
  private long evaluations;
  private long tooCostly;

  /** @param complex the indicators the index reported as complex */
  public ComplexIndicators(List<AddResult.Complex> complex) {
    PatternEvaluator evaluator = new PatternEvaluator(1_000, MAX_STEPS);
    for (AddResult.Complex c : complex) {
      Selector selector = new Selector();
      selector.read(c.pattern().expression());
      if (selector.isEmpty()) {
        reports.add(new Report(c.id(), false, "names no address or port to select flows by"));
        continue;
      }
      entries.add(new Entry(c.id(), evaluator.compile(c.pattern()), selector));
      reports.add(new Report(c.id(), true, c.reason()));
    }
  }

  public List<Report> reports() {
    return List.copyOf(reports);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Evaluations run so far. */
  public long evaluations() {
    return evaluations;
  }

  /** Evaluations given up because they would have exceeded the evaluator's limits. */
  public long tooCostly() {
    return tooCostly;
  }

  /** Offers a flow: it joins the window of every complex indicator it could concern. */
  public void flow(FlowRecord r) {
    Observation observation = null;
    for (Entry e : entries) {
      if (!e.selector.selects(r)) {
        continue;
      }
      if (observation == null) {
        observation = observation(r);
      }
      e.add(observation, r.endMillis);
      e.dirty = true;
    }
  }

  /**
   * Evaluates the windows that received flows since the last tick; {@code matched} is told (indicator id, end time
   * of the window's last flow) of every indicator whose pattern they now satisfy. The sensor ticks once per second of
   * event time, so a window is evaluated at most that often however many flows it gets.
   */
  public void tick(BiConsumer<String, Long> matched) {
    for (Entry e : entries) {
      if (!e.dirty) {
        continue;
      }
      e.dirty = false;
      evaluations++;
      boolean hit;
      try {
        hit = e.compiled.matches(List.copyOf(e.window));
      } catch (EvaluationLimitException tooMuch) {
        hit = false; // undecided this time; the window stays, the next evaluation may decide
        tooCostly++;
      }
      if (hit) {
        matched.accept(e.id, e.window.peekLast().lastObserved().toEpochMilli());
        e.window.clear();
      }
    }
  }

  private Observation observation(FlowRecord r) {
    ObjectNode src = address(r.ipv6, r.srcHi, r.srcLo);
    ObjectNode dst = address(r.ipv6, r.dstHi, r.dstLo);
    ObjectNode nt = StixJson.mapper().createObjectNode();
    nt.put("type", "network-traffic");
    nt.put("id", "network-traffic--flow");
    nt.put("src_ref", src.get("id").asText());
    nt.put("dst_ref", dst.get("id").asText());
    nt.put("src_port", r.srcPort);
    nt.put("dst_port", r.dstPort);
    nt.putArray("protocols").add(r.protocol == FlowRecord.TCP ? "tcp" : r.protocol == FlowRecord.UDP ? "udp"
        : r.protocol == FlowRecord.ICMP ? "icmp" : Integer.toString(r.protocol));
    nt.put("src_packets", r.packets);
    nt.put("src_byte_count", r.bytes);
    scratch[0] = nt;
    scratch[1] = src;
    scratch[2] = dst;
    Instant start = Instant.ofEpochMilli(Math.min(r.startMillis, r.endMillis));
    return Observation.of(List.of(scratch.clone()), start, Instant.ofEpochMilli(r.endMillis), 1);
  }

  private static ObjectNode address(boolean v6, long hi, long lo) {
    ObjectNode a = StixJson.mapper().createObjectNode();
    a.put("type", v6 ? "ipv6-addr" : "ipv4-addr");
    a.put("value", Addresses.format(v6, hi, lo));
    a.put("id", ScoIds.deterministicId(a).orElseThrow());
    return a;
  }

  private static final class Entry {
    final String id;
    final CompiledPattern compiled;
    final Selector selector;
    final Deque<Observation> window = new ArrayDeque<>();
    boolean dirty;

    Entry(String id, CompiledPattern compiled, Selector selector) {
      this.id = Objects.requireNonNull(id);
      this.compiled = compiled;
      this.selector = selector;
    }

    void add(Observation o, long now) {
      window.addLast(o);
      while (window.size() > WINDOW_OBSERVATIONS
          || window.peekFirst().lastObserved().toEpochMilli() < now - WINDOW_SECONDS * 1000L) {
        window.removeFirst();
      }
    }
  }

  /** The IPv4 ranges and ports a pattern names: a flow touching none of them cannot matter to it. */
  static final class Selector {
    private long[] lo = new long[0];
    private long[] hi = new long[0];
    private int[] ports = new int[0];
    private boolean anyV6;

    boolean isEmpty() {
      return lo.length == 0 && ports.length == 0 && !anyV6;
    }

    boolean selects(FlowRecord r) {
      if (r.ipv6) {
        return anyV6 || port(r);
      }
      for (int i = 0; i < lo.length; i++) {
        if ((r.srcLo >= lo[i] && r.srcLo <= hi[i]) || (r.dstLo >= lo[i] && r.dstLo <= hi[i])) {
          return true;
        }
      }
      return port(r);
    }

    private boolean port(FlowRecord r) {
      for (int p : ports) {
        if (r.srcPort == p || r.dstPort == p) {
          return true;
        }
      }
      return false;
    }

    void read(ObservationExpression e) {
      if (e instanceof ObservationExpression.Observation o) {
        read(o.comparison());
      } else if (e instanceof ObservationExpression.And a) {
        a.operands().forEach(this::read);
      } else if (e instanceof ObservationExpression.Or o) {
        o.operands().forEach(this::read);
      } else if (e instanceof ObservationExpression.FollowedBy f) {
        f.operands().forEach(this::read);
      } else if (e instanceof ObservationExpression.Qualified q) {
        read(q.expression());
      }
    }

    private void read(ComparisonExpression e) {
      if (e instanceof ComparisonExpression.And a) {
        a.operands().forEach(this::read);
      } else if (e instanceof ComparisonExpression.Or o) {
        o.operands().forEach(this::read);
      } else if (e instanceof ComparisonExpression.Comparison c && !c.negated()) {
        String path = property(c);
        List<Literal> values =
            c.value() instanceof Literal.SetLiteral s ? s.elements() : List.of(c.value());
        boolean address = path.startsWith("ipv4-addr:") || path.startsWith("ipv6-addr:") || path.contains("_ref");
        boolean port = path.startsWith("network-traffic:") && path.contains("_port");
        for (Literal v : values) {
          if (address && v instanceof Literal.StringLiteral s
              && (c.operator() == Operator.EQUAL || c.operator() == Operator.ISSUBSET || c.operator() == Operator.IN)) {
            range(s.value());
          } else if (port && v instanceof Literal.IntegerLiteral i && c.operator() == Operator.EQUAL) {
            ports = append(ports, (int) i.value());
          } else if (port && v instanceof Literal.IntegerLiteral i && c.operator() == Operator.IN) {
            ports = append(ports, (int) i.value());
          }
        }
      }
    }

    /** {@code type:step.step} of the comparison's path (list steps as {@code *}). */
    private static String property(ComparisonExpression.Comparison c) {
      StringBuilder sb = new StringBuilder(c.path().objectType()).append(':');
      for (var step : c.path().steps()) {
        sb.append(step instanceof org.accord.stix.pattern.ObjectPath.PathStep.Key k ? k.name() : "*").append('.');
      }
      return sb.toString();
    }

    /** The same address and CIDR reading as the index's ({@link IpText}). */
    private void range(String text) {
      if (IpText.parseV6(text) != null) {
        anyV6 = true; // IPv6 flows are rare enough to evaluate whenever a pattern names any IPv6 address
        return;
      }
      IpText.V4 block = IpText.parseV4(text);
      if (block == null) {
        return;
      }
      long first = block.addr() & 0xffffffffL;
      lo = append(lo, first);
      hi = append(hi, first + (1L << (32 - block.len())) - 1);
    }

    private static long[] append(long[] a, long v) {
      long[] b = java.util.Arrays.copyOf(a, a.length + 1);
      b[a.length] = v;
      return b;
    }

    private static int[] append(int[] a, int v) {
      int[] b = java.util.Arrays.copyOf(a, a.length + 1);
      b[a.length] = v;
      return b;
    }
  }
}
