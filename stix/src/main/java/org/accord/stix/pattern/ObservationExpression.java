package org.accord.stix.pattern;

import java.util.List;
import java.util.Objects;

/**
 * An observation expression (STIX 2.1 §9.6): one {@code [ ... ]} observation, or observation expressions joined by
 * AND, OR, FOLLOWEDBY (in decreasing order of binding strength), or one with a {@link Qualifier} after it.
 * Runs such as {@code a OR b OR c} are one n-ary node (operands in text order), so only parentheses nest.
 * Parentheses are not kept otherwise: the tree is the grouping.
 */
public sealed interface ObservationExpression {

  <R> R accept(Visitor<R> visitor);

  /** {@code [ comparison ]}: one observed object satisfies the comparison expression. */
  record Observation(ComparisonExpression comparison) implements ObservationExpression {
    public Observation {
      Objects.requireNonNull(comparison, "comparison");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitObservation(this);
    }

    @Override
    public String toString() {
      return PatternPrinter.print(this);
    }
  }

  /** {@code a AND b AND ...}: all match, in any order. At least two operands. */
  record And(List<ObservationExpression> operands) implements ObservationExpression {
    public And {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("AND needs at least two operands");
      }
    }

    public And(ObservationExpression left, ObservationExpression right) {
      this(List.of(left, right));
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitAnd(this);
    }

    @Override
    public String toString() {
      return PatternPrinter.print(this);
    }
  }

  /** {@code a OR b OR ...}: any matches. At least two operands. */
  record Or(List<ObservationExpression> operands) implements ObservationExpression {
    public Or {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("OR needs at least two operands");
      }
    }

    public Or(ObservationExpression left, ObservationExpression right) {
      this(List.of(left, right));
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitOr(this);
    }

    @Override
    public String toString() {
      return PatternPrinter.print(this);
    }
  }

  /** {@code a FOLLOWEDBY b FOLLOWEDBY ...}: all match, each no later than the next. At least two operands. */
  record FollowedBy(List<ObservationExpression> operands) implements ObservationExpression {
    public FollowedBy {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("FOLLOWEDBY needs at least two operands");
      }
    }

    public FollowedBy(ObservationExpression left, ObservationExpression right) {
      this(List.of(left, right));
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitFollowedBy(this);
    }

    @Override
    public String toString() {
      return PatternPrinter.print(this);
    }
  }

  /** {@code expression qualifier}, e.g. {@code [a] REPEATS 5 TIMES}. */
  record Qualified(ObservationExpression expression, Qualifier qualifier) implements ObservationExpression {
    public Qualified {
      Objects.requireNonNull(expression, "expression");
      Objects.requireNonNull(qualifier, "qualifier");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitQualified(this);
    }

    @Override
    public String toString() {
      return PatternPrinter.print(this);
    }
  }

  /** Double dispatch over the five kinds of node, for callers that prefer it to {@code instanceof}. */
  interface Visitor<R> {
    R visitObservation(Observation observation);

    R visitAnd(And and);

    R visitOr(Or or);

    R visitFollowedBy(FollowedBy followedBy);

    R visitQualified(Qualified qualified);
  }
}
