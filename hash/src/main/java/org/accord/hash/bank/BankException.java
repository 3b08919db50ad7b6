package org.accord.hash.bank;

import java.util.List;

/**
 * A bank, an entry, a STIX object or a CSV list that is not what it must be. The message names the property or the
 * line and says what is wrong, so that a caller hands it on as is (an HTTP 400, a CLI exit 1); {@link #problems()}
 * lists every problem found, one per bad CSV line.
 */
public class BankException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The problems, one line each (at least the message). */
  private final List<String> problems;

  public BankException(String message) {
    super(message);
    this.problems = List.of(message);
  }

  public BankException(String message, List<String> problems) {
    super(message);
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
