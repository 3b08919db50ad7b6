package org.accord.taxii.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.accord.stix.StixJson;
import org.accord.store.ObjectStore;

/** The server-information endpoints of TAXII 2.1 §4: discovery, API root and status. */
final class ServerInformation {
  private final TaxiiSettings settings;
  private final Scopes scopes;
  private final ObjectStore store;

  ServerInformation(TaxiiSettings settings, Scopes scopes, ObjectStore store) {
    this.settings = settings;
    this.scopes = scopes;
    this.store = store;
  }

  /**
   * §4.1: {@code discovery} resource; the first API root is the default. API roots are given as relative URLs
   * ({@code /accord/}), which §4.1.1 allows and which stay right behind proxies and on plain HTTP, where an absolute
   * URL would have to be HTTPS.
   */
  void discovery(Context ctx) {
    ObjectNode body = StixJson.mapper().createObjectNode();
    body.put("title", settings.title());
    putIfPresent(body, "description", settings.description());
    putIfPresent(body, "contact", settings.contact());
    body.put("default", rootUrl(settings.apiRoots().get(0)));
    ArrayNode roots = body.putArray("api_roots");
    settings.apiRoots().forEach(r -> roots.add(rootUrl(r)));
    Responses.write(ctx, 200, body);
  }

  /** §4.2: {@code api-root} resource. */
  void apiRoot(Context ctx) {
    TaxiiSettings.ApiRoot root = scopes.apiRoot(ctx);
    ObjectNode body = StixJson.mapper().createObjectNode();
    body.put("title", root.title());
    putIfPresent(body, "description", root.description());
    body.putArray("versions").add(MediaTypes.TAXII_21);
    body.put("max_content_length", settings.maxContentLength());
    Responses.write(ctx, 200, body);
  }

  /**
   * §4.3: {@code status} resource. Only the user who made the request can read it, and only under the API root it
   * was made in; anyone else gets 404, as for an unknown id.
   */
  void status(Context ctx) {
    TaxiiSettings.ApiRoot root = scopes.apiRoot(ctx);
    String id = ctx.pathParam("statusId");
    String user = TaxiiServer.user(ctx).name();
    JsonNode record =
        store.status(id).map(ServerInformation::parse).orElseThrow(() -> unknownStatus(id));
    if (!root.name().equals(record.path(AddObjects.STATUS_API_ROOT).asText())
        || !user.equals(record.path(AddObjects.STATUS_OWNER).asText())) {
      throw unknownStatus(id);
    }
    Responses.write(ctx, 200, record.get(AddObjects.STATUS_RESOURCE));
  }

  private static TaxiiException unknownStatus(String id) {
    return TaxiiException.notFound("no status '" + id + "'");
  }

  private static JsonNode parse(String json) {
    try {
      return StixJson.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored status resource is not JSON", e);
    }
  }

  private static String rootUrl(TaxiiSettings.ApiRoot root) {
    return "/" + root.name() + "/";
  }

  static void putIfPresent(ObjectNode node, String name, String value) {
    if (value != null) {
      node.put(name, value);
    }
  }
}
