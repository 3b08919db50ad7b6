package org.accord.hash.bank;

import java.util.Optional;

/** What an entry's hash is: one image's PDQ hash, or a video's frame hashes in the style of vPDQ. */
public enum Algorithm {
  PDQ("pdq"),
  VPDQ("vpdq");

  private final String wire;

  Algorithm(String wire) {
    this.wire = wire;
  }

  /** The name in the STIX object's {@code algorithm} property. */
  public String wire() {
    return wire;
  }

  public static Optional<Algorithm> fromWire(String text) {
    for (Algorithm a : values()) {
      if (a.wire.equals(text)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
