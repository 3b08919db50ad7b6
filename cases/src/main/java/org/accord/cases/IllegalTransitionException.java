package org.accord.cases;

/** A transition out of order, by the wrong party or on a closed request; the message says what is allowed now. */
public final class IllegalTransitionException extends CaseException {
  private static final long serialVersionUID = 1L;

  public IllegalTransitionException(String message) {
    super(message);
  }
}
