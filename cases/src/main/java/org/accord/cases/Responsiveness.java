package org.accord.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.accord.store.CaseRecords.DeadlineRow;

/**
 * How responsive each requested party is, per request kind: a pure function of stored requests, their transitions
 * and their deadlines (issue 10, item 6). Nothing here reads a clock but the {@code now} it is given.
 *
 * <p>Definitions. A request counts from its receipt (the {@code receive} transition; drafts and requests never
 * received are not counted). Time to acknowledge is from receipt to the first acknowledgement, answer or decline (an
 * answer acknowledges too); time to answer is from receipt to the first answer, partial or full, or decline (a
 * reasoned refusal is an answer). Median and 90th percentile are nearest-rank (the smallest value with at least 50%,
 * 90% of the values at or below it), so each is a time some request really took. A request is answered on time when
 * its answer deadline was met, late when it was missed (the store's {@code missed} status, whoever revealed it);
 * requests without an answer deadline, or with one still open or cancelled, count in neither, and the share on time
 * is absent when none counts. Open requests are those received and neither answered, declined nor closed, by age.
 */
public final class Responsiveness {
  private Responsiveness() {}

  /** Ages of open requests. */
  public enum Age {
    UNDER_1_DAY("< 1 d", Duration.ofDays(1)),
    UNDER_7_DAYS("1-7 d", Duration.ofDays(7)),
    UNDER_30_DAYS("7-30 d", Duration.ofDays(30)),
    OVER_30_DAYS(">= 30 d", null);

    private final String label;
    private final Duration below;

    Age(String label, Duration below) {
      this.label = label;
      this.below = below;
    }

    public String label() {
      return label;
    }

    static Age of(Duration age) {
      for (Age a : values()) {
        if (a.below == null || age.compareTo(a.below) < 0) {
          return a;
        }
      }
      throw new AssertionError();
    }
  }

  /**
   * The responsiveness of {@code party} (as the requested party) for requests of {@code kind}.
   *
   * @param received requests received
   * @param acknowledge times to acknowledge, median and 90th percentile (empty when none is acknowledged)
   * @param answer times to answer, median and 90th percentile (empty when none is answered)
   * @param onTime answers that met their deadline
   * @param late answer deadlines missed
   * @param openByAge requests still open, by age at {@code now}
   */
  public record Line(
      String party,
      RequestKind kind,
      int received,
      Percentiles acknowledge,
      Percentiles answer,
      int onTime,
      int late,
      Map<Age, Integer> openByAge) {
    public Line {
      Objects.requireNonNull(party, "party");
      Objects.requireNonNull(kind, "kind");
      openByAge = Collections.unmodifiableMap(new EnumMap<>(openByAge));
    }

    /** Answers on time among those judged (on time or late); empty when none was judged. */
    public Optional<Double> shareOnTime() {
      int judged = onTime + late;
      return judged == 0 ? Optional.empty() : Optional.of((double) onTime / judged);
    }

    /** Requests still open, of any age. */
    public int open() {
      return openByAge.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** Median and 90th percentile (nearest rank) of {@code count} durations; both null when {@code count} is 0. */
  public record Percentiles(int count, Duration median, Duration p90) {
    static Percentiles of(List<Duration> values) {
      if (values.isEmpty()) {
        return new Percentiles(0, null, null);
      }
      List<Duration> sorted = new ArrayList<>(values);
      sorted.sort(Comparator.naturalOrder());
      return new Percentiles(sorted.size(), rank(sorted, 50), rank(sorted, 90));
    }

    private static Duration rank(List<Duration> sorted, int percent) {
      int n = sorted.size();
      int rank = (int) Math.ceil(percent / 100.0 * n); // 1-based nearest rank
      return sorted.get(Math.max(rank, 1) - 1);
    }
  }

  private static final Set<Transition> ACKNOWLEDGING =
      Set.of(Transition.ACKNOWLEDGE, Transition.ANSWER_PARTIAL, Transition.ANSWER_FULL, Transition.DECLINE);
  private static final Set<Transition> ANSWERING =
      Set.of(Transition.ANSWER_PARTIAL, Transition.ANSWER_FULL, Transition.DECLINE);

  /** One line per (requested party, kind) with at least one received request, by party then kind. */
  public static List<Line> of(List<CaseFile> cases, Instant now) {
    Map<String, Map<RequestKind, List<CaseFile>>> groups = new TreeMap<>();
    for (CaseFile f : cases) {
      if (receivedAt(f).isPresent()) {
        groups
            .computeIfAbsent(f.request().requested(), p -> new EnumMap<>(RequestKind.class))
            .computeIfAbsent(f.request().kind(), k -> new ArrayList<>())
            .add(f);
      }
    }
    List<Line> out = new ArrayList<>();
    groups.forEach((party, byKind) -> byKind.forEach((kind, files) -> out.add(line(party, kind, files, now))));
    return out;
  }

  private static Line line(String party, RequestKind kind, List<CaseFile> files, Instant now) {
    List<Duration> ack = new ArrayList<>();
    List<Duration> answer = new ArrayList<>();
    int onTime = 0;
    int late = 0;
    Map<Age, Integer> open = new EnumMap<>(Age.class);
    for (CaseFile f : files) {
      Instant received = receivedAt(f).orElseThrow();
      first(f, ACKNOWLEDGING).ifPresent(at -> ack.add(Duration.between(received, at)));
      Optional<Instant> answered = first(f, ANSWERING);
      answered.ifPresent(at -> answer.add(Duration.between(received, at)));
      for (DeadlineRow d : f.deadlines()) {
        if (d.deadline().equals(DeadlineKind.ANSWER.wire())) {
          if (d.status().equals("met")) {
            onTime++;
          } else if (d.status().equals("missed")) {
            late++;
          }
        }
      }
      boolean closed = f.state().state() == State.CLOSED;
      if (answered.isEmpty() && !closed) {
        Duration age = Duration.between(received, now);
        open.merge(Age.of(age.isNegative() ? Duration.ZERO : age), 1, Integer::sum);
      }
    }
    return new Line(
        party, kind, files.size(), Percentiles.of(ack), Percentiles.of(answer), onTime, late, open);
  }

  private static Optional<Instant> receivedAt(CaseFile f) {
    return first(f, Set.of(Transition.RECEIVE));
  }

  private static Optional<Instant> first(CaseFile f, Set<Transition> transitions) {
    return f.steps().stream().filter(s -> transitions.contains(s.transition())).map(Step::at).findFirst();
  }
}
