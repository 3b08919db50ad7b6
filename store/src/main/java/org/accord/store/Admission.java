package org.accord.store;

import java.util.List;
import java.util.Objects;
import org.accord.stix.Violation;

/**
 * Whether one incoming object may be stored, and if so with which {@link Origin}: the answer of an {@link
 * Importer.Admit} (a TAXII POST, a pull from a peer, an import).
 *
 * @param violations why it may not be stored; empty when it may
 * @param origin where the stored version comes from; null when refused
 */
public record Admission(List<Violation> violations, Origin origin) {
  public Admission {
    violations = List.copyOf(violations);
    if (violations.isEmpty()) {
      Objects.requireNonNull(origin, "an admitted object needs an origin");
    }
  }

  /** Admitted as this node's own. */
  public static Admission own() {
    return new Admission(List.of(), Origin.OWN);
  }

  public static Admission admitted(Origin origin) {
    return new Admission(List.of(), origin);
  }

  public static Admission refused(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("a refusal needs at least one violation");
    }
    return new Admission(violations, null);
  }

  public boolean admitted() {
    return violations.isEmpty();
  }
}
