package org.accord.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.accord.stix.AccordExtension;
import org.accord.stix.StixObject;

/**
 * Whether an object meets a clause's {@link Selection} beyond TLP and provenance (which {@link Egress} checks
 * itself). Where the criteria are read:
 *
 * <ul>
 *   <li>labels: {@code labels} (STIX 2.1 §3.2);
 *   <li>sectors: {@code sectors} (identity, STIX 2.1 §4.11, industry-sector-ov), else the {@code sectors} of
 *       Accord's property extension ({@link AccordExtension}, STIX 2.1 §7.3) that Accord's sensors set on incidents,
 *       sightings, indicators and the rest of their output, else, for objects stored by earlier versions and partners
 *       still running them, the custom property {@code x_accord_sectors} (a list of the same names);
 *   <li>confidence: {@code confidence} (STIX 2.1 §3.2, 0-100);
 *   <li>producer: {@code created_by_ref} against the STIX identities of the named parties;
 *   <li>age: {@code modified}, else {@code created}; SCOs have neither, so a clause with {@code max_age} does not
 *       cover them.
 * </ul>
 */
final class Matching {
  private Matching() {}

  /** Why {@code o} does not meet {@code what}, or null when it does. */
  static String miss(Selection what, StixObject o, Rulebook rulebook, Instant now, boolean explain) {
    return check(what, o, rulebook, now, explain);
  }

  /** What {@link #miss} says without {@code explain}: the reason is only built when someone reads it. */
  private static final String MISS = "selection";

  private static String check(Selection what, StixObject o, Rulebook rulebook, Instant now, boolean explain) {
    if (!what.types().isEmpty() && !what.types().contains(o.type())) {
      return !explain ? MISS : "type " + o.type() + " is not among its types";
    }
    if (!what.labels().isEmpty() && !anyTextIn(o.jsonView().get("labels"), what.labels())) {
      return !explain ? MISS : "the object has none of the labels " + sorted(what.labels());
    }
    if (!what.sectors().isEmpty() && !inSectors(o, what.sectors())) {
      return !explain ? MISS : "the object is in none of the sectors " + sorted(what.sectors());
    }
    if (what.minConfidence() != null) {
      JsonNode c = o.jsonView().get("confidence");
      if (c == null || !c.isIntegralNumber() || c.asInt() < what.minConfidence()) {
        return !explain ? MISS : "confidence is below " + what.minConfidence() + " or absent";
      }
    }
    if (!what.producers().isEmpty()) {
      Optional<String> by = o.text("created_by_ref");
      boolean ok = false;
      for (String p : what.producers()) {
        ok |= by.isPresent() && rulebook.parties().get(p).identity().equals(by.get());
      }
      if (!ok) {
        return !explain ? MISS : "created_by_ref is not the identity of " + sorted(what.producers());
      }
    }
    if (what.maxAge() != null) {
      Optional<Instant> version = o.version();
      if (version.isEmpty() || version.get().plus(what.maxAge()).isBefore(now)) {
        return !explain
            ? MISS
            : "the object is older than " + Canonical.duration(what.maxAge()) + " or has no timestamp";
      }
    }
    return null;
  }

  private static boolean inSectors(StixObject o, Set<String> sectors) {
    JsonNode json = o.jsonView();
    return anyTextIn(json.get("sectors"), sectors) || anyTextIn(AccordExtension.sectors(json), sectors);
  }

  private static boolean anyTextIn(JsonNode list, Set<String> wanted) {
    if (list == null || !list.isArray()) {
      return false;
    }
    for (JsonNode v : list) {
      if (v.isTextual() && wanted.contains(v.asText())) {
        return true;
      }
    }
    return false;
  }

  private static java.util.List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
