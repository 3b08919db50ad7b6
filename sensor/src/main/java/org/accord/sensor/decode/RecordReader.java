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
 *
 * <p>Addresses are read into scratch fields too and placed in the record once it is whole ({@link #finish}): a
 * template may carry both IPv4 and IPv6 address fields (Cisco v9, Huawei, Procera: one template for both families,
 * the unused one sent as zeros, or an outer and an inner header), so the family is chosen per record — by ipVersion
 * (IE 60) when sent, else the family whose addresses are not zero — and the two are never merged. Counters fall back
 * in order: the delta counts (IE 1/2), then the initiator's (IE 231/298, Cisco ASA NSEL, whose flows carry no delta
 * counts: the initiator's direction is the record's source to destination), then the totals (IE 85/86).
 *
 * <p>A record with no address of its own may carry the sampled packet's first bytes (IE 315, 104, 313: packet-sampling
 * exports from Cisco and Juniper routers): its addresses, ports, protocol and TCP flags are then read from them
 * ({@link PacketSection}), and its counters, when it has none, are that one packet (its IP length, 1 packet). Fields
 * the record states itself always win over the section. A wireless controller's record (Cisco WLC) names only its
 * client station (staIPv4Address, IE 366): the station is the source of an ingress record and the destination of an
 * egress one (flowDirection, IE 61; ingress when absent), and the other end stays unknown (zero), which keeps the
 * record out of the detectors (they key on both ends) but lets the station be matched against indicators.
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
  /** The sampler or selector a record names (IE 48/302), when {@link #hasSamplerId}. */
  long samplerId;
  boolean hasSamplerId;
  private long samplingInterval;
  private long packetInterval;
  private long packetSpace;
  private long samplingSize;
  private long samplingPopulation;
  private double samplingProbability;
  private boolean seenV4;
  private boolean seenV6;
  private int ipVersion;
  private long src4;
  private long dst4;
  private long srcHi;
  private long srcLo;
  private long dstHi;
  private long dstLo;
  private boolean hasOctets;
  private boolean hasPackets;
  private long octetsFallback;
  private long packetsFallback;
  /** Which fallback filled {@link #octetsFallback}: 0 none, 1 totals, 2 initiator (preferred). */
  private int octetsFrom;
  private int packetsFrom;
  /** Where the sampled packet's section lies in the buffer (IE 315/104 from Ethernet, 313 from IP); -1: none. */
  private int sectionAt = -1;
  private int sectionEnd;
  private boolean sectionIsIp;
  private ByteBuffer sectionBuffer;
  private final PacketSection section = new PacketSection();
  private long station4;
  private int direction;

  /** NTP era 0 (1900) to the Unix epoch, in seconds (RFC 7011 §6.1.9, RFC 5905 §6). */
  static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;

  /**
   * Reads the record at {@code o}, not beyond {@code end}. Returns the offset after it, or {@link #TRUNCATED} when the
   * record does not fit.
   *
   * @param variableLengths whether a length of 65535 means variable length (IPFIX) or a fixed length (NetFlow v9)
   */
  int read(ByteBuffer b, int o, int end, Template t, FlowRecord r, boolean variableLengths) {
    hasStartUptime = hasEndUptime = hasStartMillis = hasEndMillis = hasSystemInit = hasSamplerId = false;
    samplingInterval = packetInterval = packetSpace = samplingSize = samplingPopulation = 0;
    samplingProbability = 0;
    seenV4 = seenV6 = hasOctets = hasPackets = false;
    ipVersion = octetsFrom = packetsFrom = 0;
    src4 = dst4 = srcHi = srcLo = dstHi = dstLo = 0;
    sectionAt = -1;
    sectionBuffer = b;
    station4 = 0;
    direction = 0;
    int next = fields(b, o, end, t, r, variableLengths);
    if (next != TRUNCATED) {
      finish(r);
    }
    sectionBuffer = null;
    return next;
  }

  private int fields(ByteBuffer b, int o, int end, Template t, FlowRecord r, boolean variableLengths) {
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

  /** Places the addresses of one family and the counters of the best source in the record. */
  private void finish(FlowRecord r) {
    boolean six;
    if (seenV4 && seenV6) {
      boolean any4 = (src4 | dst4) != 0;
      boolean any6 = (srcHi | srcLo | dstHi | dstLo) != 0;
      if (ipVersion == 4 || ipVersion == 6) {
        six = ipVersion == 6;
      } else if (any4 != any6) {
        six = any6;
      } else {
        // Both families or neither, and no ipVersion: the one with both ends, IPv4 when that does not decide.
        six = (srcHi | srcLo) != 0 && (dstHi | dstLo) != 0 && !(src4 != 0 && dst4 != 0);
      }
    } else {
      six = seenV6;
    }
    if (six) {
      r.ipv6 = true;
      r.srcHi = srcHi;
      r.srcLo = srcLo;
      r.dstHi = dstHi;
      r.dstLo = dstLo;
    } else if (seenV4) {
      r.srcLo = src4;
      r.dstLo = dst4;
    }
    if (!hasOctets && octetsFrom != 0) {
      r.bytes = octetsFallback;
    }
    if (!hasPackets && packetsFrom != 0) {
      r.packets = packetsFallback;
    }
    if (sectionAt >= 0 && (r.srcHi | r.srcLo | r.dstHi | r.dstLo) == 0) {
      sampledPacket(r);
    }
    if (station4 != 0 && (r.srcHi | r.srcLo | r.dstHi | r.dstLo) == 0) {
      r.ipv6 = false;
      if (direction == 1) {
        r.dstLo = station4; // egress: toward the station
      } else {
        r.srcLo = station4;
      }
    }
  }

  /** Fills a record without addresses from its sampled packet's section, when the section names an IP packet. */
  private void sampledPacket(FlowRecord r) {
    PacketSection p = section;
    boolean ok = sectionIsIp ? p.ip(sectionBuffer, sectionAt, sectionEnd)
        : p.frame(sectionBuffer, sectionAt, sectionEnd);
    if (!ok) {
      return;
    }
    r.ipv6 = p.ipv6;
    r.srcHi = p.srcHi;
    r.srcLo = p.srcLo;
    r.dstHi = p.dstHi;
    r.dstLo = p.dstLo;
    if (r.protocol == 0) {
      r.protocol = p.protocol;
    }
    if (r.srcPort == 0 && r.dstPort == 0) {
      r.srcPort = p.srcPort;
      r.dstPort = p.dstPort;
    }
    if (r.tcpFlags == 0) {
      r.tcpFlags = p.tcpFlags;
    }
    // RFC 7133 §4: a record per sampled packet; without counters of its own it stands for that packet.
    if (!hasOctets && octetsFrom == 0) {
      r.bytes = p.l3Length;
    }
    if (!hasPackets && packetsFrom == 0) {
      r.packets = 1;
    }
  }

  /**
   * The sampling rate the record itself states (1 in N), or 0 when it states none. Systematic count-based sampling
   * selects {@code interval} packets then skips {@code space} (RFC 5476 §6.5.2.1): N = (interval + space) / interval;
   * random n-out-of-N gives N / n (§6.5.2.3); a probability p gives 1 / p (§6.5.2.4); samplingInterval and
   * samplerRandomInterval (IE 34, 50; NetFlow v9's SAMPLING_INTERVAL, FLOW_SAMPLER_RANDOM_INTERVAL) are N itself.
   */
  long samplingRate() {
    if (packetInterval > 0) {
      return Math.max(1, Math.round((double) (packetInterval + packetSpace) / packetInterval));
    }
    if (samplingInterval > 0) {
      return samplingInterval;
    }
    if (samplingSize > 0 && samplingPopulation > 0) {
      return Math.max(1, Math.round((double) samplingPopulation / samplingSize));
    }
    if (samplingProbability > 0 && samplingProbability <= 1) {
      return Math.max(1, Math.round(1 / samplingProbability));
    }
    return 0;
  }

  /** Milliseconds since the epoch of an NTP-format timestamp (seconds since 1900, then a 32-bit fraction). */
  static long ntpMillis(long ntp) {
    long seconds = (ntp >>> 32) - NTP_TO_UNIX_SECONDS;
    return seconds * 1000 + (((ntp & 0xffffffffL) * 1000) >>> 32);
  }

  private void field(ByteBuffer b, int o, int len, int kind, FlowRecord r) {
    switch (kind) {
      case Template.OCTETS -> {
        r.bytes = unsigned(b, o, len);
        hasOctets = true;
      }
      case Template.PACKETS -> {
        r.packets = unsigned(b, o, len);
        hasPackets = true;
      }
      case Template.INITIATOR_OCTETS -> {
        octetsFallback = unsigned(b, o, len);
        octetsFrom = 2;
      }
      case Template.INITIATOR_PACKETS -> {
        packetsFallback = unsigned(b, o, len);
        packetsFrom = 2;
      }
      case Template.OCTETS_TOTAL -> {
        if (octetsFrom < 2) {
          octetsFallback = unsigned(b, o, len);
          octetsFrom = 1;
        }
      }
      case Template.PACKETS_TOTAL -> {
        if (packetsFrom < 2) {
          packetsFallback = unsigned(b, o, len);
          packetsFrom = 1;
        }
      }
      case Template.IP_VERSION -> ipVersion = (int) unsigned(b, o, len);
      case Template.START_NTP -> {
        startMillis = ntpMillis(b.getLong(o));
        hasStartMillis = true;
      }
      case Template.END_NTP -> {
        endMillis = ntpMillis(b.getLong(o));
        hasEndMillis = true;
      }
      case Template.PROTOCOL -> r.protocol = (int) unsigned(b, o, len) & 0xff;
      case Template.TCP_FLAGS -> r.tcpFlags = (int) unsigned(b, o, len) & 0xfff;
      case Template.SRC_PORT -> r.srcPort = (int) unsigned(b, o, len) & 0xffff;
      case Template.DST_PORT -> r.dstPort = (int) unsigned(b, o, len) & 0xffff;
      case Template.SRC_V4 -> {
        src4 = b.getInt(o) & 0xffffffffL;
        seenV4 = true;
      }
      case Template.DST_V4 -> {
        dst4 = b.getInt(o) & 0xffffffffL;
        seenV4 = true;
      }
      case Template.SRC_V6 -> {
        srcHi = b.getLong(o);
        srcLo = b.getLong(o + 8);
        seenV6 = true;
      }
      case Template.DST_V6 -> {
        dstHi = b.getLong(o);
        dstLo = b.getLong(o + 8);
        seenV6 = true;
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
      case Template.SAMPLING_INTERVAL -> samplingInterval = unsigned(b, o, len);
      case Template.SAMPLER_ID -> {
        samplerId = unsigned(b, o, len);
        hasSamplerId = true;
      }
      case Template.PACKET_INTERVAL -> packetInterval = unsigned(b, o, len);
      case Template.PACKET_SPACE -> packetSpace = unsigned(b, o, len);
      case Template.SAMPLING_SIZE -> samplingSize = unsigned(b, o, len);
      case Template.SAMPLING_POPULATION -> samplingPopulation = unsigned(b, o, len);
      case Template.SAMPLING_PROBABILITY -> samplingProbability = b.getDouble(o);
      case Template.FRAME_SECTION, Template.IP_SECTION -> {
        if (sectionAt < 0 || kind == Template.FRAME_SECTION) { // a frame (from Ethernet) says more than an IP header
          sectionAt = o;
          sectionEnd = o + len;
          sectionIsIp = kind == Template.IP_SECTION;
        }
      }
      case Template.STATION_V4 -> station4 = b.getInt(o) & 0xffffffffL;
      case Template.DIRECTION -> direction = (int) unsigned(b, o, len);
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
