package org.accord.sensor.decode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The templates one decoder knows, per (exporter, source id or observation domain, template id).
 *
 * <p>Design note. Templates are looked up once per data set, not per record, so a {@link HashMap} is fine; a one-entry
 * cache of the last hit avoids even the key allocation in the usual case of an exporter sending one template's data
 * again and again. Templates expire {@code expiryMillis} after they were last received (RFC 3954 §9 and RFC 7011 §8.4
 * leave the timeout to the collector): a stale template is dropped at lookup, and a sweep at most every half expiry
 * drops those of exporters that went silent. The store is bounded ({@code maxTemplates}) so that an exporter inventing
 * template ids cannot exhaust the heap.
 */
final class TemplateStore {
  private record Key(long scope, int id) {}

  private final Map<Key, Template> map = new HashMap<>();
  private final long expiryMillis;
  private final int maxTemplates;
  private long lastSweep;
  private long cachedScope = -1;
  private int cachedId = -1;
  private Template cached;

  TemplateStore(long expiryMillis, int maxTemplates) {
    if (expiryMillis <= 0 || maxTemplates <= 0) {
      throw new IllegalArgumentException("expiry and capacity must be positive");
    }
    this.expiryMillis = expiryMillis;
    this.maxTemplates = maxTemplates;
  }

  static long scope(long exporter, long domain) {
    return (exporter << 32) | (domain & 0xffffffffL);
  }

  /** The live template, or null when unknown or expired (an expired one is removed). */
  Template get(long scope, int id, long nowMillis) {
    Template t;
    if (scope == cachedScope && id == cachedId && cached != null && cached.live) {
      t = cached;
    } else {
      t = map.get(new Key(scope, id));
      if (t == null) {
        return null;
      }
      cachedScope = scope;
      cachedId = id;
      cached = t;
    }
    if (nowMillis - t.refreshedMillis > expiryMillis) {
      t.live = false;
      map.remove(new Key(scope, id));
      return null;
    }
    return t;
  }

  /**
   * Adds or replaces a template; a template with the same layout only refreshes the old one. Returns false when the
   * store is full and the template is new.
   */
  boolean put(long scope, Template t, long nowMillis) {
    sweep(nowMillis);
    Key key = new Key(scope, t.id);
    Template old = map.get(key);
    if (old != null && old.sameLayout(t)) {
      old.refreshedMillis = t.refreshedMillis;
      return true;
    }
    if (old == null && map.size() >= maxTemplates) {
      return false;
    }
    if (old != null) {
      old.live = false;
    }
    map.put(key, t);
    return true;
  }

  /** Withdraws one template (RFC 7011 §8.1). */
  void withdraw(long scope, int id) {
    Template old = map.remove(new Key(scope, id));
    if (old != null) {
      old.live = false;
    }
  }

  /** Withdraws all templates of a scope, or only its options templates (RFC 7011 §8.1, ids 2 and 3). */
  void withdrawAll(long scope, boolean optionsOnly) {
    for (Iterator<Map.Entry<Key, Template>> it = map.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Template> e = it.next();
      if (e.getKey().scope() == scope && (!optionsOnly || e.getValue().options)) {
        e.getValue().live = false;
        it.remove();
      }
    }
  }

  int size() {
    return map.size();
  }

  private void sweep(long nowMillis) {
    if (nowMillis - lastSweep < expiryMillis / 2) {
      return;
    }
    lastSweep = nowMillis;
    for (Iterator<Template> it = map.values().iterator(); it.hasNext(); ) {
      Template t = it.next();
      if (nowMillis - t.refreshedMillis > expiryMillis) {
        t.live = false;
        it.remove();
      }
    }
  }
}
