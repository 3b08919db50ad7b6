package org.accord.sensor.flow;

/**
 * One flow record (NetFlow v5/v9, IPFIX, a JSON line): who talked to whom, how much, when.
 *
 * <p>Design note. This is the hot path's currency: a collector decodes millions of these per second, and every one
 * goes through enrichment, matching and detection. So it is a <b>mutable holder of primitives</b>, reused by the
 * decoder for every record: no allocation per flow, addresses as {@code long}s. A record handed to a {@link FlowSink}
 * is valid only during that call; a consumer that keeps it calls {@link #copy()}.
 *
 * <p>Addresses: an IPv4 address is held in {@code srcLo}/{@code dstLo} as an unsigned 32-bit value with {@code
 * ipv6 == false} and {@code srcHi == dstHi == 0}; an IPv6 address as its high and low 64 bits.
 *
 * <p>Sampling: an exporter that samples 1 packet in N exports what it saw; the decoder scales {@link #packets} and
 * {@link #bytes} by N before the record leaves it, so every consumer (detector thresholds, peaks, shares) sees
 * estimates of the real traffic, and records the rate in {@link #samplingRate}. Per-flow shape tests ("a probe has at
 * most 3 packets") must look at what the exporter saw instead: {@link #observedPackets()}.
 */
public final class FlowRecord {
  /** The exporter's address (IPv4 as unsigned 32 bits; 0 when unknown, e.g. a file of JSON lines). */
  public long exporter;
  /** The exporter's UDP source port (0 when unknown): with the address, the transport session (RFC 7011 §8). */
  public int exporterPort;
  /** NetFlow v9 source id / IPFIX observation domain id; 0 for v5. */
  public long observationDomain;
  public boolean ipv6;
  public long srcHi;
  public long srcLo;
  public long dstHi;
  public long dstLo;
  public int srcPort;
  public int dstPort;
  /** IANA protocol number: 6 TCP, 17 UDP, 1 ICMP, ... */
  public int protocol;
  /** TCP flags ORed over the flow (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20). */
  public int tcpFlags;
  /** Packets and bytes, already scaled by {@link #samplingRate}. */
  public long packets;
  public long bytes;
  /** 1 in how many packets the exporter sampled (1: unsampled); {@link #packets} and {@link #bytes} are scaled. */
  public long samplingRate = 1;
  /** Flow start and end, milliseconds since the epoch (already converted from the exporter's uptime clock). */
  public long startMillis;
  public long endMillis;

  public static final int TCP = 6;
  public static final int UDP = 17;
  public static final int ICMP = 1;
  public static final int SYN = 0x02;
  public static final int ACK = 0x10;

  /** Resets every field, before a decoder fills the holder again. */
  public void clear() {
    exporter = 0;
    exporterPort = 0;
    observationDomain = 0;
    samplingRate = 1;
    ipv6 = false;
    srcHi = srcLo = dstHi = dstLo = 0;
    srcPort = dstPort = protocol = tcpFlags = 0;
    packets = bytes = 0;
    startMillis = endMillis = 0;
  }

  /** An independent copy, for a consumer that keeps the record beyond the callback. */
  public FlowRecord copy() {
    FlowRecord c = new FlowRecord();
    c.exporter = exporter;
    c.exporterPort = exporterPort;
    c.observationDomain = observationDomain;
    c.samplingRate = samplingRate;
    c.ipv6 = ipv6;
    c.srcHi = srcHi;
    c.srcLo = srcLo;
    c.dstHi = dstHi;
    c.dstLo = dstLo;
    c.srcPort = srcPort;
    c.dstPort = dstPort;
    c.protocol = protocol;
    c.tcpFlags = tcpFlags;
    c.packets = packets;
    c.bytes = bytes;
    c.startMillis = startMillis;
    c.endMillis = endMillis;
    return c;
  }

  /** The packets the exporter counted before scaling: for per-flow shape tests, not for volumes. */
  public long observedPackets() {
    return samplingRate > 1 ? packets / samplingRate : packets;
  }

  /** The source IPv4 address as a signed int (for IPv4 records). */
  public int srcV4() {
    return (int) srcLo;
  }

  /** The destination IPv4 address as a signed int (for IPv4 records). */
  public int dstV4() {
    return (int) dstLo;
  }

  @Override
  public String toString() {
    return Addresses.format(ipv6, srcHi, srcLo) + ":" + srcPort + " -> " + Addresses.format(ipv6, dstHi, dstLo) + ":"
        + dstPort + " proto " + protocol + " flags 0x" + Integer.toHexString(tcpFlags) + " " + packets + " pkts "
        + bytes + " B" + (samplingRate > 1 ? " (1:" + samplingRate + ")" : "") + " [" + startMillis + ".."
        + endMillis + "]";
  }
}
