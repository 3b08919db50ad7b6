package org.accord.stix.pattern.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.function.Predicate;
import org.accord.stix.pattern.ComparisonExpression;
import org.accord.stix.pattern.ComparisonExpression.Comparison;
import org.accord.stix.pattern.Literal;
import org.accord.stix.pattern.Operator;

/**
 * A compiled comparison expression (the inside of {@code [ ... ]}, STIX 2.1 §9.5): a test of one root object of an
 * observation. An observation satisfies the observation expression when one of its objects passes.
 *
 * <p>Design note. Binding. Every comparison of an AND is tested against the same root object, which is what the
 * specification's rule that AND-ed comparisons be satisfiable by one object type implies (clarified wording of
 * oasis-tcs/cti-stix2#235) and what the OASIS reference matcher does (it intersects the matching root objects per
 * observation); OR takes any. Paths may leave the root through {@code _ref}s, so {@code
 * [network-traffic:dst_ref.value = 'x' AND network-traffic:src_port = 1]} binds to one network-traffic object.
 *
 * <p>Quantification. A path can select several values ({@code [*]}, {@code _refs}); a comparison holds when it holds
 * for at least one of them, NOT being applied to each value before that ("some value is not 'x'"). A path that
 * selects nothing (missing property, unresolved reference) makes the comparison false with or without NOT, so NOT is
 * not the complement of the comparison: {@code [file:name NOT = 'a']} does not match a file without a name.
 */
@FunctionalInterface
interface ObjectTest {

  boolean test(ObjectNode root, Observation observation);

  static ObjectTest compile(ComparisonExpression expression) {
    if (expression instanceof ComparisonExpression.And and) {
      ObjectTest[] all = and.operands().stream().map(ObjectTest::compile).toArray(ObjectTest[]::new);
      return (root, obs) -> {
        for (ObjectTest t : all) {
          if (!t.test(root, obs)) {
            return false;
          }
        }
        return true;
      };
    } else if (expression instanceof ComparisonExpression.Or or) {
      ObjectTest[] any = or.operands().stream().map(ObjectTest::compile).toArray(ObjectTest[]::new);
      return (root, obs) -> {
        for (ObjectTest t : any) {
          if (t.test(root, obs)) {
            return true;
          }
        }
        return false;
      };
    } else if (expression instanceof ComparisonExpression.Exists exists) {
      PathSelector path = new PathSelector(exists.path());
      return (root, obs) -> !path.select(root, obs).isEmpty();
    }
    Comparison c = (Comparison) expression;
    PathSelector path = new PathSelector(c.path());
    Predicate<Object> value = valueTest(c.operator(), c.value());
    boolean negated = c.negated();
    return (root, obs) -> {
      for (Object v : path.select(root, obs)) {
        if (value.test(v) != negated) {
          return true;
        }
      }
      return false;
    };
  }

  /** The test of one selected value against the constant, before NOT. */
  private static Predicate<Object> valueTest(Operator operator, Literal literal) {
    switch (operator) {
      case EQUAL:
        return Operand.of(literal)::equalTo;
      case NOT_EQUAL:
        Operand operand = Operand.of(literal);
        return v -> !operand.equalTo(v);
      case LESS_THAN:
        return ordering(literal, c -> c < 0);
      case LESS_THAN_OR_EQUAL:
        return ordering(literal, c -> c <= 0);
      case GREATER_THAN:
        return ordering(literal, c -> c > 0);
      case GREATER_THAN_OR_EQUAL:
        return ordering(literal, c -> c >= 0);
      case IN:
        List<Operand> set = ((Literal.SetLiteral) literal).elements().stream().map(Operand::of).toList();
        return v -> set.stream().anyMatch(o -> o.equalTo(v));
      case LIKE:
        return text(Like.toRegex(nfc(string(literal)))::matcher, true);
      case MATCHES:
        return Matches.of(string(literal));
      case ISSUBSET:
        Cidr range = Cidr.parse(string(literal));
        return v -> v instanceof JsonNode n && n.isTextual() && isSubset(Cidr.parse(n.asText()), range);
      case ISSUPERSET:
        Cidr member = Cidr.parse(string(literal));
        return v -> v instanceof JsonNode n && n.isTextual() && isSubset(member, Cidr.parse(n.asText()));
      default:
        throw new IllegalStateException("unknown operator " + operator);
    }
  }

  private static boolean isSubset(Cidr inner, Cidr outer) {
    return inner != null && outer != null && inner.isSubsetOf(outer);
  }

  private static Predicate<Object> ordering(Literal literal, java.util.function.IntPredicate holds) {
    Operand operand = Operand.of(literal);
    return v -> {
      Integer c = operand.compareFrom(v);
      return c != null && holds.test(c);
    };
  }

  private static Predicate<Object> text(
      java.util.function.Function<CharSequence, java.util.regex.Matcher> matcher, boolean whole) {
    return v -> {
      if (!(v instanceof JsonNode n) || !n.isTextual()) {
        return false;
      }
      java.util.regex.Matcher m = matcher.apply(nfc(n.asText()));
      return whole ? m.matches() : m.find();
    };
  }

  private static String string(Literal literal) {
    return ((Literal.StringLiteral) literal).value();
  }

  /**
   * Unicode normalization form C, applied to both sides of LIKE and MATCHES as the reference matcher does, so that a
   * precomposed and a decomposed 'é' match alike.
   */
  static String nfc(String s) {
    return Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
  }

  /**
   * MATCHES (STIX 2.1 §9.5): a regular expression search (unanchored, like PCRE's default), on text and on binary
   * values.
   *
   * <p>The specification names PCRE; this is {@link java.util.regex}, which agrees on the common syntax (classes,
   * quantifiers, lazy and possessive forms, look-around, {@code \xhh}, {@code (?<name>...)}, inline flags) but has no
   * recursion ({@code (?R)}, {@code (?1)}), conditionals ({@code (?(1)...)}), {@code \K}, backtracking verbs
   * ({@code (*SKIP)}) or {@code (?P<name>...)}: patterns using these fail to parse ({@link
   * org.accord.stix.pattern.PatternParser} compiles every MATCHES expression), so they are reported, not silently
   * mismatched. PCRE's POSIX classes such as {@code [[:alpha:]]}, which Java would read as the characters ':', 'a',
   * 'l', 'p', 'h', are translated to their Java equivalents ({@code \p{Alpha}}, ASCII as in PCRE by default) before
   * compiling; see {@link #posixClasses}.
   *
   * <p>Regular expressions come from partners' indicators, so a catastrophic one such as {@code (.*a){12}$} must not
   * stall the sensor: the subject is read through a counter, and a search that reads more than {@value #READS_PER_CHAR}
   * characters per character of its subject ends in {@link EvaluationLimitException}.
   */
  final class Matches {
    /** Ordinary searches read each character a few times; exponential backtracking reads far more. */
    static final int READS_PER_CHAR = 10_000;

    private Matches() {}

    static Predicate<Object> of(String pcre) {
      String regex = posixClasses(pcre);
      java.util.regex.Pattern onText = java.util.regex.Pattern.compile(nfc(regex));
      // Binary values are matched as ISO-8859-1 text, one character per byte, so '\\xd4' matches the byte 0xD4. A
      // regex with a character above U+00FF could only match that character, which no byte is: it never matches.
      boolean binaryCapable = Operand.latin1(regex) != null;
      java.util.regex.Pattern onBytes = binaryCapable ? java.util.regex.Pattern.compile(regex) : null;
      return v -> {
        if (v instanceof JsonNode n && n.isTextual()) {
          return search(onText, nfc(n.asText()));
        }
        if (v instanceof byte[] bytes && onBytes != null) {
          return search(onBytes, new String(bytes, StandardCharsets.ISO_8859_1));
        }
        return false;
      };
    }

    private static final java.util.regex.Pattern POSIX =
        java.util.regex.Pattern.compile(
            "\\[:(\\^?)(alnum|alpha|ascii|blank|cntrl|digit|graph|lower|print|punct|space|upper|xdigit|word):]");

    /**
     * PCRE's {@code [:name:]} and {@code [:^name:]} inside a bracket expression, as Java's {@code \p{Name}} and {@code
     * \P{Name}} ({@code word} as {@code \w}). A {@code [:} preceded by a backslash is left alone.
     */
    static String posixClasses(String pcre) {
      java.util.regex.Matcher m = POSIX.matcher(pcre);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        if (m.start() > 0 && pcre.charAt(m.start() - 1) == '\\') {
          m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(m.group()));
          continue;
        }
        boolean negated = !m.group(1).isEmpty();
        String name = m.group(2);
        String replacement =
            switch (name) {
              case "word" -> negated ? "\\W" : "\\w";
              case "xdigit" -> (negated ? "\\P" : "\\p") + "{XDigit}";
              case "ascii" -> (negated ? "\\P" : "\\p") + "{ASCII}";
              default -> (negated ? "\\P" : "\\p")
                  + "{" + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "}";
            };
        m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
      }
      m.appendTail(out);
      return out.toString();
    }

    private static boolean search(java.util.regex.Pattern regex, String subject) {
      return regex.matcher(new Counted(subject, (subject.length() + 1L) * READS_PER_CHAR)).find();
    }
  }

  /** A string whose characters can be read a limited number of times, to bound a regular expression's work. */
  final class Counted implements CharSequence {
    private final String text;
    private final long[] readsLeft;

    Counted(String text, long reads) {
      this(text, new long[] {reads});
    }

    private Counted(String text, long[] readsLeft) {
      this.text = text;
      this.readsLeft = readsLeft;
    }

    @Override
    public char charAt(int index) {
      if (--readsLeft[0] < 0) {
        throw new EvaluationLimitException(
            "MATCHES gave up on a " + text.length() + "-character value: the regular expression backtracks too much");
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Counted(text.substring(start, end), readsLeft); // shares the budget
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
