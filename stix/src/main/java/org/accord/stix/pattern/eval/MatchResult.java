package org.accord.stix.pattern.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The outcome of {@link CompiledPattern#evaluate}: the minimal sets of observations that satisfy the pattern, each
 * in the order the observations were given. Empty when the pattern does not match.
 */
public record MatchResult(List<List<Observation>> bindings) {

  public MatchResult {
    bindings = bindings.stream().map(List::copyOf).toList();
  }

  public boolean matched() {
    return !bindings.isEmpty();
  }

  /** Every observation that takes part in some binding, each once, in first-seen order (e.g. for a sighting). */
  public List<Observation> observations() {
    Set<Observation> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Observation> out = new ArrayList<>();
    for (List<Observation> binding : bindings) {
      for (Observation o : binding) {
        if (seen.add(o)) {
          out.add(o);
        }
      }
    }
    return out;
  }
}
