package org.accord.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.accord.cases.Deadline;
import org.accord.cases.DeadlineKind;
import org.accord.cases.DeadlineScheduler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The legal clocks of the cases module: finding what is due now among a million open requests.
 *
 * <p>Workload: {@code open} requests (1,000,000), each with one deadline due at a random instant over 30 days. Each
 * call is one tick of the clock: time moves on by the mean gap between deadlines (so about one deadline falls due per
 * tick), what is due is found and taken, and each deadline taken is replaced by a new one 30 days later, so that the
 * number of open requests stays {@code open} throughout.
 *
 * <ul>
 *   <li>{@code schedulerTick}: {@link DeadlineScheduler#due} (a red-black tree ordered by firing instant), O(log n)
 *       per deadline that fires, and the re-scheduling of what fired.
 *   <li>{@code baselineFullScan}: the same tick over a plain list of the open deadlines, read in full — what a tick
 *       costs without an index (or a query over an unindexed table).
 *   <li>{@code schedulerReschedule}: a transition's effect on the clocks: cancel a request's deadline and schedule its
 *       next one (an extension granted, a request acknowledged), O(log n).
 * </ul>
 *
 * <pre>java -jar bench/target/benchmarks.jar CaseClockBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class CaseClockBenchmark {
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  static final long SPAN_MILLIS = Duration.ofDays(30).toMillis();

  @Param({"1000000"})
  int open;

  private DeadlineScheduler scheduler;
  private List<Deadline> list;
  private Instant schedulerNow;
  private Instant scanNow;
  private long step;
  private SplittableRandom random;

  @Setup
  public void setUp() {
    random = new SplittableRandom(42);
    scheduler = new DeadlineScheduler();
    list = new ArrayList<>(open);
    for (int i = 0; i < open; i++) {
      Deadline d =
          new Deadline("r" + i, DeadlineKind.ANSWER, T0.plusMillis(random.nextLong(SPAN_MILLIS)), "A1.O1");
      scheduler.schedule(d, null);
      list.add(d);
    }
    step = SPAN_MILLIS / open;
    schedulerNow = T0;
    scanNow = T0;
  }

  @Benchmark
  public int schedulerTick() {
    schedulerNow = schedulerNow.plusMillis(step);
    List<DeadlineScheduler.Fired> fired = scheduler.due(schedulerNow);
    for (DeadlineScheduler.Fired f : fired) {
      Deadline d = f.deadline();
      scheduler.schedule(new Deadline(d.requestId(), d.kind(), d.due().plusMillis(SPAN_MILLIS), d.clauseId()), null);
    }
    return fired.size();
  }

  @Benchmark
  public int baselineFullScan() {
    scanNow = scanNow.plusMillis(step);
    int fired = 0;
    for (int i = 0, n = list.size(); i < n; i++) {
      Deadline d = list.get(i);
      if (d.due().isBefore(scanNow)) {
        list.set(i, new Deadline(d.requestId(), d.kind(), d.due().plusMillis(SPAN_MILLIS), d.clauseId()));
        fired++;
      }
    }
    return fired;
  }

  @Benchmark
  public boolean schedulerReschedule() {
    String id = "r" + random.nextInt(open);
    Deadline next = new Deadline(id, DeadlineKind.ANSWER, T0.plusMillis(random.nextLong(SPAN_MILLIS)), "A1.O1");
    boolean had = scheduler.cancel(id, DeadlineKind.ANSWER);
    scheduler.schedule(next, null);
    return had;
  }
}
