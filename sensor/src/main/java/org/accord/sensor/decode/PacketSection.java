package org.accord.sensor.decode;

import java.nio.ByteBuffer;

/**
 * The first bytes of a sampled packet, as packet-sampling exporters send them instead of (or beside) flow keys:
 * dataLinkFrameSection (IE 315, RFC 7133 §4.1) and layer2packetSectionData (IE 104) carry the frame from its Ethernet
 * header, ipHeaderPacketSection (IE 313) from its IP header. {@link RecordReader} takes a record's addresses, ports,
 * protocol and TCP flags from here when the record has no address fields of its own (Cisco and Juniper sampled
 * exports, akvorado's datalink fixtures), so such records are flows with real ends rather than 0.0.0.0 to 0.0.0.0.
 *
 * <pre>
 * Ethernet: dst(6) src(6) type(2); 802.1Q/802.1ad/0x9100 tags: TCI(2) type(2), any number
 * MPLS 0x8847/0x8848: label(20) tc(3) bottom(1) ttl(8) per entry, to the bottom of the stack; then the payload is
 *   IPv4 for label 0, IPv6 for label 2, else told by its first nibble: 4 IPv4, 6 IPv6, 0 a pseudowire control word
 *   (RFC 4385 §3) followed by an Ethernet frame (EVPN, EoMPLS: RFC 4448)
 * IPv4 (RFC 791): ihl, total length(2) at 2, fragment offset at 6, protocol at 9, src at 12, dst at 16
 * IPv6 (RFC 8200): payload length(2) at 4, next header at 6, src at 8, dst at 24; extension headers 0, 43 (routing,
 *   the SRv6 segment routing header of RFC 8754 among them), 60 and 44 (fragment) are walked
 * TCP, UDP, SCTP: src port(2) dst port(2); TCP flags in the low 9 bits of bytes 12..13
 * </pre>
 *
 * <p>Design note. Tunnels are decapsulated: an IP packet whose protocol is IPv4 (4) or IPv6 (41), as SRv6 and
 * IP-in-IP carry them, is reported by its inner packet — the outer addresses are tunnel ends (segment identifiers of
 * provider routers), the inner ones are who attacks whom, which is what the detectors key on. When the section was cut
 * before the inner header (exporters send the first 64 to 128 bytes), the outer packet is reported. The byte count of
 * a sampled packet without counters of its own is the reported IP packet's length, as akvorado counts it. The parser
 * never reads past the section; anything it cannot follow (another EtherType, a broken length, a tunnel more than
 * {@link #MAX_DEPTH} deep) leaves the record without an address, counted as such by the decoder. No allocation.
 */
final class PacketSection {
  /** Encapsulations followed at most (MPLS pseudowire to Ethernet, IP in IP): a bound against crafted nesting. */
  static final int MAX_DEPTH = 4;
  /** MPLS labels followed at most before the bottom of the stack. */
  static final int MAX_LABELS = 16;

  boolean ipv6;
  long srcHi;
  long srcLo;
  long dstHi;
  long dstLo;
  int srcPort;
  int dstPort;
  int protocol;
  int tcpFlags;
  /** The reported IP packet's length (IPv4 total length, IPv6 payload length plus its header). */
  long l3Length;

  /** Reads an Ethernet frame section (IE 315, 104); false when it names no IP packet. */
  boolean frame(ByteBuffer b, int o, int end) {
    return ethernet(b, o, end, 0);
  }

  /** Reads an IP header section (IE 313); false when it is not a whole IPv4 or IPv6 header. */
  boolean ip(ByteBuffer b, int o, int end) {
    return ip(b, o, end, 0);
  }

  private boolean ethernet(ByteBuffer b, int o, int end, int depth) {
    if (end - o < 14 || depth > MAX_DEPTH) {
      return false;
    }
    int type = b.getShort(o + 12) & 0xffff;
    o += 14;
    while (type == 0x8100 || type == 0x88a8 || type == 0x9100) {
      if (end - o < 4) {
        return false;
      }
      type = b.getShort(o + 2) & 0xffff;
      o += 4;
    }
    if (type == 0x8847 || type == 0x8848) {
      return mpls(b, o, end, depth);
    }
    return (type == 0x0800 || type == 0x86dd) && ip(b, o, end, depth + 1);
  }

  private boolean mpls(ByteBuffer b, int o, int end, int depth) {
    int label = -1;
    for (int i = 0; i < MAX_LABELS; i++) {
      if (end - o < 4) {
        return false;
      }
      int entry = b.getInt(o);
      o += 4;
      if ((entry & 0x100) != 0) { // bottom of stack
        label = entry >>> 12;
        break;
      }
    }
    if (label < 0 || end - o < 1) {
      return false;
    }
    if (label == 0 || label == 2) { // IPv4 and IPv6 explicit null (RFC 3032 §2.1)
      return ip(b, o, end, depth + 1);
    }
    return switch ((b.get(o) & 0xff) >>> 4) {
      case 4, 6 -> ip(b, o, end, depth + 1);
      case 0 -> ethernet(b, o + 4, end, depth + 1); // the control word, then the carried frame
      default -> false;
    };
  }

  private boolean ip(ByteBuffer b, int o, int end, int depth) {
    if (end - o < 1 || depth > MAX_DEPTH) {
      return false;
    }
    return switch ((b.get(o) & 0xff) >>> 4) {
      case 4 -> ipv4(b, o, end, depth);
      case 6 -> ipv6(b, o, end, depth);
      default -> false;
    };
  }

  private boolean ipv4(ByteBuffer b, int o, int end, int depth) {
    int ihl = (b.get(o) & 0x0f) * 4;
    if (end - o < 20 || ihl < 20) {
      return false;
    }
    int proto = b.get(o + 9) & 0xff;
    boolean first = (b.getShort(o + 6) & 0x1fff) == 0; // only the first fragment holds the transport header
    if (first && (proto == 4 || proto == 41) && end - o - ihl >= 20 && ip(b, o + ihl, end, depth + 1)) {
      return true;
    }
    ipv6 = false;
    srcHi = dstHi = 0;
    srcLo = b.getInt(o + 12) & 0xffffffffL;
    dstLo = b.getInt(o + 16) & 0xffffffffL;
    l3Length = b.getShort(o + 2) & 0xffff;
    transport(b, first ? o + ihl : end, end, proto);
    return true;
  }

  private boolean ipv6(ByteBuffer b, int o, int end, int depth) {
    if (end - o < 40) {
      return false;
    }
    int next = b.get(o + 6) & 0xff;
    int h = o + 40;
    boolean first = true;
    // RFC 8200 §4: hop-by-hop 0, routing 43 (SRv6's segment routing header is type 4 of it), destination options 60
    // have their length in 8-byte units after the first 8; a fragment header 44 is 8 bytes.
    while ((next == 0 || next == 43 || next == 60 || next == 44) && end - h >= 8) {
      int len = next == 44 ? 8 : ((b.get(h + 1) & 0xff) + 1) * 8;
      if (next == 44) {
        first = (b.getShort(h + 2) & 0xfff8) == 0;
      }
      next = b.get(h) & 0xff;
      h += len;
    }
    if (first && (next == 4 || next == 41) && end - h >= 20 && ip(b, h, end, depth + 1)) {
      return true;
    }
    ipv6 = true;
    srcHi = b.getLong(o + 8);
    srcLo = b.getLong(o + 16);
    dstHi = b.getLong(o + 24);
    dstLo = b.getLong(o + 32);
    l3Length = (b.getShort(o + 4) & 0xffff) + 40L;
    transport(b, first && h <= end ? h : end, end, next);
    return true;
  }

  private void transport(ByteBuffer b, int o, int end, int proto) {
    protocol = proto;
    srcPort = dstPort = tcpFlags = 0;
    if ((proto == 6 || proto == 17 || proto == 132) && end - o >= 4) {
      srcPort = b.getShort(o) & 0xffff;
      dstPort = b.getShort(o + 2) & 0xffff;
    }
    if (proto == 6 && end - o >= 14) {
      tcpFlags = b.getShort(o + 12) & 0x1ff;
    }
  }
}
