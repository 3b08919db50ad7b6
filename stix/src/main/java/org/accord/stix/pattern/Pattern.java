package org.accord.stix.pattern;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.accord.stix.pattern.ComparisonExpression.Comparison;
import org.accord.stix.pattern.ObservationExpression.Observation;

/**
 * A parsed STIX 2.1 pattern (STIX 2.1 §9), the root of an immutable AST.
 *
 * <p>Design note. The tree mirrors the grammar's two levels: {@link ObservationExpression} (observations joined by
 * AND/OR/FOLLOWEDBY, with qualifiers) over {@link ComparisonExpression} (comparisons of an {@link ObjectPath} with a
 * {@link Literal}, joined by AND/OR). Every node is a record in a sealed hierarchy, so equality is structural, an
 * evaluator can walk it with {@code instanceof} patterns or a visitor without re-parsing, and no node can be built
 * that violates a rule of the specification: the records validate in their compact constructors (types, operand
 * kinds, START before STOP, AND satisfiable by one object type). {@link #toString()} prints canonical text that
 * {@link PatternParser#parse(String)} turns back into an equal tree.
 */
public record Pattern(ObservationExpression expression) {

  public Pattern {
    Objects.requireNonNull(expression, "expression");
  }

  /** Every object type the pattern refers to, sorted; e.g. {@code [file, ipv4-addr]}. */
  public Set<String> objectTypes() {
    Set<String> types = new TreeSet<>();
    collectTypes(expression, types);
    return types;
  }

  /**
   * True for one observation holding one {@code =} or {@code IN} comparison (not negated) and no qualifier, such as
   * {@code [ipv4-addr:value = '198.51.100.1']}: the patterns an indicator index can answer by lookup.
   */
  public boolean isSimpleComparison() {
    return simpleComparison().isPresent();
  }

  /** The single comparison when {@link #isSimpleComparison()} holds. */
  public Optional<Comparison> simpleComparison() {
    if (expression instanceof Observation o
        && o.comparison() instanceof Comparison c
        && !c.negated()
        && (c.operator() == Operator.EQUAL || c.operator() == Operator.IN)) {
      return Optional.of(c);
    }
    return Optional.empty();
  }

  /** The canonical pattern text. */
  @Override
  public String toString() {
    return PatternPrinter.print(expression);
  }

  private static void collectTypes(ObservationExpression e, Set<String> out) {
    if (e instanceof Observation o) {
      collectTypes(o.comparison(), out);
    } else if (e instanceof ObservationExpression.And a) {
      a.operands().forEach(o -> collectTypes(o, out));
    } else if (e instanceof ObservationExpression.Or o) {
      o.operands().forEach(x -> collectTypes(x, out));
    } else if (e instanceof ObservationExpression.FollowedBy f) {
      f.operands().forEach(o -> collectTypes(o, out));
    } else if (e instanceof ObservationExpression.Qualified q) {
      collectTypes(q.expression(), out);
    }
  }

  private static void collectTypes(ComparisonExpression e, Set<String> out) {
    if (e instanceof ComparisonExpression.And a) {
      a.operands().forEach(o -> collectTypes(o, out));
    } else if (e instanceof ComparisonExpression.Or o) {
      o.operands().forEach(x -> collectTypes(x, out));
    } else if (e instanceof Comparison c) {
      out.add(c.path().objectType());
    } else if (e instanceof ComparisonExpression.Exists x) {
      out.add(x.path().objectType());
    }
  }
}
