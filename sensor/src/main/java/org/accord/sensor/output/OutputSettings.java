package org.accord.sensor.output;

import java.util.Objects;
import java.util.UUID;
import org.accord.stix.ScoIds;
import org.accord.stix.Tlp;

/**
 * Who the sensor's STIX objects are by, how they are marked, and how sightings are aggregated.
 *
 * @param identityId the node's STIX identity ({@code created_by_ref}, {@code where_sighted_refs}): its party's identity
 *     in the rulebook, so the egress gate recognises the objects as the node's own
 * @param tlp the TLP marking of every object the sensor makes (TLP 2.0 marking definition)
 * @param sightingWindowMillis sightings of one indicator are aggregated per window of this length
 * @param homeCountry the node's country (ISO 3166-1 alpha-2), to say which sources are foreign; "" when unknown
 */
public record OutputSettings(String identityId, Tlp tlp, long sightingWindowMillis, String homeCountry) {
  public OutputSettings {
    Objects.requireNonNull(identityId, "identityId");
    Objects.requireNonNull(tlp, "tlp");
    homeCountry = homeCountry == null ? "" : homeCountry;
    if (!identityId.startsWith("identity--")) {
      throw new IllegalArgumentException("identityId must be a STIX identity id, was " + identityId);
    }
    if (identityId.endsWith(ScoIds.NAMESPACE)) {
      // STIX 2.1 §2.9: the OASIS namespace is for SCO ids only; the sensor's ids live in the identity's namespace.
      throw new IllegalArgumentException("the identity's UUID must not be the STIX SCO namespace " + ScoIds.NAMESPACE);
    }
    if (sightingWindowMillis < 1000) {
      throw new IllegalArgumentException("the sighting window must be at least one second");
    }
  }

  /** The namespace of the sensor's name-based ids: its identity, so two nodes never make the same id. */
  UUID namespace() {
    return UUID.fromString(identityId.substring("identity--".length()));
  }
}
