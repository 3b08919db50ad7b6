package org.accord.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.accord.stix.StixJson;

/**
 * The stored form of an {@link Origin}'s hops, column {@code origin_hops} (migration V9): a compact JSON array of
 * {@code {"from","to","clause"}}, or SQL NULL for no hops.
 */
final class OriginHops {
  private OriginHops() {}

  static String toColumn(List<Origin.Hop> hops) {
    if (hops.isEmpty()) {
      return null;
    }
    ArrayNode a = StixJson.mapper().createArrayNode();
    for (Origin.Hop h : hops) {
      ObjectNode o = a.addObject();
      o.put("from", h.from());
      o.put("to", h.to());
      o.put("clause", h.clause());
    }
    return a.toString();
  }

  static List<Origin.Hop> fromColumn(String column) {
    if (column == null || column.isEmpty()) {
      return List.of();
    }
    try {
      JsonNode a = StixJson.mapper().readTree(column);
      List<Origin.Hop> hops = new ArrayList<>(a.size());
      for (JsonNode h : a) {
        hops.add(new Origin.Hop(h.path("from").asText(), h.path("to").asText(), h.path("clause").asText()));
      }
      return hops;
    } catch (IOException | IllegalArgumentException e) {
      throw new StoreException("stored origin hops do not parse: " + e.getMessage(), e);
    }
  }
}
