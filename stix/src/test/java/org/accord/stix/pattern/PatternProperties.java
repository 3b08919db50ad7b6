package org.accord.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.accord.stix.pattern.ComparisonExpression.Comparison;
import org.accord.stix.pattern.ObjectPath.PathStep;

/** Round trip of random valid trees through text, and robustness against random and mutated text. */
class PatternProperties {

  @Property(tries = 300)
  void canonicalTextParsesBackToAnEqualTree(@ForAll("patterns") Pattern pattern) throws Exception {
    String text = pattern.toString();
    Pattern parsed = PatternParser.parse(text);
    assertThat(parsed).isEqualTo(pattern);
    assertThat(parsed.toString()).isEqualTo(text);
  }

  @Property(tries = 3000)
  void randomTextFailsOnlyWithAPatternExceptionInsideTheText(@ForAll("noise") String text) {
    assertParsesOrFailsCleanly(text);
  }

  @Property(tries = 1000)
  void mutatedValidPatternsFailOnlyWithAPatternException(
      @ForAll("patterns") Pattern pattern,
      @ForAll @IntRange(min = 0, max = 1_000_000) int where,
      @ForAll("edits") String edit,
      @ForAll @IntRange(min = 0, max = 3) int kind) {
    String text = pattern.toString();
    int at = where % (text.length() + 1);
    String mutated =
        switch (kind) {
          case 0 -> text.substring(0, at) + edit + text.substring(at); // insert
          case 1 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + edit.length())); // delete
          case 2 -> text.substring(0, at); // truncate
          default -> text.substring(0, at) + edit + text.substring(Math.min(text.length(), at + 1)); // replace
        };
    assertParsesOrFailsCleanly(mutated);
  }

  private static void assertParsesOrFailsCleanly(String text) {
    Pattern parsed;
    try {
      parsed = PatternParser.parse(text);
    } catch (PatternException e) {
      assertThat(e.position()).isBetween(0, text.length());
      assertThat(e.reason()).isNotBlank();
      return;
    }
    // Whatever is accepted must also survive the round trip.
    try {
      assertThat(PatternParser.parse(parsed.toString())).isEqualTo(parsed);
    } catch (PatternException e) {
      throw new AssertionError("canonical text of accepted " + text + " does not parse: " + e.getMessage(), e);
    }
  }

  // ---- text generators ---------------------------------------------------------------------------------------

  @Provide
  Arbitrary<String> noise() {
    Arbitrary<String> tokens =
        Arbitraries.of(
            "[", "]", "(", ")", ":", ".", ",", "*", "=", "!=", "<", ">=", "'", "\\", " ", "AND", "OR", "NOT",
            "FOLLOWEDBY", "IN", "LIKE", "MATCHES", "ISSUBSET", "EXISTS", "WITHIN", "SECONDS", "REPEATS", "TIMES",
            "START", "STOP", "file", "name", "ipv4-addr", "value", "'a'", "t'", "b'", "h'", "1", "-2", ".5",
            "2020-01-01T00:00:00Z", "/*", "//", "true", "\u00a0", "\u0000");
    Arbitrary<String> tokenSoup = tokens.list().ofMaxSize(30).map(l -> String.join("", l));
    return Arbitraries.oneOf(tokenSoup, Arbitraries.strings().ofMaxLength(60));
  }

  @Provide
  Arbitrary<String> edits() {
    return Arbitraries.oneOf(
        Arbitraries.of("[", "]", "(", ")", "'", "\\", " AND ", " OR ", "NOT ", ".", "[*]", "-", "0", "t'", "/*"),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(4));
  }

  // ---- AST generators ----------------------------------------------------------------------------------------

  @Provide
  Arbitrary<Pattern> patterns() {
    return observations(3).map(Pattern::new);
  }

  private Arbitrary<ObservationExpression> observations(int depth) {
    Arbitrary<ObservationExpression> leaf = objectTypes().flatMap(t -> comparisons(t, 2))
        .map(ObservationExpression.Observation::new);
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<ObservationExpression> sub = Arbitraries.lazy(() -> observations(depth - 1));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, leaf),
        net.jqwik.api.Tuple.of(1, Combinators.combine(sub, sub).as(ObservationExpression.And::new)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(sub, sub).as(ObservationExpression.Or::new)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(sub, sub).as(ObservationExpression.FollowedBy::new)),
        net.jqwik.api.Tuple.of(2, Combinators.combine(sub, qualifiers()).as(ObservationExpression.Qualified::new)));
  }

  private Arbitrary<Qualifier> qualifiers() {
    Arbitrary<Qualifier> within =
        Combinators.combine(Arbitraries.longs().between(1, 1_000_000), Arbitraries.integers().between(0, 3))
            .as((n, scale) -> new Qualifier.Within(BigDecimal.valueOf(n, scale)));
    Arbitrary<Qualifier> repeats = Arbitraries.longs().between(1, 10_000).map(Qualifier.Repeats::new);
    Arbitrary<Qualifier> startStop =
        Combinators.combine(timestamps(), timestamps())
            .filter((a, b) -> !a.instant().equals(b.instant()))
            .as((a, b) -> a.instant().isBefore(b.instant()) ? new Qualifier.StartStop(a, b)
                : new Qualifier.StartStop(b, a));
    return Arbitraries.oneOf(within, repeats, startStop);
  }

  /** Comparison trees whose leaves all use {@code type}, so AND is always satisfiable. */
  private Arbitrary<ComparisonExpression> comparisons(String type, int depth) {
    Arbitrary<ComparisonExpression> leaf = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, comparison(type)),
        net.jqwik.api.Tuple.of(1, paths(type).map(ComparisonExpression.Exists::new)));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<ComparisonExpression> sub = Arbitraries.lazy(() -> comparisons(type, depth - 1));
    // OR may mix types freely: an OR of two types is satisfiable by either.
    Arbitrary<ComparisonExpression> otherType = objectTypes().flatMap(this::comparison);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, leaf),
        net.jqwik.api.Tuple.of(1, Combinators.combine(sub, sub).as(ComparisonExpression.And::new)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(sub, sub).as(ComparisonExpression.Or::new)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(sub, otherType).as(ComparisonExpression.Or::new)));
  }

  private Arbitrary<ComparisonExpression> comparison(String type) {
    return Combinators.combine(paths(type), Arbitraries.of(true, false), Arbitraries.of(Operator.class))
        .flatAs((path, negated, op) -> valuesFor(op).map(v -> new Comparison(path, negated, op, v)));
  }

  private Arbitrary<Literal> valuesFor(Operator op) {
    switch (op) {
      case IN:
        return primitives().list().ofMaxSize(4).map(Literal.SetLiteral::new);
      case LIKE:
        return strings();
      case MATCHES:
        return Arbitraries.oneOf(
            Arbitraries.of("^a.+\\.exe$", "[IMPORTANT]", "\\x00\\xff", "(a|b)*c", "'quoted'")
                .map(Literal.StringLiteral::new),
            Arbitraries.strings().ofMaxLength(10).map(s -> new Literal.StringLiteral(java.util.regex.Pattern.quote(s))));
      case ISSUBSET:
      case ISSUPERSET:
        return ipOrCidr().map(Literal.StringLiteral::new);
      case EQUAL:
      case NOT_EQUAL:
        return primitives();
      default:
        return primitives().filter(Literal::isOrderable);
    }
  }

  private Arbitrary<Literal> primitives() {
    return Arbitraries.oneOf(
        strings(),
        Arbitraries.longs().map(Literal.IntegerLiteral::new),
        Combinators.combine(Arbitraries.longs().between(-1_000_000_000L, 1_000_000_000L),
                Arbitraries.integers().between(1, 6))
            .as((n, scale) -> new Literal.FloatLiteral(BigDecimal.valueOf(n, scale))),
        Arbitraries.of(true, false).map(Literal.BooleanLiteral::new),
        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(12)
            .map(b -> new Literal.BinaryLiteral(Base64.getEncoder().encodeToString(b))),
        Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(8), Arbitraries.of(true, false))
            .as((b, upper) -> new Literal.HexLiteral(upper ? HexFormat.of().withUpperCase().formatHex(b)
                : HexFormat.of().formatHex(b))),
        timestamps());
  }

  private Arbitrary<Literal> strings() {
    return Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(12),
            Arbitraries.strings().withChars("ab'\\ %_").ofMaxLength(8))
        .map(Literal.StringLiteral::new);
  }

  private Arbitrary<Literal.TimestampLiteral> timestamps() {
    DateTimeFormatter seconds = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    return Combinators.combine(
            Arbitraries.longs().between(0, 4_102_444_800L), // 1970 .. 2100
            Arbitraries.integers().between(0, 999_999_999),
            Arbitraries.integers().between(0, 9))
        .as((epoch, nanos, digits) -> {
          String text = seconds.format(Instant.ofEpochSecond(epoch));
          if (digits > 0) {
            text += "." + String.format("%09d", nanos).substring(0, digits);
          }
          return new Literal.TimestampLiteral(text + "Z");
        });
  }

  private Arbitrary<String> ipOrCidr() {
    Arbitrary<String> v4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
        .map(l -> l.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(".")));
    Arbitrary<String> v6 = Arbitraries.of(
        "2001:0db8:dead:beef:0000:0000:0000:0000", "::1", "fe80::", "2001:db8::ff00:42:8329", "::ffff:192.0.2.1");
    Arbitrary<String> v4cidr = Combinators.combine(v4, Arbitraries.integers().between(0, 32)).as((a, p) -> a + "/" + p);
    Arbitrary<String> v6cidr =
        Combinators.combine(v6, Arbitraries.integers().between(0, 128)).as((a, p) -> a + "/" + p);
    return Arbitraries.oneOf(v4, v6, v4cidr, v6cidr);
  }

  private Arbitrary<String> objectTypes() {
    Arbitrary<String> generated =
        Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(3).ofMaxLength(8),
                Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(4)
                    .injectNull(0.6))
            .as((head, tail) -> tail == null ? head : head + "-" + tail);
    return Arbitraries.oneOf(
        Arbitraries.of("file", "ipv4-addr", "domain-name", "network-traffic", "x509-certificate", "x-acme-widget"),
        generated);
  }

  private Arbitrary<ObjectPath> paths(String type) {
    Arbitrary<PathStep> key = keys().map(PathStep.Key::new);
    Arbitrary<PathStep> step =
        Arbitraries.oneOf(
            key, Arbitraries.longs().between(-3, 1000).map(PathStep.Index::new), Arbitraries.just(new PathStep.AnyIndex()));
    return Combinators.combine(key, step.list().ofMaxSize(3))
        .as((first, rest) -> {
          List<PathStep> steps = new ArrayList<>();
          steps.add(first);
          steps.addAll(rest);
          return new ObjectPath(type, steps);
        });
  }

  private Arbitrary<String> keys() {
    return Arbitraries.oneOf(
        Arbitraries.of("name", "hashes", "MD5", "SHA-256", "value", "windows-pebinary-ext", "AND", "true", "_x1"),
        Arbitraries.strings().ofMaxLength(8));
  }
}
