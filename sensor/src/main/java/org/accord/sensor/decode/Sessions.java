package org.accord.sensor.decode;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.accord.sensor.flow.FlowRecord;

/**
 * What a NetFlow v9 or IPFIX decoder learns from options data, per transport session and observation domain (the
 * scope of templates, see {@link TemplateStore}): the sampler table (sampler or selector id to 1-in-N rate) and the
 * exporter's systemInitTimeMilliseconds.
 *
 * <p>Design note. Options data arrive rarely (once per refresh interval) and flow records often, so writes may
 * allocate and reads must not: a decoder fetches its {@link State} once per message (a one-entry cache of the last
 * session and domain avoids the key allocation) and each record's sampler is a linear scan of a few longs — sampler
 * tables hold a handful of entries (one per sampler configured on the router). A sampler's rate expires like a
 * template ({@code expiryMillis} after it was last announced, 0: never), so a sampler reconfigured or removed on a
 * router stops scaling flows once the collector's template timeout has passed. Bounded: at most {@link #MAX_SESSIONS}
 * states and {@link #MAX_SAMPLERS} samplers each, so a hostile exporter cannot grow the tables without end.
 */
final class Sessions {
  static final int MAX_SESSIONS = 65_536;
  static final int MAX_SAMPLERS = 256;

  /** One session and domain's options state. */
  static final class State {
    /** systemInitTimeMilliseconds (IE 160) from options data, or {@link Long#MIN_VALUE}. */
    long systemInit = Long.MIN_VALUE;
    private long[] ids = new long[4];
    private long[] rates = new long[4];
    private long[] refreshed = new long[4];
    private int n;
    private long touched;

    /** The rate of a sampler (1 in N), or 0 when unknown or expired. */
    long rate(long samplerId, long now, long expiryMillis) {
      for (int i = 0; i < n; i++) {
        if (ids[i] == samplerId) {
          return TemplateStore.expired(now, refreshed[i], expiryMillis) ? 0 : rates[i];
        }
      }
      return 0;
    }

    void put(long samplerId, long rate, long now) {
      touched = now;
      for (int i = 0; i < n; i++) {
        if (ids[i] == samplerId) {
          rates[i] = rate;
          refreshed[i] = now;
          return;
        }
      }
      if (n == MAX_SAMPLERS) {
        return;
      }
      if (n == ids.length) {
        ids = Arrays.copyOf(ids, n * 2);
        rates = Arrays.copyOf(rates, n * 2);
        refreshed = Arrays.copyOf(refreshed, n * 2);
      }
      ids[n] = samplerId;
      rates[n] = rate;
      refreshed[n++] = now;
    }
  }

  private record Key(long session, long domain) {}

  private final Map<Key, State> map = new HashMap<>();
  private final long expiryMillis;
  private long lastSweep;
  private long cachedSession = -1;
  private long cachedDomain = -1;
  private State cached;

  Sessions(long expiryMillis) {
    this.expiryMillis = expiryMillis;
  }

  long expiryMillis() {
    return expiryMillis;
  }

  /** The state of a session and domain, or null when nothing was learnt for it. */
  State get(long session, long domain) {
    if (session == cachedSession && domain == cachedDomain && cached != null) {
      return cached;
    }
    State s = map.get(new Key(session, domain));
    if (s != null) {
      cachedSession = session;
      cachedDomain = domain;
      cached = s;
    }
    return s;
  }

  /** The state of a session and domain, created when new; null when the table is full. */
  State getOrCreate(long session, long domain, long now) {
    State s = get(session, domain);
    if (s != null) {
      s.touched = now;
      return s;
    }
    sweep(now);
    if (map.size() >= MAX_SESSIONS) {
      return null;
    }
    s = new State();
    s.touched = now;
    map.put(new Key(session, domain), s);
    return s;
  }

  /**
   * Reads a set of options data records (v9 and IPFIX alike) into the session's state: a sampler's rate (by its id,
   * else sampler 0) and systemInitTimeMilliseconds. Returns false, counted truncated, when a record is cut.
   */
  boolean options(RecordReader x, FlowRecord scratch, ByteBuffer b, int o, int end, Template t,
      long session, long domain, long now, AtomicLongArray counters) {
    while (end - o >= t.minLength) {
      int next = x.read(b, o, end, t, scratch, true);
      if (next == RecordReader.TRUNCATED) {
        counters.incrementAndGet(DecoderStats.TRUNCATED);
        return false;
      }
      long rate = x.samplingRate();
      if (x.hasSystemInit || rate > 0) {
        State s = getOrCreate(session, domain, now);
        if (s != null && x.hasSystemInit) {
          s.systemInit = x.systemInit;
        }
        if (s != null && rate > 0) {
          s.put(x.hasSamplerId ? x.samplerId : 0, rate, now);
        }
      }
      o = next;
    }
    return true;
  }

  /**
   * The rate a record is sampled at by its session's sampler table: the sampler it names, else the session's
   * sampler 0 (options data that name no sampler: one rate for the whole exporter); 0 when none is known.
   */
  long rate(State s, boolean namesSampler, long samplerId, long now) {
    if (s == null) {
      return 0;
    }
    long r = namesSampler ? s.rate(samplerId, now, expiryMillis) : 0;
    return r > 0 ? r : s.rate(0, now, expiryMillis);
  }

  private void sweep(long now) {
    if (expiryMillis == 0 || now - lastSweep < expiryMillis / 2) {
      return;
    }
    lastSweep = now;
    for (Iterator<State> it = map.values().iterator(); it.hasNext(); ) {
      State s = it.next();
      if (TemplateStore.expired(now, s.touched, expiryMillis)) {
        it.remove();
        if (s == cached) {
          cached = null;
        }
      }
    }
  }
}
