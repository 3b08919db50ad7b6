package org.accord.sensor.index;

import java.util.Objects;
import org.accord.stix.pattern.Pattern;

/**
 * What {@link IndicatorIndex#add} did with one indicator. Nothing is silently ignored: a pattern the index cannot
 * answer by lookup is {@link Complex} (hand it to the pattern evaluator) or {@link Unsupported} (nobody can).
 */
public sealed interface AddResult {
  /** The indicator's id. */
  String id();

  /** Indexed under {@code handle}, with {@code values} distinct values (addresses, ranges, names, hashes). */
  record Indexed(String id, int handle, int values) implements AddResult {
    public Indexed {
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * A valid STIX pattern that is not a plain equality on an indexed property (AND, FOLLOWEDBY, qualifiers, LIKE,
   * MATCHES, other properties...): not indexed; an older version held by the index was removed.
   */
  record Complex(String id, Pattern pattern, String reason) implements AddResult {
    public Complex {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(pattern, "pattern");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Not indexable and not for the evaluator either: a pattern type other than {@code stix}, a pattern that does not
   * parse, a value that is not what its property says (an IPv4 property holding a name), not an indicator.
   */
  record Unsupported(String id, String reason) implements AddResult {
    public Unsupported {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Revoked (STIX 2.1 §3.6): removed, and versions of it that arrive later are refused. */
  record Revoked(String id, boolean wasIndexed) implements AddResult {
    public Revoked {
      Objects.requireNonNull(id, "id");
    }
  }

  /** Not newer than the version already seen (STIX 2.1 §3.6: the latest {@code modified} wins); nothing changed. */
  record Superseded(String id) implements AddResult {
    public Superseded {
      Objects.requireNonNull(id, "id");
    }
  }

  /** Its {@code valid_until} has passed: not indexed; an older version held by the index was removed. */
  record Expired(String id) implements AddResult {
    public Expired {
      Objects.requireNonNull(id, "id");
    }
  }
}
