package org.accord.stix.pattern;

import java.util.Objects;

/**
 * An observation expression (STIX 2.1 §9.6): one {@code [ ... ]} observation, or observation expressions joined by
 * AND, OR, FOLLOWEDBY (in decreasing order of binding strength), or one with a {@link Qualifier} after it. Binary
 * nodes are left-associative as parsed. Parentheses are not kept: the tree is the grouping.
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

  /** {@code left AND right}: both match, in any order. */
  record And(ObservationExpression left, ObservationExpression right) implements ObservationExpression {
    public And {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
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

  /** {@code left OR right}: either matches. */
  record Or(ObservationExpression left, ObservationExpression right) implements ObservationExpression {
    public Or {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
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

  /** {@code left FOLLOWEDBY right}: both match and left's observations come no later than right's. */
  record FollowedBy(ObservationExpression left, ObservationExpression right) implements ObservationExpression {
    public FollowedBy {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
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
