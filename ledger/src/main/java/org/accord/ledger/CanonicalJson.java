package org.accord.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The ledger's canonical JSON for other modules that sign or hash their own records the same way (the evidence
 * packages' manifests and custody entries): members sorted by key, no whitespace, null members left out, integers in
 * decimal, only {@code "} and {@code \} escaped — for such values RFC 8785. One writer and one reader, so two signed
 * formats can never drift apart in a byte.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** The canonical bytes of a tree of maps, lists, strings, longs and integers. */
  public static byte[] bytes(Map<String, ?> value) {
    return Canonical.bytes(value);
  }

  /**
   * Parses strictly, as the ledger reads its lines: valid UTF-8, one JSON object, no duplicate members, nothing after
   * it.
   *
   * @throws IllegalArgumentException saying what is wrong ("not valid UTF-8", "not a JSON object", "not valid JSON:
   *     ...")
   */
  public static JsonNode parseObject(byte[] bytes) {
    try {
      return Canonical.parse(bytes);
    } catch (Canonical.Malformed e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * A text member as the ledger accepts it: not blank, no control characters, valid Unicode.
   *
   * @throws IllegalArgumentException naming {@code what} and the fault
   */
  public static String requireText(String s, String what) {
    return Canonical.requireText(s, what);
  }
}
