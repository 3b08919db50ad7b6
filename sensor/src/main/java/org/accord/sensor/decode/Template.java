package org.accord.sensor.decode;

/**
 * A NetFlow v9 or IPFIX template, compiled for decoding: per field its length and what it fills in the flow record.
 *
 * <p>Fields are mapped to small {@code kind} codes once, when the template arrives, so decoding a record is a walk over
 * two int arrays and a switch. Field numbers are IPFIX information element ids (IANA registry); NetFlow v9 field types
 * 1..127 have the same numbers for everything decoded here (RFC 3954 §8, RFC 7012).
 */
final class Template {
  /** RFC 7011 §7: a field length of 65535 in a template means variable length, given in each record. */
  static final int VARIABLE = 0xffff;

  static final int SKIP = 0;
  static final int OCTETS = 1; // octetDeltaCount (IE 1), IN_BYTES
  static final int PACKETS = 2; // packetDeltaCount (IE 2), IN_PKTS
  static final int PROTOCOL = 3; // protocolIdentifier (IE 4)
  static final int TCP_FLAGS = 4; // tcpControlBits (IE 6)
  static final int SRC_PORT = 5; // sourceTransportPort (IE 7)
  static final int SRC_V4 = 6; // sourceIPv4Address (IE 8)
  static final int DST_PORT = 7; // destinationTransportPort (IE 11)
  static final int DST_V4 = 8; // destinationIPv4Address (IE 12)
  static final int END_UPTIME = 9; // flowEndSysUpTime (IE 21), LAST_SWITCHED
  static final int START_UPTIME = 10; // flowStartSysUpTime (IE 22), FIRST_SWITCHED
  static final int SRC_V6 = 11; // sourceIPv6Address (IE 27)
  static final int DST_V6 = 12; // destinationIPv6Address (IE 28)
  static final int START_SECONDS = 13; // flowStartSeconds (IE 150)
  static final int END_SECONDS = 14; // flowEndSeconds (IE 151)
  static final int START_MILLIS = 15; // flowStartMilliseconds (IE 152)
  static final int END_MILLIS = 16; // flowEndMilliseconds (IE 153)
  static final int SYSTEM_INIT = 17; // systemInitTimeMilliseconds (IE 160)
  static final int IP_VERSION = 18; // ipVersion (IE 60): which address family a record with both carries
  static final int OCTETS_TOTAL = 19; // octetTotalCount (IE 85), IN_PERMANENT_BYTES: when no delta is sent
  static final int PACKETS_TOTAL = 20; // packetTotalCount (IE 86), IN_PERMANENT_PKTS
  static final int INITIATOR_OCTETS = 21; // initiatorOctets (IE 231), ASA NSEL NF_F_FWD_FLOW_DELTA_BYTES
  static final int INITIATOR_PACKETS = 22; // initiatorPackets (IE 298)
  static final int START_NTP = 23; // flowStartMicroseconds (IE 154), flowStartNanoseconds (IE 156)
  static final int END_NTP = 24; // flowEndMicroseconds (IE 155), flowEndNanoseconds (IE 157)
  // Sampling (RFC 7270 §4.1, RFC 5477 §8.2, RFC 3954 §8): in options data they describe a sampler, in flow data the
  // record's own sampling.
  static final int SAMPLING_INTERVAL = 25; // samplingInterval (IE 34), samplerRandomInterval (IE 50): 1 in N
  static final int SAMPLER_ID = 26; // samplerId (IE 48, FLOW_SAMPLER_ID), selectorId (IE 302)
  static final int PACKET_INTERVAL = 27; // samplingPacketInterval (IE 305): packets selected in a row
  static final int PACKET_SPACE = 28; // samplingPacketSpace (IE 306): packets skipped after them
  static final int SAMPLING_SIZE = 29; // samplingSize (IE 309): n of samplingPopulation
  static final int SAMPLING_POPULATION = 30; // samplingPopulation (IE 310)
  static final int SAMPLING_PROBABILITY = 31; // samplingProbability (IE 311, float64)
  static final int FRAME_SECTION = 32; // dataLinkFrameSection (IE 315), layer2packetSectionData (IE 104)
  static final int IP_SECTION = 33; // ipHeaderPacketSection (IE 313): the sampled packet from its IP header
  static final int STATION_V4 = 34; // staIPv4Address (IE 366): a wireless controller's client station
  static final int DIRECTION = 35; // flowDirection (IE 61): 0 ingress, 1 egress

  final int id;
  final boolean options;
  final int[] lengths;
  final int[] kinds;
  /** The smallest possible record: fixed lengths plus one length byte per variable-length field. */
  final int minLength;
  /** Whether no field has variable length (then every record has {@link #minLength} bytes). */
  final boolean fixed;
  /** The fields that fill something, with their offsets in a record: the fast path of fixed-length templates. */
  final int[] activeOffsets;
  final int[] activeLengths;
  final int[] activeKinds;
  /** When it was last received (ms, the receiver's clock): the base of its expiry. */
  long refreshedMillis;
  /** False once replaced, withdrawn or expired, so a cached reference is known stale. */
  boolean live = true;

  Template(int id, boolean options, int[] lengths, int[] kinds, int minLength, long refreshedMillis) {
    this.id = id;
    this.options = options;
    this.lengths = lengths;
    this.kinds = kinds;
    this.minLength = minLength;
    this.refreshedMillis = refreshedMillis;
    int active = 0;
    boolean variable = false;
    for (int i = 0; i < lengths.length; i++) {
      variable |= lengths[i] == VARIABLE;
      active += kinds[i] != SKIP ? 1 : 0;
    }
    this.fixed = !variable;
    this.activeOffsets = new int[active];
    this.activeLengths = new int[active];
    this.activeKinds = new int[active];
    for (int i = 0, a = 0, offset = 0; i < lengths.length; offset += lengths[i], i++) {
      if (kinds[i] != SKIP) {
        activeOffsets[a] = offset;
        activeLengths[a] = lengths[i];
        activeKinds[a++] = kinds[i];
      }
    }
  }

  /** The decode kind of an information element; enterprise-specific elements are always {@link #SKIP}. */
  static int kindOf(int elementId, boolean enterprise, int length) {
    if (enterprise) {
      return SKIP;
    }
    return switch (elementId) {
      case 1 -> OCTETS;
      case 2 -> PACKETS;
      case 4 -> PROTOCOL;
      case 6 -> TCP_FLAGS;
      case 7 -> SRC_PORT;
      case 8 -> length == 4 ? SRC_V4 : SKIP;
      case 11 -> DST_PORT;
      case 12 -> length == 4 ? DST_V4 : SKIP;
      case 21 -> END_UPTIME;
      case 22 -> START_UPTIME;
      case 27 -> length == 16 ? SRC_V6 : SKIP;
      case 28 -> length == 16 ? DST_V6 : SKIP;
      case 150 -> START_SECONDS;
      case 151 -> END_SECONDS;
      case 152 -> START_MILLIS;
      case 153 -> END_MILLIS;
      case 160 -> SYSTEM_INIT;
      case 60 -> IP_VERSION;
      case 85 -> OCTETS_TOTAL;
      case 86 -> PACKETS_TOTAL;
      case 231 -> INITIATOR_OCTETS;
      case 298 -> INITIATOR_PACKETS;
      case 154, 156 -> length == 8 ? START_NTP : SKIP;
      case 155, 157 -> length == 8 ? END_NTP : SKIP;
      case 34, 50 -> SAMPLING_INTERVAL;
      case 48, 302 -> SAMPLER_ID;
      case 305 -> PACKET_INTERVAL;
      case 306 -> PACKET_SPACE;
      case 309 -> SAMPLING_SIZE;
      case 310 -> SAMPLING_POPULATION;
      case 311 -> length == 8 ? SAMPLING_PROBABILITY : SKIP;
      case 315, 104 -> FRAME_SECTION;
      case 313 -> IP_SECTION;
      case 366 -> length == 4 ? STATION_V4 : SKIP;
      case 61 -> DIRECTION;
      default -> SKIP;
    };
  }

  /** Whether a kind says something about sampling (the only content of options data besides systemInit). */
  static boolean sampling(int kind) {
    return kind >= SAMPLING_INTERVAL && kind <= SAMPLING_PROBABILITY;
  }

  /** Whether two templates decode the same way (a refresh rather than a change). */
  boolean sameLayout(Template o) {
    return options == o.options
        && java.util.Arrays.equals(lengths, o.lengths)
        && java.util.Arrays.equals(kinds, o.kinds);
  }
}
