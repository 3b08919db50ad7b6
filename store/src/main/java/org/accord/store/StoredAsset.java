package org.accord.store;

import java.util.List;
import java.util.Objects;

/**
 * A critical-infrastructure asset as the store keeps it: texts and lists of texts. The store knows nothing of the
 * sensor; the sensor's {@code Asset} maps to this one field by field ({@code sector} is the sector's id, e.g. {@code
 * finance}) and validates CIDRs, domains and the sector before saving.
 *
 * @param id stable id (e.g. {@code bank-1-web})
 * @param name what it is
 * @param operator who runs it
 * @param sector its sector's id
 * @param criticality 1 (low) to 5 (vital)
 * @param group its detection threshold group; "default" when null or blank
 * @param cidrs its address ranges in CIDR notation, in the order given
 * @param domains its domain names, in the order given
 */
public record StoredAsset(
    String id,
    String name,
    String operator,
    String sector,
    int criticality,
    String group,
    List<String> cidrs,
    List<String> domains) {
  public StoredAsset {
    requireText(id, "id");
    requireText(name, "name");
    requireText(operator, "operator");
    requireText(sector, "sector");
    if (criticality < 1 || criticality > 5) {
      throw new IllegalArgumentException("asset " + id + ": criticality must be 1 to 5, was " + criticality);
    }
    group = group == null || group.isBlank() ? "default" : group;
    cidrs = List.copyOf(cidrs);
    domains = List.copyOf(domains);
  }

  private static void requireText(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException("an asset's " + field + " must not be blank");
    }
  }
}
