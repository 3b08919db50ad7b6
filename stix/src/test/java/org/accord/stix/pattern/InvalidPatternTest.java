package org.accord.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid patterns, each with the 0-based position and the reason the parser must report. Positions were worked out
 * by hand from the text (the offending token's first character, or the text length at end of pattern).
 */
class InvalidPatternTest {

  static Stream<Arguments> invalidPatterns() {
    return Stream.of(
        row("", 0, "empty pattern: expected '[' to start an observation expression"),
        row("file:size = 1280", 0, "expected '[' or '(' to start an observation expression, found 'file'"),
        row("[file:size = ]", 13, "expected a literal value, found ']'"),
        row("[file:hashes.MD5 = cead3f77]", 19, "expected a literal value, found 'cead3f77' (strings are quoted: 'cead3f77')"),
        row("[file.size = 1280]", 5, "expected ':' after object type 'file', found '.'"),
        row("[file:name MATCHES /.*dll/]", 19, "unexpected character '/'"),
        row("[file:name = 'a'] WITHIN ]", 25, "expected a number of seconds after WITHIN, found ']'"),
        row("[file:name = 'a'] WITHIN 5 HOURS", 27, "expected 'SECONDS' after WITHIN 5, found 'HOURS'"),
        row("[file:name = 'a'] WITHIN -5 SECONDS", 25, "WITHIN needs a positive number of seconds, found -5"),
        row("[file:name = 'a'] WITHIN 5", 26, "expected 'SECONDS' after WITHIN 5, found end of pattern"),
        row("[file:name = 'a'] REPEATS 0 TIMES", 26, "REPEATS needs a positive integer, found 0"),
        row("[file:name = 'a'] REPEATS 2.5 TIMES", 26, "expected a positive integer after REPEATS, found '2.5'"),
        row("[network-traffic:dst_ref.value ISSUBSET ]", 40, "expected a literal value, found ']'"),
        row("[file:hashes.MD5 =? 'x']", 18, "unexpected character '?'"),
        row("[file:created = t'2020-13-01T00:00:00Z']", 16, "timestamp literal t'2020-13-01T00:00:00Z' is not a valid RFC 3339 timestamp"),
        row("[file:created = t'2019-02-29T00:00:00Z']", 16, "timestamp literal t'2019-02-29T00:00:00Z' is not a valid RFC 3339 timestamp"),
        row("[file:created = t'2020-01-01 00:00:00Z']", 16, "is not a valid RFC 3339 timestamp"),
        row("[artifact:payload_bin = b'====']", 24, "binary literal b'====' is not valid base64"),
        row("[file:magic_number_hex = h'abc']", 25, "hex literal h'abc' must have an even number of hex digits"),
        row("[file:magic_number_hex = h'zz']", 25, "hex literal h'zz' may only contain the hex digits"),
        row("[file:name = 'a'] within 2 seconds", 18, "unexpected 'within' after the observation expression; expected AND, OR, FOLLOWEDBY, a qualifier or the end (keywords are case-sensitive: did you mean 'WITHIN'?)"),
        row("[file:name = 'a'] and [file:name = 'b']", 18, "did you mean 'AND'?"),
        row("[file:name = 'a'] WITHIN 5 SECONDS WITHIN 6 SECONDS", 35, "the observation expression already has a WITHIN qualifier; a second one needs parentheses around the first"),
        row("[file:name EQUALS 'a']", 11, "unknown operator 'EQUALS'"),
        row("[file:name = 'abc", 13, "unterminated string literal"),
        row("[file:name = 'a'", 16, "expected ']' to close the observation expression opened at 0, found end of pattern"),
        row("[file:name = 'a'] AND ([file:name = 'b']", 40, "expected ')' to close the parenthesis opened at 22, found end of pattern"),
        row("[file:name IN 'a']", 14, "IN needs a set literal such as ('a', 'b'), found ''a''"),
        row("[file:name = ('a', 'b')]", 13, "expected a literal value, found '(': a set of values needs IN"),
        row("[file:name IN ('a' 'b')]", 19, "expected ',' or ')' in the set opened at 14, found ''b''"),
        row("[file:name MATCHES '(unclosed']", 19, "MATCHES regular expression '(unclosed' does not compile"),
        row("[ipv4-addr:value ISSUBSET 'not-an-ip']", 26, "ISSUBSET needs an IPv4 or IPv6 address or CIDR range"),
        row("[ipv4-addr:value ISSUPERSET '10.0.0.0/33']", 28, "ISSUPERSET needs an IPv4 or IPv6 address or CIDR range"),
        row("[file:size > true]", 13, "'>' needs an orderable value (number, string, timestamp, binary or hex), found a boolean"),
        row("[file:name LIKE 5]", 16, "LIKE needs a string literal, found an integer"),
        row("[file:name = 'a'] START t'2020-01-02T00:00:00Z' STOP t'2020-01-01T00:00:00Z'", 53, "START t'2020-01-02T00:00:00Z' must be earlier than STOP t'2020-01-01T00:00:00Z'"),
        row("[file:name = 'a'] START '2020-01-01T00:00:00Z' STOP t'2020-01-02T00:00:00Z'", 24, "expected a timestamp literal t'...' after START, found ''2020-01-01T00:00:00Z''"),
        row("[File:name = 'a']", 1, "object type 'File' is not a valid STIX type name"),
        row("[ab:name = 'a']", 1, "object type 'ab' is not a valid STIX type name"),
        row("[file:name = 'a' AND ipv4-addr:value = '1.2.3.4']", 17, "comparisons joined by AND must be satisfiable by one object type, but the left side needs 'file' and the right side 'ipv4-addr' (STIX 2.1 §9.5)"),
        row("[file:extensions.windows-pebinary-ext.sections[*].entropy > 7.0]", 17, "property name 'windows-pebinary-ext' contains '-': quote it as 'windows-pebinary-ext'"),
        row("[file:name = 'C:\\Windows']", 16, "invalid escape '\\W' in string literal: only \\' and \\\\ are allowed"),
        row("[file:name = 'a'] AND", 21, "expected '[' or '(' to start an observation expression, found end of pattern"),
        row("[file:name = 'a'] FOLLOWEDBY", 28, "expected '[' or '(' to start an observation expression, found end of pattern"),
        row("[file:size = 007]", 13, "integer literal '007' must not have a leading zero"),
        row("[file:size = 1.]", 13, "float literal '1.' needs digits after '.'"),
        row("[file:size = 99999999999999999999]", 13, "integer literal 99999999999999999999 is out of range (64-bit)"),
        row("[file:name = TRUE]", 13, "expected a literal value, found 'TRUE' (booleans are lower case: true)"),
        row("[file:x[a] = 1]", 8, "expected a list index (an integer or '*') after '[', found 'a'"),
        row("[file:name NOT EXISTS]", 15, "EXISTS goes before the object path: EXISTS file:name"),
        row("[EXISTS file:name = 'a']", 18, "expected ']' to close the observation expression opened at 0, found '='"),
        row("[file:name = 'a'] /* open", 18, "unterminated comment: '/*' without '*/'"),
        row("[true:x = 1]", 1, "keyword 'true' cannot be an object type"),
        row("[file:AND = 1]", 6, "keyword 'AND' cannot be a property name"),
        row("[file:name = 'a'] ]", 18, "unexpected ']' after the observation expression"),
        row("[file:name = 'a' OR]", 19, "expected an object path such as file:name, found ']'"),
        row("[file:name]", 10, "expected a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET) after file:name, found ']'"),
        row("[file:name ! 'a']", 11, "unexpected '!': did you mean '!='?"));
  }

  private static Arguments row(String pattern, int position, String reason) {
    return Arguments.of(pattern, position, reason);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidPatterns")
  void invalidPatternIsRejectedWithPositionAndReason(String pattern, int position, String reason) {
    PatternException e = catchThrowableOfType(PatternException.class, () -> PatternParser.parse(pattern));
    assertThat(e).as("pattern %s must be rejected", pattern).isNotNull();
    assertThat(e.reason()).contains(reason);
    assertThat(e.position()).as("position of: %s", e.reason()).isEqualTo(position);
    assertThat(e.getMessage()).isEqualTo("at position " + position + ": " + e.reason());
  }

  @Test
  void deepNestingEndsInAPatternExceptionNotAStackOverflow() {
    String text = "(".repeat(10_000) + "[file:name = 'a']" + ")".repeat(10_000);
    PatternException e = catchThrowableOfType(PatternException.class, () -> PatternParser.parse(text));
    assertThat(e.position()).isEqualTo(PatternParser.MAX_DEPTH);
    assertThat(e.reason()).isEqualTo("nesting deeper than " + PatternParser.MAX_DEPTH + " levels");
  }

  @Test
  void nestingUpToTheLimitIsAccepted() throws Exception {
    int n = PatternParser.MAX_DEPTH - 1;
    String text = "(".repeat(n) + "[file:name = 'a']" + ")".repeat(n);
    assertThat(PatternParser.parse(text).toString()).isEqualTo("[file:name = 'a']");
  }
}
