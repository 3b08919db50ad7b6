package org.accord.taxii.client;

import java.time.Duration;
import java.util.Optional;

/**
 * A TAXII request failed. The split that matters to a caller is {@link #retriable()}: a retriable failure (the
 * server or the network is in trouble now) may succeed if the same request is sent again later, a non-retriable one
 * (the request itself is wrong, or not allowed) will not.
 *
 * <ul>
 *   <li>{@link Http}: the server answered with an error status. Retriable for 5xx, 408 and 429 (RFC 9110 §15.6,
 *       RFC 6585 §4); not for other 4xx (TAXII 2.1 §3.6 lists 400, 401, 403, 404, 406, 413, 415, 422).
 *   <li>{@link Transport}: no answer: connection refused or reset, timeouts. Always retriable.
 *   <li>{@link Protocol}: an answer that is not what TAXII 2.1 promises (not JSON, a missing member). Not retriable.
 * </ul>
 *
 * <p>Messages name the method and URL and, for {@link Http}, the status and the TAXII error title; never the
 * credentials (the client never puts them in a URL).
 */
public abstract sealed class TaxiiClientException extends RuntimeException
    permits TaxiiClientException.Http, TaxiiClientException.Transport, TaxiiClientException.Protocol {
  private static final long serialVersionUID = 1L;

  TaxiiClientException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the same request may succeed when sent again later. */
  public abstract boolean retriable();

  /** How long the server asked the client to wait (Retry-After, RFC 9110 §10.2.3), if it did. */
  public Optional<Duration> retryAfter() {
    return Optional.empty();
  }

  /** The server answered with an HTTP error status. */
  public static final class Http extends TaxiiClientException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient Duration retryAfter;

    Http(String request, int status, String title, Duration retryAfter) {
      super(request + " answered " + status + (title == null ? "" : " (" + title + ")"), null);
      this.status = status;
      this.retryAfter = retryAfter;
    }

    public int status() {
      return status;
    }

    @Override
    public boolean retriable() {
      return isRetriable(status);
    }

    @Override
    public Optional<Duration> retryAfter() {
      return Optional.ofNullable(retryAfter);
    }

    /** 5xx, 408 Request Timeout and 429 Too Many Requests are worth another try; every other status is not. */
    static boolean isRetriable(int status) {
      return status >= 500 || status == 408 || status == 429;
    }
  }

  /** No HTTP answer: the connection failed or timed out. */
  public static final class Transport extends TaxiiClientException {
    private static final long serialVersionUID = 1L;

    Transport(String request, Throwable cause) {
      super(request + " failed: " + cause.getClass().getSimpleName(), cause);
    }

    @Override
    public boolean retriable() {
      return true;
    }
  }

  /** An answer that breaks TAXII 2.1: the request will not fare better next time. */
  public static final class Protocol extends TaxiiClientException {
    private static final long serialVersionUID = 1L;

    Protocol(String message) {
      super(message, null);
    }

    Protocol(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public boolean retriable() {
      return false;
    }
  }
}
