package org.accord.sensor.enrich;

import java.util.Objects;

/**
 * Where an address is: its country and its autonomous system.
 *
 * @param country ISO 3166-1 alpha-2 code, "" when unknown
 * @param asn autonomous system number, 0 when unknown
 * @param asOrg the AS's organisation, "" when unknown
 */
public record Geo(String country, long asn, String asOrg) {
  public static final Geo UNKNOWN = new Geo("", 0, "");

  public Geo {
    Objects.requireNonNull(country, "country");
    Objects.requireNonNull(asOrg, "asOrg");
  }

  public boolean known() {
    return !country.isEmpty() || asn != 0;
  }
}
