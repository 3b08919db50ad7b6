package org.accord.taxii.server;

import java.util.Locale;

/**
 * The TAXII 2.1 media types and the two checks made on them (TAXII 2.1 §1.6.8 content negotiation, §3.1): the
 * {@code Accept} header of every request and the {@code Content-Type} of a POST.
 *
 * <p>{@code application/taxii+json} without a {@code version} parameter means the highest version the server
 * supports, which is 2.1. A missing Accept header accepts anything (RFC 7231 §5.3.2). Of the ranges that match
 * the TAXII 2.1 type, the most specific one decides (RFC 7231 §5.3.2: "media ranges can be overridden by more
 * specific media ranges"), from {@code *}{@code /*} through {@code application/*} and {@code application/taxii+json}
 * to {@code application/taxii+json;version=2.1}; its {@code q=0} is a refusal (406) even when a broader range
 * accepts everything.
 */
final class MediaTypes {
  /** Media type of every TAXII 2.1 resource, request and response (TAXII 2.1 §1.6.8). */
  static final String TAXII_21 = "application/taxii+json;version=2.1";

  private MediaTypes() {}

  /** Whether a response of {@link #TAXII_21} satisfies {@code accept}. */
  static boolean acceptsTaxii(String accept) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    int bestSpecificity = -1;
    boolean accepted = false;
    for (String range : accept.split(",")) {
      MediaRange r = MediaRange.parse(range);
      int specificity = r == null ? -1 : r.taxiiSpecificity();
      if (specificity > bestSpecificity) {
        bestSpecificity = specificity;
        accepted = !r.refused();
      } else if (specificity >= 0 && specificity == bestSpecificity) {
        accepted |= !r.refused(); // equally specific ranges: any acceptance wins
      }
    }
    return accepted;
  }

  /** Whether a request body of {@code contentType} is a TAXII 2.1 resource. */
  static boolean isTaxiiContent(String contentType) {
    if (contentType == null) {
      return false;
    }
    MediaRange r = MediaRange.parse(contentType);
    return r != null && r.isTaxiiJson();
  }

  /** One parsed media range; parameter names are case-insensitive, values compared as given. */
  private record MediaRange(String type, String subtype, String version, boolean refused) {
    static MediaRange parse(String text) {
      String[] parts = text.split(";");
      String[] typeSubtype = parts[0].trim().toLowerCase(Locale.ROOT).split("/", -1);
      if (typeSubtype.length != 2 || typeSubtype[0].isEmpty() || typeSubtype[1].isEmpty()) {
        return null;
      }
      String version = null;
      boolean refused = false;
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].trim().split("=", 2);
        if (kv.length != 2) {
          continue;
        }
        String name = kv[0].trim().toLowerCase(Locale.ROOT);
        String value = kv[1].trim().replace("\"", "");
        if (name.equals("version")) {
          version = value;
        } else if (name.equals("q")) {
          refused = isZero(value);
        }
      }
      return new MediaRange(typeSubtype[0], typeSubtype[1], version, refused);
    }

    private static boolean isZero(String q) {
      try {
        return Double.parseDouble(q) == 0.0;
      } catch (NumberFormatException e) {
        return false;
      }
    }

    /**
     * How specifically this range names the TAXII 2.1 media type: 3 with {@code version=2.1}, 2 without a version,
     * 1 for {@code application/*}, 0 for {@code *}{@code /*}; -1 when it does not match it at all.
     */
    int taxiiSpecificity() {
      if (type.equals("*") && subtype.equals("*")) {
        return 0;
      }
      if (type.equals("application") && subtype.equals("*")) {
        return 1;
      }
      if (!isTaxiiJson()) {
        return -1;
      }
      return version == null ? 2 : 3;
    }

    boolean isTaxiiJson() {
      return type.equals("application")
          && subtype.equals("taxii+json")
          && (version == null || version.equals("2.1"));
    }
  }
}
