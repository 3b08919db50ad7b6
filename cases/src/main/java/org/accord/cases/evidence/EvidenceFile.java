package org.accord.cases.evidence;

import java.util.regex.Pattern;

/**
 * One file of an evidence package, as its manifest lists it: the name the answering party gave it, its media type
 * (RFC 6838), its size in bytes and its SHA-256. The bytes are stored and exported by hash; the name is a label only,
 * never a path, so it may not contain a path separator.
 */
public record EvidenceFile(String name, String mediaType, long size, String sha256) {
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");

  public EvidenceFile {
    Canonical.requireText(name, "file name");
    if (name.length() > 255 || name.contains("/") || name.contains("\\")) {
      throw new EvidenceException(
          "file name '" + name + "' must be at most 255 characters and hold no path separator");
    }
    if (mediaType == null || !MEDIA_TYPE.matcher(mediaType).matches()) {
      throw new EvidenceException("file " + name + ": media type '" + mediaType + "' is not type/subtype (RFC 6838)");
    }
    if (size < 0) {
      throw new EvidenceException("file " + name + ": size must be >= 0, got " + size);
    }
    Canonical.requireHash(sha256, "file " + name + ": sha256");
  }
}
