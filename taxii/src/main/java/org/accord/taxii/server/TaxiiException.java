package org.accord.taxii.server;

import java.util.Map;
import java.util.Objects;

/**
 * A request that ends in a TAXII error message (TAXII 2.1 §3.6). Handlers throw it; {@link TaxiiServer} maps it, at
 * one boundary, to the HTTP status and the {@code error} resource of §3.6.1. One factory per status keeps the
 * {@code title} and {@code error_code} uniform; the {@code description} says what was wrong with this request and
 * MUST never carry a secret (password, Authorization header, token key).
 */
public final class TaxiiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The detail a 429 or 503 carries: seconds until a retry may succeed ({@code Retry-After}). */
  static final String RETRY_AFTER = "retry_after_seconds";

  private final int status;
  private final String title;
  private final String errorCode;
  private final transient Map<String, Object> details;

  private TaxiiException(
      int status, String title, String errorCode, String description, Map<String, Object> details) {
    super(Objects.requireNonNull(description, "description"));
    this.status = status;
    this.title = title;
    this.errorCode = errorCode;
    this.details = Map.copyOf(details);
  }

  /** 400: the request or one of its URL query parameters is malformed (TAXII 2.1 §3.4). */
  public static TaxiiException badRequest(String description) {
    return badRequest(description, Map.of());
  }

  public static TaxiiException badRequest(String description, Map<String, Object> details) {
    return new TaxiiException(400, "Bad Request", "bad-request", description, details);
  }

  /**
   * 422: a well-formed JSON body that is not a TAXII envelope. TAXII 2.1 §5.5 lists 422 for "a malformed body, or
   * other unprocessable content"; a body that is not JSON at all stays 400 (RFC 9110 §15.5.1, malformed syntax).
   */
  public static TaxiiException unprocessable(String description) {
    return new TaxiiException(422, "Unprocessable Content", "unprocessable-content", description, Map.of());
  }

  /**
   * 401: credentials missing or wrong. The same description for an unknown user and a wrong password, so the
   * response does not tell which user names exist.
   */
  public static TaxiiException unauthorized() {
    return new TaxiiException(
        401,
        "Unauthorized",
        "unauthorized",
        "valid HTTP Basic credentials are required",
        Map.of());
  }

  /** 403: authenticated, but not allowed to do this on this collection. */
  public static TaxiiException forbidden(String description) {
    return new TaxiiException(403, "Forbidden", "forbidden", description, Map.of());
  }

  /** 404: the API root, collection, object or status does not exist (or is not visible to the client). */
  public static TaxiiException notFound(String description) {
    return new TaxiiException(404, "Not Found", "not-found", description, Map.of());
  }

  /** 409: the request conflicts with what the server already holds (e.g. a stale or replayed ledger checkpoint). */
  public static TaxiiException conflict(String description) {
    return new TaxiiException(409, "Conflict", "conflict", description, Map.of());
  }

  /**
   * 503: the server is busy with other requests of the same kind; the client should retry later (RFC 9110 §15.6.4).
   */
  public static TaxiiException unavailable(String description) {
    return new TaxiiException(503, "Service Unavailable", "unavailable", description, Map.of());
  }

  /** 502: a server this one asked on the client's behalf (a peer's node) answered with something refused. */
  public static TaxiiException badGateway(String description) {
    return new TaxiiException(502, "Bad Gateway", "bad-gateway", description, Map.of());
  }

  /** 405: the endpoint exists but not with this HTTP method (TAXII 2.1 §3.1 endpoint table). */
  public static TaxiiException methodNotAllowed(String description) {
    return new TaxiiException(405, "Method Not Allowed", "method-not-allowed", description, Map.of());
  }

  /** 406: nothing in the Accept header is a media type the endpoint produces (TAXII 2.1 §1.6.8 / §3.1). */
  public static TaxiiException notAcceptable(String accept) {
    return new TaxiiException(
        406,
        "Not Acceptable",
        "not-acceptable",
        "this endpoint produces " + MediaTypes.TAXII_21 + ", which the Accept header does not allow",
        Map.of("accept", String.valueOf(accept)));
  }

  /** 413: the body exceeds the API root's {@code max_content_length} (TAXII 2.1 §4.2). */
  public static TaxiiException tooLarge(long maxContentLength) {
    return new TaxiiException(
        413,
        "Payload Too Large",
        "payload-too-large",
        "the request body exceeds max_content_length of " + maxContentLength + " bytes",
        Map.of("max_content_length", maxContentLength));
  }

  /** 413 for a limit of the node's own API (e.g. {@code cases.evidence_max_bytes}), named in the description. */
  public static TaxiiException tooLarge(String description, Map<String, Object> details) {
    return new TaxiiException(413, "Payload Too Large", "payload-too-large", description, details);
  }

  /** 415: the request body is not of a media type the endpoint accepts. */
  public static TaxiiException unsupportedMediaType(String contentType) {
    return new TaxiiException(
        415,
        "Unsupported Media Type",
        "unsupported-media-type",
        "the request body must be " + MediaTypes.TAXII_21,
        Map.of("content_type", String.valueOf(contentType)));
  }

  /** 415 for the node's own API, in its own words (e.g. a video upload where {@code ffmpeg} is not installed). */
  public static TaxiiException unsupportedMediaType(String description, Map<String, Object> details) {
    return new TaxiiException(415, "Unsupported Media Type", "unsupported-media-type", description, details);
  }

  /**
   * 429: too many failed logins for this user name or from this address; the client may try again after
   * {@code retryAfterSeconds} (RFC 6585 §4, sent as {@code Retry-After}). The same answer whether or not the user
   * name exists, so it reveals no names.
   */
  public static TaxiiException tooManyRequests(long retryAfterSeconds) {
    return new TaxiiException(
        429,
        "Too Many Requests",
        "too-many-requests",
        "too many failed logins: try again in " + retryAfterSeconds + " s",
        Map.of(RETRY_AFTER, retryAfterSeconds));
  }

  /** 503: the server cannot take the request now (e.g. every password check slot is busy); retry later. */
  public static TaxiiException unavailable(String description, long retryAfterSeconds) {
    return new TaxiiException(
        503, "Service Unavailable", "service-unavailable", description, Map.of(RETRY_AFTER, retryAfterSeconds));
  }

  /**
   * An error the HTTP layer found before any route ran (Jetty's 400, 414, 431...), in the node's own words: the
   * description names the kind of fault, never the parser's message (which may quote the request).
   */
  static TaxiiException http(int status) {
    return switch (status) {
      case 400 -> badRequest("the request is not well-formed HTTP (request line, URI, path, headers or framing)");
      case 404 -> notFound("no TAXII endpoint at this path");
      case 405 -> methodNotAllowed("this method is not allowed here");
      case 408 -> new TaxiiException(408, "Request Timeout", "request-timeout",
          "the request was not received in time", Map.of());
      case 413 -> new TaxiiException(413, "Payload Too Large", "payload-too-large",
          "the request body is larger than the server accepts", Map.of());
      case 414 -> new TaxiiException(414, "URI Too Long", "uri-too-long",
          "the request URI is longer than the server accepts", Map.of());
      case 415 -> new TaxiiException(415, "Unsupported Media Type", "unsupported-media-type",
          "the request body is of a media type the server does not accept", Map.of());
      case 431 -> new TaxiiException(431, "Request Header Fields Too Large", "header-fields-too-large",
          "the request headers are larger than the server accepts", Map.of());
      case 501 -> new TaxiiException(501, "Not Implemented", "not-implemented",
          "the server does not support this request", Map.of());
      case 505 -> new TaxiiException(505, "HTTP Version Not Supported", "http-version-not-supported",
          "the server speaks HTTP/1.1", Map.of());
      default -> status >= 500
          ? new TaxiiException(status, "Server Error", "server-error", "the server could not answer", Map.of())
          : new TaxiiException(status, "Client Error", "client-error",
              "the request was refused by the HTTP layer", Map.of());
    };
  }

  /** 500: a fault of the server; the description names only the error id under which it was logged. */
  public static TaxiiException internal(String errorId) {
    return new TaxiiException(
        500,
        "Internal Server Error",
        "internal-error",
        "the server failed; the fault is logged under error_id " + errorId,
        Map.of());
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public String errorCode() {
    return errorCode;
  }

  public String description() {
    return getMessage();
  }

  public Map<String, Object> details() {
    return details;
  }
}
