package org.accord.sensor.detect;

import java.util.List;
import java.util.Objects;

/**
 * A large-scale attack a detector found: what, against whom, when, how big, from where.
 *
 * @param kind the kind of attack
 * @param target the attacked address (text), or for a horizontal scan the scanned port as {@code "*:PORT"}
 * @param targetGroup the threshold group of the target (its asset's group, else "default")
 * @param startMillis when it began (the first window over the threshold)
 * @param endMillis when it ended (the last window over the threshold); equal to the last update while ongoing
 * @param ongoing whether it is still going on at the time of the report
 * @param peakPps peak packets per second
 * @param peakBps peak bits per second
 * @param peakFps peak flows per second
 * @param sources distinct sources seen
 * @param topSources the largest sources, largest first
 * @param foreignShare share of the traffic (0..1) from sources outside the node's country; -1 when unknown
 * @param detail what made it this kind (e.g. "UDP from source port 123 (NTP)")
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
    String detail) {
  public Attack {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    targetGroup = targetGroup == null ? "default" : targetGroup;
    topSources = List.copyOf(topSources);
    detail = detail == null ? "" : detail;
  }

  public enum Kind {
    VOLUMETRIC_DDOS,
    SYN_FLOOD,
    UDP_REFLECTION,
    HORIZONTAL_SCAN,
    VERTICAL_SCAN,
    BRUTE_FORCE
  }

  /**
   * One source of an attack.
   *
   * @param address the source address (text)
   * @param packets packets (or attempts, for brute force) from it
   * @param country its country when known, else ""
   * @param asn its AS when known, else 0
   */
  public record Source(String address, long packets, String country, long asn) {}
}
