package org.accord.stix.pattern.eval;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A way of satisfying (part of) a pattern: how many of the {@code number_observed} copies of which observations are
 * used. Observations are indices into the evaluated list, sorted; {@code counts[i]} copies of {@code obs[i]}.
 *
 * <p>Everything the operators above a binding ask of it is a function of this multiset (STIX 2.1 §9.6, §9.7): whether
 * it shares copies with another binding, the latest {@code first_observed} and earliest {@code last_observed} of its
 * observations. So bindings with equal multisets are one binding, and a binding whose multiset contains another's
 * can be dropped: the smaller one passes every test the larger one passes ({@link #within}). Times are nanoseconds
 * since the epoch ({@link #nanos}), which holds every STIX timestamp up to the year 2262.
 */
record Binding(int[] obs, long[] counts, long maxFirst, long minLast) {

  static Binding single(int index, Observation o) {
    return new Binding(new int[] {index}, new long[] {1}, nanos(o.firstObserved()), nanos(o.lastObserved()));
  }

  /**
   * Nanoseconds since the epoch, saturating outside the range a long holds (about 1677 to 2262) one short of the
   * extreme values, which {@link Window#ANY} uses as "no bound".
   */
  static long nanos(Instant t) {
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    } catch (ArithmeticException outOfRange) {
      return t.getEpochSecond() < 0 ? Long.MIN_VALUE + 1 : Long.MAX_VALUE - 1;
    }
  }

  /** The union of two bindings' copies, or null if it needs more copies of an observation than were observed. */
  static Binding merge(Binding a, Binding b, List<Observation> observations) {
    int[] obs = new int[a.obs.length + b.obs.length];
    long[] counts = new long[obs.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.obs.length || j < b.obs.length) {
      int next;
      long count;
      if (j >= b.obs.length || (i < a.obs.length && a.obs[i] < b.obs[j])) {
        next = a.obs[i];
        count = a.counts[i++];
      } else if (i >= a.obs.length || b.obs[j] < a.obs[i]) {
        next = b.obs[j];
        count = b.counts[j++];
      } else {
        next = a.obs[i];
        count = a.counts[i++] + b.counts[j++];
        if (count > observations.get(next).numberObserved()) {
          return null; // STIX 2.1 §9.6: each observation copy matches at most one observation expression
        }
      }
      obs[n] = next;
      counts[n++] = count;
    }
    return new Binding(
        n == obs.length ? obs : Arrays.copyOf(obs, n),
        n == obs.length ? counts : Arrays.copyOf(counts, n),
        Math.max(a.maxFirst, b.maxFirst),
        Math.min(a.minLast, b.minLast));
  }

  /** True when every copy this binding uses is also used by {@code other}. */
  boolean within(Binding other) {
    int j = 0;
    for (int i = 0; i < obs.length; i++) {
      while (j < other.obs.length && other.obs[j] < obs[i]) {
        j++;
      }
      if (j >= other.obs.length || other.obs[j] != obs[i] || other.counts[j] < counts[i]) {
        return false;
      }
    }
    return true;
  }

  long size() {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    return total;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Binding b && Arrays.equals(obs, b.obs) && Arrays.equals(counts, b.counts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(obs) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < obs.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(obs[i]).append('x').append(counts[i]);
    }
    return sb.append('}').toString();
  }
}
