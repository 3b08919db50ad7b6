package org.accord.sensor.decode;

import java.util.Objects;

/**
 * One event read from a log line: an authentication attempt (SSH) or an HTTP request (web access log). Logs are far
 * slower than flows, so this is an immutable record.
 *
 * @param timeMillis when it happened, milliseconds since the epoch (UTC)
 * @param kind what happened
 * @param source the client's address as written in the log (IPv4 or IPv6 literal)
 * @param target the host that logged it (the syslog host, or the virtual host); may be empty
 * @param service the service port (22 for SSH, 80/443 for the web when known, else 0)
 * @param user the user name tried (SSH), or the authenticated user (web, "-" when none); may be empty
 * @param request the HTTP request line (method, path, protocol); empty for SSH
 * @param status the HTTP status; 0 for SSH
 * @param bytes the response size in bytes; 0 when unknown
 */
public record LogEvent(
    long timeMillis,
    Kind kind,
    String source,
    String target,
    int service,
    String user,
    String request,
    int status,
    long bytes) {
  public LogEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
    target = target == null ? "" : target;
    user = user == null ? "" : user;
    request = request == null ? "" : request;
  }

  public enum Kind {
    /** A failed authentication (wrong password, failed publickey). */
    AUTH_FAILURE,
    /** An attempt for a user that does not exist. */
    AUTH_INVALID_USER,
    /** A successful authentication. */
    AUTH_SUCCESS,
    /** An HTTP request (any status). */
    HTTP_REQUEST
  }
}
