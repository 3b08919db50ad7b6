package org.accord.sensor.enrich;

import java.util.Locale;
import java.util.Optional;

/** Critical-infrastructure sectors (the names match the rulebook's {@code sectors} and STIX industry-sector-ov). */
public enum Sector {
  FINANCE("financial-services"),
  ENERGY("energy"),
  COMMUNICATIONS("telecommunications"),
  TRANSPORT("transportation"),
  WATER("utilities"),
  HEALTH("healthcare"),
  GOVERNMENT("government");

  private final String stixIndustry;

  Sector(String stixIndustry) {
    this.stixIndustry = stixIndustry;
  }

  /** The rulebook's name: {@code finance}, {@code energy}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The STIX 2.1 industry-sector-ov value (§10.12) closest to this sector. */
  public String stixIndustry() {
    return stixIndustry;
  }

  public static Optional<Sector> of(String id) {
    for (Sector s : values()) {
      if (s.id().equalsIgnoreCase(id)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
