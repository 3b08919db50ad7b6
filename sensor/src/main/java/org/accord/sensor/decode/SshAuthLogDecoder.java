package org.accord.sensor.decode;

import java.nio.charset.CharsetDecoder;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * OpenSSH authentication messages from syslog ({@code /var/log/auth.log}, {@code /var/log/secure}).
 *
 * <pre>
 * Mar  3 14:02:11 bank-gw sshd[4121]: Failed password for invalid user admin from 203.0.113.5 port 52314 ssh2
 * Mar  3 14:02:11 bank-gw sshd[4121]: Invalid user admin from 203.0.113.5 port 52314
 * Mar  3 14:02:15 bank-gw sshd[4125]: Accepted publickey for alice from 198.51.100.20 port 40022 ssh2: ED25519 ...
 * 2026-03-03T14:02:11.123456+00:00 bank-gw sshd[4121]: Failed password for root from 203.0.113.5 port 52314 ssh2
 * </pre>
 *
 * Mapping: {@code Failed <method> for [invalid user] X from IP} is one failed attempt, {@link
 * LogEvent.Kind#AUTH_FAILURE}; {@code Invalid user X from IP} (logged once per connection, before its first attempt) is
 * {@link LogEvent.Kind#AUTH_INVALID_USER}, and that connection's first {@code Failed ... for invalid user} (same host
 * and {@code sshd[pid]}, same source) is the same attempt, so it is not emitted again (counted ignored): a brute-force
 * count sees each attempt once, and a connection that gave up before a password still counts its one attempt; {@code Accepted <method> for X from IP} is {@link
 * LogEvent.Kind#AUTH_SUCCESS}. rsyslog's {@code message repeated N times: [ ... ]} gives N events. Other sshd lines and
 * other programs' lines are ignored; lines in a broken encoding, truncated or with an unreadable time are malformed.
 *
 * <p>The traditional syslog timestamp (RFC 3164 §4.1.2) has no year and no zone: both are parameters. The RFC 5424 /
 * ISO 8601 form carries its own. Without a given year ({@link #inferringYear}) each line takes the current year, or
 * the one before when that would put it more than a day in the future: a log written last December and read in
 * January is last year's, as syslog readers conventionally assume.
 */
public final class SshAuthLogDecoder implements LogLineDecoder {
  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
  private static final String REPEATED = "message repeated ";

  /** The year of traditional timestamps; 0 when inferred per line from {@link #clock}. */
  private final int year;
  private final java.time.Clock clock;
  private final ZoneId zone;
  private final int service;
  private final LineStats stats = new LineStats();
  private final CharsetDecoder utf8 = Text.strictDecoder();
  /**
   * The sshd processes (host and {@code sshd[pid]}) that announced an invalid user and have not failed yet, with the
   * announced source: their first {@code Failed ... for invalid user} is the attempt already counted. Bounded: a
   * connection forgotten here only counts its attempt twice, as every line used to.
   */
  private final Map<String, String> announced = new LinkedHashMap<>(256, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > 4096;
    }
  };

  /** A decoder for logs of the given year in UTC, for sshd on port 22. */
  public SshAuthLogDecoder(int year) {
    this(year, ZoneId.of("UTC"), 22);
  }

  /**
   * @param year the year of the traditional syslog timestamps
   * @param zone the zone they are written in
   * @param service the sshd port, put in each event
   */
  public SshAuthLogDecoder(int year, ZoneId zone, int service) {
    this(year, null, zone, service);
  }

  private SshAuthLogDecoder(int year, java.time.Clock clock, ZoneId zone, int service) {
    this.year = year;
    this.clock = clock;
    this.zone = zone;
    this.service = service;
  }

  /**
   * A decoder that infers the year of traditional timestamps: the current year at {@code clock}, or the previous one
   * for a timestamp that would otherwise lie more than a day ahead.
   */
  public static SshAuthLogDecoder inferringYear(java.time.Clock clock, ZoneId zone, int service) {
    return new SshAuthLogDecoder(0, java.util.Objects.requireNonNull(clock, "clock"), zone, service);
  }

  @Override
  public LineStats stats() {
    return stats;
  }

  @Override
  public void decode(byte[] line, int offset, int length, Consumer<LogEvent> sink) {
    stats.line();
    String s = Text.utf8(line, offset, length, utf8);
    if (s == null) {
      stats.malformed();
      return;
    }
    int hostStart;
    long time;
    if (s.length() >= 16 && Character.isLetter(s.charAt(0))) {
      time = traditional(s);
      hostStart = 16;
    } else {
      int sp = s.indexOf(' ');
      time = sp < 0 ? Long.MIN_VALUE : iso(s.substring(0, sp));
      hostStart = sp + 1;
    }
    int hostEnd = time == Long.MIN_VALUE ? -1 : s.indexOf(' ', hostStart);
    if (hostEnd < 0) {
      stats.malformed();
      return;
    }
    String host = s.substring(hostStart, hostEnd);
    int colon = s.indexOf(": ", hostEnd);
    if (colon < 0) {
      stats.malformed();
      return;
    }
    if (!s.startsWith("sshd[", hostEnd + 1) && !s.startsWith("sshd:", hostEnd + 1)) {
      stats.ignored();
      return;
    }
    message(s.substring(colon + 2), time, host, host + ' ' + s.substring(hostEnd + 1, colon), sink);
  }

  private void message(String m, long time, String host, String process, Consumer<LogEvent> sink) {
    int repeat = 1;
    if (m.startsWith(REPEATED)) {
      int sp = m.indexOf(' ', REPEATED.length());
      int open = m.indexOf("[ ");
      int closeB = m.lastIndexOf(']');
      if (sp < 0 || open < 0 || closeB < open) {
        stats.malformed();
        return;
      }
      try {
        repeat = Math.min(1000, Integer.parseInt(m.substring(REPEATED.length(), sp)));
      } catch (NumberFormatException e) {
        stats.malformed();
        return;
      }
      m = m.substring(open + 2, closeB).trim();
    }
    LogEvent.Kind kind;
    String who;
    boolean invalidUser = false;
    if (m.startsWith("Failed ") || m.startsWith("Accepted ")) {
      kind = m.startsWith("Failed ") ? LogEvent.Kind.AUTH_FAILURE : LogEvent.Kind.AUTH_SUCCESS;
      int f = m.indexOf(" for ");
      if (f < 0) {
        stats.malformed();
        return;
      }
      who = m.substring(f + 5);
      if (who.startsWith("invalid user ")) {
        who = who.substring("invalid user ".length());
        invalidUser = kind == LogEvent.Kind.AUTH_FAILURE;
      }
    } else if (m.startsWith("Invalid user ")) {
      kind = LogEvent.Kind.AUTH_INVALID_USER;
      who = m.substring("Invalid user ".length());
    } else {
      stats.ignored();
      return;
    }
    // "X from IP[ port N[ ssh2...]]": the last " from " splits, since a tried user name may contain spaces.
    int from = who.lastIndexOf(" from ");
    if (from < 0) {
      stats.malformed();
      return;
    }
    String user = who.substring(0, from);
    String rest = who.substring(from + 6);
    int sp = rest.indexOf(' ');
    String ip = sp < 0 ? rest : rest.substring(0, sp);
    if (!Text.isIp(ip)) {
      stats.malformed();
      return;
    }
    LogEvent e = new LogEvent(time, kind, ip, host, service, user, "", 0, 0);
    int first = 0;
    if (kind == LogEvent.Kind.AUTH_INVALID_USER) {
      announced.put(process, ip);
    } else if (invalidUser && ip.equals(announced.remove(process))) {
      first = 1; // the announced attempt: counted once, at its announcement
      if (repeat == 1) {
        stats.ignored();
        return;
      }
    }
    for (int i = first; i < repeat; i++) {
      stats.event();
      sink.accept(e);
    }
  }

  /** "Mmm dd HH:mm:ss " (RFC 3164 §4.1.2, day padded with a space), or Long.MIN_VALUE. */
  private long traditional(String s) {
    int month = MONTHS.indexOf(s.substring(0, 3));
    if (month < 0 || month % 3 != 0 || s.charAt(3) != ' ' || s.charAt(6) != ' ' || s.charAt(9) != ':'
        || s.charAt(12) != ':' || s.charAt(15) != ' ') {
      return Long.MIN_VALUE;
    }
    int day = digits(s, 4, 6);
    int h = digits(s, 7, 9);
    int min = digits(s, 10, 12);
    int sec = digits(s, 13, 15);
    if (day < 0 || h < 0 || min < 0 || sec < 0) {
      return Long.MIN_VALUE;
    }
    try {
      if (year != 0) {
        return LocalDateTime.of(year, month / 3 + 1, day, h, min, sec).atZone(zone).toInstant().toEpochMilli();
      }
      java.time.ZonedDateTime now = clock.instant().atZone(zone);
      int y = now.getYear();
      if (month == 3 && day == 29 && !java.time.Year.isLeap(y)) {
        y--; // Feb 29 is not this year's: last year's (a leap year's) log, or no year's (then malformed below)
      }
      java.time.ZonedDateTime at = LocalDateTime.of(y, month / 3 + 1, day, h, min, sec).atZone(zone);
      if (at.isAfter(now.plusDays(1))) {
        // last year's log, read early this year (Feb 29 stays in its leap year: the year before has none)
        at = at.getMonthValue() == 2 && day == 29 ? at.minusYears(4) : at.minusYears(1);
      }
      return at.toInstant().toEpochMilli();
    } catch (DateTimeException e) {
      return Long.MIN_VALUE;
    }
  }

  private static long iso(String s) {
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return Long.MIN_VALUE;
    }
  }

  /** Two characters as a number (a leading space counts as 0), or -1. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == ' ' && i == from) {
        continue;
      }
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
