package org.accord.cases;

import java.util.Arrays;
import java.util.Optional;

/**
 * The extension of a request's answer deadline, which runs beside the main state: the requested party may ask once,
 * the requester grants or refuses (an obligation's {@code extension} says by how much a grant extends).
 */
public enum Extension {
  NONE("none"),
  REQUESTED("requested"),
  GRANTED("granted"),
  REFUSED("refused");

  private final String wire;

  Extension(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<Extension> fromWire(String name) {
    return Arrays.stream(values()).filter(e -> e.wire.equals(name)).findFirst();
  }
}
