package org.accord.stix.pattern;

import java.util.List;
import java.util.Objects;

/**
 * An object path such as {@code file:extensions.'windows-pebinary-ext'.sections[*].entropy} (STIX 2.1 §9.3): the
 * object type before the colon, then property steps. The first step is always a {@link PathStep.Key}.
 */
public record ObjectPath(String objectType, List<PathStep> steps) {

  public ObjectPath {
    Objects.requireNonNull(objectType, "objectType");
    String reason = Checks.objectType(objectType);
    if (reason != null) {
      throw new IllegalArgumentException(reason);
    }
    steps = List.copyOf(steps);
    if (steps.isEmpty() || !(steps.get(0) instanceof PathStep.Key)) {
      throw new IllegalArgumentException("an object path starts with a property name after the colon");
    }
  }

  /** Convenience for tests and callers: {@code ObjectPath.of("file", "hashes", "MD5")} (keys only). */
  public static ObjectPath of(String objectType, String... keys) {
    return new ObjectPath(objectType, java.util.Arrays.stream(keys).<PathStep>map(PathStep.Key::new).toList());
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(objectType).append(':');
    for (int i = 0; i < steps.size(); i++) {
      PathStep step = steps.get(i);
      if (step instanceof PathStep.Key key) {
        sb.append(i == 0 ? "" : ".").append(PatternPrinter.key(key.name()));
      } else {
        sb.append(step);
      }
    }
    return sb.toString();
  }

  /** One step of an object path. */
  public sealed interface PathStep {
    /** A property name or dictionary key; printed bare when the grammar allows, else quoted. */
    record Key(String name) implements PathStep {
      public Key {
        Objects.requireNonNull(name, "name");
      }

      @Override
      public String toString() {
        return PatternPrinter.key(name);
      }
    }

    /** A list index {@code [n]}. */
    record Index(long index) implements PathStep {
      @Override
      public String toString() {
        return "[" + index + "]";
      }
    }

    /** Any list element, {@code [*]}. */
    record AnyIndex() implements PathStep {
      @Override
      public String toString() {
        return "[*]";
      }
    }
  }
}
