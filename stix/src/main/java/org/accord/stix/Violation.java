package org.accord.stix;

import java.util.Objects;

/**
 * One broken rule found by validation.
 *
 * @param path JSON path of the offending member, e.g. {@code $.objects[3].created} or {@code $.pattern}
 * @param rule stable identifier of the rule broken, e.g. {@code required-property}, {@code timestamp-precision}
 * @param message human explanation, naming the expected and the found value where that helps
 */
public record Violation(String path, String rule, String message) {
  public Violation {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path + ": " + message + " [" + rule + "]";
  }
}
