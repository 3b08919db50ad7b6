package org.accord.stix.pattern;

/** A STIX pattern that does not conform to the STIX 2.1 patterning grammar (STIX 2.1 §9). */
public final class PatternException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int position;
  private final String reason;

  /**
   * @param position zero-based character offset in the pattern where the problem was found
   * @param reason what is wrong there, e.g. "expected ']' to close the observation expression"
   */
  public PatternException(int position, String reason) {
    super("at position " + position + ": " + reason);
    this.position = position;
    this.reason = reason;
  }

  public int position() {
    return position;
  }

  public String reason() {
    return reason;
  }
}
