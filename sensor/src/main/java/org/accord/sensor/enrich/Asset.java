package org.accord.sensor.enrich;

import java.util.List;
import java.util.Objects;

/**
 * A critical-infrastructure asset: address ranges and domains that belong to an operator in a sector.
 *
 * @param id stable id (e.g. {@code bank-1-web})
 * @param name what it is ("Online banking front end")
 * @param operator who runs it ("Example Commercial Bank")
 * @param sector its sector
 * @param criticality 1 (low) to 5 (vital)
 * @param group the detection threshold group it belongs to (e.g. {@code finance-web}); "default" when none
 * @param cidrs its IPv4/IPv6 ranges, in CIDR notation
 * @param domains its domain names (subdomains included)
 */
public record Asset(
    String id,
    String name,
    String operator,
    Sector sector,
    int criticality,
    String group,
    List<String> cidrs,
    List<String> domains) {
  public Asset {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(sector, "sector");
    if (criticality < 1 || criticality > 5) {
      throw new IllegalArgumentException("asset " + id + ": criticality must be 1 to 5, was " + criticality);
    }
    group = group == null || group.isBlank() ? "default" : group;
    cidrs = List.copyOf(cidrs);
    domains = List.copyOf(domains);
  }
}
