package org.accord.sensor.detect;

import org.accord.sensor.flow.FlowRecord;

/**
 * The vectors of a volumetric attack, and the one a flow belongs to (its signature), so that a source counts toward
 * an attack only for traffic that has the shape of one of the attack's vectors.
 *
 * <p>Design note. A multi-vector DDoS hides among the target's ordinary clients: during the attack they still
 * connect, and by volume some of them rank among the target's top sources. So a flow to an attacked target is
 * attributed by its signature, never by its volume alone: TCP with SYN and no ACK (a handshake never completed) is
 * the SYN flood; UDP from the source port of an amplification service (NTP 123, DNS 53, memcached 11211, ...) is the
 * reflection through that service; other UDP is the UDP flood; ICMP is the ICMP flood; a source of the UDP or ICMP
 * flood is reported only when its packets have the flood's size profile ({@link DetectorConfig#floodProfileFactor});
 * a vector is named only when significant ({@link DetectorConfig#vectorMinShare}). A TCP flow with ACK (a completed
 * session, whatever its size) and any other protocol belong to no vector: their sources are never attack sources.
 * The ports are those of the well-known amplification services (US-CERT TA14-017A and later advisories).
 */
final class Vectors {
  static final int SYN_FLOOD = 0;
  static final int UDP_FLOOD = 1;
  static final int ICMP_FLOOD = 2;
  static final int REFLECTION = 3;
  static final int ICMPV6 = 58;

  /** Source ports of amplification services, with their names below; at most 16 (see VolumeDetector's port mask). */
  static final int[] REFLECTION_PORTS = {53, 123, 1900, 11211, 389, 19, 17, 161, 111, 137, 520, 3702, 3283, 5683,
      5353, 10001};
  static final String[] REFLECTION_SERVICES = {"dns", "ntp", "ssdp", "memcached", "cldap", "chargen", "qotd", "snmp",
      "portmap", "netbios", "rip", "ws-discovery", "ard", "coap", "mdns", "ubiquiti"};
  static final int COUNT = REFLECTION + REFLECTION_PORTS.length;

  private Vectors() {}

  /** The index of a reflection service's source port in {@link #REFLECTION_PORTS}, or -1. */
  static int reflectionIndex(int srcPort) {
    switch (srcPort) {
      case 53: return 0;
      case 123: return 1;
      case 1900: return 2;
      case 11211: return 3;
      case 389: return 4;
      case 19: return 5;
      case 17: return 6;
      case 161: return 7;
      case 111: return 8;
      case 137: return 9;
      case 520: return 10;
      case 3702: return 11;
      case 3283: return 12;
      case 5683: return 13;
      case 5353: return 14;
      case 10001: return 15;
      default: return -1;
    }
  }

  /** The vector a flow to an attacked target belongs to, or -1 (a completed TCP session, another protocol). */
  static int of(FlowRecord r) {
    switch (r.protocol) {
      case FlowRecord.TCP:
        return (r.tcpFlags & (FlowRecord.SYN | FlowRecord.ACK)) == FlowRecord.SYN ? SYN_FLOOD : -1;
      case FlowRecord.UDP:
        int k = reflectionIndex(r.srcPort);
        return k >= 0 ? REFLECTION + k : UDP_FLOOD;
      case FlowRecord.ICMP:
      case ICMPV6:
        return ICMP_FLOOD;
      default:
        return -1;
    }
  }

  /** The name as reported: {@code syn-flood}, {@code udp-flood}, {@code icmp-flood}, {@code ntp-reflection}. */
  static String name(int v) {
    return switch (v) {
      case SYN_FLOOD -> "syn-flood";
      case UDP_FLOOD -> "udp-flood";
      case ICMP_FLOOD -> "icmp-flood";
      default -> REFLECTION_SERVICES[v - REFLECTION] + "-reflection";
    };
  }

  /** What makes a flow part of the vector, for people. */
  static String signature(int v) {
    return switch (v) {
      case SYN_FLOOD -> "TCP SYN without ACK";
      case UDP_FLOOD -> "UDP not from an amplification service's port";
      case ICMP_FLOOD -> "ICMP";
      default -> "UDP from source port " + REFLECTION_PORTS[v - REFLECTION] + " ("
          + REFLECTION_SERVICES[v - REFLECTION] + ")";
    };
  }
}
