package org.accord.sensor.detect;

import java.util.List;
import java.util.Locale;
import org.accord.sensor.decode.LogEvent;
import org.accord.sensor.enrich.GeoLookup;

/**
 * What web access logs show: HTTP floods, web scans and credential stuffing, per web host (the event's target), from
 * {@link LogEvent.Kind#HTTP_REQUEST} events. All three count in {@link LogRuns} over a sliding window of {@code
 * webWindowMillis}, so each attack starts and ends at its first and last request.
 *
 * <p>The rules (thresholds in {@link DetectorConfig}):
 *
 * <ul>
 *   <li><b>HTTP flood</b> ({@link Attack.Kind#HTTP_FLOOD}): one client making at least {@code webClientRequests}
 *       requests to the host within the window (the client is a named source), or all clients together making at
 *       least {@code webPathRequests} requests to one path (the path is named in the detail; its clients are counted
 *       but not named, since the path's ordinary users are among them).
 *   <li><b>Web scan</b> ({@link Attack.Kind#WEB_SCAN}): one client asking for at least {@code webScanDistinctPaths}
 *       distinct paths that were answered 4xx, except 401, 407 and 429 (those say "log in" or "slow down", not "there
 *       is nothing here"), within the window: forced browsing and wordlist scanners, whose requests mostly end in 404.
 *   <li><b>Credential stuffing</b> ({@link Attack.Kind#CREDENTIAL_STUFFING}): one client making at least {@code
 *       loginAttempts} POST requests to login paths within the window, whatever the answers (a person logs in a few
 *       times a day; a failure may be a 401, a 403 or a 200 showing the form again, a success often a redirect, and
 *       applications differ), so the client is a named source; or, spread over many clients each trying a few,
 *       at least {@code loginFailures} failed logins (POST to a login path answered 401, 403, 429 or 200) from all
 *       clients together within the window (clients counted, not named).
 * </ul>
 *
 * A path is the request's path without its query string (a scanner that varies only the query is not scanning
 * paths, and a flood with cache-busting queries is still a flood of one path).
 */
final class WebDetector {
  private final DetectorConfig cfg;
  private final LogRuns floods;
  private final LogRuns scans;
  private final LogRuns stuffing;

  WebDetector(DetectorConfig cfg, GeoLookup geo, String home) {
    this.cfg = cfg;
    long w = cfg.webWindowMillis();
    floods = new LogRuns(Attack.Kind.HTTP_FLOOD, w, List.of(
        new LogRuns.Family("requests from one client", cfg.webClientRequests(), false, true),
        new LogRuns.Family("requests to one path", cfg.webPathRequests(), false, false)), cfg, geo, home);
    scans = new LogRuns(Attack.Kind.WEB_SCAN, w, List.of(
        new LogRuns.Family("distinct paths answered 4xx for one client", cfg.webScanDistinctPaths(), true, true)),
        cfg, geo, home);
    stuffing = new LogRuns(Attack.Kind.CREDENTIAL_STUFFING, w, List.of(
        new LogRuns.Family("POST requests to login paths from one client", cfg.loginAttempts(), false, true),
        new LogRuns.Family("failed logins from all clients", cfg.loginFailures(), false, false)), cfg, geo, home);
  }

  void event(LogEvent e) {
    Request r = Request.of(e.request());
    String host = e.target().isEmpty() ? "unknown" : e.target();
    String key = host + "|" + e.service();
    long t = e.timeMillis();
    String requests = "HTTP requests to port " + e.service();
    floods.add(key, host, requests, 0, e.source(), e.source(), t, null);
    floods.add(key, host, requests, 1, r.path(), e.source(), t, null);
    int s = e.status();
    if (s >= 400 && s < 500 && s != 401 && s != 407 && s != 429) {
      scans.add(key, host, "paths not found on port " + e.service(), 0, e.source(), e.source(), t, r.path());
    }
    if (r.method().equals("POST") && isLoginPath(r.path())) {
      String label = "logins on port " + e.service();
      stuffing.add(key, host, label, 0, e.source(), e.source(), t, null);
      if (s == 401 || s == 403 || s == 429 || s == 200) {
        stuffing.add(key, host, label, 1, "*", e.source(), t, null);
      }
    }
  }

  void close(long now, List<AttackEvent> out) {
    floods.close(now, out);
    scans.close(now, out);
    stuffing.close(now, out);
  }

  void endAll(List<AttackEvent> out) {
    floods.endAll(out);
    scans.endAll(out);
    stuffing.endAll(out);
  }

  /** Whether a path (without its query) is a login path: it ends with one of {@code loginPaths}, or with one and /. */
  boolean isLoginPath(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    for (String login : cfg.loginPaths()) {
      if (p.endsWith(login)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The method and path of an HTTP request line ({@code GET /a/b?q=1 HTTP/1.1}; RFC 9112 §3). An absolute-form
   * target (to a proxy, {@code GET http://h/a HTTP/1.1}) gives its path; a line that is not a request (a TLS
   * handshake logged as garbage, an empty line) gives its first word and "/" so that it still counts as a request.
   */
  record Request(String method, String path) {
    static Request of(String line) {
      int a = line.indexOf(' ');
      if (a < 0) {
        return new Request(line, "/");
      }
      int b = line.indexOf(' ', a + 1);
      String target = b < 0 ? line.substring(a + 1) : line.substring(a + 1, b);
      int scheme = target.indexOf("://");
      if (scheme > 0 && !target.startsWith("/")) {
        int slash = target.indexOf('/', scheme + 3);
        target = slash < 0 ? "/" : target.substring(slash);
      }
      int q = target.indexOf('?');
      if (q >= 0) {
        target = target.substring(0, q);
      }
      int hash = target.indexOf('#');
      if (hash >= 0) {
        target = target.substring(0, hash);
      }
      return new Request(line.substring(0, a), target.isEmpty() ? "/" : target);
    }
  }
}
