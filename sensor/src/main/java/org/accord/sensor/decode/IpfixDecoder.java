package org.accord.sensor.decode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import org.accord.sensor.flow.FlowRecord;
import org.accord.sensor.flow.FlowSink;

/**
 * IPFIX (RFC 7011): a 16-byte message header, then sets: templates (id 2), options templates (id 3), data (≥ 256).
 *
 * <pre>
 * message:  0 version(2)=10  2 length(2, whole message)  4 exportTime(4, s)  8 sequence(4)  12 observationDomainId(4)
 * set:      0 set_id(2)  2 length(2, including this header)  then records, possibly padded
 * template: 0 template_id(2)  2 field_count(2)            then field specifiers       (RFC 7011 §3.4.1)
 * options:  0 template_id(2)  2 field_count(2)  4 scope_field_count(2)  then specifiers (RFC 7011 §3.4.2.2)
 * field:    0 E|element_id(2)  2 field_length(2)  [4 enterprise_number(4) when E is set]  (RFC 7011 §3.2)
 * </pre>
 *
 * <p>Design note. Templates are kept per (transport session, observation domain, template id) (RFC 7011 §8: the
 * session is the exporter's address and source port) with expiry, and a template arriving with a new layout replaces
 * the old. A template record with no fields withdraws its template;
 * template id 2 (or 3 in an options set) withdraws all (options) templates of the domain (RFC 7011 §8.1).
 * Enterprise-specific fields (E bit) are skipped by their length; variable-length fields (length 65535) carry their
 * length in each record (§7). Only the message's own length counts, so a datagram or a file may carry several
 * messages back to back: each is decoded in turn.
 *
 * <p>Times: flowStart/EndMilliseconds (152/153) or flowStart/EndSeconds (150/151) as they are; flowStart/EndSysUpTime
 * (22/21) relative to systemInitTimeMilliseconds (160), taken from the same record or remembered from an options
 * record of the same domain; without it the flow is taken to end at the export time (the uptime difference keeps its
 * duration). A flow ending after the export, or before it starts, is clamped and counted.
 *
 * <p>Sampling (RFC 7270 §4.1, RFC 5476, RFC 5477): options data that state a rate — samplingInterval (34) or
 * samplerRandomInterval (50) with samplerId (48), samplingPacketInterval/Space (305/306), samplingSize/Population
 * (309/310) or samplingProbability (311) with selectorId (302) — fill the session's sampler table; a flow record's
 * rate is its own, else its sampler's or selector's, else the table's rate for no id, else none; the {@link
 * SamplingPolicy} then decides. Packets and bytes leave the decoder scaled.
 */
public final class IpfixDecoder implements DatagramDecoder {
  static final int HEADER = 16;
  public static final Duration DEFAULT_TEMPLATE_EXPIRY = NetflowV9Decoder.DEFAULT_TEMPLATE_EXPIRY;

  private final DecoderStats stats;
  private final TemplateStore templates;
  /** systemInitTimeMilliseconds and sampler tables per (session, domain), from options data. */
  private final Sessions sessions;
  private final SamplingPolicy sampling;
  private final boolean withdrawals;
  private final RecordReader reader = new RecordReader();
  private final FlowRecord rec = new FlowRecord();
  private long lastExporter = -1;
  private AtomicLongArray counters;
  private long override;
  /** The port of the datagram being decoded. */
  private int port;

  public IpfixDecoder() {
    this(new DecoderStats(), DEFAULT_TEMPLATE_EXPIRY);
  }

  /** A decoder adding to the given counters, forgetting templates not refreshed within {@code templateExpiry}. */
  public IpfixDecoder(DecoderStats stats, Duration templateExpiry) {
    this(stats, templateExpiry, true);
  }

  /**
   * @param withdrawals whether template withdrawals take effect: yes for files and reliable transports; a UDP
   *     collector passes false, since withdrawals are not used over UDP (RFC 7011 §8.4) and there a forged datagram
   *     could otherwise wipe an exporter's templates
   */
  public IpfixDecoder(DecoderStats stats, Duration templateExpiry, boolean withdrawals) {
    this(stats, templateExpiry, withdrawals, SamplingPolicy.ANNOUNCED);
  }

  /**
   * @param templateExpiry how long templates and sampler rates live without a refresh; {@link Duration#ZERO}: for ever
   * @param sampling the operator's default and per-exporter sampling rates
   */
  public IpfixDecoder(DecoderStats stats, Duration templateExpiry, boolean withdrawals, SamplingPolicy sampling) {
    this.stats = stats;
    this.templates = new TemplateStore(templateExpiry.toMillis(), NetflowV9Decoder.MAX_TEMPLATES);
    this.sessions = new Sessions(templateExpiry.toMillis());
    this.sampling = sampling;
    this.withdrawals = withdrawals;
  }

  @Override
  public DecoderStats stats() {
    return stats;
  }

  @Override
  public void decode(ByteBuffer b, long exporterV4, int exporterPort, long receivedMillis, FlowSink sink) {
    AtomicLongArray c = counters(exporterV4);
    port = exporterPort;
    ByteOrder order = b.order();
    b.order(ByteOrder.BIG_ENDIAN);
    try {
      int p = b.position();
      int end = b.limit();
      do {
        c.incrementAndGet(DecoderStats.DATAGRAMS);
        p = decodeMessage(b, p, end, exporterV4, receivedMillis, c, sink);
      } while (p > 0 && end - p >= 4);
    } catch (IndexOutOfBoundsException e) {
      // Defensive: every read is bounds-checked first; a bad datagram must never stop a collector.
      c.incrementAndGet(DecoderStats.MALFORMED);
    } finally {
      b.order(order);
    }
  }

  /** Decodes the message at {@code p}; returns the offset after it, or -1 when the rest cannot be trusted. */
  private int decodeMessage(ByteBuffer b, int p, int limit, long exporter, long now, AtomicLongArray c, FlowSink sink) {
    if (limit - p < 4) {
      c.incrementAndGet(DecoderStats.TRUNCATED);
      return -1;
    }
    int length = b.getShort(p + 2) & 0xffff;
    if (b.getShort(p) != 10 || length < HEADER) {
      c.incrementAndGet(DecoderStats.MALFORMED);
      return -1;
    }
    if (length > limit - p) {
      c.incrementAndGet(DecoderStats.TRUNCATED);
      return -1;
    }
    int end = p + length;
    long exportMillis = (b.getInt(p + 4) & 0xffffffffL) * 1000;
    long domain = b.getInt(p + 12) & 0xffffffffL;
    long session = TemplateStore.session(exporter, port);
    int o = p + HEADER;
    while (end - o >= 4) {
      int id = b.getShort(o) & 0xffff;
      int len = b.getShort(o + 2) & 0xffff;
      if (len < 4) {
        c.incrementAndGet(DecoderStats.MALFORMED);
        return end;
      }
      if (len > end - o) {
        c.incrementAndGet(DecoderStats.TRUNCATED);
        return end;
      }
      int setEnd = o + len;
      boolean ok = true;
      if (id == 2 || id == 3) {
        ok = templates(b, o + 4, setEnd, id, session, domain, now, c);
      } else if (id >= 256) {
        Template t = templates.get(session, domain, id, now);
        if (t == null) {
          c.incrementAndGet(DecoderStats.UNKNOWN_TEMPLATE);
        } else if (t.options) {
          ok = sessions.options(reader, rec, b, o + 4, setEnd, t, session, domain, now, c);
        } else {
          ok = data(b, o + 4, setEnd, t, exporter, domain, session, exportMillis, now, c, sink);
        }
      } else {
        // Set ids 0, 1 (NetFlow v9's) and 4..255 are not used in IPFIX (RFC 7011 §3.3.2).
        c.incrementAndGet(DecoderStats.MALFORMED);
        ok = false;
      }
      if (!ok) {
        return end;
      }
      o = setEnd;
    }
    return end;
  }

  /** Reads the (options) template records of one set; false when it was malformed. */
  private boolean templates(ByteBuffer b, int o, int end, int setId, long session, long domain, long now,
      AtomicLongArray c) {
    boolean options = setId == 3;
    while (end - o >= 4) {
      int id = b.getShort(o) & 0xffff;
      int fields = b.getShort(o + 2) & 0xffff;
      if (fields == 0) {
        // A withdrawal (RFC 7011 §8.1); the set id itself as template id withdraws all.
        if (id == setId) {
          if (withdrawals) {
            templates.withdrawAll(session, domain, options);
          }
        } else if (id >= 256) {
          if (withdrawals) {
            templates.withdraw(session, domain, id);
          }
        } else if (id == 0) {
          return true; // padding
        } else {
          c.incrementAndGet(DecoderStats.MALFORMED);
          return false;
        }
        o += 4;
        continue;
      }
      o += 4;
      if (options) {
        if (end - o < 2) {
          c.incrementAndGet(DecoderStats.TRUNCATED);
          return false;
        }
        int scopeFields = b.getShort(o) & 0xffff;
        o += 2;
        if (scopeFields == 0 || scopeFields > fields) {
          c.incrementAndGet(DecoderStats.MALFORMED);
          return false;
        }
      }
      if (id < 256) {
        c.incrementAndGet(DecoderStats.MALFORMED);
        return false;
      }
      o = template(b, o, end, id, fields, options, session, domain, now, c);
      if (o < 0) {
        return false;
      }
    }
    return true;
  }

  private int template(ByteBuffer b, int o, int end, int id, int fields, boolean options, long session, long domain,
      long now, AtomicLongArray c) {
    if ((long) fields * 4 > end - o) {
      c.incrementAndGet(DecoderStats.TRUNCATED); // checked before allocating: a forged count must not cost memory
      return -1;
    }
    int[] lengths = new int[fields];
    int[] kinds = new int[fields];
    int min = 0;
    for (int i = 0; i < fields; i++) {
      if (end - o < 4) {
        c.incrementAndGet(DecoderStats.TRUNCATED);
        return -1;
      }
      int element = b.getShort(o) & 0xffff;
      int length = b.getShort(o + 2) & 0xffff;
      boolean enterprise = (element & 0x8000) != 0;
      o += 4;
      if (enterprise) {
        if (end - o < 4) {
          c.incrementAndGet(DecoderStats.TRUNCATED);
          return -1;
        }
        o += 4; // the enterprise number: such fields are skipped, so it is not kept
      }
      lengths[i] = length;
      int kind = Template.kindOf(element & 0x7fff, enterprise, length);
      // Options data is read for systemInit and sampler tables only (scope fields too: selectorId and samplerId are
      // the usual scope of a sampler's options, RFC 5476 §6.5).
      kinds[i] = options && kind != Template.SYSTEM_INIT && !Template.sampling(kind) ? Template.SKIP : kind;
      min += length == Template.VARIABLE ? 1 : length;
    }
    if (min == 0) {
      c.incrementAndGet(DecoderStats.MALFORMED);
      return -1;
    }
    if (!templates.put(session, domain, new Template(id, options, lengths, kinds, min, now), now)) {
      c.incrementAndGet(DecoderStats.MALFORMED);
      return -1;
    }
    c.incrementAndGet(DecoderStats.TEMPLATES);
    return o;
  }

  private boolean data(ByteBuffer b, int o, int end, Template t, long exporter, long domain, long session,
      long exportMillis, long now, AtomicLongArray c, FlowSink sink) {
    FlowRecord r = rec;
    RecordReader x = reader;
    Sessions.State state = sessions.get(session, domain);
    int n = 0;
    int sampled = 0;
    while (end - o >= t.minLength) {
      r.clear();
      int next = x.read(b, o, end, t, r, true);
      if (next == RecordReader.TRUNCATED) {
        c.incrementAndGet(DecoderStats.TRUNCATED);
        c.addAndGet(DecoderStats.RECORDS, n);
        c.addAndGet(DecoderStats.SAMPLED, sampled);
        return false;
      }
      o = next;
      r.exporter = exporter;
      r.exporterPort = port;
      r.observationDomain = domain;
      times(r, state, exportMillis);
      // Export time has whole seconds: a flow may end up to 999 ms after it without any clock being wrong.
      ExporterClock.repair(r, exportMillis + 999, c);
      DecoderStats.address(r, c);
      long announced = x.samplingRate();
      if (announced == 0) {
        announced = sessions.rate(state, x.hasSamplerId, x.samplerId, now);
      }
      if (SamplingPolicy.scale(r, sampling.rate(override, announced))) {
        sampled++;
      }
      sink.flow(r);
      n++;
    }
    c.addAndGet(DecoderStats.RECORDS, n);
    c.addAndGet(DecoderStats.SAMPLED, sampled);
    return true;
  }

  private void times(FlowRecord r, Sessions.State state, long exportMillis) {
    RecordReader x = reader;
    long init = Long.MIN_VALUE;
    if (!(x.hasStartMillis && x.hasEndMillis) && (x.hasStartUptime || x.hasEndUptime)) {
      init = x.hasSystemInit ? x.systemInit : state != null ? state.systemInit : Long.MIN_VALUE;
    }
    long endUp = x.hasEndUptime ? x.endUptime : x.startUptime;
    long startUp = x.hasStartUptime ? x.startUptime : x.endUptime;
    if (x.hasEndMillis) {
      r.endMillis = x.endMillis;
    } else if (x.hasEndUptime || x.hasStartUptime) {
      r.endMillis = init != Long.MIN_VALUE ? init + endUp : exportMillis;
    } else {
      r.endMillis = x.hasStartMillis ? x.startMillis : exportMillis;
    }
    if (x.hasStartMillis) {
      r.startMillis = x.startMillis;
    } else if (x.hasStartUptime || x.hasEndUptime) {
      r.startMillis = init != Long.MIN_VALUE ? init + startUp : r.endMillis - (endUp - startUp);
    } else {
      r.startMillis = r.endMillis;
    }
  }

  private AtomicLongArray counters(long exporter) {
    if (exporter != lastExporter || counters == null) {
      counters = stats.of(exporter);
      override = sampling.override(exporter);
      lastExporter = exporter;
    }
    return counters;
  }
}
