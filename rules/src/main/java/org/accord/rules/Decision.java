package org.accord.rules;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.accord.stix.StixObject;

/**
 * What the egress gate decided about one object for one recipient. Every decision cites a clause id (a rulebook
 * clause, or a built-in rule such as {@code default-deny}, {@code tlp-red}, {@code no-laundering}; see {@link
 * Egress}) and gives a reason a person can read; both go to the ledger and to {@code accord explain}.
 */
public sealed interface Decision {
  String clauseId();

  String reason();

  /** What leaves: the object as stored, the transformed object, or nothing. */
  Optional<StixObject> released();

  /** {@code ALLOW A1.S1: reason}, the line {@code accord explain} prints. */
  default String explain() {
    String verb = this instanceof Allow ? "ALLOW" : this instanceof Deny ? "DENY" : "TRANSFORM";
    return verb + " " + clauseId() + ": " + reason();
  }

  /** The object may leave as stored. */
  record Allow(String clauseId, String reason, StixObject object) implements Decision {
    public Allow {
      Objects.requireNonNull(clauseId, "clauseId");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(object, "object");
    }

    @Override
    public Optional<StixObject> released() {
      return Optional.of(object);
    }
  }

  /** The object must not leave. */
  record Deny(String clauseId, String reason) implements Decision {
    public Deny {
      Objects.requireNonNull(clauseId, "clauseId");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Optional<StixObject> released() {
      return Optional.empty();
    }
  }

  /** Only {@code object}, the result of {@code applied} on the stored object, may leave. */
  record Transform(String clauseId, String reason, StixObject object, List<org.accord.rules.Transform> applied)
      implements Decision {
    public Transform {
      Objects.requireNonNull(clauseId, "clauseId");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(object, "object");
      applied = List.copyOf(applied);
    }

    @Override
    public Optional<StixObject> released() {
      return Optional.of(object);
    }
  }
}
