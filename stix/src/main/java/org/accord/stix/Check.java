package org.accord.stix;

import com.fasterxml.jackson.databind.JsonNode;

/** A rule for one property value, built once into the type table and applied to every object. */
@FunctionalInterface
interface Check {
  /**
   * Checks {@code value} found at {@code path}, recording what is wrong in {@code findings}.
   *
   * @param value never null (absent properties are not checked), but may be a JSON null
   */
  void check(JsonNode value, String path, Findings findings);

  /** A check that accepts anything, for properties validated elsewhere (type, id). */
  Check ANY = (v, p, f) -> {};
}
