package org.accord.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.accord.rules.Rulebook;
import org.accord.rules.RulebookException;
import org.accord.rules.RulebookParser;
import org.accord.rules.SignedRulebook;

/** Reading rulebook files with their signature files, and opening a node's rulebook history, for the rules commands. */
final class RulebookFiles {
  static final String SIGNATURE_SUFFIX = ".sig";

  private RulebookFiles() {}

  /** {@code signatures} when given, else {@code FILE.sig} beside the rulebook. */
  static Path signaturePath(Path rulebook, Path signatures) {
    return signatures != null ? signatures : Path.of(rulebook + SIGNATURE_SUFFIX);
  }

  static Rulebook parse(Path file) throws IOException {
    return RulebookParser.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * The rulebook in {@code file} with the signatures collected in its signature file. A missing default signature
   * file means no signatures yet; a missing file named with {@code --signatures} is an error (a typo would otherwise
   * read as "nobody signed").
   */
  static SignedRulebook load(Path file, Path signatures) throws IOException {
    Rulebook rulebook = parse(file);
    Path sig = signaturePath(file, signatures);
    if (!Files.exists(sig)) {
      if (signatures != null) {
        throw new RulebookException("no signature file " + sig);
      }
      return SignedRulebook.unsigned(rulebook);
    }
    Map<String, String> parsed =
        SignedRulebook.parseSignatures(Files.readString(sig, StandardCharsets.UTF_8), sig.toString());
    return new SignedRulebook(rulebook, parsed);
  }
}
