package org.accord.sensor.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.CharsetDecoder;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.flow.FlowRecord;
import org.accord.sensor.flow.FlowSink;

/**
 * Flow records as JSON lines: one object per line.
 *
 * <pre>
 * {"src":"203.0.113.9","dst":"192.0.2.10","src_port":53,"dst_port":40000,"proto":17,
 *  "packets":3,"bytes":4200,"start":"2026-03-03T14:02:11.250Z","end":1772546531500,"tcp_flags":0}
 * </pre>
 *
 * <ul>
 *   <li>{@code src}, {@code dst} (required): IPv4 or IPv6 literals, both of the same family.
 *   <li>{@code src_port}, {@code dst_port}: 0..65535, default 0.
 *   <li>{@code proto}: 0..255 or one of {@code "tcp"}, {@code "udp"}, {@code "icmp"}, {@code "icmpv6"}; default 0.
 *   <li>{@code packets}, {@code bytes}: non-negative integers, default 0.
 *   <li>{@code start} (required): epoch milliseconds (a number) or ISO-8601 with an offset ({@code "...Z"},
 *       {@code "...+01:00"}). {@code end}: the same forms, default {@code start}; an end before the start is set to the
 *       start and counted as clamped.
 *   <li>{@code tcp_flags}: a number, or letters of {@code FSRPAUEC} ({@code "SA"} = SYN+ACK); default 0.
 *   <li>{@code exporter}: optional IPv4 literal of the device that saw the flow. Other fields are ignored.
 * </ul>
 *
 * <p>goflow2's JSON output (its {@code -format json}, one flow per line) reads as it is: {@code src_addr},
 * {@code dst_addr}, {@code time_flow_start_ns}, {@code time_flow_end_ns} (nanoseconds, or RFC 3339 strings when rendered
 * {@code datetimenano}; {@code time_received_ns} when the start is 0 or absent), {@code sampler_address} (the exporter, IPv4 or IPv6), and {@code proto} as an IANA
 * protocol keyword ({@code "TCP"}, {@code "GRE"}: case does not matter; a keyword this decoder does not list, and
 * goflow2's {@code "unknown"}, read as 255, a protocol no detector keys on). Its {@code bytes} and {@code packets}
 * are as sampled; its {@code sampling_rate} (the exporter's, as goflow2 learnt it) scales them as the binary decoders
 * do, saturating, and is kept in {@link FlowRecord#samplingRate}.
 *
 * A line that is not valid UTF-8, not one JSON object, or breaks these rules is counted malformed and skipped; blank
 * lines are ignored.
 */
public final class JsonFlowDecoder {
  private static final JsonFactory JSON = new JsonFactory();

  private final LineStats stats = new LineStats();
  private final CharsetDecoder utf8 = Text.strictDecoder();
  private final FlowRecord rec = new FlowRecord();

  public LineStats stats() {
    return stats;
  }

  /** Decodes one line (UTF-8 bytes without the terminator). */
  public void decode(byte[] line, int offset, int length, FlowSink sink) {
    stats.line();
    String text = Text.utf8(line, offset, length, utf8);
    if (text == null) {
      stats.malformed();
      return;
    }
    if (text.isBlank()) {
      stats.ignored();
      return;
    }
    boolean ok;
    try {
      ok = parse(text, rec);
    } catch (IOException | RuntimeException e) {
      ok = false; // Jackson's parse errors and number overflows: a broken line, nothing more
    }
    if (!ok) {
      stats.malformed();
      return;
    }
    if (rec.endMillis < rec.startMillis) {
      rec.endMillis = rec.startMillis;
      stats.clamped();
    }
    stats.event();
    sink.flow(rec);
  }

  /** Decodes one line in text form. */
  public void decode(String line, FlowSink sink) {
    byte[] b = line.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    decode(b, 0, b.length, sink);
  }

  private static boolean parse(String text, FlowRecord r) throws IOException {
    r.clear();
    String src = null;
    String dst = null;
    boolean hasStart = false;
    boolean hasEnd = false;
    long receivedMillis = -1;
    long samplingRate = 0;
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        if (t != JsonToken.FIELD_NAME) {
          return false;
        }
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "src", "src_addr" -> src = v == JsonToken.VALUE_STRING ? p.getText() : null;
          case "dst", "dst_addr" -> dst = v == JsonToken.VALUE_STRING ? p.getText() : null;
          case "time_flow_start_ns" -> {
            r.startMillis = nanosAsMillis(p, v);
            hasStart = r.startMillis > 0;
          }
          case "time_flow_end_ns" -> {
            r.endMillis = nanosAsMillis(p, v);
            hasEnd = r.endMillis > 0;
          }
          case "time_received_ns" -> receivedMillis = nanosAsMillis(p, v);
          case "sampler_address" -> r.exporter = v == JsonToken.VALUE_STRING ? exporter(p.getText()) : -1;
          case "src_port" -> r.srcPort = (int) bounded(p, v, 0xffff);
          case "dst_port" -> r.dstPort = (int) bounded(p, v, 0xffff);
          case "proto" -> r.protocol = v == JsonToken.VALUE_STRING ? protocol(p.getText()) : (int) bounded(p, v, 255);
          case "packets" -> r.packets = bounded(p, v, Long.MAX_VALUE);
          case "bytes" -> r.bytes = bounded(p, v, Long.MAX_VALUE);
          case "tcp_flags" ->
              r.tcpFlags = v == JsonToken.VALUE_STRING ? flags(p.getText()) : (int) bounded(p, v, 0xfff);
          case "start" -> {
            r.startMillis = time(p, v);
            hasStart = true;
          }
          case "end" -> {
            r.endMillis = time(p, v);
            hasEnd = true;
          }
          case "exporter" -> r.exporter = v == JsonToken.VALUE_STRING ? Addresses.parseV4(p.getText()) : -1;
          case "sampling_rate" -> samplingRate = bounded(p, v, Long.MAX_VALUE);
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        return false; // something after the object
      }
    }
    if (!hasStart && receivedMillis > 0) {
      r.startMillis = receivedMillis; // goflow2 sends 0 when the exporter gave no start (sFlow, some v9 templates)
      hasStart = true;
    }
    if (!hasEnd) {
      r.endMillis = r.startMillis;
    }
    if (!(hasStart && r.exporter >= 0 && address(src, dst, r))) {
      return false;
    }
    SamplingPolicy.scale(r, samplingRate); // goflow2 passes on the exporter's rate; 0 or 1: unsampled
    return true;
  }

  private static boolean address(String src, String dst, FlowRecord r) {
    if (src == null || dst == null) {
      return false;
    }
    long s4 = Addresses.parseV4(src);
    long d4 = Addresses.parseV4(dst);
    if (s4 >= 0 && d4 >= 0) {
      r.srcLo = s4;
      r.dstLo = d4;
      return true;
    }
    byte[] s6 = Text.ipv6(src);
    byte[] d6 = Text.ipv6(dst);
    if (s6 == null || d6 == null) {
      return false;
    }
    r.ipv6 = true;
    r.srcHi = Text.high(s6);
    r.srcLo = Text.low(s6);
    r.dstHi = Text.high(d6);
    r.dstLo = Text.low(d6);
    return true;
  }

  private static long bounded(JsonParser p, JsonToken v, long max) throws IOException {
    if (v != JsonToken.VALUE_NUMBER_INT) {
      throw new IllegalArgumentException("not an integer");
    }
    long x = p.getLongValue();
    if (x < 0 || x > max) {
      throw new IllegalArgumentException("out of range");
    }
    return x;
  }

  /**
   * goflow2's {@code *_ns} times: nanoseconds since the epoch, or an RFC 3339 string when its formatter renders them
   * {@code datetimenano} (goflow2 docs/mapping.md).
   */
  private static long nanosAsMillis(JsonParser p, JsonToken v) throws IOException {
    return v == JsonToken.VALUE_STRING ? time(p, v) : bounded(p, v, Long.MAX_VALUE) / 1_000_000;
  }

  private static long time(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    if (v != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException("not a time");
    }
    String s = p.getText();
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (DateTimeParseException e) {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    }
  }

  /** The exporter key of an IPv4 or IPv6 literal (as the collector keys exporters), -1 when it is neither. */
  private static long exporter(String address) {
    long v4 = Addresses.parseV4(address);
    if (v4 >= 0) {
      return v4;
    }
    byte[] v6 = Text.ipv6(address);
    return v6 == null ? -1 : Collector.exporterKey(v6);
  }

  /** IANA protocol keywords (https://www.iana.org/assignments/protocol-numbers), as goflow2 writes them. */
  private static int protocol(String name) {
    if (name.isEmpty() || !Character.isLetter(name.charAt(0))) {
      throw new IllegalArgumentException("not a protocol name");
    }
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "hopopt" -> 0;
      case "icmp" -> FlowRecord.ICMP;
      case "igmp" -> 2;
      case "ipv4", "ipip" -> 4;
      case "tcp" -> FlowRecord.TCP;
      case "udp" -> FlowRecord.UDP;
      case "ipv6" -> 41;
      case "rsvp" -> 46;
      case "gre" -> 47;
      case "esp" -> 50;
      case "ah" -> 51;
      case "icmpv6", "ipv6-icmp" -> 58;
      case "eigrp" -> 88;
      case "ospf", "ospfigp" -> 89;
      case "pim" -> 103;
      case "vrrp" -> 112;
      case "l2tp" -> 115;
      case "sctp" -> 132;
      case "udplite" -> 136;
      default -> 255; // another keyword, or goflow2's "unknown": no detector keys on it
    };
  }

  private static int flags(String letters) {
    int f = 0;
    for (int i = 0; i < letters.length(); i++) {
      int bit = "FSRPAUEC".indexOf(Character.toUpperCase(letters.charAt(i)));
      if (bit < 0) {
        throw new IllegalArgumentException("unknown TCP flag");
      }
      f |= 1 << bit;
    }
    return f;
  }
}
