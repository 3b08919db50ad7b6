package org.accord.cases.evidence;

import java.util.List;

/**
 * What {@link PackageVerifier} found: the package (null when its manifest cannot be read), what was checked and
 * held ({@code checked}), what is wrong ({@code problems}, each precise: which file, which entry, expected and found),
 * and what the reader should know though nothing is wrong ({@code warnings}: keys taken from the package itself).
 */
public record VerifyReport(
    String source, Manifest manifest, List<String> checked, List<Problem> problems, List<String> warnings) {
  public VerifyReport {
    checked = List.copyOf(checked);
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  /** True when every file and every custody entry holds. */
  public boolean intact() {
    return problems.isEmpty();
  }

  /** The report as lines: a verdict, then the problems, the warnings and what held. */
  public List<String> lines() {
    List<String> out = new java.util.ArrayList<>();
    String what =
        manifest == null
            ? source
            : source + " (package " + manifest.id() + ", request " + manifest.requestId() + ", from "
                + manifest.party() + " to " + manifest.recipient() + ")";
    out.add(intact() ? "OK " + what : "BROKEN " + what + ": " + problems.size() + " problem(s)");
    problems.forEach(p -> out.add(p.kind() + " " + p.message()));
    warnings.forEach(w -> out.add("WARNING " + w));
    checked.forEach(c -> out.add("ok " + c));
    return out;
  }

  /** What kind of thing is wrong. */
  public enum Kind {
    /** The manifest cannot be read, or is not what was signed. */
    MANIFEST,
    /** A listed file is absent. */
    MISSING,
    /** A listed file has another size or hash. */
    ALTERED,
    /** Something in the package that the manifest does not list. */
    UNLISTED,
    /** A custody entry that breaks the chain: unreadable, out of sequence, unlinked, edited, badly signed. */
    CUSTODY,
    /** A key that is missing, malformed or contradicts a pinned one. */
    KEY
  }

  public record Problem(Kind kind, String message) {}
}
