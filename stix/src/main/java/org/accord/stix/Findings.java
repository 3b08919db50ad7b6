package org.accord.stix;

import java.util.ArrayList;
import java.util.List;

/** What one validation run has found so far: errors (MUST) and warnings (SHOULD). Not thread-safe, one per run. */
final class Findings {
  private final List<Violation> errors = new ArrayList<>(4);
  private final List<Violation> warnings = new ArrayList<>(4);

  void error(String path, String rule, String message) {
    errors.add(new Violation(path, rule, message));
  }

  void warn(String path, String rule, String message) {
    warnings.add(new Violation(path, rule, message));
  }

  int errorCount() {
    return errors.size();
  }

  ValidationReport report() {
    return new ValidationReport(errors, warnings);
  }
}
