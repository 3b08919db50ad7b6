package org.accord.rules;

import java.util.List;

/**
 * A privacy transform a clause requires on the way out (issue 3, part 5). Applied by {@link Transforms}, in the
 * order drop, strip, pseudonymise whatever order the clause lists them in, so that the result does not depend on how
 * the clause was written.
 */
public sealed interface Transform {
  /** Its name in the rulebook file. */
  String name();

  /** Replace personal identifiers by keyed pseudonyms (HMAC-SHA256, one key per agreement). */
  record Pseudonymise() implements Transform {
    public static final String NAME = "pseudonymise-personal-data";

    @Override
    public String name() {
      return NAME;
    }
  }

  /** Remove every custom property ({@code x_...}, STIX 2.1 §11.1) at any depth. */
  record StripCustom() implements Transform {
    public static final String NAME = "strip-custom-properties";

    @Override
    public String name() {
      return NAME;
    }
  }

  /** Remove the named top-level properties. */
  record Drop(List<String> properties) implements Transform {
    public static final String NAME = "drop";

    public Drop {
      properties = List.copyOf(properties);
      if (properties.isEmpty()) {
        throw new IllegalArgumentException("drop needs at least one property name");
      }
      for (String p : properties) {
        if (p.equals("id") || p.equals("type") || p.equals("spec_version")) {
          throw new IllegalArgumentException("drop cannot remove '" + p + "': the object would not be STIX");
        }
      }
    }

    @Override
    public String name() {
      return NAME;
    }
  }
}
