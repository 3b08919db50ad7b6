package org.accord.cases;

import java.time.Instant;
import java.util.Objects;

/** One open clock of a request: {@code kind} falls due at {@code due}, set by obligation {@code clauseId}. */
public record Deadline(String requestId, DeadlineKind kind, Instant due, String clauseId) {
  public Deadline {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(due, "due");
    Objects.requireNonNull(clauseId, "clauseId");
  }
}
