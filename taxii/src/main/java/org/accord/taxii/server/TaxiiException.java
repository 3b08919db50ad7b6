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

  /** 415: the request body is not of a media type the endpoint accepts. */
  public static TaxiiException unsupportedMediaType(String contentType) {
    return new TaxiiException(
        415,
        "Unsupported Media Type",
        "unsupported-media-type",
        "the request body must be " + MediaTypes.TAXII_21,
        Map.of("content_type", String.valueOf(contentType)));
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
