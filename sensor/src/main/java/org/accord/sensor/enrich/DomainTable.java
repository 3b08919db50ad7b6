package org.accord.sensor.enrich;

import java.util.Locale;
import java.util.Map;

/**
 * Domain names with subdomain matching: a lookup of {@code www.bank.example} finds the value of {@code bank.example}
 * when that is the nearest registered parent.
 *
 * <p>Design note. The lookup must not allocate (no {@code substring}, no lower-casing copy), so the table is open
 * addressing over an array of keys whose hash is computed <em>right to left</em>, case-folded: walking the queried
 * name from its end, the running hash at each label boundary is the hash of that suffix, and each suffix is probed in
 * place with {@link String#regionMatches(boolean, int, String, int, int)}. The longest suffix found wins. Cost: one
 * probe per label. Keys are stored lower-case without a trailing dot; queries may have either (RFC 4343: DNS names
 * compare case-insensitively; RFC 1034 §3.1: a trailing dot only marks the name as absolute).
 */
final class DomainTable<T> {
  private final String[] keys;
  private final Object[] values;
  private final int mask;

  DomainTable(Map<String, T> entries) {
    int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2 - 1)) << 1; // load factor <= 0.5
    keys = new String[capacity];
    values = new Object[capacity];
    mask = capacity - 1;
    for (Map.Entry<String, T> e : entries.entrySet()) {
      String key = e.getKey();
      int slot = spread(suffixHash(key, 0, key.length())) & mask;
      while (keys[slot] != null) {
        if (keys[slot].equals(key)) {
          throw new IllegalArgumentException("duplicate domain " + key);
        }
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      values[slot] = e.getValue();
    }
  }

  /** The value of {@code name} or of its nearest registered parent; null when none. Does not allocate. */
  @SuppressWarnings("unchecked")
  T find(String name) {
    int end = name.length();
    if (end > 0 && name.charAt(end - 1) == '.') {
      end--;
    }
    Object best = null;
    int h = 0;
    for (int i = end - 1; i >= 0; i--) {
      char c = name.charAt(i);
      h = h * 31 + fold(c);
      if (i == 0 || name.charAt(i - 1) == '.') {
        Object v = probe(name, i, end - i, h);
        if (v != null) {
          best = v; // a longer suffix, found later, is a nearer parent and overrides
        }
      }
    }
    return (T) best;
  }

  private Object probe(String name, int from, int length, int hash) {
    int slot = spread(hash) & mask;
    String key;
    while ((key = keys[slot]) != null) {
      if (key.length() == length && key.regionMatches(true, 0, name, from, length)) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
    return null;
  }

  /** The right-to-left, case-folded hash of {@code s[from, to)}. */
  private static int suffixHash(String s, int from, int to) {
    int h = 0;
    for (int i = to - 1; i >= from; i--) {
      h = h * 31 + fold(s.charAt(i));
    }
    return h;
  }

  private static int fold(char c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  /**
   * The canonical form of a registered domain: lower case, no trailing dot, checked for the shape of a host name
   * (RFC 1035 §2.3.4: labels of 1 to 63 characters, 253 in all). Throws with the reason.
   */
  static String normalize(String domain) {
    String d = domain.strip().toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    if (d.startsWith("*.")) {
      throw new IllegalArgumentException(
          "'" + domain + "': a domain includes its subdomains already; write it without '*.'");
    }
    if (d.isEmpty() || d.length() > 253) {
      throw new IllegalArgumentException("'" + domain + "' is not a domain name (1 to 253 characters)");
    }
    for (String label : d.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63) {
        throw new IllegalArgumentException("'" + domain + "' has an empty or over-long label");
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) {
          throw new IllegalArgumentException(
              "'" + domain + "' has the character '" + c + "' (use the A-label, xn--, for internationalised names)");
        }
      }
    }
    return d;
  }
}
