package org.accord.rules;

/**
 * A rulebook that cannot be read, verified or activated. The message is written for the operator: it names the
 * source, line and column for parse errors, the party for signature problems, and the versions for activation
 * refusals.
 */
public class RulebookException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RulebookException(String message) {
    super(message);
  }

  public RulebookException(String message, Throwable cause) {
    super(message, cause);
  }
}
