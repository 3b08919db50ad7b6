package org.accord.taxii.server;

import java.util.Locale;

/**
 * The TAXII 2.1 media types and the two checks made on them (TAXII 2.1 §1.6.8 content negotiation, §3.1): the
 * {@code Accept} header of every request and the {@code Content-Type} of a POST.
 *
 * <p>{@code application/taxii+json} without a {@code version} parameter means the highest version the server
 * supports, which is 2.1. A missing Accept header accepts anything (RFC 7231 §5.3.2). Ranges with {@code q=0} are
 * refusals and do not count.
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
    for (String range : accept.split(",")) {
      MediaRange r = MediaRange.parse(range);
      if (r == null || r.refused()) {
        continue;
      }
      if (r.type().equals("*") && r.subtype().equals("*")) {
        return true;
      }
      if (r.type().equals("application") && r.subtype().equals("*")) {
        return true;
      }
      if (r.isTaxiiJson()) {
        return true;
      }
    }
    return false;
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

    boolean isTaxiiJson() {
      return type.equals("application")
          && subtype.equals("taxii+json")
          && (version == null || version.equals("2.1"));
    }
  }
}
