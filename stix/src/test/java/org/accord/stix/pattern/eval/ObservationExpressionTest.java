package org.accord.stix.pattern.eval;

import static org.accord.stix.pattern.eval.Fixtures.compile;
import static org.accord.stix.pattern.eval.Fixtures.matches;
import static org.accord.stix.pattern.eval.Fixtures.obs;
import static org.accord.stix.pattern.eval.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Observation operators and qualifiers (STIX 2.1 §9.6, §9.7) over several observations. */
class ObservationExpressionTest {
  static String ip(String value) {
    return "{`type`:`ipv4-addr`,`value`:`" + value + "`}";
  }

  static final String A = "[ipv4-addr:value = '192.0.2.1']";
  static final String B = "[ipv4-addr:value = '192.0.2.2']";

  @Test
  void andNeedsBothSidesInDifferentObservations() {
    assertThat(matches(A + " AND " + B, obs(0, ip("192.0.2.1")), obs(5, ip("192.0.2.2")))).isTrue();
    assertThat(matches(A + " AND " + B, obs(0, ip("192.0.2.1")))).isFalse();
    // One observation holding both objects still binds to only one side.
    assertThat(matches(A + " AND " + B, obs(0, ip("192.0.2.1"), ip("192.0.2.2")))).isFalse();
  }

  @Test
  void andOfTheSameObservationExpressionNeedsTwoObservations() {
    assertThat(matches(A + " AND " + A, obs(0, ip("192.0.2.1")))).isFalse();
    assertThat(matches(A + " AND " + A, obs(0, ip("192.0.2.1")), obs(1, ip("192.0.2.1")))).isTrue();
  }

  @Test
  void orNeedsEitherSide() {
    assertThat(matches(A + " OR " + B, obs(0, ip("192.0.2.2")))).isTrue();
    assertThat(matches(A + " OR " + B, obs(0, ip("192.0.2.3")))).isFalse();
  }

  @Test
  void followedByNeedsTheLeftNoLaterThanTheRight() {
    assertThat(matches(A + " FOLLOWEDBY " + B, obs(0, ip("192.0.2.1")), obs(5, ip("192.0.2.2")))).isTrue();
    assertThat(matches(A + " FOLLOWEDBY " + B, obs(5, ip("192.0.2.1")), obs(0, ip("192.0.2.2")))).isFalse();
    assertThat(matches(A + " FOLLOWEDBY " + B, obs(5, ip("192.0.2.1")), obs(5, ip("192.0.2.2")))).isTrue();
  }

  @Test
  void followedByUsesFirstObservedOfTheLeftAndLastObservedOfTheRight() {
    // Left seen from 0 to 100, right from 10 to 20: the left may have happened at 0, before the right.
    assertThat(matches(A + " FOLLOWEDBY " + B, span(0, 100, 1, ip("192.0.2.1")), span(10, 20, 1, ip("192.0.2.2"))))
        .isTrue();
    // Left first seen at 30, right last seen at 20: the left cannot precede.
    assertThat(matches(A + " FOLLOWEDBY " + B, span(30, 40, 1, ip("192.0.2.1")), span(10, 20, 1, ip("192.0.2.2"))))
        .isFalse();
  }

  @Test
  void followedByChainsInOrder() {
    String c = "[ipv4-addr:value = '192.0.2.3']";
    String p = A + " FOLLOWEDBY " + B + " FOLLOWEDBY " + c;
    assertThat(matches(p, obs(0, ip("192.0.2.1")), obs(1, ip("192.0.2.2")), obs(2, ip("192.0.2.3")))).isTrue();
    assertThat(matches(p, obs(0, ip("192.0.2.1")), obs(3, ip("192.0.2.2")), obs(2, ip("192.0.2.3")))).isFalse();
  }

  @Test
  void withinBoundsTheSpanOfTheMatchingObservations() {
    String p = "(" + A + " AND " + B + ") WITHIN 10 SECONDS";
    assertThat(matches(p, obs(0, ip("192.0.2.1")), obs(10, ip("192.0.2.2")))).isTrue();
    assertThat(matches(p, obs(0, ip("192.0.2.1")), obs(11, ip("192.0.2.2")))).isFalse();
    // A third, nearer observation makes it match.
    assertThat(matches(p, obs(0, ip("192.0.2.1")), obs(11, ip("192.0.2.2")), obs(9, ip("192.0.2.1")))).isTrue();
  }

  @Test
  void withinAcceptsFractionalSeconds() {
    String p = "(" + A + " AND " + B + ") WITHIN 0.5 SECONDS";
    assertThat(matches(p, obs(0, ip("192.0.2.1")), obs(0, ip("192.0.2.2")))).isTrue();
    assertThat(matches(p, obs(0, ip("192.0.2.1")), obs(1, ip("192.0.2.2")))).isFalse();
  }

  @Test
  void repeatsNeedsThatManyDistinctObservations() {
    String p = A + " REPEATS 3 TIMES";
    assertThat(matches(p, obs(0, ip("192.0.2.1")), obs(1, ip("192.0.2.1")))).isFalse();
    assertThat(matches(p, obs(0, ip("192.0.2.1")), obs(1, ip("192.0.2.1")), obs(2, ip("192.0.2.1")))).isTrue();
  }

  @Test
  void repeatsCountsNumberObserved() {
    String p = A + " REPEATS 3 TIMES";
    assertThat(matches(p, span(0, 60, 3, ip("192.0.2.1")))).isTrue();
    assertThat(matches(p, span(0, 60, 2, ip("192.0.2.1")))).isFalse();
    assertThat(matches(p, span(0, 60, 2, ip("192.0.2.1")), obs(70, ip("192.0.2.1")))).isTrue();
  }

  @Test
  void repeatsWithinNeedsTheRepetitionsCloseTogether() {
    String p = A + " REPEATS 3 TIMES WITHIN 60 SECONDS";
    List<Observation> spread = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      spread.add(obs(i * 40L, ip("192.0.2.1"))); // any three span at least 80 s
    }
    assertThat(compile(p).matches(spread)).isFalse();
    spread.add(obs(41, ip("192.0.2.1"))); // 40, 41, 80 span 40 s
    assertThat(compile(p).matches(spread)).isTrue();
  }

  @Test
  void startStopKeepsObservationsInTheHalfOpenInterval() {
    String p = A + " START t'2024-03-01T12:00:00Z' STOP t'2024-03-01T12:01:00Z'";
    assertThat(matches(p, obs(0, ip("192.0.2.1")))).isTrue(); // START is inclusive
    assertThat(matches(p, obs(59, ip("192.0.2.1")))).isTrue();
    assertThat(matches(p, obs(60, ip("192.0.2.1")))).isFalse(); // STOP is exclusive
    assertThat(matches(p, obs(-1, ip("192.0.2.1")))).isFalse();
    assertThat(matches(p, span(-10, 0, 1, ip("192.0.2.1")))).isTrue(); // overlaps at START
  }

  @Test
  void qualifierAppliesToTheWholeParenthesizedExpression() {
    String p = "(" + A + " FOLLOWEDBY " + B + ") WITHIN 300 SECONDS";
    assertThat(matches(p, obs(0, ip("192.0.2.1")), obs(300, ip("192.0.2.2")))).isTrue();
    assertThat(matches(p, obs(0, ip("192.0.2.1")), obs(301, ip("192.0.2.2")))).isFalse();
  }

  @Test
  void qualifierWithoutParenthesesBindsToTheNearestObservation() {
    // A AND B WITHIN 10 SECONDS  ==  A AND (B WITHIN 10 SECONDS): a single observation is always within.
    String p = A + " AND " + B + " WITHIN 10 SECONDS";
    assertThat(matches(p, obs(0, ip("192.0.2.1")), obs(1000, ip("192.0.2.2")))).isTrue();
  }

  @Test
  void precedenceIsAndThenOrThenFollowedBy() {
    String c = "[ipv4-addr:value = '192.0.2.3']";
    // A OR B FOLLOWEDBY C  ==  (A OR B) FOLLOWEDBY C
    String p = A + " OR " + B + " FOLLOWEDBY " + c;
    assertThat(matches(p, obs(5, ip("192.0.2.1")), obs(0, ip("192.0.2.3")))).isFalse();
    assertThat(matches(p, obs(0, ip("192.0.2.2")), obs(5, ip("192.0.2.3")))).isTrue();
    // A OR B AND C  ==  A OR (B AND C)
    String q = A + " OR " + B + " AND " + c;
    assertThat(matches(q, obs(0, ip("192.0.2.1")))).isTrue();
    assertThat(matches(q, obs(0, ip("192.0.2.2")))).isFalse();
  }

  @Test
  void evaluateReportsTheMinimalBindings() {
    Observation a1 = obs(0, ip("192.0.2.1"));
    Observation b1 = obs(1, ip("192.0.2.2"));
    Observation other = obs(2, ip("192.0.2.9"));
    MatchResult r = compile(A + " FOLLOWEDBY " + B).evaluate(List.of(other, a1, b1));
    assertThat(r.matched()).isTrue();
    assertThat(r.bindings()).containsExactly(List.of(a1, b1));
    assertThat(r.observations()).containsExactly(a1, b1);
    assertThat(compile(A + " FOLLOWEDBY " + B).evaluate(List.of(b1, other)).matched()).isFalse();
  }

  @Test
  void evaluateListsEachWayOfMatchingOr() {
    Observation a1 = obs(0, ip("192.0.2.1"));
    Observation b1 = obs(1, ip("192.0.2.2"));
    MatchResult r = compile(A + " OR " + B).evaluate(List.of(a1, b1));
    assertThat(r.bindings()).containsExactlyInAnyOrder(List.of(a1), List.of(b1));
  }

  @Test
  void tooManyCombinationsAreReportedNotGuessed() {
    List<Observation> many = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add(obs(i, ip("192.0.2.1")));
    }
    CompiledPattern p = new PatternEvaluator(100, 1_000_000).compile(parse(A + " REPEATS 4 TIMES"));
    assertThat(p.matches(many)).isTrue(); // the first combination is enough
    assertThatThrownBy(() -> p.evaluate(many)).isInstanceOf(EvaluationLimitException.class);
  }

  @Test
  void aSearchBeyondTheStepBudgetIsReported() {
    List<Observation> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(obs(i, ip("192.0.2.1")));
    }
    // 200 observations a second apart hold no 3 within 0.5 s, but finding that out takes more than 50 steps.
    String p = A + " REPEATS 3 TIMES WITHIN 0.5 SECONDS";
    assertThatThrownBy(() -> new PatternEvaluator(100, 50).compile(parse(p)).matches(many))
        .isInstanceOf(EvaluationLimitException.class);
    assertThat(PatternEvaluator.defaults().compile(parse(p)).matches(many)).isFalse();
  }

  @Test
  void timestampsFarInTheFutureAndPastStillMatch() {
    // STIX timestamps run to the year 9999, beyond the nanosecond range of a long (years 1677 to 2262).
    java.time.Instant future = java.time.Instant.parse("9999-12-31T23:59:59Z");
    java.time.Instant past = java.time.Instant.parse("0001-01-01T00:00:00Z");
    Observation late = Observation.of(future, List.of(Fixtures.sco(ip("192.0.2.1"))));
    Observation early = Observation.of(past, List.of(Fixtures.sco(ip("192.0.2.2"))));
    assertThat(compile(A).matches(List.of(late))).isTrue();
    assertThat(compile(B + " FOLLOWEDBY " + A).matches(List.of(late, early))).isTrue();
    assertThat(compile(A + " FOLLOWEDBY " + B).matches(List.of(late, early))).isFalse();
    assertThat(compile("(" + A + " AND " + B + ") WITHIN 3600 SECONDS").matches(List.of(late, early))).isFalse();
  }

  @Test
  void emptyObservationListMatchesNothing() {
    assertThat(compile(A + " OR " + B).matches(List.of())).isFalse();
  }

  private static org.accord.stix.pattern.Pattern parse(String text) {
    return compile(text).pattern();
  }
}
