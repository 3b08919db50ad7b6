package org.accord.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.accord.stix.pattern.ComparisonExpression.Comparison;
import org.accord.stix.pattern.Literal.StringLiteral;
import org.accord.stix.pattern.Literal.TimestampLiteral;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The AST refuses to hold what the parser would reject, and the helpers behind the semantic checks are right. */
class AstInvariantsTest {

  private static final ObjectPath FILE_NAME = ObjectPath.of("file", "name");

  @Test
  void treesBuiltInCodePrintAsPatternText() {
    var c1 = new Comparison(FILE_NAME, false, Operator.EQUAL, new StringLiteral("a.exe"));
    var c2 = new Comparison(ObjectPath.of("file", "size"), true, Operator.GREATER_THAN, new Literal.IntegerLiteral(7));
    var p =
        new Pattern(
            new ObservationExpression.Qualified(
                new ObservationExpression.Observation(new ComparisonExpression.And(c1, c2)),
                new Qualifier.Repeats(3)));
    assertThat(p.toString()).isEqualTo("[file:name = 'a.exe' AND file:size NOT > 7] REPEATS 3 TIMES");
  }

  @Test
  void comparisonRefusesAnOperandOfTheWrongKind() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Comparison(FILE_NAME, false, Operator.IN, new StringLiteral("a")))
        .withMessageContaining("IN needs a set literal");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Comparison(FILE_NAME, false, Operator.MATCHES, new StringLiteral("(")))
        .withMessageContaining("does not compile");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Comparison(FILE_NAME, false, Operator.LIKE, new Literal.BooleanLiteral(true)))
        .withMessageContaining("LIKE needs a string literal");
  }

  @Test
  void andRefusesOperandsNoSingleObjectCanSatisfy() {
    var file = new Comparison(FILE_NAME, false, Operator.EQUAL, new StringLiteral("a"));
    var ip = new Comparison(ObjectPath.of("ipv4-addr", "value"), false, Operator.EQUAL, new StringLiteral("1.2.3.4"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ComparisonExpression.And(file, ip))
        .withMessageContaining("satisfiable by one object type");
    assertThat(new ComparisonExpression.And(new ComparisonExpression.Or(file, ip), file).satisfiableTypes())
        .containsExactly("file");
  }

  @Test
  void runsNeedTwoOperands() {
    var c = new Comparison(FILE_NAME, false, Operator.EQUAL, new StringLiteral("a"));
    assertThatIllegalArgumentException().isThrownBy(() -> new ComparisonExpression.Or(List.of(c)));
    var o = new ObservationExpression.Observation(c);
    assertThatIllegalArgumentException().isThrownBy(() -> new ObservationExpression.FollowedBy(List.of(o)));
  }

  @Test
  void qualifiersRefuseNonPositiveCountsAndBackwardIntervals() {
    assertThatIllegalArgumentException().isThrownBy(() -> new Qualifier.Repeats(0));
    assertThatIllegalArgumentException().isThrownBy(() -> new Qualifier.Within(BigDecimal.ZERO));
    var early = new TimestampLiteral("2020-01-01T00:00:00Z");
    var late = new TimestampLiteral("2020-01-01T00:00:00.001Z");
    assertThat(new Qualifier.StartStop(early, late).toString())
        .isEqualTo("START t'2020-01-01T00:00:00Z' STOP t'2020-01-01T00:00:00.001Z'");
    assertThatIllegalArgumentException().isThrownBy(() -> new Qualifier.StartStop(late, early));
    assertThatIllegalArgumentException().isThrownBy(() -> new Qualifier.StartStop(early, early));
  }

  @Test
  void objectPathRefusesInvalidTypeNames() {
    assertThatIllegalArgumentException().isThrownBy(() -> ObjectPath.of("x_whatever", "a"));
    assertThatIllegalArgumentException().isThrownBy(() -> ObjectPath.of("file-", "a"));
    assertThat(ObjectPath.of("x-usb-device", "a").objectType()).isEqualTo("x-usb-device");
  }

  @Test
  void keysThatAreNotBareIdentifiersOrAreKeywordsArePrintedQuoted() {
    var path =
        new ObjectPath(
            "file",
            List.of(
                new ObjectPath.PathStep.Key("hashes"),
                new ObjectPath.PathStep.Key("SHA-256"),
                new ObjectPath.PathStep.Key("AND"),
                new ObjectPath.PathStep.Key("it's"),
                new ObjectPath.PathStep.Index(-1),
                new ObjectPath.PathStep.AnyIndex()));
    assertThat(path.toString()).isEqualTo("file:hashes.'SHA-256'.'AND'.'it\\'s'[-1][*]");
  }

  @Test
  void leapSecondIsAcceptedOnlyAtTheEndOfADayAndSortsBeforeTheNextDay() {
    var leap = new TimestampLiteral("2016-12-31T23:59:60Z");
    assertThat(leap.instant()).isBefore(Instant.parse("2017-01-01T00:00:00Z"));
    assertThat(leap.instant()).isAfter(Instant.parse("2016-12-31T23:59:59Z"));
    assertThat(Checks.timestamp("2016-12-31T12:00:60Z")).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.1", "0.0.0.0/0", "255.255.255.255/32", "::", "::1", "fe80::/10", "2001:db8::ff00:42:8329",
        "2001:0db8:dead:beef:0000:0000:0000:0000/64", "::ffff:192.0.2.1", "1:2:3:4:5:6:7:8", "1::8/128"
      })
  void ipAddressesAndCidrRangesAreAccepted(String text) {
    assertThat(Checks.isIpOrCidr(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "10.0.0", "10.0.0.256", "10.0.0.1/33", "10.0.0.1/", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::",
        "::1/129", "example.com", "1.2.3.4.5", "::ffff:192.0.2.1:1", "g::1", "10.0.0.1/-1"
      })
  void malformedAddressesAreRejected(String text) {
    assertThat(Checks.isIpOrCidr(text)).isFalse();
  }

  @Test
  void base64AndHexFollowTheGrammar() {
    assertThat(Checks.base64("dGVzdA==")).isNull();
    assertThat(Checks.base64("dGVzdA=")).isNotNull();
    assertThat(Checks.base64("")).isNotNull();
    assertThat(Checks.hex("")).isNull();
    assertThat(Checks.hex("0aFF")).isNull();
    assertThat(Checks.hex("0aF")).contains("even number");
  }
}
