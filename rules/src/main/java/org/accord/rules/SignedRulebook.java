package org.accord.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A rulebook version with the detached signatures collected so far: party id to signature in Accord's text form
 * ({@code ed25519-sig:...}) over {@link Rulebook#canonicalBytes()}. Holding one says nothing about its validity: ask
 * {@link RulebookSigner#verify}. Signatures travel beside the rulebook file in a signature file, one line per party:
 * {@code <party> ed25519-sig:<base64>}; see {@link #signatureFile()} and {@link #parseSignatures}.
 */
public record SignedRulebook(Rulebook rulebook, Map<String, String> signatures) {
  public SignedRulebook {
    Objects.requireNonNull(rulebook, "rulebook");
    signatures = java.util.Collections.unmodifiableMap(new TreeMap<>(signatures));
  }

  /** No signatures yet. */
  public static SignedRulebook unsigned(Rulebook rulebook) {
    return new SignedRulebook(rulebook, Map.of());
  }

  /** This with one more (or a replaced) signature. */
  public SignedRulebook with(String party, String signature) {
    Map<String, String> s = new TreeMap<>(signatures);
    s.put(party, signature);
    return new SignedRulebook(rulebook, s);
  }

  /**
   * The signatures of both, for collecting signatures that parties made independently.
   *
   * @throws RulebookException when {@code other} is another document (its canonical form differs)
   */
  public SignedRulebook merge(SignedRulebook other) {
    if (!java.util.Arrays.equals(rulebook.canonicalBytes(), other.rulebook.canonicalBytes())) {
      throw new RulebookException(
          "cannot merge signatures of different documents (" + describe() + " and " + other.describe() + ")");
    }
    Map<String, String> s = new TreeMap<>(signatures);
    s.putAll(other.signatures);
    return new SignedRulebook(rulebook, s);
  }

  /** The signature file's text: {@code party signature} per line, sorted by party. */
  public String signatureFile() {
    StringBuilder sb = new StringBuilder();
    signatures.forEach((p, s) -> sb.append(p).append(' ').append(s).append('\n'));
    return sb.toString();
  }

  /**
   * Reads a signature file. Blank lines and lines starting with {@code #} are skipped.
   *
   * @throws RulebookException naming the line of a malformed or repeated entry
   */
  public static Map<String, String> parseSignatures(String text, String source) {
    Map<String, String> out = new TreeMap<>();
    List<String> lines = new ArrayList<>(text.lines().toList());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      if (parts.length != 2) {
        throw new RulebookException(source + ":" + (i + 1) + ": expected '<party> ed25519-sig:<base64>'");
      }
      if (out.put(parts[0], parts[1]) != null) {
        throw new RulebookException(source + ":" + (i + 1) + ": a second signature of " + parts[0]);
      }
    }
    return out;
  }

  /** {@code name v<version>}, for messages. */
  public String describe() {
    return rulebook.name() + " v" + rulebook.version();
  }
}
