package org.accord.stix.pattern;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The inside of one observation expression {@code [ ... ]}: comparisons joined by AND and OR (AND binds tighter;
 * STIX 2.1 §9.5). A run {@code a OR b OR c} is one n-ary node, so long indicator lists do not make deep trees;
 * only parentheses nest. An evaluator walks the tree with {@code instanceof} patterns or a {@link Visitor}.
 */
public sealed interface ComparisonExpression {

  <R> R accept(Visitor<R> visitor);

  /**
   * The object types one object could have to satisfy this expression: a comparison's own type, the union over OR,
   * the intersection over AND. STIX 2.1 §9.5 requires the operands of AND to be satisfiable by the same type (the
   * clarified wording of oasis-tcs/cti-stix2#235), so this set is never empty in a valid AST.
   */
  Set<String> satisfiableTypes();

  /** {@code a AND b AND ...}: at least two operands, all satisfiable by one common object type. */
  record And(List<ComparisonExpression> operands) implements ComparisonExpression {
    public And {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("AND needs at least two operands");
      }
      Set<String> types = new TreeSet<>(operands.get(0).satisfiableTypes());
      for (ComparisonExpression operand : operands.subList(1, operands.size())) {
        Set<String> next = operand.satisfiableTypes();
        String reason = andTypeConflict(types, next);
        if (reason != null) {
          throw new IllegalArgumentException(reason);
        }
        types.retainAll(next);
      }
    }

    public And(ComparisonExpression left, ComparisonExpression right) {
      this(List.of(left, right));
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitAnd(this);
    }

    @Override
    public Set<String> satisfiableTypes() {
      Set<String> types = new TreeSet<>(operands.get(0).satisfiableTypes());
      for (ComparisonExpression operand : operands) {
        types.retainAll(operand.satisfiableTypes());
      }
      return types;
    }

    @Override
    public String toString() {
      return PatternPrinter.print(this);
    }
  }

  /** {@code a OR b OR ...}: at least two operands. */
  record Or(List<ComparisonExpression> operands) implements ComparisonExpression {
    public Or {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException("OR needs at least two operands");
      }
    }

    public Or(ComparisonExpression left, ComparisonExpression right) {
      this(List.of(left, right));
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitOr(this);
    }

    @Override
    public Set<String> satisfiableTypes() {
      Set<String> types = new TreeSet<>();
      for (ComparisonExpression operand : operands) {
        types.addAll(operand.satisfiableTypes());
      }
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

  /**
   * Why operands needing {@code left} types, joined by AND to one needing {@code right} types, can never match one
   * object; null if they can.
   */
  static String andTypeConflict(Set<String> left, Set<String> right) {
    for (String type : left) {
      if (right.contains(type)) {
        return null;
      }
    }
    return "comparisons joined by AND must be satisfiable by one object type, but the left side needs "
        + describe(left)
        + " and the right side "
        + describe(right)
        + " (STIX 2.1 §9.5)";
  }

  private static String describe(Set<String> types) {
    return types.size() == 1 ? "'" + types.iterator().next() + "'" : "one of " + types;
  }
}
