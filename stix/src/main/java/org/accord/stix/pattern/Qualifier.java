package org.accord.stix.pattern;

import java.math.BigDecimal;
import java.util.Objects;

/** A qualifier restricting the observations that may match the expression it follows (STIX 2.1 §9.7). */
public sealed interface Qualifier {

  /**
   * {@code WITHIN n SECONDS}: all matching observations occur within n seconds. The normative grammar admits a
   * positive integer or float (IntPosLiteral | FloatPosLiteral), so seconds are a positive decimal.
   */
  record Within(BigDecimal seconds) implements Qualifier {
    public Within {
      Objects.requireNonNull(seconds, "seconds");
      if (seconds.signum() <= 0) {
        throw new IllegalArgumentException("WITHIN needs a positive number of seconds, found " + seconds);
      }
    }

    @Override
    public String toString() {
      return "WITHIN " + seconds.toPlainString() + " SECONDS";
    }
  }

  /** {@code REPEATS n TIMES}: the expression matches n times; n is a positive integer. */
  record Repeats(long times) implements Qualifier {
    public Repeats {
      if (times <= 0) {
        throw new IllegalArgumentException("REPEATS needs a positive integer, found " + times);
      }
    }

    @Override
    public String toString() {
      return "REPEATS " + times + " TIMES";
    }
  }

  /** {@code START t'..' STOP t'..'}: matching observations lie in this interval; START is before STOP. */
  record StartStop(Literal.TimestampLiteral start, Literal.TimestampLiteral stop) implements Qualifier {
    public StartStop {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(stop, "stop");
      if (!start.instant().isBefore(stop.instant())) {
        throw new IllegalArgumentException(startStopReason(start, stop));
      }
    }

    @Override
    public String toString() {
      return "START " + start + " STOP " + stop;
    }
  }

  static String startStopReason(Literal.TimestampLiteral start, Literal.TimestampLiteral stop) {
    return "START " + start + " must be earlier than STOP " + stop;
  }
}
