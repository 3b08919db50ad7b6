package org.accord.stix.pattern;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The inside of one observation expression {@code [ ... ]}: comparisons joined by AND and OR (AND binds tighter;
 * STIX 2.1 §9.5). Binary nodes are left-associative as parsed; an evaluator walks them with {@code instanceof}
 * patterns or a {@link Visitor}.
 */
public sealed interface ComparisonExpression {

  <R> R accept(Visitor<R> visitor);

  /**
   * The object types one object could have to satisfy this expression: a comparison's own type, the union over OR,
   * the intersection over AND. STIX 2.1 §9.5 requires the operands of AND to be satisfiable by the same type (the
   * clarified wording of oasis-tcs/cti-stix2#235), so this set is never empty in a valid AST.
   */
  Set<String> satisfiableTypes();

  /** {@code left AND right}. */
  record And(ComparisonExpression left, ComparisonExpression right) implements ComparisonExpression {
    public And {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
      String reason = andTypeConflict(left, right);
      if (reason != null) {
        throw new IllegalArgumentException(reason);
      }
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitAnd(this);
    }

    @Override
    public Set<String> satisfiableTypes() {
      Set<String> types = new TreeSet<>(left.satisfiableTypes());
      types.retainAll(right.satisfiableTypes());
      return types;
    }

    @Override
    public String toString() {
      return PatternPrinter.print(this);
    }
  }

  /** {@code left OR right}. */
  record Or(ComparisonExpression left, ComparisonExpression right) implements ComparisonExpression {
    public Or {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitOr(this);
    }

    @Override
    public Set<String> satisfiableTypes() {
      Set<String> types = new TreeSet<>(left.satisfiableTypes());
      types.addAll(right.satisfiableTypes());
      return types;
    }

    @Override
    public String toString() {
      return PatternPrinter.print(this);
    }
  }

  /** {@code path [NOT] operator value}, e.g. {@code file:size NOT IN (1, 2)}. */
  record Comparison(ObjectPath path, boolean negated, Operator operator, Literal value)
      implements ComparisonExpression {
    public Comparison {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(value, "value");
      String reason = operator.rejects(value);
      if (reason != null) {
        throw new IllegalArgumentException(reason);
      }
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitComparison(this);
    }

    @Override
    public Set<String> satisfiableTypes() {
      return Set.of(path.objectType());
    }

    @Override
    public String toString() {
      return PatternPrinter.print(this);
    }
  }

  /** {@code EXISTS path}: true when the object has the property (STIX 2.1 §9.5). The grammar allows no NOT here. */
  record Exists(ObjectPath path) implements ComparisonExpression {
    public Exists {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitExists(this);
    }

    @Override
    public Set<String> satisfiableTypes() {
      return Set.of(path.objectType());
    }

    @Override
    public String toString() {
      return PatternPrinter.print(this);
    }
  }

  /** Double dispatch over the four kinds of node, for callers that prefer it to {@code instanceof}. */
  interface Visitor<R> {
    R visitAnd(And and);

    R visitOr(Or or);

    R visitComparison(Comparison comparison);

    R visitExists(Exists exists);
  }

  /** Why {@code left AND right} can never match one object, or null if it can. */
  static String andTypeConflict(ComparisonExpression left, ComparisonExpression right) {
    Set<String> l = left.satisfiableTypes();
    Set<String> r = right.satisfiableTypes();
    for (String type : l) {
      if (r.contains(type)) {
        return null;
      }
    }
    return "comparisons joined by AND must be satisfiable by one object type, but the left side needs "
        + describe(l)
        + " and the right side "
        + describe(r)
        + " (STIX 2.1 §9.5)";
  }

  private static String describe(Set<String> types) {
    return types.size() == 1 ? "'" + types.iterator().next() + "'" : "one of " + types;
  }
}
