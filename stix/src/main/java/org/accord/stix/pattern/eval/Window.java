package org.accord.stix.pattern.eval;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
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
record Window(BigDecimal maxSpanSeconds, Instant start, Instant stop) {

  static final Window ANY = new Window(null, null, null);

  Window and(Qualifier qualifier) {
    if (qualifier instanceof Qualifier.Within w) {
      BigDecimal span =
          maxSpanSeconds == null || w.seconds().compareTo(maxSpanSeconds) < 0 ? w.seconds() : maxSpanSeconds;
      return new Window(span, start, stop);
    } else if (qualifier instanceof Qualifier.StartStop s) {
      Instant t1 = s.start().instant();
      Instant t2 = s.stop().instant();
      return new Window(
          maxSpanSeconds,
          start == null || t1.isAfter(start) ? t1 : start,
          stop == null || t2.isBefore(stop) ? t2 : stop);
    }
    return this;
  }

  /**
   * True when no binding that adds to {@code acc} a binding with a {@code maxFirst} at or after {@code next}'s can
   * pass: its latest first_observed is already past STOP, or too long after the earliest last_observed of {@code
   * acc}. Lets a search over bindings sorted by maxFirst stop early.
   */
  boolean excludesFrom(Binding acc, Binding next) {
    if (stop != null && !next.maxFirst().isBefore(stop)) {
      return true;
    }
    if (maxSpanSeconds == null || acc == null || !next.maxFirst().isAfter(acc.minLast())) {
      return false;
    }
    return seconds(Duration.between(acc.minLast(), next.maxFirst())).compareTo(maxSpanSeconds) > 0;
  }

  private static BigDecimal seconds(Duration d) {
    return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
  }

  boolean accepts(Binding b) {
    if (stop != null && !b.maxFirst().isBefore(stop)) {
      return false;
    }
    if (start != null && b.minLast().isBefore(start)) {
      return false;
    }
    if (maxSpanSeconds != null && b.maxFirst().isAfter(b.minLast())) {
      return seconds(Duration.between(b.minLast(), b.maxFirst())).compareTo(maxSpanSeconds) <= 0;
    }
    return true;
  }
}
