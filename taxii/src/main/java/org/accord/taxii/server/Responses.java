package org.accord.taxii.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import org.accord.stix.StixJson;

/** Writes TAXII resources: the status, the TAXII 2.1 media type (§1.6.8) and the JSON body. */
final class Responses {
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

  static void empty(Context ctx, int status) {
    ctx.status(status).contentType(MediaTypes.TAXII_21).result(new byte[0]);
  }
}
