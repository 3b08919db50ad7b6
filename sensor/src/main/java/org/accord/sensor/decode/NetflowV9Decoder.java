package org.accord.sensor.decode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import org.accord.sensor.flow.FlowRecord;
import org.accord.sensor.flow.FlowSink;

/**
 * NetFlow version 9 (RFC 3954): a 20-byte header, then FlowSets: templates (id 0), options templates (id 1) and data
 * (id 256 and above).
 *
 * <pre>
 * header:   0 version(2)=9  2 count(2)  4 sysUptime(4, ms)  8 unix_secs(4)  12 sequence(4)  16 source_id(4)
 * flowset:  0 flowset_id(2)  2 length(2, including this header)  then records, padded to 4 bytes
 * template: 0 template_id(2)  2 field_count(2)  then field_count x (type(2), length(2))
 * options:  0 template_id(2)  2 scope_length(2, bytes)  4 option_length(2, bytes)  then the field specifiers
 * </pre>
 *
 * <p>Design note. Templates are kept per (exporter address and source port, source id, template id) (RFC 3954 §5.1: the
 * source id scopes the template ids of one exporter; the port, as RFC 7011 §8 says for IPFIX, tells an exporter that
 * restarted on a new port from its old self) in a {@link TemplateStore} with expiry. A template arriving again with
 * another layout replaces the old one from that point on (the template changed mid-stream). Options data are read for
 * their sampler tables only (FLOW_SAMPLER_ID 48 with FLOW_SAMPLER_RANDOM_INTERVAL 50 or SAMPLING_INTERVAL 34, as Cisco
 * IOS and IOS-XR send them; the scope fields, whose types are not field types (RFC 3954 §6.1), are skipped); a flow
 * record's rate is its own SAMPLING_INTERVAL, else its FLOW_SAMPLER_ID's rate in the table, else the table's rate for
 * no sampler id, else none; the {@link SamplingPolicy} then decides (see there). Data for an unknown or expired
 * template is counted (once per FlowSet) and skipped: RFC 3954 §9 allows buffering, which a collector can do without.
 * Record times are SysUptime-relative (FIRST_SWITCHED 22, LAST_SWITCHED 21) and converted with the header's clocks
 * ({@link ExporterClock}); absolute IPFIX-style times (150..153) are taken as they are.
 */
public final class NetflowV9Decoder implements DatagramDecoder {
  static final int HEADER = 20;
  /** RFC 3954 §9 leaves the timeout to the collector; 30 minutes outlives common template refresh intervals. */
  public static final Duration DEFAULT_TEMPLATE_EXPIRY = Duration.ofMinutes(30);
  /** Templates held at most, over all exporters: a bound against an exporter that invents template ids. */
  static final int MAX_TEMPLATES = 65_536;

  private final DecoderStats stats;
  private final TemplateStore templates;
  private final Sessions sessions;
  private final SamplingPolicy sampling;
  private final RecordReader reader = new RecordReader();
  private final FlowRecord rec = new FlowRecord();
  private long lastExporter = -1;
  private AtomicLongArray counters;
  private long override;

  public NetflowV9Decoder() {
    this(new DecoderStats(), DEFAULT_TEMPLATE_EXPIRY);
  }

  /** A decoder adding to the given counters, forgetting templates not refreshed within {@code templateExpiry}. */
  public NetflowV9Decoder(DecoderStats stats, Duration templateExpiry) {
    this(stats, templateExpiry, SamplingPolicy.ANNOUNCED);
  }

  /**
   * @param templateExpiry how long templates and sampler rates live without a refresh; {@link Duration#ZERO}: for ever
   * @param sampling the operator's default and per-exporter sampling rates
   */
  public NetflowV9Decoder(DecoderStats stats, Duration templateExpiry, SamplingPolicy sampling) {
    this.stats = stats;
    this.templates = new TemplateStore(templateExpiry.toMillis(), MAX_TEMPLATES);
    this.sessions = new Sessions(templateExpiry.toMillis());
    this.sampling = sampling;
  }

  @Override
  public DecoderStats stats() {
    return stats;
  }

  @Override
  public void decode(ByteBuffer b, long exporterV4, int exporterPort, long receivedMillis, FlowSink sink) {
    AtomicLongArray c = counters(exporterV4);
    c.incrementAndGet(DecoderStats.DATAGRAMS);
    ByteOrder order = b.order();
    b.order(ByteOrder.BIG_ENDIAN);
    try {
      decodeMessage(b, exporterV4, exporterPort, receivedMillis, c, sink);
    } catch (IndexOutOfBoundsException e) {
      // Defensive: every read is bounds-checked first; a bad datagram must never stop a collector.
      c.incrementAndGet(DecoderStats.MALFORMED);
    } finally {
      b.order(order);
    }
  }

  private void decodeMessage(ByteBuffer b, long exporter, int port, long now, AtomicLongArray c, FlowSink sink) {
    int p = b.position();
    int end = b.limit();
    if (end - p < 2) {
      c.incrementAndGet(DecoderStats.TRUNCATED);
      return;
    }
    if (b.getShort(p) != 9) {
      c.incrementAndGet(DecoderStats.MALFORMED);
      return;
    }
    if (end - p < HEADER) {
      c.incrementAndGet(DecoderStats.TRUNCATED);
      return;
    }
    long sysUptime = b.getInt(p + 4) & 0xffffffffL;
    long exportMillis = (b.getInt(p + 8) & 0xffffffffL) * 1000;
    long sourceId = b.getInt(p + 16) & 0xffffffffL;
    long session = TemplateStore.session(exporter, port);
    Message m = message;
    m.exporter = exporter;
    m.port = port;
    m.sourceId = sourceId;
    m.session = session;
    m.sysUptime = sysUptime;
    m.exportMillis = exportMillis;
    m.now = now;
    int o = p + HEADER;
    while (end - o >= 4) {
      int id = b.getShort(o) & 0xffff;
      int len = b.getShort(o + 2) & 0xffff;
      if (len < 4) {
        c.incrementAndGet(DecoderStats.MALFORMED);
        return;
      }
      if (len > end - o) {
        c.incrementAndGet(DecoderStats.TRUNCATED);
        return;
      }
      int setEnd = o + len;
      if (id == 0 || id == 1) {
        if (!templates(b, o + 4, setEnd, id == 1, session, sourceId, now, c)) {
          return;
        }
      } else if (id >= 256) {
        Template t = templates.get(session, sourceId, id, now);
        if (t == null) {
          c.incrementAndGet(DecoderStats.UNKNOWN_TEMPLATE);
        } else if (t.options) {
          if (!sessions.options(reader, rec, b, o + 4, setEnd, t, m.session, m.sourceId, m.now, c)) {
            return;
          }
        } else if (!data(b, o + 4, setEnd, t, m, c, sink)) {
          return;
        }
      }
      // FlowSet ids 2..255 are reserved (RFC 3954 §5.2): skipped.
      o = setEnd;
    }
  }

  /** Reads the template records of one FlowSet; false when it was malformed (the rest of the message is skipped). */
  private boolean templates(ByteBuffer b, int o, int end, boolean options, long session, long domain, long now,
      AtomicLongArray c) {
    while (end - o >= 4) {
      int id = b.getShort(o) & 0xffff;
      int fields;
      int scopeFields = 0;
      if (options) {
        if (end - o < 6) {
          return true; // padding
        }
        int scopeLen = b.getShort(o + 2) & 0xffff;
        int optionLen = b.getShort(o + 4) & 0xffff;
        if (id == 0 && scopeLen == 0 && optionLen == 0) {
          return true; // padding
        }
        if ((scopeLen + optionLen) % 4 != 0) {
          c.incrementAndGet(DecoderStats.MALFORMED);
          return false;
        }
        fields = (scopeLen + optionLen) / 4;
        scopeFields = scopeLen / 4;
        o += 6;
      } else {
        fields = b.getShort(o + 2) & 0xffff;
        if (id == 0 && fields == 0) {
          return true; // padding
        }
        o += 4;
      }
      if (id < 256 || fields == 0) {
        c.incrementAndGet(DecoderStats.MALFORMED);
        return false;
      }
      if ((long) fields * 4 > end - o) {
        c.incrementAndGet(DecoderStats.TRUNCATED);
        return false;
      }
      int[] lengths = new int[fields];
      int[] kinds = new int[fields];
      int min = 0;
      for (int i = 0; i < fields; i++, o += 4) {
        int type = b.getShort(o) & 0xffff;
        lengths[i] = b.getShort(o + 2) & 0xffff;
        int kind = Template.kindOf(type, false, lengths[i]);
        // Options data is read for its sampler table only; scope field types are scope types (1 System, 2 Interface,
        // ...), not field types (RFC 3954 §6.1), so they are never read as fields.
        kinds[i] = !options ? kind : i >= scopeFields && Template.sampling(kind) ? kind : Template.SKIP;
        // 65535 is not in RFC 3954, but exporters send it with IPFIX's meaning (RFC 7011 §7: the length is in the
        // record); read as a fixed length it made every record "longer than its set" and the set vanished uncounted.
        min += lengths[i] == Template.VARIABLE ? 1 : lengths[i];
      }
      if (min == 0) {
        c.incrementAndGet(DecoderStats.MALFORMED);
        return false;
      }
      if (!templates.put(session, domain, new Template(id, options, lengths, kinds, min, now), now)) {
        c.incrementAndGet(DecoderStats.MALFORMED);
        return false;
      }
      c.incrementAndGet(DecoderStats.TEMPLATES);
    }
    return true;
  }

  /** The message being decoded: its header and where it came from (one reused holder, no allocation). */
  private static final class Message {
    long exporter;
    int port;
    long sourceId;
    long session;
    long sysUptime;
    long exportMillis;
    long now;
  }

  private final Message message = new Message();

  private boolean data(ByteBuffer b, int o, int end, Template t, Message m, AtomicLongArray c, FlowSink sink) {
    FlowRecord r = rec;
    RecordReader x = reader;
    Sessions.State state = sessions.get(m.session, m.sourceId);
    int n = 0;
    int sampled = 0;
    // Records while a whole one fits; what is left is padding (RFC 3954 §5.3).
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
      r.exporter = m.exporter;
      r.exporterPort = m.port;
      r.observationDomain = m.sourceId;
      times(r, m.sysUptime, m.exportMillis);
      ExporterClock.repair(r, m.exportMillis, c);
      DecoderStats.address(r, c);
      long announced = x.samplingRate();
      if (announced == 0) {
        announced = sessions.rate(state, x.hasSamplerId, x.samplerId, m.now);
      }
      if (SamplingPolicy.scale(r, sampling.rate(override, announced))) {
        sampled++;
      }
      sink.flow(r);
      n++;
    }
    c.addAndGet(DecoderStats.RECORDS, n);
    c.addAndGet(DecoderStats.SAMPLED, sampled);
    if (end - o >= 4) {
      // Not padding (RFC 3954 §5.3 pads to 4 bytes) and not a whole record: a record was cut, say so.
      c.incrementAndGet(DecoderStats.TRUNCATED);
    }
    return true;
  }

  private void times(FlowRecord r, long sysUptime, long exportMillis) {
    RecordReader x = reader;
    r.startMillis = x.hasStartMillis ? x.startMillis
        : x.hasStartUptime ? ExporterClock.toEpoch(exportMillis, sysUptime, x.startUptime) : exportMillis;
    r.endMillis = x.hasEndMillis ? x.endMillis
        : x.hasEndUptime ? ExporterClock.toEpoch(exportMillis, sysUptime, x.endUptime) : r.startMillis;
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
