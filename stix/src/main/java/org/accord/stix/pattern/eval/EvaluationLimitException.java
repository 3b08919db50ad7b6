package org.accord.stix.pattern.eval;

/**
 * Thrown when evaluating a pattern would need more work than the evaluator's limits allow: the number of ways to
 * combine observations grows combinatorially with REPEATS, AND and FOLLOWEDBY over many matching observations. The
 * pattern is then neither matched nor unmatched; the caller reports it (the window was too large for the pattern).
 */
public final class EvaluationLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  EvaluationLimitException(String message) {
    super(message);
  }
}
