package org.accord.sensor.detect;

import java.util.List;
import java.util.Objects;

/**
 * A large-scale attack a detector found: what, against whom, when, how big, from where.
 *
 * @param kind the kind of attack
 * @param target the attacked address (text), host name (a log's host), or for a horizontal scan the scanned port as
 *     {@code "*:PORT"}
 * @param targetGroup the threshold group of the target (its asset's group, else "default")
 * @param startMillis when it began: its first evidence (the first flow of the window over the threshold, the first
 *     log line of the first source over it)
 * @param endMillis when it ended: its last evidence (the last flow of the last window over the threshold, the last
 *     log line of a source over it); the last evidence so far while ongoing
 * @param ongoing whether it is still going on at the time of the report
 * @param peakPps peak packets per second
 * @param peakBps peak bits per second
 * @param peakFps peak flows per second
 * @param sources distinct sources seen
 * @param topSources the largest sources, largest first
 * @param foreignShare share of the attack's traffic (0..1; for a volumetric attack, its vectors' traffic) from sources
 *     outside the node's country; -1 when unknown
 * @param detail what made it this kind (e.g. "UDP from source port 123 (NTP)")
 * @param vectors what the attack is made of, each with its own figures and sources (a multi-vector DDoS has several;
 *     a scan or a brute force has one); empty in the first report of a volumetric attack, before its flows are
 *     attributed. {@code topSources} are the union of the vectors' sources: an address that sent only traffic of no
 *     vector (completed TCP sessions) is never among them
 * @param samplingRate the largest sampling rate (1 in N) of the flows counted: above 1, the packet and byte figures
 *     are estimates scaled from sampled flows; 1 for unsampled flows and for log-based attacks
 */
public record Attack(
    Kind kind,
    String target,
    String targetGroup,
    long startMillis,
    long endMillis,
    boolean ongoing,
    double peakPps,
    double peakBps,
    double peakFps,
    long sources,
    List<Source> topSources,
    double foreignShare,
    String detail,
    List<Vector> vectors,
    long samplingRate) {
  public Attack {
    samplingRate = Math.max(1, samplingRate);
    vectors = vectors == null ? List.of() : List.copyOf(vectors);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    targetGroup = targetGroup == null ? "default" : targetGroup;
    topSources = List.copyOf(topSources);
    detail = detail == null ? "" : detail;
  }

  /** An attack seen in unsampled traffic or in logs. */
  public Attack(Kind kind, String target, String targetGroup, long startMillis, long endMillis, boolean ongoing,
      double peakPps, double peakBps, double peakFps, long sources, List<Source> topSources, double foreignShare,
      String detail, List<Vector> vectors) {
    this(kind, target, targetGroup, startMillis, endMillis, ongoing, peakPps, peakBps, peakFps, sources, topSources,
        foreignShare, detail, vectors, 1);
  }

  /** An attack without vectors (a report made elsewhere, e.g. in a test). */
  public Attack(Kind kind, String target, String targetGroup, long startMillis, long endMillis, boolean ongoing,
      double peakPps, double peakBps, double peakFps, long sources, List<Source> topSources, double foreignShare,
      String detail) {
    this(kind, target, targetGroup, startMillis, endMillis, ongoing, peakPps, peakBps, peakFps, sources, topSources,
        foreignShare, detail, List.of());
  }

  public enum Kind {
    VOLUMETRIC_DDOS,
    SYN_FLOOD,
    UDP_REFLECTION,
    HORIZONTAL_SCAN,
    VERTICAL_SCAN,
    BRUTE_FORCE,
    /** Many requests to a web host from one client, or to one of its paths (see {@code WebDetector}). */
    HTTP_FLOOD,
    /** Many distinct paths of a web host asked for by one client and not found. */
    WEB_SCAN,
    /** Many logins to a web host's login paths. */
    CREDENTIAL_STUFFING
  }

  /**
   * One source of an attack.
   *
   * @param address the source address (text)
   * @param packets packets (or attempts, for brute force) from it (space-saving counts: at most over by what the
   *     counter inherited)
   * @param bytes bytes from it, 0 when not counted
   * @param country its country when known, else ""
   * @param asn its AS when known, else 0
   */
  public record Source(String address, long packets, long bytes, String country, long asn) {
    public Source(String address, long packets, String country, long asn) {
      this(address, packets, 0, country, asn);
    }
  }

  /**
   * One vector of an attack: the traffic of one signature (see the sensor's README: SYN without ACK, UDP from an
   * amplification service's port, other UDP, ICMP; or the scan or brute force itself).
   *
   * @param name {@code syn-flood}, {@code udp-flood}, {@code icmp-flood}, {@code <service>-reflection} (e.g. {@code
   *     ntp-reflection}), or for scans and brute force the kind ({@code horizontal-scan}, ...)
   * @param signature what makes a flow part of it, for people
   * @param peakPps its own peak packets per second (0 for scans and brute force)
   * @param peakBps its own peak bits per second
   * @param packets its packets (attempts, for brute force) since the attack was detected
   * @param bytes its bytes since the attack was detected
   * @param sources its largest sources, largest first
   */
  public record Vector(String name, String signature, double peakPps, double peakBps, long packets, long bytes,
      List<Source> sources) {
    public Vector {
      Objects.requireNonNull(name, "name");
      signature = signature == null ? "" : signature;
      sources = List.copyOf(sources);
    }

    /** The share (0..1) of this vector's packets that came from {@code s}. */
    public double share(Source s) {
      return packets <= 0 ? 0 : Math.min(1.0, (double) s.packets() / packets);
    }
  }
}
