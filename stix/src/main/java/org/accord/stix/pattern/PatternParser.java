package org.accord.stix.pattern;

/**
 * Parser of the STIX 2.1 patterning language (STIX 2.1 §9). Placeholder contract: the full implementation replaces
 * this class.
 */
public final class PatternParser {
  private PatternParser() {}

  /**
   * Parses a STIX pattern.
   *
   * @throws PatternException with the position and the reason when the text is not a valid pattern
   */
  public static Pattern parse(String text) throws PatternException {
    throw new UnsupportedOperationException("pattern parser not built yet");
  }
}
