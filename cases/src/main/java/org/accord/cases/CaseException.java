package org.accord.cases;

/**
 * A request or a transition the cases module refuses: an invalid request, an illegal transition, an unknown request.
 * The message says precisely what is wrong and, for a transition, what is allowed now; it never holds a stack trace
 * or a secret, so the node can hand it to the caller as is (an HTTP 4xx, a CLI exit 1).
 */
public class CaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CaseException(String message) {
    super(message);
  }
}
