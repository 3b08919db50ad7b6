package org.accord.stix.pattern.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.accord.stix.pattern.Qualifier;

/**
 * The conjunction of the WITHIN and START/STOP qualifiers (STIX 2.1 §9.7) that enclose a sub-expression. Both are
 * monotone, a sub-binding of a binding that passes also passes, so an enclosing qualifier can be checked early, on
 * every partial binding below it, to prune the search without losing a match.
 *
 * <p>Timing rules. An observation happened at some unknown instants between its first_observed and last_observed.
 * A set of observations is WITHIN s seconds when instants can be chosen in their intervals that all lie within s
 * seconds of each other: when the latest first_observed is at most s seconds after the earliest last_observed. It is
 * within START t1 STOP t2 when each observation's interval meets [t1, t2): first_observed before t2 and
 * last_observed not before t1 (STOP is exclusive). Both readings follow the OASIS reference matcher; the
 * specification does not say how intervals are treated.
 */
record Window(long maxSpanNanos, long start, long stop) {

  static final Window ANY = new Window(Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);

  Window and(Qualifier qualifier) {
    if (qualifier instanceof Qualifier.Within w) {
      return new Window(Math.min(maxSpanNanos, nanos(w.seconds())), start, stop);
    } else if (qualifier instanceof Qualifier.StartStop s) {
      return new Window(
          maxSpanNanos,
          Math.max(start, Binding.nanos(s.start().instant())),
          Math.min(stop, Binding.nanos(s.stop().instant())));
    }
    return this;
  }

  /**
   * Whole nanoseconds: a span of integral nanoseconds is at most s seconds exactly when it is at most floor(s * 1e9)
   * nanoseconds, so rounding down loses nothing.
   */
  private static long nanos(BigDecimal seconds) {
    BigDecimal n = seconds.movePointRight(9).setScale(0, RoundingMode.FLOOR);
    return n.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : n.longValueExact();
  }

  /**
   * True when no binding that adds to {@code acc} a binding with a {@code maxFirst} at or after {@code next}'s can
   * pass: its latest first_observed is already at or past STOP, or too long after the earliest last_observed of
   * {@code acc}. Lets a search over bindings sorted by maxFirst stop early.
   */
  boolean excludesFrom(Binding acc, Binding next) {
    return next.maxFirst() >= stop || (acc != null && tooWide(next.maxFirst(), acc.minLast()));
  }

  boolean accepts(Binding b) {
    return b.maxFirst() < stop && b.minLast() >= start && !tooWide(b.maxFirst(), b.minLast());
  }

  /** Whether instants cannot be chosen at or after {@code first} and at or before {@code last} within the span. */
  private boolean tooWide(long first, long last) {
    // first - last can overflow only for timestamps centuries apart; then it is too wide unless the span is unbounded.
    long gap = first - last;
    boolean overflow = ((first ^ last) & (first ^ gap)) < 0;
    return overflow ? first > last && maxSpanNanos != Long.MAX_VALUE : gap > maxSpanNanos;
  }
}
