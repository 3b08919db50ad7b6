package org.accord.stix;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Parsing and formatting of STIX timestamps (STIX 2.1 §3.2): RFC 3339 {@code YYYY-MM-DDTHH:mm:ss[.s+]Z}, always UTC,
 * uppercase {@code T} and {@code Z}, any number of fraction digits (0..9 here: Java instants stop at nanoseconds).
 *
 * <p>Design note: the parser is a hand-written scanner over the 20..30 characters of the text rather than a {@code
 * DateTimeFormatter} or a regular expression, because validation parses several timestamps per object on the bulk
 * import path; it allocates only the result. It is strict where RFC 3339 is lenient and STIX is not: lowercase
 * {@code t}/{@code z}, numeric offsets and space separators are rejected. A leap second ({@code :60}) is rejected
 * because an {@link Instant} cannot hold it.
 */
public final class Timestamps {
  private static final int MAX_FRACTION_DIGITS = 9;
  private static final int[] POW10 = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  private Timestamps() {}

  /**
   * Parses a STIX timestamp, remembering its precision.
   *
   * @throws DateTimeParseException naming the offending character position when the text is not a STIX timestamp
   */
  public static StixTimestamp parse(String text) {
    int len = text.length();
    if (len < 20) {
      throw fail(text, Math.min(len, 19), "too short for YYYY-MM-DDTHH:mm:ssZ");
    }
    int year = digits(text, 0, 4);
    expect(text, 4, '-');
    int month = digits(text, 5, 2);
    expect(text, 7, '-');
    int day = digits(text, 8, 2);
    expect(text, 10, 'T');
    int hour = digits(text, 11, 2);
    expect(text, 13, ':');
    int minute = digits(text, 14, 2);
    expect(text, 16, ':');
    int second = digits(text, 17, 2);
    int pos = 19;
    int fraction = 0;
    int fractionDigits = 0;
    if (text.charAt(pos) == '.') {
      pos++;
      while (pos < len && isDigit(text.charAt(pos))) {
        if (fractionDigits == MAX_FRACTION_DIGITS) {
          throw fail(text, pos, "more than 9 fraction digits");
        }
        fraction = fraction * 10 + (text.charAt(pos) - '0');
        fractionDigits++;
        pos++;
      }
      if (fractionDigits == 0) {
        throw fail(text, pos, "a digit must follow '.'");
      }
    }
    if (pos != len - 1 || text.charAt(pos) != 'Z') {
      throw fail(text, pos, "expected 'Z' (UTC) at the end");
    }
    int nanos = fraction * POW10[MAX_FRACTION_DIGITS - fractionDigits];
    try {
      Instant instant =
          LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
      return new StixTimestamp(instant, fractionDigits);
    } catch (DateTimeException e) {
      throw fail(text, 0, e.getMessage());
    }
  }

  /** Whether {@code text} is a valid STIX timestamp. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** Formats with millisecond precision, the precision STIX requires for {@code created}/{@code modified}. */
  public static String format(Instant instant) {
    return format(instant, 3);
  }

  /**
   * Formats with exactly {@code fractionDigits} digits (0..9), truncating finer digits. Years outside 0000..9999
   * cannot be written as RFC 3339 and are rejected.
   */
  public static String format(Instant instant, int fractionDigits) {
    if (fractionDigits < 0 || fractionDigits > MAX_FRACTION_DIGITS) {
      throw new IllegalArgumentException("fractionDigits must be 0..9, was " + fractionDigits);
    }
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      throw new IllegalArgumentException("year outside 0000..9999: " + instant);
    }
    StringBuilder sb = new StringBuilder(30);
    pad(sb, t.getYear(), 4).append('-');
    pad(sb, t.getMonthValue(), 2).append('-');
    pad(sb, t.getDayOfMonth(), 2).append('T');
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2);
    if (fractionDigits > 0) {
      sb.append('.');
      pad(sb, t.getNano() / POW10[MAX_FRACTION_DIGITS - fractionDigits], fractionDigits);
    }
    return sb.append('Z').toString();
  }

  /** The current time from {@code clock}, truncated to and formatted with millisecond precision. */
  public static String now(Clock clock) {
    return format(clock.instant().truncatedTo(ChronoUnit.MILLIS));
  }

  private static StringBuilder pad(StringBuilder sb, int value, int width) {
    String s = Integer.toString(value);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }

  private static int digits(String text, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        throw fail(text, i, "expected a digit, found '" + c + "'");
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static void expect(String text, int pos, char expected) {
    if (text.charAt(pos) != expected) {
      throw fail(text, pos, "expected '" + expected + "', found '" + text.charAt(pos) + "'");
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static DateTimeParseException fail(String text, int pos, String reason) {
    return new DateTimeParseException(
        "not a STIX timestamp (RFC 3339, UTC, 'Z'): " + reason + " at index " + pos, text, pos);
  }
}
