package org.accord.sensor.decode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The templates one decoder knows, per (transport session, source id or observation domain, template id).
 *
 * <p>Design note. RFC 7011 §8 scopes templates to the transport session and the observation domain; over UDP the
 * session is the exporter's address and source port (the collector's own address and port are fixed per listener,
 * and each listener has its own decoders). So an exporter that restarts on a new source port starts a new session:
 * its old templates do not decode the new session's data (that is unknown-template until the new templates arrive),
 * and a reused template id with another layout never garbles records. The session key packs the exporter key and
 * the port into one long ({@link #session}), so a key is (session, domain, id).
 *
 * <p>Templates are looked up once per data set, not per record, so a {@link HashMap} is fine; a one-entry cache of
 * the last hit avoids even the key allocation in the usual case of an exporter sending one template's data again and
 * again. Templates expire {@code expiryMillis} after they were last received (RFC 3954 §9 and RFC 7011 §8.4 leave
 * the timeout to the collector; 0 means never, the right thing for a replay, where the file holds every template it
 * needs however long ago its export time lies): a stale template is dropped at lookup, and a sweep at most every half
 * expiry drops those of exporters that went silent. The store is bounded ({@code maxTemplates}) so that an exporter
 * inventing template ids (or source ports) cannot exhaust the heap.
 */
final class TemplateStore {
  private record Key(long session, long domain, int id) {}

  private final Map<Key, Template> map = new HashMap<>();
  private final long expiryMillis;
  private final int maxTemplates;
  private long lastSweep;
  private long cachedSession = -1;
  private long cachedDomain = -1;
  private int cachedId = -1;
  private Template cached;

  /** @param expiryMillis how long a template lives without a refresh; 0: for ever */
  TemplateStore(long expiryMillis, int maxTemplates) {
    if (expiryMillis < 0 || maxTemplates <= 0) {
      throw new IllegalArgumentException("expiry must not be negative, capacity must be positive");
    }
    this.expiryMillis = expiryMillis;
    this.maxTemplates = maxTemplates;
  }

  /** The transport session of an exporter (its key, see {@link Collector#exporterKey}) sending from a port. */
  static long session(long exporter, int port) {
    return (exporter << 16) | (port & 0xffff);
  }

  /** Whether something last refreshed at {@code refreshed} has expired at {@code now} under {@code expiryMillis}. */
  static boolean expired(long now, long refreshed, long expiryMillis) {
    return expiryMillis > 0 && now - refreshed > expiryMillis;
  }

  /** The live template, or null when unknown or expired (an expired one is removed). */
  Template get(long session, long domain, int id, long nowMillis) {
    Template t;
    if (session == cachedSession && domain == cachedDomain && id == cachedId && cached != null && cached.live) {
      t = cached;
    } else {
      t = map.get(new Key(session, domain, id));
      if (t == null) {
        return null;
      }
      cachedSession = session;
      cachedDomain = domain;
      cachedId = id;
      cached = t;
    }
    if (expired(nowMillis, t.refreshedMillis, expiryMillis)) {
      t.live = false;
      map.remove(new Key(session, domain, id));
      return null;
    }
    return t;
  }

  /**
   * Adds or replaces a template; a template with the same layout only refreshes the old one. Returns false when the
   * store is full and the template is new.
   */
  boolean put(long session, long domain, Template t, long nowMillis) {
    sweep(nowMillis);
    Key key = new Key(session, domain, t.id);
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
  void withdraw(long session, long domain, int id) {
    Template old = map.remove(new Key(session, domain, id));
    if (old != null) {
      old.live = false;
    }
  }

  /** Withdraws all templates of a session and domain, or only its options templates (RFC 7011 §8.1, ids 2, 3). */
  void withdrawAll(long session, long domain, boolean optionsOnly) {
    for (Iterator<Map.Entry<Key, Template>> it = map.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Template> e = it.next();
      Key k = e.getKey();
      if (k.session() == session && k.domain() == domain && (!optionsOnly || e.getValue().options)) {
        e.getValue().live = false;
        it.remove();
      }
    }
  }

  int size() {
    return map.size();
  }

  private void sweep(long nowMillis) {
    if (expiryMillis == 0 || nowMillis - lastSweep < expiryMillis / 2) {
      return;
    }
    lastSweep = nowMillis;
    for (Iterator<Template> it = map.values().iterator(); it.hasNext(); ) {
      Template t = it.next();
      if (expired(nowMillis, t.refreshedMillis, expiryMillis)) {
        t.live = false;
        it.remove();
      }
    }
  }
}
