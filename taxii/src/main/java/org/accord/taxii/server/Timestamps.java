package org.accord.taxii.server;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Timestamps of TAXII and STIX. The TAXII {@code timestamp} type (TAXII 2.1 §2) is RFC 3339 in UTC with a literal
 * {@code Z} and microsecond precision: {@code date_added}, {@code request_timestamp} and the X-TAXII-Date-Added
 * headers are written that way ({@link #formatDateAdded}). Object versions are STIX timestamps (STIX 2.1 §3.2):
 * written with at least millisecond precision and more digits only when the instant has them
 * ({@link #format}), so that a version read back from a manifest matches the object's own {@code modified} text.
 */
final class Timestamps {
  private static final Pattern SHAPE =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
  private static final Pattern TAXII_SHAPE =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3,9}Z");
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /**
   * Parses {@code added_after}, a TAXII timestamp (§2). The letter of the spec asks for microseconds; many clients
   * send STIX-style milliseconds, which lose nothing here, so at least millisecond precision is accepted and
   * anything coarser (no fraction) is refused with 400.
   */
  static Instant parseTaxii(String parameter, String text) {
    if (!TAXII_SHAPE.matcher(text).matches()) {
      throw TaxiiException.badRequest(
          parameter
              + " must be a UTC timestamp with at least millisecond precision such as"
              + " 2016-01-01T01:01:01.000000Z (TAXII 2.1 §2), was '"
              + text
              + "'");
    }
    return parse(parameter, text);
  }

  /** Parses a STIX timestamp (any precision, STIX 2.1 §3.2), as in {@code match[version]}; 400 when malformed. */
  static Instant parse(String parameter, String text) {
    if (!SHAPE.matcher(text).matches()) {
      throw TaxiiException.badRequest(
          parameter
              + " must be an RFC 3339 UTC timestamp such as 2016-01-01T01:01:01.000Z, was '"
              + text
              + "'");
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw TaxiiException.badRequest(parameter + " is not a valid date and time: '" + text + "'");
    }
  }

  /** Milliseconds, or micro/nanoseconds when the instant carries them. */
  static String format(Instant t) {
    int nanos = t.getNano();
    if (nanos % 1_000_000 == 0) {
      return format(t, nanos / 1_000_000, 3);
    } else if (nanos % 1_000 == 0) {
      return format(t, nanos / 1_000, 6);
    }
    return format(t, nanos, 9);
  }

  /** {@code date_added} always with microseconds, the precision the store keeps. */
  static String formatDateAdded(Instant t) {
    return format(t, t.getNano() / 1_000, 6);
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss.<fraction>Z}, digit by digit. Two of these are written per TAXII page (the
   * X-TAXII-Date-Added headers) and one per manifest record; DateTimeFormatter plus String.format cost about a tenth
   * of the Java CPU of a {@code GET objects/?limit=100} (JFR, BENCHMARKS.md "TAXII server under load"). Years
   * outside 1..9999 keep the formatter's output (sign, more digits).
   */
  private static String format(Instant t, int fraction, int digits) {
    LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
    if (d.getYear() < 1 || d.getYear() > 9999) {
      return SECONDS.format(t) + "." + String.format("%0" + digits + "d", fraction) + "Z";
    }
    char[] c = new char[21 + digits];
    digits(c, 0, d.getYear(), 4);
    c[4] = '-';
    digits(c, 5, d.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, d.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, d.getHour(), 2);
    c[13] = ':';
    digits(c, 14, d.getMinute(), 2);
    c[16] = ':';
    digits(c, 17, d.getSecond(), 2);
    c[19] = '.';
    digits(c, 20, fraction, digits);
    c[20 + digits] = 'Z';
    return new String(c);
  }

  /** {@code value} as exactly {@code width} decimal digits, zero-padded, at {@code c[at]}. */
  private static void digits(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
