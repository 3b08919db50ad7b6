package org.accord.sensor.decode;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads packet captures — libpcap and pcapng files — and hands every UDP datagram they hold (IPv4 or IPv6, any port)
 * to a {@link UdpHandler} with its source address and port and its capture time. {@link FlowFiles} feeds these to the
 * NetFlow and IPFIX decoders, so a capture of exporter traffic (tcpdump, Wireshark, a router's packet capture) replays
 * like a collector that heard it.
 *
 * <pre>
 * libpcap (https://www.tcpdump.org/manpages/pcap-savefile.5.html, draft-ietf-opsawg-pcap):
 *   file header: 0 magic(4) 4 major(2) 6 minor(2) 8 thiszone(4) 12 sigfigs(4) 16 snaplen(4) 20 linktype(4)
 *     magic a1b2c3d4 (microseconds) or a1b23c4d (nanoseconds), written in the byte order of the writer
 *   record:      0 ts_sec(4) 4 ts_usec or ts_nsec(4) 8 incl_len(4) 12 orig_len(4) then incl_len bytes
 * pcapng (draft-ietf-opsawg-pcapng): blocks of 0 type(4) 4 total_length(4) body total_length(4), padded to 4
 *   SHB  0a0d0d0a: byte-order magic 1a2b3c4d (sets the byte order of its section), version, section length, options
 *   IDB  1: linktype(2) reserved(2) snaplen(4) options (if_tsresol 9: 10^-n, or 2^-n when the top bit is set;
 *        if_tsoffset 14: seconds added)
 *   EPB  6: interface(4) ts_high(4) ts_low(4) caplen(4) origlen(4) data
 *   SPB  3: origlen(4) data (interface 0, no time: the last time seen is used)
 *   PB   2 (obsolete): interface(2) drops(2) ts_high(4) ts_low(4) caplen(4) origlen(4) data
 * </pre>
 *
 * <p>Link types (https://www.tcpdump.org/linktypes.html): 0 BSD loopback and 108 OpenBSD loopback (a 4-byte family),
 * 1 Ethernet (with any number of 802.1Q/802.1ad tags), 101/12/14 raw IP and 228/229 raw IPv4/IPv6, 113 Linux cooked
 * (SLL) and 276 SLL2. The IP version is read from the packet itself, which is what a loopback family means anyway.
 *
 * <p>Design note. The reader streams (captures of hours of export traffic are large) and never throws for what a
 * packet contains: everything it cannot use is counted in {@link Counts} — packets that are not IP or not UDP, link
 * types it does not know, datagrams cut by the capture's snap length. IP fragments (an exporter sending datagrams
 * larger than the path MTU) are reassembled when all pieces arrive without overlap (RFC 791 §3.2, RFC 8200 §4.5),
 * within {@link #FRAGMENT_TIMEOUT_MILLIS} of capture time and at most {@link #MAX_PENDING} datagrams at once;
 * fragments of a datagram that never completes (lost, expired, overlapping, evicted, or still open at the end of the
 * file) are counted as not reassembled — reported, never silent. A file whose framing breaks —
 * a record or block whose length cannot be right, a file that ends inside one — stops the reading with a {@link
 * Result#error()} that names the offset; the datagrams before it have been handed over already, so their flows are
 * kept.
 */
public final class PacketCapture {
  /** A record or block longer than this cannot be right (pcapng's readers use 16 MiB as well). */
  static final int MAX_RECORD = 16 << 20;
  /** How long a datagram's fragments wait for the rest, in capture time (Linux's ipfrag_time is 30 s). */
  static final long FRAGMENT_TIMEOUT_MILLIS = 30_000;
  /** Datagrams being reassembled at most (each holds up to 64 KiB): a bound against a capture of fragment floods. */
  static final int MAX_PENDING = 256;

  static final int PCAP_MICROS = 0xa1b2c3d4;
  static final int PCAP_NANOS = 0xa1b23c4d;
  static final int PCAPNG_SHB = 0x0a0d0d0a;
  private static final int PCAPNG_BYTE_ORDER = 0x1a2b3c4d;

  private final UdpHandler handler;
  private final FlowFiles.Progress progress;
  private long packets;
  private long udp;
  private long notIp;
  private long notUdp;
  private long fragments;
  private long reassembled;
  private long fragmentsLost;
  private final LinkedHashMap<FragmentKey, Pieces> pending = new LinkedHashMap<>();
  private long snapped;
  private long unsupportedLink;
  private long lastMillis;

  /** Receives each UDP datagram of the capture. */
  @FunctionalInterface
  public interface UdpHandler {
    /**
     * @param payload the UDP payload between position and limit (the buffer is reused: read it now)
     * @param source the source address, 4 or 16 bytes (reused)
     * @param sourcePort the UDP source port
     * @param captureMillis when the packet was captured, ms since the epoch
     */
    void datagram(ByteBuffer payload, byte[] source, int sourcePort, long captureMillis);
  }

  /**
   * What a capture held.
   *
   * @param packets packets (records) read
   * @param udp UDP datagrams handed over
   * @param notIp packets that were not IPv4 or IPv6 (ARP, LLDP, ...)
   * @param notUdp IP packets that were not UDP (TCP, ICMP, ...)
   * @param fragments packets that were IP fragments of UDP datagrams
   * @param reassembled UDP datagrams rebuilt from fragments (and counted in {@code udp})
   * @param fragmentsLost fragments whose datagram was never completed (fragmented, not reassembled)
   * @param snapped UDP datagrams cut by the capture's snap length (skipped)
   * @param unsupportedLink packets of a link type this reader does not know
   */
  public record Counts(long packets, long udp, long notIp, long notUdp, long fragments, long reassembled,
      long fragmentsLost, long snapped, long unsupportedLink) {}

  /**
   * What reading a capture gave.
   *
   * @param pcapng whether it was a pcapng file (else libpcap)
   * @param bytes bytes read
   * @param counts the packets
   * @param error why reading stopped early, naming the offset; null when the whole file was read
   */
  public record Result(boolean pcapng, long bytes, Counts counts, String error) {}

  private PacketCapture(UdpHandler handler, FlowFiles.Progress progress) {
    this.handler = handler;
    this.progress = progress;
  }

  /** Whether the first four bytes (as read big-endian) start a libpcap or pcapng file. */
  static boolean isCapture(int magic) {
    return magic == PCAPNG_SHB || magic == PCAP_MICROS || magic == Integer.reverseBytes(PCAP_MICROS)
        || magic == PCAP_NANOS || magic == Integer.reverseBytes(PCAP_NANOS);
  }

  /** Reads a libpcap or pcapng file; throws only when the file cannot be read at all (or is neither). */
  public static Result read(Path file, UdpHandler handler, FlowFiles.Progress progress) throws IOException {
    long total = Files.size(file);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 256 * 1024)) {
      PacketCapture pc = new PacketCapture(handler, progress);
      Source s = new Source(in, total, progress);
      byte[] head = new byte[4];
      if (s.read(head, 4) < 4) {
        throw new IOException("not a pcap or pcapng file (shorter than its magic number): " + file);
      }
      int magic = ByteBuffer.wrap(head).getInt();
      String error;
      boolean ng = magic == PCAPNG_SHB;
      if (ng) {
        error = pc.pcapng(s, head);
      } else if (isCapture(magic)) {
        error = pc.pcap(s, magic);
      } else {
        throw new IOException("not a pcap or pcapng file: " + file);
      }
      pc.pending.values().forEach(p -> pc.fragmentsLost += p.count); // incomplete at the end of the capture
      pc.pending.clear();
      progress.update(s.offset, total);
      return new Result(ng, s.offset, pc.counts(), error);
    }
  }

  Counts counts() {
    return new Counts(packets, udp, notIp, notUdp, fragments, reassembled, fragmentsLost, snapped, unsupportedLink);
  }

  // ---- libpcap

  private String pcap(Source s, int magic) throws IOException {
    boolean swapped = magic == Integer.reverseBytes(PCAP_MICROS) || magic == Integer.reverseBytes(PCAP_NANOS);
    ByteOrder order = swapped ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    boolean nanos = magic == PCAP_NANOS || magic == Integer.reverseBytes(PCAP_NANOS);
    byte[] hdr = new byte[20];
    if (s.read(hdr, 20) < 20) {
      return "truncated pcap file header at offset 4";
    }
    // The link type is the low 16 bits; the high bits may carry the FCS length (pcap-savefile(5)).
    int linkType = ByteBuffer.wrap(hdr).order(order).getInt(16) & 0xffff;
    byte[] rec = new byte[16];
    ByteBuffer rb = ByteBuffer.wrap(rec).order(order);
    byte[] data = new byte[2048];
    while (true) {
      long at = s.offset;
      int n = s.read(rec, 16);
      if (n == 0) {
        return null;
      }
      if (n < 16) {
        return "truncated pcap record header at offset " + at + " (" + n + " of 16 bytes)";
      }
      long sec = rb.getInt(0) & 0xffffffffL;
      long frac = rb.getInt(4) & 0xffffffffL;
      int incl = rb.getInt(8);
      int orig = rb.getInt(12);
      if (incl < 0 || incl > MAX_RECORD || frac >= (nanos ? 1_000_000_000L : 1_000_000L)) {
        return "malformed pcap record at offset " + at + " (captured length " + Integer.toUnsignedString(incl)
            + ", fraction " + frac + ")";
      }
      if (data.length < incl) {
        data = Arrays.copyOf(data, Math.max(incl, data.length * 2));
      }
      int got = s.read(data, incl);
      if (got < incl) {
        return "truncated pcap record at offset " + at + " (" + got + " of " + incl + " bytes)";
      }
      long millis = sec * 1000 + (nanos ? frac / 1_000_000 : frac / 1000);
      packet(linkType, data, incl, orig, millis);
    }
  }

  // ---- pcapng

  /** An interface of the current pcapng section. */
  private record Interface(int linkType, boolean binary, int exponent, long offsetSeconds) {
    long millis(long ts) {
      long ms;
      if (binary) {
        // ts / 2^exponent seconds, without overflowing ts * 1000
        ms = exponent >= 63 ? 0 : (ts >>> exponent) * 1000 + (((ts & ((1L << exponent) - 1)) * 1000) >>> exponent);
      } else if (exponent >= 3) {
        ms = Long.divideUnsigned(ts, pow10(exponent - 3));
      } else {
        ms = ts * pow10(3 - exponent);
      }
      return ms + offsetSeconds * 1000;
    }

    private static long pow10(int n) {
      long p = 1;
      for (int i = 0; i < Math.min(n, 18); i++) {
        p *= 10;
      }
      return p;
    }
  }

  private String pcapng(Source s, byte[] first) throws IOException {
    ByteOrder order = ByteOrder.BIG_ENDIAN;
    Interface[] ifaces = new Interface[0];
    byte[] head = new byte[8];
    byte[] body = new byte[2048];
    System.arraycopy(first, 0, head, 0, 4);
    int have = 4;
    while (true) {
      long at = s.offset - have;
      int n = s.read(head, have, 8 - have) + have;
      have = 0;
      if (n == 0) {
        return null;
      }
      if (n < 8) {
        return "truncated pcapng block header at offset " + at + " (" + n + " of 8 bytes)";
      }
      ByteBuffer hb = ByteBuffer.wrap(head);
      int type = hb.getInt(0);
      if (type == PCAPNG_SHB) {
        // The section's byte order is in its body; the length before it is written in that order.
        byte[] bom = new byte[4];
        if (s.read(bom, 4) < 4) {
          return "truncated pcapng section header at offset " + at;
        }
        int b = ByteBuffer.wrap(bom).getInt();
        if (b == PCAPNG_BYTE_ORDER) {
          order = ByteOrder.BIG_ENDIAN;
        } else if (b == Integer.reverseBytes(PCAPNG_BYTE_ORDER)) {
          order = ByteOrder.LITTLE_ENDIAN;
        } else {
          return "malformed pcapng section header at offset " + at + " (byte-order magic " + Integer.toHexString(b)
              + ")";
        }
        int length = hb.order(order).getInt(4);
        if (length < 28 || length % 4 != 0 || length > MAX_RECORD) {
          return "malformed pcapng section header at offset " + at + " (length " + Integer.toUnsignedString(length)
              + ")";
        }
        int rest = length - 12;
        body = grow(body, rest);
        if (s.read(body, rest) < rest) {
          return "truncated pcapng section header at offset " + at;
        }
        ifaces = new Interface[0]; // interface ids are per section
        continue;
      }
      type = hb.order(order).getInt(0);
      int length = hb.getInt(4);
      if (length < 12 || length % 4 != 0 || length > MAX_RECORD) {
        return "malformed pcapng block at offset " + at + " (type " + Integer.toUnsignedString(type) + ", length "
            + Integer.toUnsignedString(length) + ")";
      }
      int rest = length - 8;
      body = grow(body, rest);
      int got = s.read(body, rest);
      if (got < rest) {
        return "truncated pcapng block at offset " + at + " (type " + Integer.toUnsignedString(type) + ", " + (got + 8)
            + " of " + length + " bytes)";
      }
      ByteBuffer bb = ByteBuffer.wrap(body, 0, rest).order(order);
      if (bb.getInt(rest - 4) != length) {
        return "malformed pcapng block at offset " + at + " (trailing length differs from leading length " + length
            + ")";
      }
      int bodyLen = rest - 4;
      switch (type) {
        case 1 -> {
          if (bodyLen < 8) {
            return "malformed pcapng interface description at offset " + at;
          }
          ifaces = Arrays.copyOf(ifaces, ifaces.length + 1);
          ifaces[ifaces.length - 1] = iface(bb, bodyLen);
        }
        case 6, 2 -> {
          boolean epb = type == 6;
          if (bodyLen < 20) {
            return "malformed pcapng packet block at offset " + at;
          }
          int id = epb ? bb.getInt(0) : bb.getShort(0) & 0xffff;
          if (id < 0 || id >= ifaces.length) {
            return "malformed pcapng packet block at offset " + at + " (interface " + id + " not described)";
          }
          long ts = ((bb.getInt(4) & 0xffffffffL) << 32) | (bb.getInt(8) & 0xffffffffL);
          int cap = bb.getInt(12);
          int orig = bb.getInt(16);
          if (cap < 0 || cap > bodyLen - 20) {
            return "malformed pcapng packet block at offset " + at + " (captured length "
                + Integer.toUnsignedString(cap) + " beyond the block)";
          }
          lastMillis = ifaces[id].millis(ts);
          packet(ifaces[id].linkType(), body, 20, cap, orig, lastMillis);
        }
        case 3 -> {
          if (bodyLen < 4 || ifaces.length == 0) {
            return "malformed pcapng simple packet block at offset " + at;
          }
          int orig = bb.getInt(0);
          int cap = orig < 0 ? bodyLen - 4 : Math.min(orig, bodyLen - 4);
          packet(ifaces[0].linkType(), body, 4, cap, orig, lastMillis);
        }
        default -> { } // name resolution, statistics, custom blocks...: nothing for us
      }
    }
  }

  private static Interface iface(ByteBuffer bb, int bodyLen) {
    int linkType = bb.getShort(0) & 0xffff;
    boolean binary = false;
    int exponent = 6; // default resolution: microseconds
    long offset = 0;
    int o = 8;
    while (bodyLen - o >= 4) {
      int code = bb.getShort(o) & 0xffff;
      int len = bb.getShort(o + 2) & 0xffff;
      if (code == 0 || len > bodyLen - o - 4) {
        break; // opt_endofopt, or a broken option: keep the defaults for the rest
      }
      if (code == 9 && len >= 1) {
        int v = bb.get(o + 4) & 0xff;
        binary = (v & 0x80) != 0;
        exponent = v & 0x7f;
      } else if (code == 14 && len >= 8) {
        offset = bb.getLong(o + 4);
      }
      o += 4 + ((len + 3) & ~3);
    }
    return new Interface(linkType, binary, exponent, offset);
  }

  private static byte[] grow(byte[] b, int n) {
    return b.length >= n ? b : new byte[Math.max(n, b.length * 2)];
  }

  // ---- link, network and transport layers

  private final byte[] v4 = new byte[4];
  private final byte[] v6 = new byte[16];

  private void packet(int linkType, byte[] data, int len, int orig, long millis) {
    packet(linkType, data, 0, len, orig, millis);
  }

  private void packet(int linkType, byte[] data, int off, int len, int orig, long millis) {
    packets++;
    ByteBuffer b = ByteBuffer.wrap(data, 0, off + len).order(ByteOrder.BIG_ENDIAN);
    int end = off + len;
    int ip;
    switch (linkType) {
      case 0, 108 -> ip = off + 4; // loopback: a 4-byte address family, in either byte order
      case 1 -> {
        int o = off + 12;
        int type = end - o >= 2 ? b.getShort(o) & 0xffff : -1;
        // 802.1Q, 802.1ad (QinQ) and the older 0x9100: 4-byte tags before the real EtherType
        while ((type == 0x8100 || type == 0x88a8 || type == 0x9100) && end - o >= 6) {
          o += 4;
          type = b.getShort(o) & 0xffff;
        }
        if (type != 0x0800 && type != 0x86dd) {
          notIp++;
          return;
        }
        ip = o + 2;
      }
      case 12, 14, 101, 228, 229 -> ip = off;
      case 113 -> ip = ether(b, off + 14, end) ? off + 16 : -1;
      case 276 -> ip = ether(b, off, end) ? off + 20 : -1;
      default -> {
        unsupportedLink++;
        return;
      }
    }
    if (ip < 0 || ip >= end) {
      notIp++;
      return;
    }
    int version = (b.get(ip) & 0xff) >>> 4;
    if (version == 4) {
      ipv4(b, ip, end, millis);
    } else if (version == 6) {
      ipv6(b, ip, end, millis);
    } else {
      notIp++;
    }
  }

  /** Whether the EtherType at {@code o} (SLL, SLL2) is IPv4 or IPv6. */
  private boolean ether(ByteBuffer b, int o, int end) {
    if (end - o < 2) {
      return false;
    }
    int type = b.getShort(o) & 0xffff;
    return type == 0x0800 || type == 0x86dd;
  }

  private void ipv4(ByteBuffer b, int o, int end, long millis) {
    if (end - o < 20) {
      snapped++;
      return;
    }
    int ihl = (b.get(o) & 0x0f) * 4;
    int total = b.getShort(o + 2) & 0xffff;
    int frag = b.getShort(o + 6) & 0xffff;
    int proto = b.get(o + 9) & 0xff;
    if (ihl < 20 || total < ihl) {
      notIp++;
      return;
    }
    if (proto != 17) {
      notUdp++;
      return;
    }
    b.position(o + 12);
    b.get(v4);
    // More fragments (0x2000) or a fragment offset: a piece of a datagram (RFC 791 §3.1).
    if ((frag & 0x3fff) != 0) {
      if (total > end - o) {
        snapped++;
        return;
      }
      long dst = b.getInt(o + 16) & 0xffffffffL;
      FragmentKey key = new FragmentKey(false, 0, Collector.exporterKey(v4), 0, dst, b.getShort(o + 4) & 0xffff);
      fragment(key, b, o + ihl, o + total, (frag & 0x1fff) * 8, (frag & 0x2000) != 0, v4, millis);
      return;
    }
    udp(b, o + ihl, Math.min(end, o + total), total > end - o, v4, millis);
  }

  private void ipv6(ByteBuffer b, int o, int end, long millis) {
    if (end - o < 40) {
      snapped++;
      return;
    }
    int payload = b.getShort(o + 4) & 0xffff;
    int next = b.get(o + 6) & 0xff;
    b.position(o + 8);
    b.get(v6);
    int stop = payload == 0 ? end : Math.min(end, o + 40 + payload); // 0: a jumbogram (RFC 2675)
    boolean cut = o + 40 + payload > end;
    int h = o + 40;
    // Extension headers (RFC 8200 §4): hop-by-hop 0, routing 43, destination options 60 are skipped; 44 is a fragment.
    while (next == 0 || next == 43 || next == 60 || next == 44) {
      if (next == 44) {
        // RFC 8200 §4.5: next header(1) reserved(1) offset(13 bits, in 8-byte units) res(2) M(1) identification(4)
        if (stop - h < 8 || cut) {
          snapped++;
          return;
        }
        if ((b.get(h) & 0xff) != 17) {
          notUdp++;
          return;
        }
        int field = b.getShort(h + 2) & 0xffff;
        FragmentKey key = new FragmentKey(true, b.getLong(o + 8), b.getLong(o + 16), b.getLong(o + 24),
            b.getLong(o + 32), b.getInt(h + 4) & 0xffffffffL);
        fragment(key, b, h + 8, stop, field & 0xfff8, (field & 1) != 0, v6, millis);
        return;
      }
      if (stop - h < 8) {
        snapped++;
        return;
      }
      int len = ((b.get(h + 1) & 0xff) + 1) * 8;
      next = b.get(h) & 0xff;
      h += len;
    }
    if (next != 17) {
      notUdp++;
      return;
    }
    udp(b, h, stop, cut, v6, millis);
  }

  private void udp(ByteBuffer b, int o, int end, boolean cut, byte[] source, long millis) {
    if (end - o < 8) {
      if (cut) {
        snapped++;
      } else {
        notUdp++; // an IP packet claiming UDP without room for its header
      }
      return;
    }
    int sport = b.getShort(o) & 0xffff;
    int length = b.getShort(o + 4) & 0xffff;
    if (length > end - o || cut) {
      snapped++;
      return;
    }
    if (length < 8) {
      length = end - o; // 0 over IPv6 jumbograms; anything below the header is taken as "to the end"
    }
    udp++;
    b.limit(o + length).position(o + 8);
    handler.datagram(b, source, sport, millis);
  }

  // ---- fragments

  /** What identifies the fragments of one datagram: addresses and identification (protocol is UDP for all here). */
  private record FragmentKey(boolean v6, long srcHi, long srcLo, long dstHi, long dstLo, long id) {}

  /** The pieces of one datagram so far. */
  private static final class Pieces {
    final byte[] data = new byte[65_535];
    /** Which 8-byte units are filled: an overlap (a retransmission or an attack) abandons the datagram. */
    final BitSet units = new BitSet();
    final long firstMillis;
    int length = -1;
    int count;

    Pieces(long firstMillis) {
      this.firstMillis = firstMillis;
    }
  }

  private void fragment(FragmentKey key, ByteBuffer b, int from, int to, int offset, boolean more, byte[] source,
      long millis) {
    fragments++;
    expire(millis);
    int len = to - from;
    Pieces p = pending.get(key);
    if (p == null) {
      if (pending.size() >= MAX_PENDING) {
        Map.Entry<FragmentKey, Pieces> eldest = pending.entrySet().iterator().next();
        fragmentsLost += eldest.getValue().count;
        pending.remove(eldest.getKey());
      }
      p = new Pieces(millis);
      pending.put(key, p);
    }
    p.count++;
    int firstUnit = offset / 8;
    int endUnit = (offset + len + 7) / 8;
    boolean overlap = len < 0 || offset + len > p.data.length || (more && len % 8 != 0)
        || (!more && p.length >= 0) || (p.length >= 0 && offset + len > p.length)
        || p.units.nextSetBit(firstUnit) != -1 && p.units.nextSetBit(firstUnit) < endUnit;
    if (overlap) {
      fragmentsLost += p.count;
      pending.remove(key);
      return;
    }
    b.get(from, p.data, offset, len);
    p.units.set(firstUnit, endUnit);
    if (!more) {
      p.length = offset + len;
    }
    if (p.length >= 0 && p.units.cardinality() == (p.length + 7) / 8) {
      pending.remove(key);
      reassembled++;
      udp(ByteBuffer.wrap(p.data, 0, p.length), 0, p.length, false, source, millis);
    }
  }

  /** Drops datagrams whose first fragment came longer ago than the timeout (oldest first: insertion order). */
  private void expire(long millis) {
    for (var it = pending.values().iterator(); it.hasNext(); ) {
      Pieces p = it.next();
      if (millis - p.firstMillis <= FRAGMENT_TIMEOUT_MILLIS) {
        break;
      }
      fragmentsLost += p.count;
      it.remove();
    }
  }

  /** The file, with the offset of what has been read. */
  private static final class Source {
    private final InputStream in;
    private final long total;
    private final FlowFiles.Progress progress;
    long offset;
    private long reported;

    Source(InputStream in, long total, FlowFiles.Progress progress) {
      this.in = in;
      this.total = total;
      this.progress = progress;
    }

    int read(byte[] b, int n) throws IOException {
      return read(b, 0, n);
    }

    /** Reads up to n bytes (fewer only at the end of the file); returns how many. */
    int read(byte[] b, int off, int n) throws IOException {
      int got = in.readNBytes(b, off, n);
      offset += got;
      if (offset - reported >= 4 << 20) {
        reported = offset;
        progress.update(offset, total);
      }
      return got;
    }
  }
}
