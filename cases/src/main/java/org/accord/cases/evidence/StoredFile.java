package org.accord.cases.evidence;

/**
 * A file held by the {@link EvidenceStore}: its SHA-256 (lower-case hex), which is also its name there, and its size.
 */
public record StoredFile(String sha256, long size) {
  public StoredFile {
    Canonical.requireHash(sha256, "sha256");
    if (size < 0) {
      throw new EvidenceException("size must be >= 0, got " + size);
    }
  }
}
