package org.accord.taxii.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.accord.stix.StixJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes TAXII resources: the status, the TAXII 2.1 media type (§1.6.8) and the JSON body. */
final class Responses {
  private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

  private Responses() {}

  static void write(Context ctx, int status, JsonNode body) {
    try {
      ctx.status(status).contentType(MediaTypes.TAXII_21).result(StixJson.mapper().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a response", e);
    }
  }

  /** A body already serialised as JSON. */
  static void write(Context ctx, int status, byte[] json) {
    ctx.status(status).contentType(MediaTypes.TAXII_21).result(json);
  }

  /**
   * A large body already serialised as JSON, written straight to the servlet output in one write with its
   * Content-Length. Javalin's {@code result(byte[])} copies the array through an InputStream into Jetty in 8 KB
   * chunks, each a separate aggregation and, for an 80 KB page, several socket writes; one write of the whole array
   * lets Jetty hand it to the socket as it is (BENCHMARKS.md, "TAXII server under load"). A client that accepts a
   * content coding keeps Javalin's path, which compresses.
   */
  static void writeDirect(Context ctx, int status, byte[] json) {
    String codings = ctx.header("Accept-Encoding");
    if (codings != null && !codings.isBlank()) {
      write(ctx, status, json);
      return;
    }
    ctx.status(status).contentType(MediaTypes.TAXII_21);
    HttpServletResponse res = ctx.res();
    res.setContentLength(json.length);
    try {
      res.getOutputStream().write(json);
    } catch (IOException e) {
      // The client went away mid-body: there is no one left to answer, and it is not a server error.
      LOG.debug("client closed the connection while the response was written: {}", e.toString());
    }
  }

  static void empty(Context ctx, int status) {
    ctx.status(status).contentType(MediaTypes.TAXII_21).result(new byte[0]);
  }
}
