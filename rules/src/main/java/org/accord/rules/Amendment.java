package org.accord.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The amendment rule a rulebook version states for the version after it ({@code amendment:}). Every version takes
 * effect when every party it binds has signed it; in addition, a version that only admits one new party (accession)
 * takes effect when {@code accession} of the parties of the version it supersedes, and the new party itself, have
 * signed, and a version that only removes one party (withdrawal) when {@code withdrawal} of the parties that remain
 * have signed. A null quorum: that change, too, needs every party. {@link RulebookHistory#activate} enforces it.
 */
public record Amendment(Quorum accession, Quorum withdrawal) {
  public Amendment {
    if (accession == null && withdrawal == null) {
      throw new IllegalArgumentException("amendment needs accession_quorum or withdrawal_quorum");
    }
  }

  /** A share of the parties, written as a fraction: {@code 2/3} means at least two thirds, rounded up. */
  public record Quorum(int numerator, int denominator) {
    private static final Pattern FRACTION = Pattern.compile("([1-9][0-9]{0,2})/([1-9][0-9]{0,2})");

    public Quorum {
      if (numerator < 1 || denominator < 1 || numerator > denominator) {
        throw new IllegalArgumentException(
            "a quorum is a fraction in (0, 1], e.g. 2/3, not " + numerator + "/" + denominator);
      }
    }

    /** Reads {@code 2/3}; null when the text is not a fraction. */
    static Quorum parse(String text) {
      Matcher m = FRACTION.matcher(text);
      return m.matches() ? new Quorum(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
    }

    /** How many of {@code parties} make the quorum: the smallest count that is at least the fraction. */
    public int of(int parties) {
      return (int) ((parties * (long) numerator + denominator - 1) / denominator);
    }

    @Override
    public String toString() {
      return numerator + "/" + denominator;
    }
  }
}
