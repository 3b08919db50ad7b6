package org.accord.rules;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the egress gate does with an object that names an object the recipient may not receive (rulebook {@code
 * defaults.references}; see {@link Egress}, "References").
 */
public enum ReferencePolicy {
  /** The whole object is withheld: the safe default. */
  WITHHOLD("withhold"),
  /**
   * List references ({@code object_refs}, {@code where_sighted_refs}, ...) lose the entries the recipient may not
   * receive; an object whose required reference is withheld (a relationship's ends, a sighting's {@code
   * sighting_of_ref}, {@code created_by_ref}, a marking) is still withheld whole.
   */
  DROP("drop");

  private final String word;

  ReferencePolicy(String word) {
    this.word = word;
  }

  /** Its word in the rulebook file. */
  public String word() {
    return word;
  }

  public static Optional<ReferencePolicy> fromWord(String word) {
    return Arrays.stream(values()).filter(p -> p.word.equals(word)).findFirst();
  }
}
