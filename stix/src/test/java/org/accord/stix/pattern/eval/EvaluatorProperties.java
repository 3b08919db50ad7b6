package org.accord.stix.pattern.eval;

import static org.accord.stix.pattern.eval.Fixtures.compile;
import static org.accord.stix.pattern.eval.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Algebraic laws of the observation operators, and the evaluator against brute-force oracles that enumerate
 * observation copies directly, on small random sets of observations of four addresses.
 */
class EvaluatorProperties {

  static String leaf(int address) {
    return "[ipv4-addr:value = '192.0.2." + address + "']";
  }

  @Provide
  Arbitrary<List<Observation>> observations() {
    Arbitrary<Observation> one =
        Combinators.combine(
                Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, 20),
                Arbitraries.integers().between(1, 3))
            .as((a, first, length, count) ->
                span(first, first + length, count, "{`type`:`ipv4-addr`,`value`:`192.0.2." + a + "`}"));
    return one.list().ofMaxSize(7);
  }

  @Provide
  Arbitrary<Integer> address() {
    return Arbitraries.integers().between(1, 4);
  }

  @Property(tries = 200)
  void orMatchesIffEitherOperandMatches(
      @ForAll("observations") List<Observation> obs, @ForAll("address") int a, @ForAll("address") int b) {
    boolean either = compile(leaf(a)).matches(obs) || compile(leaf(b)).matches(obs);
    assertThat(compile(leaf(a) + " OR " + leaf(b)).matches(obs)).isEqualTo(either);
  }

  @Property(tries = 200)
  void repeatsOnceIsTheExpressionItself(@ForAll("observations") List<Observation> obs, @ForAll("address") int a) {
    assertThat(compile(leaf(a) + " REPEATS 1 TIMES").matches(obs)).isEqualTo(compile(leaf(a)).matches(obs));
  }

  @Property(tries = 200)
  void andIsCommutative(
      @ForAll("observations") List<Observation> obs, @ForAll("address") int a, @ForAll("address") int b) {
    assertThat(compile(leaf(a) + " AND " + leaf(b)).matches(obs))
        .isEqualTo(compile(leaf(b) + " AND " + leaf(a)).matches(obs));
  }

  @Property(tries = 200)
  void andMatchesIffTwoDistinctCopiesMatchTheOperands(
      @ForAll("observations") List<Observation> obs, @ForAll("address") int a, @ForAll("address") int b) {
    boolean expected = false;
    List<Observation> copies = copies(obs);
    for (int i = 0; i < copies.size(); i++) {
      for (int j = 0; j < copies.size(); j++) {
        expected |= i != j && is(copies.get(i), a) && is(copies.get(j), b);
      }
    }
    assertThat(compile(leaf(a) + " AND " + leaf(b)).matches(obs)).isEqualTo(expected);
  }

  @Property(tries = 200)
  void followedByMatchesIffSomeLeftCopyCanPrecedeSomeRightCopy(
      @ForAll("observations") List<Observation> obs, @ForAll("address") int a, @ForAll("address") int b) {
    boolean expected = false;
    List<Observation> copies = copies(obs);
    for (int i = 0; i < copies.size(); i++) {
      for (int j = 0; j < copies.size(); j++) {
        Observation l = copies.get(i);
        Observation r = copies.get(j);
        expected |= i != j && is(l, a) && is(r, b) && !l.firstObserved().isAfter(r.lastObserved());
      }
    }
    assertThat(compile(leaf(a) + " FOLLOWEDBY " + leaf(b)).matches(obs)).isEqualTo(expected);
  }

  @Property(tries = 200)
  void followedByIsAndWhenAllObservationsAreSimultaneous(
      @ForAll("observations") List<Observation> obs, @ForAll("address") int a, @ForAll("address") int b) {
    List<Observation> sameTime = new ArrayList<>();
    for (Observation o : obs) {
      sameTime.add(new Observation(o.objects(), Fixtures.T0, Fixtures.T0, o.numberObserved()));
    }
    assertThat(compile(leaf(a) + " FOLLOWEDBY " + leaf(b)).matches(sameTime))
        .isEqualTo(compile(leaf(a) + " AND " + leaf(b)).matches(sameTime));
  }

  @Property(tries = 200)
  void repeatsWithinMatchesIffEnoughCopiesFitTheWindow(
      @ForAll("observations") List<Observation> obs,
      @ForAll("address") int a,
      @ForAll @IntRange(min = 1, max = 4) int times,
      @ForAll @IntRange(min = 1, max = 60) int seconds) {
    List<Observation> matching = copies(obs).stream().filter(o -> is(o, a)).toList();
    boolean expected = anySubsetWithin(matching, 0, times, null, null, seconds);
    String pattern = leaf(a) + " REPEATS " + times + " TIMES WITHIN " + seconds + " SECONDS";
    assertThat(compile(pattern).matches(obs)).isEqualTo(expected);
  }

  @Property(tries = 200)
  void followedByWithinMatchesIffSomeOrderedPairFitsTheWindow(
      @ForAll("observations") List<Observation> obs,
      @ForAll("address") int a,
      @ForAll("address") int b,
      @ForAll @IntRange(min = 1, max = 60) int seconds) {
    boolean expected = false;
    List<Observation> copies = copies(obs);
    for (int i = 0; i < copies.size(); i++) {
      for (int j = 0; j < copies.size(); j++) {
        Observation l = copies.get(i);
        Observation r = copies.get(j);
        long span = Math.max(l.firstObserved().getEpochSecond(), r.firstObserved().getEpochSecond())
            - Math.min(l.lastObserved().getEpochSecond(), r.lastObserved().getEpochSecond());
        expected |= i != j && is(l, a) && is(r, b) && !l.firstObserved().isAfter(r.lastObserved())
            && span <= seconds;
      }
    }
    String pattern = "(" + leaf(a) + " FOLLOWEDBY " + leaf(b) + ") WITHIN " + seconds + " SECONDS";
    assertThat(compile(pattern).matches(obs)).isEqualTo(expected);
  }

  @Property(tries = 200)
  void startStopMatchesIffSomeCopyOverlapsTheInterval(
      @ForAll("observations") List<Observation> obs,
      @ForAll("address") int a,
      @ForAll @IntRange(min = 0, max = 120) int start,
      @ForAll @IntRange(min = 1, max = 60) int length) {
    java.time.Instant t1 = Fixtures.T0.plusSeconds(start);
    java.time.Instant t2 = t1.plusSeconds(length);
    boolean expected =
        obs.stream().anyMatch(o -> is(o, a) && o.firstObserved().isBefore(t2) && !o.lastObserved().isBefore(t1));
    String pattern = leaf(a) + " START t'" + t1 + "' STOP t'" + t2 + "'";
    assertThat(compile(pattern).matches(obs)).isEqualTo(expected);
  }

  @Property(tries = 200)
  void threeWayAndNeedsThreeDistinctCopies(
      @ForAll("observations") List<Observation> obs,
      @ForAll("address") int a,
      @ForAll("address") int b,
      @ForAll("address") int c) {
    boolean expected = false;
    List<Observation> copies = copies(obs);
    for (int i = 0; i < copies.size(); i++) {
      for (int j = 0; j < copies.size(); j++) {
        for (int k = 0; k < copies.size(); k++) {
          expected |= i != j && j != k && i != k
              && is(copies.get(i), a) && is(copies.get(j), b) && is(copies.get(k), c);
        }
      }
    }
    assertThat(compile(leaf(a) + " AND " + leaf(b) + " AND " + leaf(c)).matches(obs)).isEqualTo(expected);
    assertThat(compile(leaf(a) + " AND " + leaf(b) + " AND " + leaf(c)).evaluate(obs).matched()).isEqualTo(expected);
  }

  @Property(tries = 200)
  void withinAroundOneObservationExpressionChangesNothing(
      @ForAll("observations") List<Observation> obs, @ForAll("address") int a) {
    assertThat(compile(leaf(a) + " WITHIN 1 SECONDS").matches(obs)).isEqualTo(compile(leaf(a)).matches(obs));
  }

  /** Whether {@code k} more of {@code items[from..]} can be chosen so the chosen span at most {@code seconds}. */
  private static boolean anySubsetWithin(
      List<Observation> items, int from, int k, java.time.Instant maxFirst, java.time.Instant minLast, int seconds) {
    if (k == 0) {
      return maxFirst.getEpochSecond() - minLast.getEpochSecond() <= seconds;
    }
    for (int i = from; i < items.size(); i++) {
      Observation o = items.get(i);
      java.time.Instant f = maxFirst == null || o.firstObserved().isAfter(maxFirst) ? o.firstObserved() : maxFirst;
      java.time.Instant l = minLast == null || o.lastObserved().isBefore(minLast) ? o.lastObserved() : minLast;
      if (anySubsetWithin(items, i + 1, k - 1, f, l, seconds)) {
        return true;
      }
    }
    return false;
  }

  /** Each observation repeated number_observed times, as separate observations of one copy each. */
  private static List<Observation> copies(List<Observation> obs) {
    List<Observation> out = new ArrayList<>();
    for (Observation o : obs) {
      for (long i = 0; i < o.numberObserved(); i++) {
        out.add(o);
      }
    }
    return out;
  }

  private static boolean is(Observation o, int address) {
    return o.objects().values().iterator().next().get("value").asText().equals("192.0.2." + address);
  }
}
