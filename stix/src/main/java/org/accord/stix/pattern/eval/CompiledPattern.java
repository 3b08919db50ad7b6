package org.accord.stix.pattern.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.accord.stix.pattern.Pattern;

/**
 * A STIX pattern ready to evaluate, many times, against lists of {@link Observation}s. Immutable and thread-safe.
 * Built by {@link PatternEvaluator#compile}.
 */
public final class CompiledPattern {
  private final Pattern pattern;
  private final ObservationNode root;
  private final int maxBindings;
  private final long maxSteps;

  CompiledPattern(Pattern pattern, ObservationNode root, int maxBindings, long maxSteps) {
    this.pattern = pattern;
    this.root = root;
    this.maxBindings = maxBindings;
    this.maxSteps = maxSteps;
  }

  public Pattern pattern() {
    return pattern;
  }

  /**
   * True when the observations satisfy the pattern (STIX 2.1 §9). Stops at the first way found.
   *
   * @throws EvaluationLimitException when deciding needs more work than the evaluator's limits allow
   */
  public boolean matches(List<Observation> observations) {
    return !run(observations, 1).isEmpty();
  }

  /**
   * Every minimal way in which the observations satisfy the pattern: each binding lists the observations it uses,
   * in the order of {@code observations}; a binding that uses a superset of another's observations is left out.
   *
   * @throws EvaluationLimitException when there are more ways than the evaluator's limits allow
   */
  public MatchResult evaluate(List<Observation> observations) {
    List<Binding> found =
        ObservationNode.Evaluation.minimize(new java.util.LinkedHashSet<>(run(observations, ObservationNode.ALL)));
    List<List<Observation>> bindings = new ArrayList<>(found.size());
    for (Binding b : found) {
      List<Observation> used = new ArrayList<>(b.obs().length);
      for (int index : b.obs()) {
        used.add(observations.get(index));
      }
      bindings.add(List.copyOf(used));
    }
    return new MatchResult(bindings);
  }

  private List<Binding> run(List<Observation> observations, int want) {
    Objects.requireNonNull(observations, "observations");
    List<Observation> list = List.copyOf(observations);
    ObservationNode.Evaluation ev = new ObservationNode.Evaluation(list, maxBindings, maxSteps);
    return root.bindings(ev, Window.ANY, want);
  }

  @Override
  public String toString() {
    return pattern.toString();
  }
}
