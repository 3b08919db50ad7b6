package org.accord.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.accord.sensor.enrich.Asset;
import org.accord.sensor.enrich.AssetRegistry;
import org.accord.sensor.enrich.Sector;
import org.accord.stix.StixJson;
import org.accord.store.AssetStore;
import org.accord.store.StoredAsset;
import org.accord.taxii.server.JsonErrors;
import org.accord.taxii.server.TaxiiException;
import org.accord.taxii.server.TaxiiServer;
import org.accord.taxii.server.User;

/**
 * The critical-infrastructure asset registry over REST, next to TAXII (same authentication, same error form), for
 * this node's own users only — a peer never sees which of a party's addresses are critical:
 *
 * <ul>
 *   <li>{@code GET /_accord/assets/}: every asset;
 *   <li>{@code PUT /_accord/assets/{id}}: registers or replaces one, from a JSON body with the fields of {@code
 *       accord sense assets add} ({@code name}, {@code operator}, {@code sector}, {@code criticality}, {@code group},
 *       {@code cidrs}, {@code domains}); a bad sector, criticality, CIDR or domain is a 400 naming it;
 *   <li>{@code DELETE /_accord/assets/{id}}: removes one (404 when unknown).
 * </ul>
 */
final class AssetEndpoints {
  static final String PATH = TaxiiServer.NODE_PATHS + "assets/";

  private final AssetStore assets;

  AssetEndpoints(AssetStore assets) {
    this.assets = Objects.requireNonNull(assets, "assets");
  }

  void install(JavalinConfig config) {
    config.router.mount(
        router -> {
          TaxiiServer.get(router, PATH, this::list); // and HEAD, through the same checks
          router.put(PATH + "{id}", TaxiiServer.readingBody(this::put));
          router.delete(PATH + "{id}", this::delete);
        });
  }

  private void list(Context ctx) {
    local(ctx);
    ArrayNode list = StixJson.mapper().createArrayNode();
    assets.list().forEach(a -> list.add(json(a)));
    ObjectNode body = StixJson.mapper().createObjectNode();
    body.set("assets", list);
    ctx.status(200).contentType("application/json").result(body.toString());
  }

  private void put(Context ctx) throws IOException {
    local(ctx);
    String id = ctx.pathParam("id");
    JsonNode body;
    try {
      body = StixJson.mapper().readTree(ctx.bodyAsBytes());
    } catch (JsonProcessingException e) {
      throw TaxiiException.badRequest("the body is not JSON: " + JsonErrors.describe(e));
    }
    if (body == null || !body.isObject()) {
      throw TaxiiException.badRequest("the body must be a JSON object with the asset's fields");
    }
    Asset asset;
    try {
      Sector sector = Sector.of(body.path("sector").asText())
          .orElseThrow(() -> new IllegalArgumentException("unknown sector '" + body.path("sector").asText()
              + "' (finance, energy, communications, transport, water, health, government)"));
      asset = new Asset(id, text(body, "name"), text(body, "operator"), sector, body.path("criticality").asInt(3),
          body.path("group").asText(null), strings(body.path("cidrs")), strings(body.path("domains")));
      AssetRegistry.of(List.of(asset)); // checks CIDRs and domains, naming the bad one
    } catch (IllegalArgumentException | NullPointerException e) {
      throw TaxiiException.badRequest("asset " + id + ": " + e.getMessage());
    }
    assets.put(NodeSensor.stored(asset));
    ctx.status(200).contentType("application/json").result(json(NodeSensor.stored(asset)).toString());
  }

  private void delete(Context ctx) {
    local(ctx);
    String id = ctx.pathParam("id");
    if (!assets.remove(id)) {
      throw TaxiiException.notFound("no asset " + id);
    }
    ctx.status(204);
  }

  private static void local(Context ctx) {
    User user = TaxiiServer.user(ctx);
    if (user.party() != null) {
      throw TaxiiException.forbidden("the asset registry is for this node's own users, not for party " + user.party());
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' is required (a string)");
    }
    return v.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(v -> out.add(v.asText()));
    } else if (!array.isMissingNode()) {
      throw new IllegalArgumentException("cidrs and domains are lists of strings");
    }
    return out;
  }

  private static ObjectNode json(StoredAsset a) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("id", a.id());
    o.put("name", a.name());
    o.put("operator", a.operator());
    o.put("sector", a.sector());
    o.put("criticality", a.criticality());
    o.put("group", a.group());
    ArrayNode cidrs = o.putArray("cidrs");
    a.cidrs().forEach(cidrs::add);
    ArrayNode domains = o.putArray("domains");
    a.domains().forEach(domains::add);
    return o;
  }
}
