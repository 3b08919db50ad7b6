package org.accord.sensor.enrich;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads asset files: the critical-infrastructure registry as an operator writes it. YAML, or JSON when the file name
 * ends in {@code .json}:
 *
 * <pre>
 * assets:
 *   - id: bank-1-web                      # required, unique: letters, digits, '.', '_', '-'
 *     name: Online banking front end      # required
 *     operator: Example Commercial Bank   # required
 *     sector: finance                     # required: finance, energy, communications, transport, water, health,
 *                                         #   government
 *     criticality: 5                      # required: 1 (low) to 5 (vital)
 *     group: finance-web                  # optional detection threshold group; "default" when absent
 *     cidrs: [198.51.100.0/24, 2001:db8:100::/48]   # optional; host bits must be zero
 *     domains: [bank.example]             # optional; subdomains included
 * </pre>
 *
 * A bare list of assets (without {@code assets:}) is accepted too. Unknown fields are refused (a typo such as {@code
 * cidr:} would otherwise drop the asset's ranges silently). Every error names the file and the asset (its id, or its
 * position when the id is missing). The whole file is also checked as a registry ({@link AssetRegistry#of}): ids,
 * CIDRs and domains must not be claimed twice.
 */
public final class AssetFiles {
  private static final Set<String> FIELDS =
      Set.of("id", "name", "operator", "sector", "criticality", "group", "cidrs", "domains");

  private AssetFiles() {}

  /**
   * Reads and validates the assets in {@code file}.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the file and the asset, when the content is not a valid asset list
   */
  public static List<Asset> read(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".json") ? new JsonMapper() : new YAMLMapper();
    JsonNode root;
    try {
      root = mapper.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not valid " + (name.endsWith(".json") ? "JSON" : "YAML") + ": "
          + e.getOriginalMessage(), e);
    }
    try {
      return parse(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Validates an already parsed asset document (the tree of the format above). */
  static List<Asset> parse(JsonNode root) {
    if (root == null || root.isMissingNode() || root.isNull()) {
      return List.of(); // an empty file
    }
    JsonNode list = root;
    if (root.isObject()) {
      Iterator<String> names = root.fieldNames();
      while (names.hasNext()) {
        String field = names.next();
        if (!field.equals("assets")) {
          throw new IllegalArgumentException("unknown top-level field '" + field + "' (expected 'assets')");
        }
      }
      list = root.get("assets");
    }
    if (list == null || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("expected a list of assets");
    }
    List<Asset> assets = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      assets.add(asset(list.get(i), i + 1));
    }
    AssetRegistry.of(assets); // ids, CIDRs and domains claimed twice; each error names its asset
    return List.copyOf(assets);
  }

  private static Asset asset(JsonNode node, int position) {
    String label = "asset #" + position;
    if (!node.isObject()) {
      throw new IllegalArgumentException(label + ": expected a mapping of fields");
    }
    if (node.get("id") != null && node.get("id").isTextual() && !node.get("id").asText().isBlank()) {
      label = "asset " + node.get("id").asText();
    }
    try {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String field = names.next();
        if (!FIELDS.contains(field)) {
          throw new IllegalArgumentException("unknown field '" + field + "' (known: " + sorted(FIELDS) + ")");
        }
      }
      String id = text(node, "id", true);
      if (!id.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException("id '" + id + "' may hold only letters, digits, '.', '_' and '-'");
      }
      String sectorName = text(node, "sector", true);
      Sector sector =
          Sector.of(sectorName)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown sector '" + sectorName + "' (known: " + sectorIds() + ")"));
      JsonNode crit = node.get("criticality");
      if (crit == null || !crit.isIntegralNumber() || crit.asInt() < 1 || crit.asInt() > 5) {
        throw new IllegalArgumentException(
            "criticality must be a whole number from 1 to 5, was " + (crit == null ? "missing" : crit.toString()));
      }
      Asset asset =
          new Asset(
              id,
              text(node, "name", true),
              text(node, "operator", true),
              sector,
              crit.asInt(),
              text(node, "group", false),
              strings(node, "cidrs"),
              strings(node, "domains"));
      AssetRegistry.of(List.of(asset)); // CIDRs (host bits, lengths) and domains, one asset at a time
      return asset;
    } catch (IllegalArgumentException e) {
      // The registry's own errors name the asset already ("asset bank-1: ..."); name it once.
      String message = e.getMessage();
      throw new IllegalArgumentException(message.startsWith(label + ": ") ? message : label + ": " + message, e);
    }
  }

  private static String text(JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new IllegalArgumentException("'" + field + "' is missing");
      }
      return null;
    }
    if (!value.isValueNode() || value.asText().isBlank()) {
      throw new IllegalArgumentException("'" + field + "' must be a non-empty text");
    }
    return value.asText().strip();
  }

  private static List<String> strings(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException("'" + field + "' must be a list");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new IllegalArgumentException("'" + field + "' must hold texts, found " + item);
      }
      out.add(item.asText().strip());
    }
    return out;
  }

  private static String sectorIds() {
    return Arrays.stream(Sector.values()).map(Sector::id).collect(Collectors.joining(", "));
  }

  private static String sorted(Set<String> names) {
    return names.stream().sorted().collect(Collectors.joining(", "));
  }
}
