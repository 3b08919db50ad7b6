package org.accord.sensor.index;

import java.util.UUID;

/**
 * One published state of an {@link IndicatorIndex}: every lookup, without locks and without allocation (bar the
 * rare non-ASCII name, which is normalised first). A handle returned by a snapshot names an indicator in that
 * snapshot's {@link #indicatorId(int)}; keep the snapshot for as long as you keep its handles.
 *
 * <p>A snapshot is not frozen in every respect: removals mark handles dead in an array shared with later snapshots,
 * so an older snapshot may stop matching an indicator removed after it was taken (never the reverse), and entries
 * the writer adds later to the shared hash tables are invisible here because their handles are beyond this
 * snapshot's {@link #handleCount}.
 */
public final class Snapshot {
  final long[] uuidHi;
  final long[] uuidLo;
  final byte[] dead;
  final int handleCount;
  final int live;
  final Ipv4Exact v4Exact;
  final Ipv4Table v4Base;
  final Ipv4Table v4Delta;
  final Ipv6Table v6Base;
  final Ipv6Table v6Delta;
  final TextTable[] text;

  Snapshot(
      long[] uuidHi,
      long[] uuidLo,
      byte[] dead,
      int handleCount,
      int live,
      Ipv4Exact v4Exact,
      Ipv4Table v4Base,
      Ipv4Table v4Delta,
      Ipv6Table v6Base,
      Ipv6Table v6Delta,
      TextTable[] text) {
    this.uuidHi = uuidHi;
    this.uuidLo = uuidLo;
    this.dead = dead;
    this.handleCount = handleCount;
    this.live = live;
    this.v4Exact = v4Exact;
    this.v4Base = v4Base;
    this.v4Delta = v4Delta;
    this.v6Base = v6Base;
    this.v6Delta = v6Delta;
    this.text = text;
  }

  /** Indicators held. */
  public int size() {
    return live;
  }

  /** The id of the indicator behind {@code handle} ({@code indicator--<uuid>}), or null for no such handle. */
  public String indicatorId(int handle) {
    if (handle < 0 || handle >= handleCount) {
      return null;
    }
    return "indicator--" + new UUID(uuidHi[handle], uuidLo[handle]);
  }

  /** The indicator on the longest prefix holding {@code v4} (unsigned 32 bits) in any role; -1 if none. */
  public int matchIpv4(long v4) {
    return matchIpv4(v4, AddressRole.ANY);
  }

  /** The indicator on the longest prefix holding {@code v4} for an address seen in {@code role}; -1 if none. */
  public int matchIpv4(long v4, AddressRole role) {
    int want = role.mask;
    byte[] d = dead;
    int h = v4Exact.find((int) v4, want, d, handleCount);
    if (h >= 0) {
      return h; // a /32 is the longest prefix there is
    }
    int eb = v4Base.find(v4, want, d);
    if (v4Delta.size != 0) {
      int ed = v4Delta.find(v4, want, d);
      if (ed >= 0 && (eb < 0 || v4Delta.len[ed] >= v4Base.len[eb])) {
        return v4Delta.handle[ed];
      }
    }
    return eb < 0 ? -1 : v4Base.handle[eb];
  }

  /**
   * Every indicator holding {@code v4} in {@code role}, longest prefix first (for an address inside nested ranges),
   * into {@code out}; returns how many (at most {@code out.length}). Each handle appears once.
   */
  public int matchAllIpv4(long v4, AddressRole role, int[] out) {
    int want = role.mask;
    int n = v4Exact.findAll((int) v4, want, dead, handleCount, out, 0);
    int eb = v4Base.innermost(v4);
    int ed = v4Delta.size == 0 ? -1 : v4Delta.innermost(v4);
    while (eb >= 0 || ed >= 0) { // merge two chains that each run from the innermost block outwards
      boolean takeDelta = ed >= 0 && (eb < 0 || v4Delta.len[ed] >= v4Base.len[eb]);
      Ipv4Table t = takeDelta ? v4Delta : v4Base;
      int e = takeDelta ? ed : eb;
      n = collect(t.handle[e], t.role[e], want, out, n);
      if (takeDelta) {
        ed = v4Delta.parent[ed];
      } else {
        eb = v4Base.parent[eb];
      }
    }
    return n;
  }

  /** The indicator on the longest prefix holding the IPv6 address {@code hi:lo} in any role; -1 if none. */
  public int matchIpv6(long hi, long lo) {
    return matchIpv6(hi, lo, AddressRole.ANY);
  }

  /** As {@link #matchIpv6(long, long)} for an address seen in {@code role}. */
  public int matchIpv6(long hi, long lo, AddressRole role) {
    int want = role.mask;
    int eb = v6Base.find(hi, lo, want, dead);
    if (v6Delta.size != 0) {
      int ed = v6Delta.find(hi, lo, want, dead);
      if (ed >= 0 && (eb < 0 || v6Delta.length(ed) >= v6Base.length(eb))) {
        return v6Delta.handle[ed];
      }
    }
    return eb < 0 ? -1 : v6Base.handle[eb];
  }

  /** As {@link #matchAllIpv4} for an IPv6 address. */
  public int matchAllIpv6(long hi, long lo, AddressRole role, int[] out) {
    int want = role.mask;
    int n = 0;
    int eb = v6Base.innermost(hi, lo);
    int ed = v6Delta.size == 0 ? -1 : v6Delta.innermost(hi, lo);
    while (eb >= 0 || ed >= 0) {
      boolean takeDelta = ed >= 0 && (eb < 0 || v6Delta.length(ed) >= v6Base.length(eb));
      Ipv6Table t = takeDelta ? v6Delta : v6Base;
      int e = takeDelta ? ed : eb;
      n = collect(t.handle[e], t.role[e], want, out, n);
      if (takeDelta) {
        ed = v6Delta.parent[ed];
      } else {
        eb = v6Base.parent[eb];
      }
    }
    return n;
  }

  private int collect(int h, int role, int want, int[] out, int n) {
    if ((role & want) != 0 && dead[h] == 0 && n < out.length && !Ipv4Exact.contains(out, n, h)) {
      out[n++] = h;
    }
    return n;
  }

  /**
   * The indicator on {@code name} or on its nearest parent domain ({@code a.b.example} matches an indicator on {@code
   * b.example}); case-insensitive, a trailing dot ignored; -1 if none.
   */
  public int matchDomain(CharSequence name) {
    CharSequence s = name;
    if (!Text.isAscii(s)) {
      s = Text.domainKey(s.toString());
      if (s == null) {
        return -1;
      }
    }
    TextTable t = text[Text.DOMAIN];
    if (t.count() == 0) {
      return -1;
    }
    int end = s.length();
    if (end > 0 && s.charAt(end - 1) == '.') {
      end--;
    }
    long h = t.seed();
    int best = -1;
    int minDots = t.minDots();
    int maxDots = t.maxDots();
    int dots = 0;
    for (int i = end - 1; i >= 0; i--) { // one backward pass: at each dot, the hash of that parent domain
      char c = s.charAt(i);
      if (c == '.' && ++dots > maxDots) {
        break; // no key has this many labels
      }
      h = TextTable.step(h, c, true);
      if ((i == 0 || s.charAt(i - 1) == '.') && dots >= minDots) {
        int found = t.find(s, i, end, end, h, dead, handleCount);
        if (found >= 0) {
          best = found; // later iterations are longer names: the most specific match wins
        }
      }
    }
    return best;
  }

  /** The indicator on exactly this URL (scheme and host case-insensitive); -1 if none. */
  public int matchUrl(CharSequence url) {
    CharSequence s = Text.needsEscape(url) ? Text.escape(url.toString()) : url;
    return exact(Text.URL, s, Text.urlFoldEnd(s));
  }

  /** The indicator on this e-mail address (case-insensitive); -1 if none. */
  public int matchEmail(CharSequence address) {
    CharSequence s = Text.needsEscape(address) ? Text.escape(address.toString()) : address;
    return exact(Text.EMAIL, s, s.length());
  }

  /**
   * The indicator on this file hash; {@code algorithm} is MD5, SHA-1, SHA-256 or SHA-512 (with or without the dash,
   * any case), {@code hex} in either case; -1 if none or another algorithm.
   */
  public int matchHash(String algorithm, CharSequence hex) {
    int family = Text.hashFamily(algorithm);
    return family < 0 ? -1 : exact(family, hex, hex.length());
  }

  private int exact(int family, CharSequence s, int foldEnd) {
    TextTable t = text[family];
    if (t.count() == 0) {
      return -1;
    }
    long h = t.hash(s, 0, s.length(), foldEnd);
    return t.find(s, 0, s.length(), foldEnd, h, dead, handleCount);
  }
}
