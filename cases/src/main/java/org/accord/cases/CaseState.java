package org.accord.cases;

import java.util.Objects;

/** A request's lifecycle state and the state of its extension. */
public record CaseState(State state, Extension extension) {
  /** Where every request starts. */
  public static final CaseState DRAFT = new CaseState(State.DRAFT, Extension.NONE);

  public CaseState {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(extension, "extension");
  }

  @Override
  public String toString() {
    return extension == Extension.NONE ? state.wire() : state.wire() + " (extension " + extension.wire() + ")";
  }
}
