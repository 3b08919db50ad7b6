package org.accord.sensor.decode;

import java.nio.ByteBuffer;
import org.accord.sensor.flow.FlowRecord;

/**
 * Reads one data record of a {@link Template} into a {@link FlowRecord}, shared by the NetFlow v9 and IPFIX decoders.
 *
 * <p>Time fields come in several forms (uptime-relative, seconds, milliseconds); the reader keeps what it saw in its
 * own scratch fields and the decoder, which knows the message's clocks, turns them into the record's start and end.
 * Unsigned integers may be sent in fewer bytes than their type (RFC 7011 §6.2, reduced-size encoding), so every
 * integer is read with its template length. No allocation.
 */
final class RecordReader {
  static final int TRUNCATED = -1;

  long startUptime;
  long endUptime;
  long startMillis;
  long endMillis;
  long systemInit;
  boolean hasStartUptime;
  boolean hasEndUptime;
  boolean hasStartMillis;
  boolean hasEndMillis;
  boolean hasSystemInit;

  /**
   * Reads the record at {@code o}, not beyond {@code end}. Returns the offset after it, or {@link #TRUNCATED} when the
   * record does not fit.
   *
   * @param variableLengths whether a length of 65535 means variable length (IPFIX) or a fixed length (NetFlow v9)
   */
  int read(ByteBuffer b, int o, int end, Template t, FlowRecord r, boolean variableLengths) {
    hasStartUptime = hasEndUptime = hasStartMillis = hasEndMillis = hasSystemInit = false;
    if (t.fixed || !variableLengths) {
      // Fast path: every record has the same layout, so one length check and precomputed offsets suffice.
      if (t.minLength > end - o) {
        return TRUNCATED;
      }
      int[] offsets = t.activeOffsets;
      int[] activeLengths = t.activeLengths;
      int[] activeKinds = t.activeKinds;
      for (int i = 0; i < offsets.length; i++) {
        field(b, o + offsets[i], activeLengths[i], activeKinds[i], r);
      }
      return o + t.minLength;
    }
    int[] lengths = t.lengths;
    int[] kinds = t.kinds;
    for (int i = 0; i < lengths.length; i++) {
      int len = lengths[i];
      if (len == Template.VARIABLE && variableLengths) {
        // RFC 7011 §7: one length byte, or 255 followed by a two-byte length.
        if (o >= end) {
          return TRUNCATED;
        }
        len = b.get(o++) & 0xff;
        if (len == 255) {
          if (o + 2 > end) {
            return TRUNCATED;
          }
          len = b.getShort(o) & 0xffff;
          o += 2;
        }
      }
      if (len > end - o) {
        return TRUNCATED;
      }
      if (kinds[i] != Template.SKIP) {
        field(b, o, len, kinds[i], r);
      }
      o += len;
    }
    return o;
  }

  private void field(ByteBuffer b, int o, int len, int kind, FlowRecord r) {
    switch (kind) {
      case Template.OCTETS -> r.bytes = unsigned(b, o, len);
      case Template.PACKETS -> r.packets = unsigned(b, o, len);
      case Template.PROTOCOL -> r.protocol = (int) unsigned(b, o, len) & 0xff;
      case Template.TCP_FLAGS -> r.tcpFlags = (int) unsigned(b, o, len) & 0xfff;
      case Template.SRC_PORT -> r.srcPort = (int) unsigned(b, o, len) & 0xffff;
      case Template.DST_PORT -> r.dstPort = (int) unsigned(b, o, len) & 0xffff;
      case Template.SRC_V4 -> r.srcLo = b.getInt(o) & 0xffffffffL;
      case Template.DST_V4 -> r.dstLo = b.getInt(o) & 0xffffffffL;
      case Template.SRC_V6 -> {
        r.ipv6 = true;
        r.srcHi = b.getLong(o);
        r.srcLo = b.getLong(o + 8);
      }
      case Template.DST_V6 -> {
        r.ipv6 = true;
        r.dstHi = b.getLong(o);
        r.dstLo = b.getLong(o + 8);
      }
      case Template.START_UPTIME -> {
        startUptime = unsigned(b, o, len);
        hasStartUptime = true;
      }
      case Template.END_UPTIME -> {
        endUptime = unsigned(b, o, len);
        hasEndUptime = true;
      }
      case Template.START_SECONDS -> {
        startMillis = unsigned(b, o, len) * 1000;
        hasStartMillis = true;
      }
      case Template.END_SECONDS -> {
        endMillis = unsigned(b, o, len) * 1000;
        hasEndMillis = true;
      }
      case Template.START_MILLIS -> {
        startMillis = unsigned(b, o, len);
        hasStartMillis = true;
      }
      case Template.END_MILLIS -> {
        endMillis = unsigned(b, o, len);
        hasEndMillis = true;
      }
      case Template.SYSTEM_INIT -> {
        systemInit = unsigned(b, o, len);
        hasSystemInit = true;
      }
      default -> {}
    }
  }

  /** A big-endian unsigned integer of 1 to 8 bytes; longer fields give their last 8 bytes, empty ones 0. */
  static long unsigned(ByteBuffer b, int o, int len) {
    switch (len) {
      case 1:
        return b.get(o) & 0xffL;
      case 2:
        return b.getShort(o) & 0xffffL;
      case 4:
        return b.getInt(o) & 0xffffffffL;
      case 8:
        return b.getLong(o);
      default:
        long v = 0;
        for (int i = Math.max(0, len - 8); i < len; i++) {
          v = (v << 8) | (b.get(o + i) & 0xff);
        }
        return v;
    }
  }
}
