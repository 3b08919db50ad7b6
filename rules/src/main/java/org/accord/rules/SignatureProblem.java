package org.accord.rules;

/** One reason a rulebook version is not fully and validly signed; {@link #message()} is for the operator. */
public record SignatureProblem(Kind kind, String party, String message) {
  public enum Kind {
    /** A party bound by the rulebook has not signed. */
    MISSING,
    /** The signature does not verify with the party's key: the document changed after signing. */
    INVALID,
    /** A signature from someone the rulebook does not bind. */
    NOT_A_PARTY,
    /** The signature text is not an Ed25519 signature. */
    MALFORMED
  }

  @Override
  public String toString() {
    return message;
  }
}
