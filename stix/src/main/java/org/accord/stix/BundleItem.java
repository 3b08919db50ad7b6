package org.accord.stix;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One item read by {@link BundleReader}: either a parsed JSON object or the reason it could not be read. Neither is
 * validated as STIX yet; pass {@link Parsed#object()} to {@link Validator#validate(com.fasterxml.jackson.databind
 * .JsonNode, String)} with {@link #path()}.
 */
public sealed interface BundleItem {
  /** Zero-based position of the item in the input. */
  long index();

  /** Where the item is: {@code $.objects[7]} in a bundle, {@code line 8} in JSON lines, {@code $} for a bare object. */
  String path();

  /** A JSON object read from the input. */
  record Parsed(long index, String path, ObjectNode object) implements BundleItem {
    public Parsed {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(object, "object");
    }
  }

  /**
   * Input that is not a JSON object: malformed JSON, or JSON of another shape.
   *
   * @param line one-based line of the problem in the input
   * @param column one-based column of the problem
   * @param message what is wrong
   */
  record Malformed(long index, String path, long line, long column, String message) implements BundleItem {
    public Malformed {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      return path + ": line " + line + ", column " + column + ": " + message;
    }
  }
}
