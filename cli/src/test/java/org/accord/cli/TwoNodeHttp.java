package org.accord.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.accord.stix.StixJson;

/** Credentials of the demo's users and TAXII bodies, for the two-node tests that talk to a node over HTTP. */
final class TwoNodeHttp {
  static final String MEDIA = "application/taxii+json;version=2.1";

  private TwoNodeHttp() {}

  /** An HTTP Basic {@code Authorization} value (RFC 7617). */
  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** US's node as CN's node knows it: user {@code us-node}, the password US's configuration holds for peer cn. */
  static String usNodeAtCn(TwoNodeSetup setup) {
    return basic("us-node", new String(setup.us().config().peer("cn").orElseThrow().secret()));
  }

  /** The local analyst of one side. */
  static String analyst(TwoNodeSetup.Side side) {
    return basic(TwoNodeSetup.ANALYST, side.analystPassword());
  }

  /** A TAXII envelope (TAXII 2.1 §3.7) of {@code objects}. */
  static String envelope(List<ObjectNode> objects) {
    ObjectNode envelope = StixJson.mapper().createObjectNode();
    objects.forEach(envelope.putArray("objects")::add);
    return envelope.toString();
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return StixJson.mapper().readTree(r.body());
  }
}
