package org.accord.stix.pattern;

import java.util.List;
import org.accord.stix.pattern.ObservationExpression.Observation;
import org.accord.stix.pattern.ObservationExpression.Qualified;

/**
 * Prints an AST as canonical pattern text: single spaces, {@code =}/{@code !=} spellings, bare keys where the grammar
 * allows them, and parentheses exactly where precedence or the one-qualifier-of-a-kind rule needs them. The text
 * parses back to an equal AST (a property test holds us to that).
 */
final class PatternPrinter {
  private PatternPrinter() {}

  // Binding strength; higher binds tighter. Observation level: FOLLOWEDBY < OR < AND < qualified < [..].
  private static final int FOLLOWED_BY = 1;
  private static final int OBS_OR = 2;
  private static final int OBS_AND = 3;
  private static final int QUALIFIED = 4;
  private static final int ATOM = 5;
  // Comparison level: OR < AND < single comparison.
  private static final int CMP_OR = 1;
  private static final int CMP_AND = 2;
  private static final int CMP_ATOM = 3;

  static String print(ObservationExpression e) {
    StringBuilder sb = new StringBuilder();
    append(sb, e);
    return sb.toString();
  }

  static String print(ComparisonExpression e) {
    StringBuilder sb = new StringBuilder();
    append(sb, e);
    return sb.toString();
  }

  private static void append(StringBuilder sb, ObservationExpression e) {
    if (e instanceof Observation o) {
      sb.append('[');
      append(sb, o.comparison());
      sb.append(']');
    } else if (e instanceof ObservationExpression.And a) {
      observationRun(sb, a.operands(), " AND ", OBS_AND);
    } else if (e instanceof ObservationExpression.Or o) {
      observationRun(sb, o.operands(), " OR ", OBS_OR);
    } else if (e instanceof ObservationExpression.FollowedBy f) {
      observationRun(sb, f.operands(), " FOLLOWEDBY ", FOLLOWED_BY);
    } else if (e instanceof Qualified q) {
      // A qualifier kind may appear once per run of qualifiers; a repeat needs its own parentheses.
      boolean parens =
          precedence(q.expression()) < QUALIFIED || hasDirectQualifier(q.expression(), q.qualifier().getClass());
      group(sb, q.expression(), parens);
      sb.append(' ').append(q.qualifier());
    }
  }

  /** Operands of an n-ary run; an operand of equal strength was a parenthesised group and is printed as one. */
  private static void observationRun(
      StringBuilder sb, List<ObservationExpression> operands, String op, int prec) {
    for (int i = 0; i < operands.size(); i++) {
      sb.append(i == 0 ? "" : op);
      group(sb, operands.get(i), precedence(operands.get(i)) <= prec);
    }
  }

  private static void group(StringBuilder sb, ObservationExpression e, boolean parens) {
    if (parens) {
      sb.append('(');
      append(sb, e);
      sb.append(')');
    } else {
      append(sb, e);
    }
  }

  /** True if {@code e} is a run of qualifiers (without parentheses) that already holds one of this kind. */
  static boolean hasDirectQualifier(ObservationExpression e, Class<?> kind) {
    while (e instanceof Qualified q) {
      if (q.qualifier().getClass() == kind) {
        return true;
      }
      e = q.expression();
    }
    return false;
  }

  private static int precedence(ObservationExpression e) {
    if (e instanceof ObservationExpression.FollowedBy) {
      return FOLLOWED_BY;
    } else if (e instanceof ObservationExpression.Or) {
      return OBS_OR;
    } else if (e instanceof ObservationExpression.And) {
      return OBS_AND;
    } else if (e instanceof Qualified) {
      return QUALIFIED;
    }
    return ATOM;
  }

  private static void append(StringBuilder sb, ComparisonExpression e) {
    if (e instanceof ComparisonExpression.And a) {
      comparisonRun(sb, a.operands(), " AND ", CMP_AND);
    } else if (e instanceof ComparisonExpression.Or o) {
      comparisonRun(sb, o.operands(), " OR ", CMP_OR);
    } else if (e instanceof ComparisonExpression.Comparison c) {
      sb.append(c.path()).append(c.negated() ? " NOT " : " ").append(c.operator().symbol()).append(' ');
      sb.append(c.value());
    } else if (e instanceof ComparisonExpression.Exists x) {
      sb.append("EXISTS ").append(x.path());
    }
  }

  private static void comparisonRun(
      StringBuilder sb, List<ComparisonExpression> operands, String op, int prec) {
    for (int i = 0; i < operands.size(); i++) {
      sb.append(i == 0 ? "" : op);
      group(sb, operands.get(i), precedence(operands.get(i)) <= prec);
    }
  }

  private static void group(StringBuilder sb, ComparisonExpression e, boolean parens) {
    if (parens) {
      sb.append('(');
      append(sb, e);
      sb.append(')');
    } else {
      append(sb, e);
    }
  }

  private static int precedence(ComparisonExpression e) {
    if (e instanceof ComparisonExpression.Or) {
      return CMP_OR;
    } else if (e instanceof ComparisonExpression.And) {
      return CMP_AND;
    }
    return CMP_ATOM;
  }

  /** A string literal: quotes around, {@code \} and {@code '} escaped (the only escapes of STIX 2.1 §9.2). */
  static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** A path key: bare when it is a grammar identifier without hyphen and not a keyword, else quoted. */
  static String key(String name) {
    return Checks.BARE_KEY.matcher(name).matches() && !Checks.KEYWORDS.contains(name) ? name : quote(name);
  }
}
