package org.accord.sensor.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.accord.stix.StixObject;
import org.accord.stix.StixTimestamp;
import org.accord.stix.pattern.Pattern;
import org.accord.stix.pattern.PatternException;
import org.accord.stix.pattern.PatternParser;

/**
 * Matches flow and log events against every indicator the node holds: addresses and CIDR ranges (longest prefix),
 * domains with their subdomains, URLs, file hashes and e-mail addresses, at line rate.
 *
 * <p>Design note.
 *
 * <ul>
 *   <li><b>What is indexed.</b> STIX 2.1 indicators with {@code pattern_type} stix whose pattern is a plain equality
 *       ({@code =} or {@code IN}) on an indexed property, joined only by OR ({@link Compiler}). The rest is reported
 *       by {@link #add}: {@link AddResult.Complex} for the pattern evaluator, {@link AddResult.Unsupported} with a
 *       reason. Each indicator version gets an int <i>handle</i>; lookups return handles, {@link
 *       #indicatorId(int)} turns one into the id. Ids are held as two {@code long}s of their UUID, not as strings.
 *   <li><b>Structures.</b> Single IPv4 addresses in {@link Ipv4Exact} (open addressing, one {@code long} per slot);
 *       IPv4 and IPv6 ranges in {@link Ipv4Table} / {@link Ipv6Table} (flattened non-overlapping intervals, binary
 *       search after a /16 bucket, parent links for nested ranges); names, URLs, e-mail addresses and hashes in
 *       {@link TextTable} (open addressing over a byte pool, backward hashing so that every parent domain is probed
 *       in one pass). All primitive arrays: no object per indicator on the lookup path, no allocation per lookup.
 *   <li><b>Concurrency: one writer, many lock-free readers.</b> Writers ({@link #add}, {@link #remove}, {@link
 *       #expire}) are synchronized. Readers load the current {@link Snapshot} from one volatile field and never lock.
 *       Hash tables are filled in place (an entry is written, then its slot is published with a release store) and
 *       swapped for a bigger copy when full. Interval tables cannot take an insert in place, so ranges go to a small
 *       <i>delta</i> table rebuilt on each change, beside a large <i>base</i>; when the delta outgrows about the
 *       square root of the base (minimising the amortised cost of both rebuilds) it is merged into a new base. So a
 *       change costs a small rebuild, never the whole index; {@link #addAll} applies a batch and publishes once.
 *   <li><b>Removal</b> (remove, revocation, replacement by a newer version, expiry) marks the handle dead in a byte
 *       array that every structure consults; dead entries are dropped when a structure is rebuilt. When dead
 *       handles outnumber live ones, a compaction renumbers the handles and rebuilds everything, so churn does not
 *       leak. Handles from an older {@link #snapshot()} stay meaningful in that snapshot.
 *   <li><b>Versions</b> (STIX 2.1 §3.6): the latest {@code modified} wins; a version that is not newer is {@link
 *       AddResult.Superseded}; a revoked indicator is removed and its later versions refused; {@code valid_until}
 *       is honoured at add and by {@link #expire(Instant)}. {@code valid_from} is not checked.
 * </ul>
 */
public final class IndicatorIndex {
  static final byte ROLE_SOURCE = 1;
  static final byte ROLE_DESTINATION = 2;
  static final byte ROLE_ANY = 3;
  /** Compaction is not worth its full rebuild below this many dead handles. */
  private static final int COMPACT_MIN_DEAD = 4096;
  /** The smallest delta that triggers a merge: below it a rebuilt delta costs microseconds. */
  private static final int MERGE_MIN = 256;

  private final Clock clock;
  private final SplittableRandom seeds = new SplittableRandom(new java.security.SecureRandom().nextLong());
  private volatile Snapshot current;

  // Writer state, guarded by this.
  private final Handles handles = new Handles();
  private final Ranges ranges = new Ranges();
  private Ipv4Exact v4Exact;
  private final TextTable[] text = new TextTable[Text.FAMILIES];
  /** Latest version of ids whose latest version is not indexed (complex, unsupported, expired): so an older one
   * arriving later does not come back. */
  private final Map<String, Long> notIndexed = new HashMap<>();
  private final Set<String> revoked = new HashSet<>();

  public IndicatorIndex(Clock clock) {
    this.clock = java.util.Objects.requireNonNull(clock, "clock");
    v4Exact = new Ipv4Exact(16, seeds.nextLong());
    for (int f = 0; f < Text.FAMILIES; f++) {
      text[f] = new TextTable(16, 256, seeds.nextLong());
    }
    publish();
  }

  /** Adds or replaces one indicator (any other object is reported unsupported); says what it did. */
  public synchronized AddResult add(StixObject indicator) {
    AddResult r = apply(indicator);
    publish();
    return r;
  }

  /** Adds many, publishing once at the end: the way to load a store's worth of indicators. */
  public synchronized List<AddResult> addAll(Collection<StixObject> indicators) {
    List<AddResult> results = new ArrayList<>(indicators.size());
    for (StixObject o : indicators) {
      results.add(apply(o));
    }
    publish();
    return results;
  }

  /** Forgets the indicator; true if it was indexed. A later add of it is accepted again. */
  public synchronized boolean remove(String id) {
    notIndexed.remove(id);
    long[] uuid = uuidOf(id);
    boolean held = uuid != null && drop(handles.find(uuid[0], uuid[1]));
    publish();
    return held;
  }

  /** Removes every indicator whose {@code valid_until} is at or before {@code now}; returns their ids. */
  public synchronized List<String> expire(Instant now) {
    List<String> expired = new ArrayList<>();
    long nowMillis = now.toEpochMilli();
    Snapshot s = current;
    for (int h = 0; h < handles.count; h++) {
      if (handles.dead[h] == 0 && handles.validUntilMillis(h) <= nowMillis) {
        expired.add(s.indicatorId(h));
        notIndexed.put(s.indicatorId(h), handles.version[h]);
        drop(h);
      }
    }
    publish();
    return expired;
  }

  /** The current state, for a reader that keeps handles across calls (see {@link Snapshot}). */
  public Snapshot snapshot() {
    return current;
  }

  /** Indicators held. */
  public int size() {
    return current.size();
  }

  /** See {@link Snapshot#indicatorId(int)}. */
  public String indicatorId(int handle) {
    return current.indicatorId(handle);
  }

  /** See {@link Snapshot#matchIpv4(long)}. */
  public int matchIpv4(long v4) {
    return current.matchIpv4(v4, AddressRole.ANY);
  }

  /** See {@link Snapshot#matchIpv4(long, AddressRole)}. */
  public int matchIpv4(long v4, AddressRole role) {
    return current.matchIpv4(v4, role);
  }

  /** See {@link Snapshot#matchAllIpv4}. */
  public int matchAllIpv4(long v4, AddressRole role, int[] out) {
    return current.matchAllIpv4(v4, role, out);
  }

  /** See {@link Snapshot#matchIpv6(long, long)}. */
  public int matchIpv6(long hi, long lo) {
    return current.matchIpv6(hi, lo, AddressRole.ANY);
  }

  /** See {@link Snapshot#matchIpv6(long, long, AddressRole)}. */
  public int matchIpv6(long hi, long lo, AddressRole role) {
    return current.matchIpv6(hi, lo, role);
  }

  /** See {@link Snapshot#matchAllIpv6}. */
  public int matchAllIpv6(long hi, long lo, AddressRole role, int[] out) {
    return current.matchAllIpv6(hi, lo, role, out);
  }

  /** See {@link Snapshot#matchDomain}. */
  public int matchDomain(CharSequence name) {
    return current.matchDomain(name);
  }

  /** See {@link Snapshot#matchUrl}. */
  public int matchUrl(CharSequence url) {
    return current.matchUrl(url);
  }

  /** See {@link Snapshot#matchHash}. */
  public int matchHash(String algorithm, CharSequence hex) {
    return current.matchHash(algorithm, hex);
  }

  /** See {@link Snapshot#matchEmail}. */
  public int matchEmail(CharSequence address) {
    return current.matchEmail(address);
  }

  /**
   * Bytes of the primitive arrays behind the index (lookup structures and the writer's bookkeeping, at their
   * allocated capacity), excluding the few fixed-size objects and the maps of revoked and non-indexed ids.
   */
  public synchronized long footprintBytes() {
    long bytes = handles.footprintBytes() + v4Exact.footprintBytes() + ranges.footprintBytes();
    for (TextTable t : text) {
      bytes += t.footprintBytes();
    }
    return bytes;
  }

  // ---- writer ----

  private AddResult apply(StixObject o) {
    String id = o.id();
    if (!"indicator".equals(o.type())) {
      return new AddResult.Unsupported(id, "not an indicator but a " + o.type());
    }
    long[] uuid = uuidOf(id);
    if (uuid == null) {
      return new AddResult.Unsupported(id, "not a STIX identifier indicator--<lower-case UUID> (STIX 2.1 §2.9)");
    }
    int held = handles.find(uuid[0], uuid[1]);
    JsonNode revokedNode = o.jsonView().get("revoked");
    if (revokedNode != null && revokedNode.asBoolean(false)) {
      revoked.add(id);
      notIndexed.remove(id);
      return new AddResult.Revoked(id, drop(held));
    }
    if (revoked.contains(id)) {
      return new AddResult.Revoked(id, false);
    }
    long version = o.version().map(IndicatorIndex::micros).orElse(Long.MIN_VALUE);
    Long seen = held >= 0 ? Long.valueOf(handles.version[held]) : notIndexed.get(id);
    if (seen != null && version <= seen) {
      return new AddResult.Superseded(id);
    }
    Object checked = check(o, held, version);
    if (checked instanceof AddResult refusal) {
      return refusal;
    }
    Pattern pattern = (Pattern) checked;
    Compiler.Compiled compiled = Compiler.compile(pattern);
    if (compiled instanceof Compiler.NotSimple n) {
      return notIndexed(held, id, version, new AddResult.Complex(id, pattern, n.reason()));
    }
    if (compiled instanceof Compiler.Invalid i) {
      return notIndexed(held, id, version, new AddResult.Unsupported(id, i.reason()));
    }
    List<Compiler.Key> keys = ((Compiler.Simple) compiled).keys();
    drop(held);
    notIndexed.remove(id);
    int h = handles.add(uuid[0], uuid[1], version, validUntil(o));
    for (Compiler.Key key : keys) {
      insert(key, h);
    }
    return new AddResult.Indexed(id, h, keys.size());
  }

  /** The parsed pattern, or the {@link AddResult} refusing {@code o} (pattern type, expiry, no parse). */
  private Object check(StixObject o, int held, long version) {
    String id = o.id();
    String type = o.text("pattern_type").orElse(null);
    if (!"stix".equals(type)) {
      return notIndexed(held, id, version, new AddResult.Unsupported(id, type == null
          ? "no pattern_type" : "pattern_type '" + type + "' is not STIX patterning; no evaluator for it"));
    }
    long until;
    try {
      until = validUntil(o);
    } catch (DateTimeParseException e) {
      return notIndexed(held, id, version, new AddResult.Unsupported(id, "valid_until is not a STIX timestamp"));
    }
    if (until <= clock.millis()) {
      return notIndexed(held, id, version, new AddResult.Expired(id));
    }
    Optional<String> text = o.text("pattern");
    if (text.isEmpty()) {
      return notIndexed(held, id, version, new AddResult.Unsupported(id, "no pattern"));
    }
    try {
      return PatternParser.parse(text.get());
    } catch (PatternException e) {
      return notIndexed(held, id, version, new AddResult.Unsupported(id, "pattern does not parse: " + e.getMessage()));
    }
  }

  private AddResult notIndexed(int held, String id, long version, AddResult result) {
    drop(held);
    notIndexed.put(id, version);
    return result;
  }

  private void insert(Compiler.Key key, int h) {
    if (key instanceof Compiler.V4Key k) {
      if (k.len() == 32) {
        if (!v4Exact.insert(k.addr(), h, k.role())) {
          v4Exact = grow(v4Exact);
          v4Exact.insert(k.addr(), h, k.role());
        }
      } else {
        ranges.addV4(k.addr(), k.len(), k.role(), h);
      }
    } else if (key instanceof Compiler.V6Key k) {
      ranges.addV6(k.hi(), k.lo(), k.len(), k.role(), h);
    } else if (key instanceof Compiler.TextKey k) {
      if (!text[k.family()].insert(k.key(), h)) {
        text[k.family()] = grow(text[k.family()], k.key().length());
        text[k.family()].insert(k.key(), h);
      }
    }
  }

  /** A table with room for twice the live entries of {@code t}, holding them. */
  private Ipv4Exact grow(Ipv4Exact t) {
    int[] live = {0};
    t.forEach((addr, h, role) -> live[0] += handles.dead[h] == 0 ? 1 : 0);
    Ipv4Exact bigger = new Ipv4Exact(Math.max(16, live[0] * 2), seeds.nextLong());
    t.forEach((addr, h, role) -> {
      if (handles.dead[h] == 0) {
        bigger.insert(addr, h, role);
      }
    });
    return bigger;
  }

  /** A table with room for twice the live entries of {@code t} (and their characters), holding them. */
  private TextTable grow(TextTable t, int extraChars) {
    int live = 0;
    int chars = extraChars;
    for (int e = 0; e < t.count(); e++) {
      if (handles.dead[t.handle(e)] == 0) {
        live++;
        chars += t.key(e).length();
      }
    }
    TextTable bigger = new TextTable(Math.max(16, live * 2), Math.max(256, chars * 2), seeds.nextLong());
    for (int e = 0; e < t.count(); e++) {
      int h = t.handle(e);
      if (handles.dead[h] == 0) {
        bigger.insert(t.key(e), h);
      }
    }
    return bigger;
  }

  /** Marks a held handle dead; false for -1. */
  private boolean drop(int h) {
    if (h < 0) {
      return false;
    }
    handles.kill(h);
    return true;
  }

  private void publish() {
    if (handles.deadCount > Math.max(COMPACT_MIN_DEAD, handles.live)) {
      compact();
    }
    ranges.refresh(handles.dead, MERGE_MIN);
    current =
        new Snapshot(handles.uuidHi, handles.uuidLo, handles.dead, handles.count, handles.live, v4Exact,
            ranges.v4Base, ranges.v4Delta, ranges.v6Base, ranges.v6Delta, text.clone());
  }

  /** Renumbers the live handles from 0 and rebuilds every structure without the dead ones. */
  private void compact() {
    int[] map = handles.compact();
    Ipv4Exact oldExact = v4Exact;
    Ipv4Exact exact = new Ipv4Exact(Math.max(16, oldExact.count()), seeds.nextLong());
    oldExact.forEach((addr, h, role) -> {
      if (map[h] >= 0) {
        exact.insert(addr, map[h], role);
      }
    });
    v4Exact = exact;
    ranges.renumber(map);
    for (int f = 0; f < Text.FAMILIES; f++) {
      text[f] = renumber(text[f], map);
    }
  }

  private TextTable renumber(TextTable t, int[] map) {
    int live = 0;
    int chars = 0;
    for (int e = 0; e < t.count(); e++) {
      if (map[t.handle(e)] >= 0) {
        live++;
        chars += t.key(e).length();
      }
    }
    TextTable fresh = new TextTable(Math.max(16, live * 2), Math.max(256, chars * 2), seeds.nextLong());
    for (int e = 0; e < t.count(); e++) {
      int h = map[t.handle(e)];
      if (h >= 0) {
        fresh.insert(t.key(e), h);
      }
    }
    return fresh;
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  /** {@code valid_until} in epoch milliseconds rounded up (expired when now reaches it); MAX_VALUE when absent. */
  private static long validUntil(StixObject o) {
    Optional<String> text = o.text("valid_until");
    if (text.isEmpty()) {
      return Long.MAX_VALUE;
    }
    Instant until = StixTimestamp.parse(text.get()).instant();
    return until.toEpochMilli() + (until.getNano() % 1_000_000 == 0 ? 0 : 1);
  }

  /** The UUID of {@code indicator--<uuid>} as two longs, or null; only ids that print back identically. */
  static long[] uuidOf(String id) {
    if (!id.startsWith("indicator--") || id.length() != 47) {
      return null;
    }
    try {
      UUID u = UUID.fromString(id.substring(11));
      return u.toString().equals(id.substring(11))
          ? new long[] {u.getMostSignificantBits(), u.getLeastSignificantBits()}
          : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
