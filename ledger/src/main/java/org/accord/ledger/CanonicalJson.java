package org.accord.ledger;

import java.util.Map;

/**
 * The ledger's canonical JSON for other modules that sign or hash their own records the same way (the evidence
 * packages' manifests and custody entries): members sorted by key, no whitespace, null members left out, integers in
 * decimal, only {@code "} and {@code \} escaped — for such values RFC 8785. One writer, so two signed formats can never
 * drift apart in a byte.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** The canonical bytes of a tree of maps, lists, strings, longs and integers. */
  public static byte[] bytes(Map<String, ?> value) {
    return Canonical.bytes(value);
  }
}
