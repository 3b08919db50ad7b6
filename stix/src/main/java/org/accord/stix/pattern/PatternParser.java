package org.accord.stix.pattern;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.Objects;
import java.util.Set;
import org.accord.stix.pattern.Lexer.Kind;
import org.accord.stix.pattern.Lexer.Token;
import org.accord.stix.pattern.ObjectPath.PathStep;

/**
 * Parser of the STIX 2.1 patterning language (STIX 2.1 §9).
 *
 * <p>Design note. A hand-written recursive-descent parser, one method per grammar rule, over a lexer that reads one
 * token ahead. Hand-written so that every error carries the exact character offset and a sentence a human
 * understands, and so that the semantic rules of the specification (valid type names and timestamps, operand kinds
 * per operator, positive WITHIN/REPEATS, START before STOP, compiling regular expressions, IP/CIDR operands of
 * ISSUBSET/ISSUPERSET, AND satisfiable by one object type, one qualifier of a kind per run) are checked where the
 * offending text is. Binding strength, loosest first: FOLLOWEDBY, OR, AND, qualifiers at observation level; OR,
 * AND inside {@code [ ]}. The grammar's left-associative chains become one n-ary node per run, so tree depth comes
 * only from parentheses. Nesting is capped at {@value #MAX_DEPTH} levels so that hostile input ends in a {@link
 * PatternException}, never a stack overflow.
 *
 * <p>Lenient where the normative grammar is: {@code ==} and {@code <>} are read as {@code =} and {@code !=}, and
 * {@code /* ... *}{@code /} and {@code //} comments are skipped. MATCHES expressions are checked with {@code
 * java.util.regex}, which is close to, but not exactly, the PCRE the specification names.
 */
public final class PatternParser {
  /** Deepest nesting of parentheses and brackets accepted; real patterns use a handful. */
  static final int MAX_DEPTH = 64;

  private final Lexer lexer;
  private Token token;
  private int depth;

  private PatternParser(String text) {
    this.lexer = new Lexer(text);
  }

  /**
   * Parses a STIX pattern.
   *
   * @throws PatternException with the position and the reason when the text is not a valid pattern
   */
  public static Pattern parse(String text) throws PatternException {
    Objects.requireNonNull(text, "text");
    PatternParser parser = new PatternParser(text);
    parser.advance();
    if (parser.token.kind() == Kind.EOF) {
      throw new PatternException(0, "empty pattern: expected '[' to start an observation expression");
    }
    ObservationExpression expression = parser.followedBy();
    if (parser.token.kind() != Kind.EOF) {
      throw parser.trailing();
    }
    return new Pattern(expression);
  }

  private void advance() throws PatternException {
    token = lexer.next();
  }

  // ---- observation level -------------------------------------------------------------------------------------

  private ObservationExpression followedBy() throws PatternException {
    return run("FOLLOWEDBY", this::or, ObservationExpression.FollowedBy::new);
  }

  private ObservationExpression or() throws PatternException {
    return run("OR", this::and, ObservationExpression.Or::new);
  }

  private ObservationExpression and() throws PatternException {
    return run("AND", this::qualified, ObservationExpression.And::new);
  }

  /** {@code ( inner )}, at either level; the current token is the opening parenthesis. */
  private <T> T parenthesised(Operand<T> inner) throws PatternException {
    int open = token.start();
    enter(open);
    advance();
    T result = inner.parse();
    if (token.kind() != Kind.RPAREN) {
      throw new PatternException(
          token.start(), "expected ')' to close the parenthesis opened at " + open + ", found " + token.describe());
    }
    advance();
    depth--;
    return result;
  }

  /** One operand of a binary operator's run. */
  @FunctionalInterface
  private interface Operand<T> {
    T parse() throws PatternException;
  }

  /**
   * A run of one operator at one precedence level, {@code a KEYWORD b KEYWORD c}, as a single n-ary node (a chain of
   * binary nodes would make deep trees, see {@link #MAX_DEPTH}); a run of one is the operand itself.
   */
  private <T> T run(String keyword, Operand<T> operand, Function<List<T>, T> join) throws PatternException {
    List<T> run = new ArrayList<>(List.of(operand.parse()));
    while (token.isWord(keyword)) {
      advance();
      run.add(operand.parse());
    }
    return run.size() == 1 ? run.get(0) : join.apply(run);
  }

  /**
   * An observation or parenthesised group, then its qualifiers. A qualifier kind may not repeat directly on one
   * expression (the STIX 2.1 restriction of oasis-tcs/cti-stix2#70, as the OASIS pattern validator reads it);
   * parentheses start a new expression, so {@code ([a] WITHIN 5 SECONDS) WITHIN 6 SECONDS} is allowed.
   */
  private ObservationExpression qualified() throws PatternException {
    ObservationExpression e = primary();
    Set<Class<?>> seen = new HashSet<>();
    while (true) {
      int at = token.start();
      String keyword = token.kind() == Kind.WORD ? token.text() : "";
      Qualifier q;
      switch (keyword) {
        case "WITHIN":
          q = within();
          break;
        case "REPEATS":
          q = repeats();
          break;
        case "START":
          q = startStop();
          break;
        default:
          return e;
      }
      if (!seen.add(q.getClass())) {
        throw new PatternException(
            at,
            "the observation expression already has a "
                + keyword
                + " qualifier; a second one needs parentheses around the first");
      }
      e = new ObservationExpression.Qualified(e, q);
    }
  }

  private ObservationExpression primary() throws PatternException {
    int open = token.start();
    if (token.kind() == Kind.LBRACKET) {
      enter(open);
      advance();
      ComparisonExpression comparison = comparisonOr();
      if (token.kind() != Kind.RBRACKET) {
        throw new PatternException(
            token.start(),
            "expected ']' to close the observation expression opened at " + open + ", found " + token.describe());
      }
      advance();
      depth--;
      return new ObservationExpression.Observation(comparison);
    }
    if (token.kind() == Kind.LPAREN) {
      return parenthesised(this::followedBy);
    }
    throw new PatternException(
        token.start(), "expected '[' or '(' to start an observation expression, found " + token.describe());
  }

  private Qualifier within() throws PatternException {
    advance();
    Token n = token;
    if (n.kind() != Kind.INT && n.kind() != Kind.FLOAT) {
      throw new PatternException(n.start(), "expected a number of seconds after WITHIN, found " + n.describe());
    }
    BigDecimal seconds = new BigDecimal(n.text());
    if (seconds.signum() <= 0) {
      throw new PatternException(n.start(), "WITHIN needs a positive number of seconds, found " + n.text());
    }
    advance();
    expectWord("SECONDS", "after WITHIN " + n.text());
    return new Qualifier.Within(seconds);
  }

  private Qualifier repeats() throws PatternException {
    advance();
    Token n = token;
    if (n.kind() != Kind.INT) {
      throw new PatternException(n.start(), "expected a positive integer after REPEATS, found " + n.describe());
    }
    long times = parseLong(n);
    if (times <= 0) {
      throw new PatternException(n.start(), "REPEATS needs a positive integer, found " + n.text());
    }
    advance();
    expectWord("TIMES", "after REPEATS " + n.text());
    return new Qualifier.Repeats(times);
  }

  private Qualifier startStop() throws PatternException {
    advance();
    Literal.TimestampLiteral start = timestamp("START");
    expectWord("STOP", "after START " + start);
    int stopAt = token.start();
    Literal.TimestampLiteral stop = timestamp("STOP");
    if (!start.instant().isBefore(stop.instant())) {
      throw new PatternException(stopAt, Qualifier.startStopReason(start, stop));
    }
    return new Qualifier.StartStop(start, stop);
  }

  private Literal.TimestampLiteral timestamp(String after) throws PatternException {
    if (token.kind() != Kind.TIMESTAMP) {
      throw new PatternException(
          token.start(), "expected a timestamp literal t'...' after " + after + ", found " + token.describe());
    }
    Literal.TimestampLiteral t = new Literal.TimestampLiteral(token.value());
    advance();
    return t;
  }

  // ---- comparison level --------------------------------------------------------------------------------------

  private ComparisonExpression comparisonOr() throws PatternException {
    return run("OR", this::comparisonAnd, ComparisonExpression.Or::new);
  }

  /** A run of AND; the types that could satisfy it so far are kept, so the check is linear in the run. */
  private ComparisonExpression comparisonAnd() throws PatternException {
    ComparisonExpression first = propTest();
    List<ComparisonExpression> run = new ArrayList<>(List.of(first));
    Set<String> types = new HashSet<>(first.satisfiableTypes());
    while (token.isWord("AND")) {
      int at = token.start();
      advance();
      ComparisonExpression next = propTest();
      Set<String> nextTypes = next.satisfiableTypes();
      String conflict = ComparisonExpression.andTypeConflict(new java.util.TreeSet<>(types), nextTypes);
      if (conflict != null) {
        throw new PatternException(at, conflict);
      }
      types.retainAll(nextTypes);
      run.add(next);
    }
    return run.size() == 1 ? first : new ComparisonExpression.And(run);
  }

  private ComparisonExpression propTest() throws PatternException {
    if (token.kind() == Kind.LPAREN) {
      return parenthesised(this::comparisonOr);
    }
    if (token.isWord("EXISTS")) {
      advance();
      return new ComparisonExpression.Exists(objectPath());
    }
    ObjectPath path = objectPath();
    boolean negated = false;
    if (token.isWord("NOT")) {
      negated = true;
      advance();
    }
    Operator operator = operator(path);
    advance();
    int valueAt = token.start();
    Literal value = operator == Operator.IN ? setLiteral() : literal();
    String reason = operator.rejects(value);
    if (reason != null) {
      throw new PatternException(valueAt, reason);
    }
    return new ComparisonExpression.Comparison(path, negated, operator, value);
  }

  private Operator operator(ObjectPath path) throws PatternException {
    switch (token.kind()) {
      case EQ:
        return Operator.EQUAL;
      case NEQ:
        return Operator.NOT_EQUAL;
      case LT:
        return Operator.LESS_THAN;
      case LE:
        return Operator.LESS_THAN_OR_EQUAL;
      case GT:
        return Operator.GREATER_THAN;
      case GE:
        return Operator.GREATER_THAN_OR_EQUAL;
      case WORD:
        switch (token.text()) {
          case "IN":
            return Operator.IN;
          case "LIKE":
            return Operator.LIKE;
          case "MATCHES":
            return Operator.MATCHES;
          case "ISSUBSET":
            return Operator.ISSUBSET;
          case "ISSUPERSET":
            return Operator.ISSUPERSET;
          case "EXISTS":
            throw new PatternException(token.start(), "EXISTS goes before the object path: EXISTS " + path);
          default:
            throw new PatternException(token.start(), "unknown operator '" + token.text() + "'" + keywordHint());
        }
      default:
        throw new PatternException(
            token.start(),
            "expected a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)"
                + " after "
                + path
                + ", found "
                + token.describe());
    }
  }

  private ObjectPath objectPath() throws PatternException {
    if (token.kind() != Kind.WORD) {
      throw new PatternException(
          token.start(), "expected an object path such as file:name, found " + token.describe());
    }
    Token type = token;
    notKeyword(type, "an object type");
    String typeReason = Checks.objectType(type.text());
    if (typeReason != null) {
      throw new PatternException(type.start(), typeReason);
    }
    advance();
    if (token.kind() != Kind.COLON) {
      throw new PatternException(
          token.start(), "expected ':' after object type '" + type.text() + "', found " + token.describe());
    }
    advance();
    List<PathStep> steps = new ArrayList<>();
    steps.add(key("after '" + type.text() + ":'"));
    while (true) {
      if (token.kind() == Kind.DOT) {
        advance();
        steps.add(key("after '.'"));
      } else if (token.kind() == Kind.LBRACKET) {
        steps.add(index());
      } else {
        return new ObjectPath(type.text(), steps);
      }
    }
  }

  private PathStep key(String where) throws PatternException {
    Token t = token;
    if (t.kind() == Kind.STRING) {
      advance();
      return new PathStep.Key(t.value());
    }
    if (t.kind() != Kind.WORD) {
      throw new PatternException(t.start(), "expected a property name " + where + ", found " + t.describe());
    }
    notKeyword(t, "a property name");
    if (t.text().indexOf('-') >= 0) {
      // The grammar's IdentifierWithoutHyphen: a hyphenated key must be quoted, e.g. extensions.'ntfs-ext'.
      throw new PatternException(
          t.start(),
          "property name '" + t.text() + "' contains '-': quote it as " + PatternPrinter.quote(t.text()));
    }
    advance();
    return new PathStep.Key(t.text());
  }

  private PathStep index() throws PatternException {
    int open = token.start();
    advance();
    PathStep step;
    if (token.kind() == Kind.STAR) {
      step = new PathStep.AnyIndex();
    } else if (token.kind() == Kind.INT) {
      step = new PathStep.Index(parseLong(token));
    } else {
      throw new PatternException(
          token.start(), "expected a list index (an integer or '*') after '[', found " + token.describe());
    }
    advance();
    if (token.kind() != Kind.RBRACKET) {
      throw new PatternException(
          token.start(), "expected ']' to close the list index opened at " + open + ", found " + token.describe());
    }
    advance();
    return step;
  }

  private Literal setLiteral() throws PatternException {
    if (token.kind() != Kind.LPAREN) {
      throw new PatternException(
          token.start(), "IN needs a set literal such as ('a', 'b'), found " + token.describe());
    }
    int open = token.start();
    advance();
    List<Literal> elements = new ArrayList<>();
    if (token.kind() == Kind.RPAREN) {
      advance();
      return new Literal.SetLiteral(elements);
    }
    while (true) {
      elements.add(literal());
      if (token.kind() == Kind.RPAREN) {
        advance();
        return new Literal.SetLiteral(elements);
      }
      if (token.kind() != Kind.COMMA) {
        throw new PatternException(
            token.start(), "expected ',' or ')' in the set opened at " + open + ", found " + token.describe());
      }
      advance();
    }
  }

  private Literal literal() throws PatternException {
    Token t = token;
    Literal value;
    switch (t.kind()) {
      case STRING:
        value = new Literal.StringLiteral(t.value());
        break;
      case INT:
        value = new Literal.IntegerLiteral(parseLong(t));
        break;
      case FLOAT:
        value = new Literal.FloatLiteral(new BigDecimal(t.text()));
        break;
      case BINARY:
        value = new Literal.BinaryLiteral(t.value());
        break;
      case HEX:
        value = new Literal.HexLiteral(t.value());
        break;
      case TIMESTAMP:
        value = new Literal.TimestampLiteral(t.value());
        break;
      case WORD:
        if (t.text().equals("true") || t.text().equals("false")) {
          value = new Literal.BooleanLiteral(t.text().equals("true"));
          break;
        }
        throw new PatternException(t.start(), "expected a literal value, found " + t.describe() + literalHint(t));
      case LPAREN:
        throw new PatternException(t.start(), "expected a literal value, found '(': a set of values needs IN");
      default:
        throw new PatternException(t.start(), "expected a literal value, found " + t.describe());
    }
    advance();
    return value;
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private void enter(int at) throws PatternException {
    if (++depth > MAX_DEPTH) {
      throw new PatternException(at, "nesting deeper than " + MAX_DEPTH + " levels");
    }
  }

  private void expectWord(String word, String where) throws PatternException {
    if (!token.isWord(word)) {
      throw new PatternException(
          token.start(), "expected '" + word + "' " + where + ", found " + token.describe() + keywordHint());
    }
    advance();
  }

  private static void notKeyword(Token t, String what) throws PatternException {
    if (Checks.KEYWORDS.contains(t.text())) {
      throw new PatternException(t.start(), "keyword '" + t.text() + "' cannot be " + what);
    }
  }

  private static long parseLong(Token t) throws PatternException {
    try {
      return Long.parseLong(t.text());
    } catch (NumberFormatException e) {
      throw new PatternException(t.start(), "integer literal " + t.text() + " is out of range (64-bit)");
    }
  }

  /** Keywords are case-sensitive (STIX 2.1 §9); point that out when a word differs only in case. */
  private String keywordHint() {
    if (token.kind() != Kind.WORD) {
      return "";
    }
    String upper = token.text().toUpperCase(java.util.Locale.ROOT);
    return !upper.equals(token.text()) && Checks.KEYWORDS.contains(upper)
        ? " (keywords are case-sensitive: did you mean '" + upper + "'?)"
        : "";
  }

  private static String literalHint(Token t) {
    String lower = t.text().toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("true") || lower.equals("false")) {
      return " (booleans are lower case: " + lower + ")";
    }
    return " (strings are quoted: " + PatternPrinter.quote(t.text()) + ")";
  }

  /** The error for text left over after a complete pattern. */
  private PatternException trailing() {
    return new PatternException(
        token.start(),
        "unexpected "
            + token.describe()
            + " after the observation expression; expected AND, OR, FOLLOWEDBY, a qualifier or the end"
            + keywordHint());
  }
}
