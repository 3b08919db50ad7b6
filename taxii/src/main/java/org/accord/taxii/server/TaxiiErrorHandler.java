package org.accord.taxii.server;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's error pages replaced by TAXII error messages (TAXII 2.1 §3.6.1). Some requests never reach a route: a URI
 * longer than the request buffer (414), headers too large (431), a request line, URI or path Jetty refuses (400: a
 * {@code %00}, an ambiguous {@code %2e%2e} or {@code %2f} segment), broken chunked framing. Jetty answers those itself,
 * by default with an HTML page that quotes its parser's message; here they get the same JSON error body, media type
 * and wording as every other error, and never the parser's text, a class name or a stack trace.
 *
 * <p>Two entry points: {@link #badMessageError} for messages refused while parsing (no request exists yet), and
 * {@link #handle} for errors raised once a request exists ({@code sendError}, an exception escaping the servlet).
 */
final class TaxiiErrorHandler extends ErrorHandler {
  private static final Logger LOG = LoggerFactory.getLogger(TaxiiErrorHandler.class);

  TaxiiErrorHandler() {
    setShowStacks(false);
    setShowServlet(false);
    setShowMessageInTitle(false);
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    int status = response.getStatus() < 400 ? 500 : response.getStatus();
    String errorId = UUID.randomUUID().toString();
    TaxiiException error;
    if (status == 500) {
      Object cause = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
      // Method and path only, as at the routes' boundary: headers (Authorization) never reach the log.
      LOG.error("{} {} failed in the HTTP layer; error_id {}", request.getMethod(), request.getRequestURI(), errorId,
          cause instanceof Throwable t ? t : null);
      error = TaxiiException.internal(errorId);
    } else {
      error = TaxiiException.http(status);
    }
    byte[] body = TaxiiServer.errorJson(error, errorId);
    response.setStatus(status);
    response.setContentType(MediaTypes.TAXII_21);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    baseRequest.setHandled(true);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, MediaTypes.TAXII_21);
    return ByteBuffer.wrap(TaxiiServer.errorJson(TaxiiException.http(status), UUID.randomUUID().toString()));
  }
}
