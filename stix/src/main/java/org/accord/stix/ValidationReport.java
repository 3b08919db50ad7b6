package org.accord.stix;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of validating one object or one bundle.
 *
 * @param violations broken MUST rules: the input is not valid STIX 2.1
 * @param warnings broken SHOULD rules and other advice: the input is valid but not as recommended
 */
public record ValidationReport(List<Violation> violations, List<Violation> warnings) {
  public ValidationReport {
    violations = List.copyOf(Objects.requireNonNull(violations, "violations"));
    warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
  }

  /** True when no MUST rule is broken; warnings do not make input invalid. */
  public boolean isValid() {
    return violations.isEmpty();
  }

  @Override
  public String toString() {
    return "ValidationReport{violations=" + violations + ", warnings=" + warnings + "}";
  }
}
