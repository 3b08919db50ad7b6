package org.accord.rules;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.accord.stix.Tlp;

/**
 * Which objects a sharing or publishing clause covers (the rulebook's {@code what:}). Every criterion that is set
 * must hold; an empty set or a null value means "any". Two criteria have safe defaults instead of "any":
 *
 * <ul>
 *   <li>{@code tlp} empty means CLEAR and GREEN only: AMBER, AMBER+STRICT and RED must be named to be shared.
 *   <li>{@code originators} empty means the sender's own objects only: objects received from another party are
 *       re-shared only by a clause that names that party here (no laundering, issue 3 part 3).
 * </ul>
 *
 * <p>An object without the property a criterion reads (no {@code confidence}, no timestamp for {@code max_age}, no
 * sector) does not match that criterion: a clause that asks for a property is not satisfied by its absence.
 *
 * @param types STIX types ({@code indicator}, ...)
 * @param tlp allowed TLP levels
 * @param labels the object needs at least one of these {@code labels}
 * @param sectors the object needs at least one of these sectors (see {@link Egress} for where sectors are read)
 * @param minConfidence lowest {@code confidence} (STIX 2.1 §3.2, 0-100), or null
 * @param producers party ids whose STIX identity must be the object's {@code created_by_ref}
 * @param originators party ids whose objects, received from them, this clause lets the sender pass on
 * @param maxAge the object's version ({@code modified}, else {@code created}) must be at most this old, or null
 */
public record Selection(
    Set<String> types,
    Set<Tlp> tlp,
    Set<String> labels,
    Set<String> sectors,
    Integer minConfidence,
    Set<String> producers,
    Set<String> originators,
    Duration maxAge) {
  /** CLEAR and GREEN: what an unspecified {@code tlp} allows. */
  public static final Set<Tlp> DEFAULT_TLP = Set.of(Tlp.CLEAR, Tlp.GREEN);

  public Selection {
    types = Set.copyOf(Objects.requireNonNull(types, "types"));
    tlp = Set.copyOf(Objects.requireNonNull(tlp, "tlp"));
    labels = Set.copyOf(Objects.requireNonNull(labels, "labels"));
    sectors = Set.copyOf(Objects.requireNonNull(sectors, "sectors"));
    producers = Set.copyOf(Objects.requireNonNull(producers, "producers"));
    originators = Set.copyOf(Objects.requireNonNull(originators, "originators"));
    if (minConfidence != null && (minConfidence < 0 || minConfidence > 100)) {
      throw new IllegalArgumentException("min_confidence must be 0-100 (STIX 2.1 §3.2), not " + minConfidence);
    }
    if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
      throw new IllegalArgumentException("max_age must be positive");
    }
  }

  /** Matches any type, CLEAR and GREEN, own objects. */
  public static Selection any() {
    return new Selection(Set.of(), Set.of(), Set.of(), Set.of(), null, Set.of(), Set.of(), null);
  }

  /** The TLP levels this selection allows, with the default applied. */
  public Set<Tlp> allowedTlp() {
    return tlp.isEmpty() ? DEFAULT_TLP : tlp;
  }
}
