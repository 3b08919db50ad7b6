package org.accord.stix.pattern;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The semantic rules of STIX 2.1 §9 that a grammar alone does not express, shared by the parser (which reports them
 * with a position) and the AST records (which refuse to be built in violation of them). Each check returns {@code
 * null} when the value is valid, else a reason a human understands.
 */
final class Checks {
  private Checks() {}

  /** Keywords of the patterning grammar; case-sensitive (STIX 2.1 §9: keywords are upper case, booleans lower). */
  static final Set<String> KEYWORDS =
      Set.of(
          "AND", "OR", "NOT", "FOLLOWEDBY", "LIKE", "MATCHES", "ISSUPERSET", "ISSUBSET", "LAST", "IN", "START",
          "STOP", "SECONDS", "true", "false", "WITHIN", "REPEATS", "TIMES", "EXISTS");

  // STIX 2.1 §3.1 (type property): 3-250 characters, only a-z, 0-9 and '-'. We also require a leading letter and
  // no empty hyphen-separated part, as the OASIS JSON schema does.
  private static final java.util.regex.Pattern OBJECT_TYPE =
      java.util.regex.Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

  /** Property names without quotes: the grammar's IdentifierWithoutHyphen. */
  static final java.util.regex.Pattern BARE_KEY = java.util.regex.Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private static final java.util.regex.Pattern TIMESTAMP =
      java.util.regex.Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(\\.(\\d+))?Z");

  // The grammar's BinaryLiteral: whole groups of four base64 characters, the last one optionally padded.
  private static final java.util.regex.Pattern BASE64 =
      java.util.regex.Pattern.compile(
          "(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)");

  private static final java.util.regex.Pattern HEX = java.util.regex.Pattern.compile("(?:[0-9A-Fa-f]{2})*");

  static String objectType(String type) {
    if (type.length() < 3 || type.length() > 250 || !OBJECT_TYPE.matcher(type).matches()) {
      return "object type '"
          + type
          + "' is not a valid STIX type name (3 to 250 characters of a-z, 0-9 and '-', starting with a letter;"
          + " STIX 2.1 §3.1)";
    }
    return null;
  }

  static String timestamp(String text) {
    return parseTimestamp(text) == null
        ? "timestamp literal t'" + text + "' is not a valid RFC 3339 timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z)"
        : null;
  }

  /**
   * The instant of an RFC 3339 UTC timestamp, or null if invalid. A leap second (:60, only allowed at 23:59) is
   * mapped to the last representable nanosecond of that minute so that ordering stays correct.
   */
  static Instant parseTimestamp(String text) {
    Matcher m = TIMESTAMP.matcher(text);
    if (!m.matches()) {
      return null;
    }
    int hour = Integer.parseInt(m.group(4));
    int minute = Integer.parseInt(m.group(5));
    int second = Integer.parseInt(m.group(6));
    if (hour > 23 || minute > 59 || second > 60 || (second == 60 && (hour != 23 || minute != 59))) {
      return null;
    }
    LocalDate date;
    try {
      date =
          LocalDate.of(
              Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    } catch (DateTimeException e) {
      return null;
    }
    int nanos = 0;
    if (m.group(8) != null) {
      String digits = (m.group(8) + "000000000").substring(0, 9); // sub-nanosecond digits are dropped
      nanos = Integer.parseInt(digits);
    }
    if (second == 60) {
      second = 59;
      nanos = 999_999_999;
    }
    return date.atTime(hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
  }

  static String base64(String text) {
    if (!BASE64.matcher(text).matches()) {
      return "binary literal b'" + text + "' is not valid base64";
    }
    return null;
  }

  static byte[] decodeBase64(String text) {
    return Base64.getDecoder().decode(text);
  }

  static String hex(String text) {
    if (!HEX.matcher(text).matches()) {
      return text.length() % 2 != 0 && text.chars().allMatch(Checks::isHexDigit)
          ? "hex literal h'" + text + "' must have an even number of hex digits"
          : "hex literal h'" + text + "' may only contain the hex digits 0-9, a-f, A-F";
    }
    return null;
  }

  private static boolean isHexDigit(int c) {
    return Character.digit(c, 16) >= 0 && c < 128;
  }

  /** IPv4 or IPv6 address, optionally with a CIDR prefix length: the operands of ISSUBSET/ISSUPERSET. */
  static boolean isIpOrCidr(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    String prefix = slash < 0 ? null : text.substring(slash + 1);
    int maxPrefix;
    if (isIpv4(address)) {
      maxPrefix = 32;
    } else if (isIpv6(address)) {
      maxPrefix = 128;
    } else {
      return false;
    }
    if (prefix == null) {
      return true;
    }
    if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    return Integer.parseInt(prefix) <= maxPrefix;
  }

  static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return false;
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  static boolean isIpv6(String s) {
    if (s.isEmpty() || s.chars().anyMatch(c -> c >= 128)) {
      return false;
    }
    int doubleColon = s.indexOf("::");
    if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }
    String head = doubleColon < 0 ? s : s.substring(0, doubleColon);
    String tail = doubleColon < 0 ? "" : s.substring(doubleColon + 2);
    int headGroups = countGroups(head, doubleColon < 0 || tail.isEmpty());
    int tailGroups = countGroups(tail, true);
    if (headGroups < 0 || tailGroups < 0) {
      return false;
    }
    if (doubleColon >= 0 && !tail.isEmpty() && head.contains(".")) {
      return false; // an embedded IPv4 address may only end the address
    }
    int groups = headGroups + tailGroups;
    return doubleColon < 0 ? groups == 8 : groups <= 7;
  }

  /** Number of 16-bit groups in a colon-separated run (an IPv4 tail counts two), or -1 if malformed. */
  private static int countGroups(String run, boolean mayEndWithIpv4) {
    if (run.isEmpty()) {
      return 0;
    }
    String[] groups = run.split(":", -1);
    int count = 0;
    for (int i = 0; i < groups.length; i++) {
      String g = groups[i];
      if (i == groups.length - 1 && mayEndWithIpv4 && g.contains(".")) {
        if (!isIpv4(g)) {
          return -1;
        }
        count += 2;
      } else if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(Checks::isHexDigit)) {
        return -1;
      } else {
        count++;
      }
    }
    return count;
  }
}
