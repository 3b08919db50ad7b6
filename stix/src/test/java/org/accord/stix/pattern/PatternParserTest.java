package org.accord.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.accord.stix.pattern.ComparisonExpression.Comparison;
import org.accord.stix.pattern.ComparisonExpression.Exists;
import org.accord.stix.pattern.Literal.SetLiteral;
import org.accord.stix.pattern.Literal.StringLiteral;
import org.accord.stix.pattern.ObjectPath.PathStep;
import org.accord.stix.pattern.ObservationExpression.FollowedBy;
import org.accord.stix.pattern.ObservationExpression.Observation;
import org.accord.stix.pattern.ObservationExpression.Qualified;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PatternParserTest {

  static List<String> resource(String name) {
    try (InputStream in = PatternParserTest.class.getResourceAsStream("/patterns/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<String> validPatterns() {
    return Stream.of("spec-examples.txt", "oasis-examples-patterns.txt", "accord-valid.txt")
        .flatMap(f -> resource(f).stream());
  }

  @Test
  void fixtureFilesAreNotEmpty() {
    assertThat(resource("spec-examples.txt")).hasSizeGreaterThanOrEqualTo(22);
    assertThat(resource("oasis-examples-patterns.txt")).hasSizeGreaterThanOrEqualTo(40);
  }

  @ParameterizedTest
  @MethodSource("validPatterns")
  void everyExamplePatternParsesAndItsCanonicalTextParsesToTheSameTree(String text) throws Exception {
    Pattern pattern = PatternParser.parse(text);
    Pattern again = PatternParser.parse(pattern.toString());
    assertThat(again).isEqualTo(pattern);
    assertThat(again.toString()).isEqualTo(pattern.toString());
  }

  @Test
  void canonicalTextNormalisesSpacingAndOperatorSpellings() throws Exception {
    Pattern p = PatternParser.parse("[  file:size==5 AND file:name<>'a' ]  ");
    assertThat(p.toString()).isEqualTo("[file:size = 5 AND file:name != 'a']");
  }

  @Test
  void qualifierBindsToTheObservationBeforeItNotToTheWholeAnd() throws Exception {
    Pattern p = PatternParser.parse("[a-b:x = 1] AND [a-b:y = 2] WITHIN 5 SECONDS");
    var and = (ObservationExpression.And) p.expression();
    assertThat(and.operands().get(0)).isInstanceOf(Observation.class);
    assertThat(and.operands().get(1)).isInstanceOf(Qualified.class);
    assertThat(((Qualified) and.operands().get(1)).qualifier()).isEqualTo(new Qualifier.Within(new BigDecimal("5")));
  }

  @Test
  void observationAndBindsTighterThanOrWhichBindsTighterThanFollowedBy() throws Exception {
    Pattern p = PatternParser.parse("[a-a:x = 1] FOLLOWEDBY [b-b:x = 1] OR [c-c:x = 1] AND [d-d:x = 1]");
    var followedBy = (FollowedBy) p.expression();
    var or = (ObservationExpression.Or) followedBy.operands().get(1);
    assertThat(or.operands().get(1)).isInstanceOf(ObservationExpression.And.class);
    assertThat(p.toString()).isEqualTo("[a-a:x = 1] FOLLOWEDBY [b-b:x = 1] OR [c-c:x = 1] AND [d-d:x = 1]");
  }

  @Test
  void aRunOfTheSameOperatorIsOneNode() throws Exception {
    var or =
        (ComparisonExpression.Or)
            ((Observation) PatternParser.parse("[file:a = 1 OR file:b = 2 OR file:c = 3]").expression())
                .comparison();
    assertThat(or.operands()).hasSize(3);
    var followedBy = (FollowedBy) PatternParser.parse("[file:a = 1] FOLLOWEDBY [file:b = 1] FOLLOWEDBY [file:c = 1]")
        .expression();
    assertThat(followedBy.operands()).hasSize(3);
  }

  @Test
  void parenthesesAroundTheSameOperatorMakeANestedNodeAndAreKept() throws Exception {
    String text = "[file:a = 1 OR (file:b = 2 OR file:c = 3)] OR ([file:d = 1] OR [file:e = 1])";
    Pattern p = PatternParser.parse(text);
    assertThat(p.toString()).isEqualTo(text);
    assertThat(((ObservationExpression.Or) p.expression()).operands().get(1))
        .isInstanceOf(ObservationExpression.Or.class);
  }

  @Test
  void tenThousandIndicatorValuesInOneObservationParseCompareAndPrint() throws Exception {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < 10_000; i++) {
      sb.append(i == 0 ? "" : " OR ").append("ipv4-addr:value = '10.0.").append(i / 256).append('.')
          .append(i % 256).append('\'');
    }
    String text = sb.append(']').toString();
    Pattern p = PatternParser.parse(text);
    assertThat(p.toString()).isEqualTo(text);
    assertThat(PatternParser.parse(p.toString())).isEqualTo(p).hasSameHashCodeAs(p);
  }

  @Test
  void comparisonAndBindsTighterThanOr() throws Exception {
    Pattern p = PatternParser.parse("[file:a = 1 OR file:b = 2 AND file:c = 3]");
    var or = (ComparisonExpression.Or) ((Observation) p.expression()).comparison();
    assertThat(or.operands()).hasSize(2);
    assertThat(or.operands().get(1)).isInstanceOf(ComparisonExpression.And.class);
  }

  @Test
  void parenthesesThatChangeTheTreeAreKeptInCanonicalText() throws Exception {
    String text = "[(file:a = 1 OR file:b = 2) AND file:c = 3] AND ([file:d = 1] OR [file:e = 2])";
    assertThat(PatternParser.parse(text).toString()).isEqualTo(text);
  }

  @Test
  void objectPathStepsAreKeysIndexesAndWildcards() throws Exception {
    Pattern p = PatternParser.parse("[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]");
    Comparison c = only(p);
    assertThat(c.path().objectType()).isEqualTo("file");
    assertThat(c.path().steps())
        .containsExactly(
            new PathStep.Key("extensions"),
            new PathStep.Key("windows-pebinary-ext"),
            new PathStep.Key("sections"),
            new PathStep.AnyIndex(),
            new PathStep.Key("entropy"));
    assertThat(c.value()).isEqualTo(new Literal.FloatLiteral(new BigDecimal("7.0")));
    assertThat(only(PatternParser.parse("[x-y:list[3] = 1]")).path().steps())
        .contains(new PathStep.Index(3));
  }

  @Test
  void quotedAndBareKeysAreTheSameKey() throws Exception {
    assertThat(PatternParser.parse("[file:hashes.'MD5' = 'a']"))
        .isEqualTo(PatternParser.parse("[file:hashes.MD5 = 'a']"));
  }

  @Test
  void stringEscapesAreResolvedAndPrintedBack() throws Exception {
    Pattern p = PatternParser.parse("[file:name = 'it\\'s C:\\\\x']");
    assertThat(only(p).value()).isEqualTo(new StringLiteral("it's C:\\x"));
    assertThat(p.toString()).isEqualTo("[file:name = 'it\\'s C:\\\\x']");
  }

  @Test
  void typedLiteralsDecode() throws Exception {
    var bin = (Literal.BinaryLiteral) value("[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']");
    assertThat(new String(bin.bytes(), StandardCharsets.US_ASCII)).isEqualTo("this is a test");
    var hex = (Literal.HexLiteral) value("[file:magic_number_hex = h'ffD8']");
    assertThat(hex.bytes()).containsExactly((byte) 0xff, (byte) 0xd8);
    var ts = (Literal.TimestampLiteral) value("[file:created = t'2014-01-13T07:03:17.5Z']");
    assertThat(ts.instant()).isEqualTo(java.time.Instant.parse("2014-01-13T07:03:17.500Z"));
    assertThat(value("[file:x = -12]")).isEqualTo(new Literal.IntegerLiteral(-12));
    assertThat(value("[file:x = +.5]")).isEqualTo(new Literal.FloatLiteral(new BigDecimal("0.5")));
    assertThat(value("[file:x != false]")).isEqualTo(new Literal.BooleanLiteral(false));
  }

  @Test
  void inTakesASetOfLiteralsIncludingTheEmptySet() throws Exception {
    assertThat(value("[network-traffic:dst_port IN (443, 8443)]"))
        .isEqualTo(new SetLiteral(List.of(new Literal.IntegerLiteral(443), new Literal.IntegerLiteral(8443))));
    assertThat(value("[file:name IN ()]")).isEqualTo(new SetLiteral(List.of()));
  }

  @Test
  void notPrecedesTheOperatorAndExistsTakesNoValue() throws Exception {
    Comparison c = only(PatternParser.parse("[file:name NOT LIKE 'a%']"));
    assertThat(c.negated()).isTrue();
    assertThat(c.operator()).isEqualTo(Operator.LIKE);
    var exists = ((Observation) PatternParser.parse("[EXISTS file:hashes.MD5]").expression()).comparison();
    assertThat(exists).isEqualTo(new Exists(ObjectPath.of("file", "hashes", "MD5")));
  }

  @Test
  void qualifiersCombineAndTheSameKindMayRepeatOnlyAcrossParentheses() throws Exception {
    Pattern p = PatternParser.parse("[file:a = 1] REPEATS 5 TIMES WITHIN 1800 SECONDS");
    var outer = (Qualified) p.expression();
    assertThat(outer.qualifier()).isInstanceOf(Qualifier.Within.class);
    assertThat(((Qualified) outer.expression()).qualifier()).isEqualTo(new Qualifier.Repeats(5));
    Pattern nested = PatternParser.parse("([file:a = 1] WITHIN 5 SECONDS) WITHIN 6.5 SECONDS");
    assertThat(nested.toString()).isEqualTo("([file:a = 1] WITHIN 5 SECONDS) WITHIN 6.5 SECONDS");
  }

  @Test
  void andAcrossTypesIsAllowedWhenEachSideCanBeSatisfiedByOneCommonType() throws Exception {
    // oasis-tcs/cti-stix2#235: the satisfiable types of OR are the union, of AND the intersection.
    Pattern p = PatternParser.parse("[(ipv4-addr:value = '1.2.3.4' OR file:name = 'a') AND file:size = 3]");
    assertThat(((Observation) p.expression()).comparison().satisfiableTypes()).containsExactly("file");
  }

  @Test
  void commentsAreSkipped() throws Exception {
    assertThat(PatternParser.parse("/* c */ [file:name = 'a'] // trailing"))
        .isEqualTo(PatternParser.parse("[file:name = 'a']"));
  }

  @Test
  void objectTypesListsEveryTypeOnce() throws Exception {
    Pattern p =
        PatternParser.parse(
            "[domain-name:value = 'a' OR ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [file:name = 'x'] AND [file:size"
                + " > 1]");
    assertThat(p.objectTypes()).containsExactly("domain-name", "file", "ipv4-addr");
  }

  @Test
  void simpleComparisonIsOneUnqualifiedEqualsOrIn() throws Exception {
    assertThat(PatternParser.parse("[ipv4-addr:value = '10.0.0.0']").isSimpleComparison()).isTrue();
    assertThat(PatternParser.parse("[file:hashes.MD5 IN ('a', 'b')]").isSimpleComparison()).isTrue();
    assertThat(PatternParser.parse("[file:name != 'a']").isSimpleComparison()).isFalse();
    assertThat(PatternParser.parse("[file:name NOT = 'a']").isSimpleComparison()).isFalse();
    assertThat(PatternParser.parse("[file:name = 'a' OR file:name = 'b']").isSimpleComparison()).isFalse();
    assertThat(PatternParser.parse("[file:name = 'a'] REPEATS 2 TIMES").isSimpleComparison()).isFalse();
    assertThat(PatternParser.parse("[file:name = 'a'] AND [file:name = 'b']").isSimpleComparison()).isFalse();
  }

  @Test
  void visitorsReachEveryNode() throws Exception {
    Pattern p = PatternParser.parse("([file:a = 1 AND EXISTS file:b] OR [file:c = 1]) FOLLOWEDBY [file:d = 1]");
    int comparisons =
        p.expression()
            .accept(
                new ObservationExpression.Visitor<Integer>() {
                  @Override
                  public Integer visitObservation(Observation o) {
                    return o.comparison().accept(new CountLeaves());
                  }

                  @Override
                  public Integer visitAnd(ObservationExpression.And a) {
                    return a.operands().stream().mapToInt(o -> o.accept(this)).sum();
                  }

                  @Override
                  public Integer visitOr(ObservationExpression.Or o) {
                    return o.operands().stream().mapToInt(x -> x.accept(this)).sum();
                  }

                  @Override
                  public Integer visitFollowedBy(FollowedBy f) {
                    return f.operands().stream().mapToInt(o -> o.accept(this)).sum();
                  }

                  @Override
                  public Integer visitQualified(Qualified q) {
                    return q.expression().accept(this);
                  }
                });
    assertThat(comparisons).isEqualTo(4);
  }

  private static final class CountLeaves implements ComparisonExpression.Visitor<Integer> {
    @Override
    public Integer visitAnd(ComparisonExpression.And and) {
      return and.operands().stream().mapToInt(o -> o.accept(this)).sum();
    }

    @Override
    public Integer visitOr(ComparisonExpression.Or or) {
      return or.operands().stream().mapToInt(o -> o.accept(this)).sum();
    }

    @Override
    public Integer visitComparison(Comparison comparison) {
      return 1;
    }

    @Override
    public Integer visitExists(Exists exists) {
      return 1;
    }
  }

  /** The comparison of a one-observation, one-comparison pattern. */
  static Comparison only(Pattern p) {
    return (Comparison) ((Observation) p.expression()).comparison();
  }

  private static Literal value(String text) throws PatternException {
    return only(PatternParser.parse(text)).value();
  }
}
