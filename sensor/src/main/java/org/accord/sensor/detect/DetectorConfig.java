package org.accord.sensor.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every tunable of the attack detectors, in one typed value. {@link #defaults()} gives sensible values for a network
 * of a few thousand hosts at up to a few million flows per second; {@link #builder()} changes some of them.
 *
 * @param windowMillis length of the base window (rates are per window, divided by its length); default 1,000
 * @param latenessMillis how long after a window's end flows of that window may still arrive before it closes (flows
 *     arrive slightly out of order); a later flow is counted in the next window; default 250
 * @param maxJumpMillis a flow this far ahead of or behind the detector's clock is a clock jump candidate rather than
 *     normal progress; default 60,000
 * @param jumpConfirmFlows how many such flows within one window confirm a clock jump (so a single flow with a broken
 *     timestamp does not move the clock); default 64
 * @param warmupWindows windows after the first flow during which volumetric detectors only learn baselines; default 30
 * @param quietWindows base windows below every threshold after which a volumetric attack ends; default 5
 * @param baselineAlpha EWMA weight of a new window in a destination's baseline (a destination's first windows use the
 *     plain mean, 1/n, while it is larger); default 0.05
 * @param baselineFactor a rate is abnormal only when it is at least this many times its baseline; default 3
 * @param groups thresholds per asset group (see {@code Asset.group()}); must contain {@code "default"}, used for
 *     addresses without an asset and for groups not listed
 * @param scanWindowMillis the window over which scans and flow-based brute force are counted; default 10,000
 * @param horizontalScanDistinct distinct destinations of one source on one port within a scan window that make a
 *     horizontal scan; default 100
 * @param verticalScanDistinct distinct ports of one source on one destination within a scan window that make a
 *     vertical scan; default 100
 * @param probeMaxPackets a flow counts as a probe for scan detection only when it has at most this many packets and,
 *     for TCP, either no ACK or a RST (a SYN scan sends a bare SYN, a connect scan ends with RST; an ordinary short
 *     connection has ACK and no RST); keeps bulk traffic out of the scan tables; default 3
 * @param tableWays associativity of the bounded scan tables (an entry is evicted among this many, the smallest goes);
 *     default 8
 * @param tableBuckets buckets of each bounded scan table (entries = buckets × ways, 104 bytes each); default 4,096
 * @param bruteForceWindowMillis window over which authentication failures from log events are counted; default 60,000
 * @param bruteForceThreshold failures (AUTH_FAILURE, AUTH_INVALID_USER) of one source against one target and service
 *     within the window that make a brute force; default 20
 * @param authPorts destination ports of authentication services watched in flows (SSH, RDP, Telnet, FTP, VNC, ...)
 * @param authFlowMaxPackets a flow to an authentication port counts as an attempt only with at most this many packets
 *     (a failed login is a short flow); default 40
 * @param authFlowThreshold short flows of one source to one authentication service within a scan window that make a
 *     brute force; default 30
 * @param maxDestinations destinations tracked at once (flows to more new destinations are counted as dropped);
 *     about 120 bytes each; at most 2,097,150; default 262,144
 * @param idleEvictWindows a destination without traffic for this many windows and not under attack is forgotten
 *     (already after {@code quietWindows} when its baseline is too small to matter); default 600
 * @param topSources heavy hitters kept per attack (space-saving counters); default 32
 * @param geoSampleEvery one flow in this many to an attacked destination is geo-located for the foreign share;
 *     default 8
 * @param peakGrowth an ongoing attack is reported again (UPDATED) when a peak grows by at least this factor since the
 *     last report; default 1.1
 * @param vectorMinShare a vector of a volumetric attack is named (and its sources reported) when it carried at least
 *     this share of the attack's packets or flows, or crossed its own threshold: a few SYN-only flows of clients whose
 *     connections failed under the flood do not make a "SYN flood" vector; in [0, 1], default 0.05
 * @param floodProfileFactor a source of a UDP or ICMP flood is reported only when its mean packet size is within this
 *     factor of the flood's (the flood's size profile): the target's own UDP clients (DNS, QUIC) share the protocol
 *     but not the size; at least 1, default 2
 * @param webWindowMillis the sliding window over which the web detectors count a run's requests (see {@code
 *     WebDetector}); default 60,000
 * @param webClientRequests requests of one client to one web host within the window that make it a source of an HTTP
 *     flood; default 600 (10 per second for a whole minute; a browser loading a page makes a few dozen)
 * @param webPathRequests requests of all clients to one path of one web host within the window that make an HTTP
 *     flood of that path (its clients are counted but not named: ordinary users of the path are among them); default
 *     3,000
 * @param webScanDistinctPaths distinct paths of one client answered 4xx (except 401, 407 and 429) within the window
 *     that make a web scan (forced browsing, wordlist scanning); default 50
 * @param loginAttempts POST requests of one client to login paths of one web host within the window that make it a
 *     source of credential stuffing, whatever the answer; default 20 (as SSH brute force)
 * @param loginFailures failed logins (a POST to a login path answered 401, 403, 429 or 200, the form shown again)
 *     of all clients to one web host within the window that make credential stuffing spread over many clients (its
 *     clients are counted but not named); default 200
 * @param loginPaths the login paths: a request path (lower case, without its query) is a login path when it ends with
 *     one of these, or with one of these and "/"; default WordPress, XML-RPC and the usual login, sign-in, session and
 *     token endpoints
 */
public record DetectorConfig(
    long windowMillis,
    long latenessMillis,
    long maxJumpMillis,
    int jumpConfirmFlows,
    int warmupWindows,
    int quietWindows,
    double baselineAlpha,
    double baselineFactor,
    Map<String, Thresholds> groups,
    long scanWindowMillis,
    int horizontalScanDistinct,
    int verticalScanDistinct,
    int probeMaxPackets,
    int tableWays,
    int tableBuckets,
    long bruteForceWindowMillis,
    int bruteForceThreshold,
    List<Integer> authPorts,
    int authFlowMaxPackets,
    int authFlowThreshold,
    int maxDestinations,
    int idleEvictWindows,
    int topSources,
    int geoSampleEvery,
    double peakGrowth,
    double vectorMinShare,
    double floodProfileFactor,
    long webWindowMillis,
    int webClientRequests,
    int webPathRequests,
    int webScanDistinctPaths,
    int loginAttempts,
    int loginFailures,
    List<String> loginPaths) {

  public static final String DEFAULT_GROUP = "default";

  public DetectorConfig {
    positive("windowMillis", windowMillis);
    if (latenessMillis < 0 || latenessMillis >= windowMillis) {
      throw new IllegalArgumentException("latenessMillis must be in [0, windowMillis), was " + latenessMillis);
    }
    if (maxJumpMillis < 2 * windowMillis) {
      throw new IllegalArgumentException("maxJumpMillis must be at least two windows, was " + maxJumpMillis);
    }
    positive("jumpConfirmFlows", jumpConfirmFlows);
    if (warmupWindows < 0) {
      throw new IllegalArgumentException("warmupWindows must be >= 0, was " + warmupWindows);
    }
    positive("quietWindows", quietWindows);
    if (!(baselineAlpha > 0 && baselineAlpha <= 1)) {
      throw new IllegalArgumentException("baselineAlpha must be in (0, 1], was " + baselineAlpha);
    }
    if (!(baselineFactor >= 1)) {
      throw new IllegalArgumentException("baselineFactor must be >= 1, was " + baselineFactor);
    }
    groups = Map.copyOf(groups);
    if (!groups.containsKey(DEFAULT_GROUP)) {
      throw new IllegalArgumentException("groups must contain \"" + DEFAULT_GROUP + "\"");
    }
    if (scanWindowMillis < windowMillis || scanWindowMillis % windowMillis != 0) {
      throw new IllegalArgumentException(
          "scanWindowMillis must be a multiple of windowMillis, was " + scanWindowMillis);
    }
    positive("horizontalScanDistinct", horizontalScanDistinct);
    positive("verticalScanDistinct", verticalScanDistinct);
    positive("probeMaxPackets", probeMaxPackets);
    positive("tableWays", tableWays);
    if (Integer.bitCount(tableBuckets) != 1) {
      throw new IllegalArgumentException("tableBuckets must be a power of two, was " + tableBuckets);
    }
    if (bruteForceWindowMillis < windowMillis || bruteForceWindowMillis % windowMillis != 0) {
      throw new IllegalArgumentException("bruteForceWindowMillis must be a multiple of windowMillis");
    }
    positive("bruteForceThreshold", bruteForceThreshold);
    authPorts = List.copyOf(authPorts);
    for (int p : authPorts) {
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("auth port out of range: " + p);
      }
    }
    positive("authFlowMaxPackets", authFlowMaxPackets);
    positive("authFlowThreshold", authFlowThreshold);
    if (maxDestinations < 1 || maxDestinations > AddressMap.MAX_CAPACITY) {
      throw new IllegalArgumentException("maxDestinations must be 1 to " + AddressMap.MAX_CAPACITY);
    }
    positive("idleEvictWindows", idleEvictWindows);
    positive("topSources", topSources);
    positive("geoSampleEvery", geoSampleEvery);
    if (!(peakGrowth > 1)) {
      throw new IllegalArgumentException("peakGrowth must be > 1, was " + peakGrowth);
    }
    if (!(vectorMinShare >= 0 && vectorMinShare <= 1)) {
      throw new IllegalArgumentException("vectorMinShare must be in [0, 1], was " + vectorMinShare);
    }
    if (!(floodProfileFactor >= 1)) {
      throw new IllegalArgumentException("floodProfileFactor must be >= 1, was " + floodProfileFactor);
    }
    positive("webWindowMillis", webWindowMillis);
    positive("webClientRequests", webClientRequests);
    positive("webPathRequests", webPathRequests);
    positive("webScanDistinctPaths", webScanDistinctPaths);
    positive("loginAttempts", loginAttempts);
    positive("loginFailures", loginFailures);
    loginPaths = loginPaths.stream().map(p -> p.toLowerCase(java.util.Locale.ROOT)).toList();
    for (String p : loginPaths) {
      if (!p.startsWith("/")) {
        throw new IllegalArgumentException("a login path starts with /, was " + p);
      }
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  /** The thresholds of {@code group}, else of the default group. */
  public Thresholds thresholdsOf(String group) {
    Thresholds t = groups.get(group);
    return t != null ? t : groups.get(DEFAULT_GROUP);
  }

  /**
   * Absolute minimum rates of one asset group; a rate is abnormal when it reaches its minimum AND {@code
   * baselineFactor} times the destination's baseline.
   *
   * @param minPps packets per second to one destination (volumetric)
   * @param minBps bits per second to one destination (volumetric)
   * @param minFps flows per second to one destination (volumetric)
   * @param synPps packets per second of TCP flows with SYN and without ACK to one destination (SYN flood)
   * @param reflectionPps packets per second of UDP from source ports 53, 123, 1900, 11211 or 389 to one destination
   *     (UDP reflection/amplification)
   */
  public record Thresholds(double minPps, double minBps, double minFps, double synPps, double reflectionPps) {
    public Thresholds {
      if (!(minPps > 0 && minBps > 0 && minFps > 0 && synPps > 0 && reflectionPps > 0)) {
        throw new IllegalArgumentException("thresholds must be positive");
      }
    }

    /** Defaults for an ordinary server: 50k pps, 200 Mbit/s, 5k flows/s, 10k SYN pps, 10k reflected pps. */
    public static final Thresholds DEFAULT = new Thresholds(50_000, 200e6, 5_000, 10_000, 10_000);
  }

  public static DetectorConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts from the defaults; each setter names its record component. */
  public static final class Builder {
    private long windowMillis = 1_000;
    private long latenessMillis = 250;
    private long maxJumpMillis = 60_000;
    private int jumpConfirmFlows = 64;
    private int warmupWindows = 30;
    private int quietWindows = 5;
    private double baselineAlpha = 0.05;
    private double baselineFactor = 3;
    private final Map<String, Thresholds> groups = new LinkedHashMap<>(Map.of(DEFAULT_GROUP, Thresholds.DEFAULT));
    private long scanWindowMillis = 10_000;
    private int horizontalScanDistinct = 100;
    private int verticalScanDistinct = 100;
    private int probeMaxPackets = 3;
    private int tableWays = 8;
    private int tableBuckets = 4_096;
    private long bruteForceWindowMillis = 60_000;
    private int bruteForceThreshold = 20;
    private List<Integer> authPorts = List.of(21, 22, 23, 110, 143, 445, 1433, 3306, 3389, 5432, 5900);
    private int authFlowMaxPackets = 40;
    private int authFlowThreshold = 30;
    private int maxDestinations = 1 << 18;
    private int idleEvictWindows = 600;
    private int topSources = 32;
    private int geoSampleEvery = 8;
    private double peakGrowth = 1.1;
    private double vectorMinShare = 0.05;
    private double floodProfileFactor = 2.0;
    private long webWindowMillis = 60_000;
    private int webClientRequests = 600;
    private int webPathRequests = 3_000;
    private int webScanDistinctPaths = 50;
    private int loginAttempts = 20;
    private int loginFailures = 200;
    private List<String> loginPaths = List.of("/wp-login.php", "/xmlrpc.php", "/login", "/login.php", "/signin",
        "/sign_in", "/sign-in", "/logon", "/session", "/sessions", "/oauth/token", "/auth", "/authenticate",
        "/administrator/index.php", "/user/login", "/account/login", "/j_security_check");

    private Builder() {}

    public Builder windowMillis(long v) { windowMillis = v; return this; }
    public Builder latenessMillis(long v) { latenessMillis = v; return this; }
    public Builder maxJumpMillis(long v) { maxJumpMillis = v; return this; }
    public Builder jumpConfirmFlows(int v) { jumpConfirmFlows = v; return this; }
    public Builder warmupWindows(int v) { warmupWindows = v; return this; }
    public Builder quietWindows(int v) { quietWindows = v; return this; }
    public Builder baselineAlpha(double v) { baselineAlpha = v; return this; }
    public Builder baselineFactor(double v) { baselineFactor = v; return this; }
    /** Sets the thresholds of {@code group} ({@value #DEFAULT_GROUP} replaces the default's). */
    public Builder group(String group, Thresholds t) {
      groups.put(Objects.requireNonNull(group, "group"), Objects.requireNonNull(t, "thresholds"));
      return this;
    }
    public Builder scanWindowMillis(long v) { scanWindowMillis = v; return this; }
    public Builder horizontalScanDistinct(int v) { horizontalScanDistinct = v; return this; }
    public Builder verticalScanDistinct(int v) { verticalScanDistinct = v; return this; }
    public Builder probeMaxPackets(int v) { probeMaxPackets = v; return this; }
    public Builder tableWays(int v) { tableWays = v; return this; }
    public Builder tableBuckets(int v) { tableBuckets = v; return this; }
    public Builder bruteForceWindowMillis(long v) { bruteForceWindowMillis = v; return this; }
    public Builder bruteForceThreshold(int v) { bruteForceThreshold = v; return this; }
    public Builder authPorts(List<Integer> v) { authPorts = v; return this; }
    public Builder authFlowMaxPackets(int v) { authFlowMaxPackets = v; return this; }
    public Builder authFlowThreshold(int v) { authFlowThreshold = v; return this; }
    public Builder maxDestinations(int v) { maxDestinations = v; return this; }
    public Builder idleEvictWindows(int v) { idleEvictWindows = v; return this; }
    public Builder topSources(int v) { topSources = v; return this; }
    public Builder geoSampleEvery(int v) { geoSampleEvery = v; return this; }
    public Builder peakGrowth(double v) { peakGrowth = v; return this; }
    public Builder vectorMinShare(double v) { vectorMinShare = v; return this; }
    public Builder floodProfileFactor(double v) { floodProfileFactor = v; return this; }
    public Builder webWindowMillis(long v) { webWindowMillis = v; return this; }
    public Builder webClientRequests(int v) { webClientRequests = v; return this; }
    public Builder webPathRequests(int v) { webPathRequests = v; return this; }
    public Builder webScanDistinctPaths(int v) { webScanDistinctPaths = v; return this; }
    public Builder loginAttempts(int v) { loginAttempts = v; return this; }
    public Builder loginFailures(int v) { loginFailures = v; return this; }
    public Builder loginPaths(List<String> v) { loginPaths = v; return this; }

    public DetectorConfig build() {
      return new DetectorConfig(windowMillis, latenessMillis, maxJumpMillis, jumpConfirmFlows, warmupWindows,
          quietWindows, baselineAlpha, baselineFactor, groups, scanWindowMillis, horizontalScanDistinct,
          verticalScanDistinct, probeMaxPackets, tableWays, tableBuckets, bruteForceWindowMillis, bruteForceThreshold,
          authPorts, authFlowMaxPackets, authFlowThreshold, maxDestinations, idleEvictWindows, topSources,
          geoSampleEvery, peakGrowth, vectorMinShare, floodProfileFactor, webWindowMillis, webClientRequests,
          webPathRequests, webScanDistinctPaths, loginAttempts, loginFailures, loginPaths);
    }
  }
}
