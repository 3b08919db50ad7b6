package org.accord.stix.pattern.eval;

import java.util.Objects;
import org.accord.stix.pattern.Pattern;
import org.accord.stix.pattern.PatternException;
import org.accord.stix.pattern.PatternParser;

/**
 * Compiles STIX 2.1 patterns (STIX 2.1 §9) into {@link CompiledPattern}s that evaluate them against observations.
 *
 * <p>Design note. Compilation walks the immutable AST of {@link org.accord.stix.pattern} once and builds a tree of
 * closures: object paths become step arrays, constants are decoded (timestamps, bytes, CIDR ranges), LIKE and
 * MATCHES become compiled {@link java.util.regex.Pattern}s. Evaluation never parses text again. Matching at the
 * observation level is a search for bindings of observations to observation expressions (see {@code
 * ObservationNode}); its cost can grow combinatorially with the number of matching observations for REPEATS, AND
 * and FOLLOWEDBY, so it is bounded; past the bounds an evaluation throws {@link EvaluationLimitException} rather than
 * guess.
 *
 * @param maxBindings the most ways to combine observations that one sub-expression may produce
 * @param maxSteps the most search steps (merges of bindings, search nodes) one evaluation may take
 */
public record PatternEvaluator(int maxBindings, long maxSteps) {

  /**
   * 10,000 bindings and 10 million steps (some tens of milliseconds of work at most): enough for windows of thousands
   * of observations with the patterns indicators use in practice.
   */
  private static final PatternEvaluator DEFAULTS = new PatternEvaluator(10_000, 10_000_000);

  public PatternEvaluator {
    if (maxBindings < 1 || maxSteps < 1) {
      throw new IllegalArgumentException("limits must be positive, found " + maxBindings + " and " + maxSteps);
    }
  }

  public static PatternEvaluator defaults() {
    return DEFAULTS;
  }

  /** Compiles a parsed pattern. */
  public CompiledPattern compile(Pattern pattern) {
    Objects.requireNonNull(pattern, "pattern");
    return new CompiledPattern(
        pattern, ObservationNode.compile(pattern.expression()), maxBindings, maxSteps);
  }

  /**
   * Parses and compiles pattern text.
   *
   * @throws PatternException when the text is not a valid STIX pattern
   */
  public CompiledPattern compile(String pattern) throws PatternException {
    return compile(PatternParser.parse(pattern));
  }
}
