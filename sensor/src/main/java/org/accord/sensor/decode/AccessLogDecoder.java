package org.accord.sensor.decode;

import java.nio.charset.CharsetDecoder;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Web access logs in the Combined Log Format of Apache httpd and NGINX (and the Common Log Format, its prefix):
 *
 * <pre>
 * 203.0.113.7 - frank [10/Oct/2026:13:55:36 -0700] "GET /login HTTP/1.1" 401 2326 "https://b.example/" "curl/8"
 * %h          %l %u    %t                           "%r"                  %&gt;s %b   "%{Referer}i"        "%{User-agent}i"
 * </pre>
 *
 * Apache's {@code vhost_combined} ({@code %v:%p %h ...}, the virtual host and port first) is read too: its host and
 * port become the event's target and service, so that requests can be matched against URL indicators (the host
 * given to the decoder is used for lines without one). Each line becomes one {@link LogEvent.Kind#HTTP_REQUEST}. The client ({@code %h}) must be an IP literal (a host name
 * from HostnameLookups cannot be matched against indicators, so such lines count as malformed); {@code %b} may be
 * {@code -}. Inside the quoted request, {@code \"} is an escaped quote (NGINX and Apache both escape this way). The
 * referer and user agent are not kept.
 */
public final class AccessLogDecoder implements LogLineDecoder {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

  private final String target;
  private final int service;
  private final LineStats stats = new LineStats();
  private final CharsetDecoder utf8 = Text.strictDecoder();

  /**
   * @param target the host that wrote the log (its virtual host or address), put in each event; may be empty
   * @param service the port it serves (80, 443), or 0 when unknown
   */
  public AccessLogDecoder(String target, int service) {
    this.target = target == null ? "" : target;
    this.service = service;
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
    if (s.isBlank()) {
      stats.ignored();
      return;
    }
    LogEvent e = parse(s);
    if (e == null) {
      stats.malformed();
      return;
    }
    stats.event();
    sink.accept(e);
  }

  private LogEvent parse(String s) {
    int a = s.indexOf(' ');
    if (a <= 0) {
      return null;
    }
    String host = s.substring(0, a);
    String vhost = target;
    int port = service;
    if (!Text.isIp(host)) { // vhost_combined: "www.example.org:443 203.0.113.7 - - [...]"
      int next = s.indexOf(' ', a + 1);
      int colon = host.lastIndexOf(':');
      int p = colon < 0 ? -1 : number(host.substring(colon + 1), 65535);
      if (next < 0 || p < 0 || colon == 0 || !Text.isIp(s.substring(a + 1, next))) {
        return null;
      }
      vhost = host.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
      port = p;
      s = s.substring(a + 1);
      a = next - a - 1;
      host = s.substring(0, a);
    }
    int b = s.indexOf(' ', a + 1); // end of %l
    if (b < 0 || !Text.isIp(host)) {
      return null;
    }
    int open = s.indexOf(" [", b);
    int close = open < 0 ? -1 : s.indexOf("] \"", open);
    if (open < 0 || close < 0) {
      return null;
    }
    String user = s.substring(b + 1, open);
    long time;
    try {
      time = OffsetDateTime.parse(s.substring(open + 2, close), TIME).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
    int reqStart = close + 3;
    int reqEnd = closingQuote(s, reqStart);
    if (reqEnd < 0 || reqEnd + 1 >= s.length() || s.charAt(reqEnd + 1) != ' ') {
      return null;
    }
    String request = s.substring(reqStart, reqEnd).replace("\\\"", "\"");
    String[] rest = s.substring(reqEnd + 2).split(" ", 3);
    if (rest.length < 2) {
      return null;
    }
    int status = number(rest[0], 999);
    long bytes = rest[1].equals("-") ? 0 : number(rest[1], Integer.MAX_VALUE);
    if (status < 100 || bytes < 0) {
      return null;
    }
    return new LogEvent(time, LogEvent.Kind.HTTP_REQUEST, host, vhost, port, user, request, status, bytes);
  }

  /** The index of the unescaped quote closing a string that starts at {@code from}, or -1. */
  private static int closingQuote(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    return -1;
  }

  /** A non-negative decimal up to {@code max}, or -1. */
  private static int number(String s, int max) {
    if (s.isEmpty() || s.length() > 10) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v > max ? -1 : (int) v;
  }
}
