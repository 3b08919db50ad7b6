package org.accord.node;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.accord.taxii.server.AuthSettings;

/**
 * Everything a node is configured with, read from {@code accord.yaml} by {@link NodeConfigReader}. Every setting has
 * a default, so {@link #defaults()} (or an empty file) starts a working node: 127.0.0.1:9440, data in {@code ./data},
 * embedded SQLite, one API root {@code accord} with one collection, no users (so every request is refused with 401
 * until users are added).
 *
 * <p>Secrets (store password, keystore password, password hashes, the SMTP password) are never printed by {@code
 * toString()}.
 *
 * @param name the node's name, shown as the TAXII discovery title unless {@code taxii.title} is set
 * @param party the node's party id in rulebooks (the {@code parties:} key); defaults to the name
 * @param host the address to listen on
 * @param port the TCP port; 0 picks a free one
 * @param tls HTTPS settings; null for plain HTTP
 * @param dataDir where the embedded database, the node secret, the node key, the rulebook and the ledger live
 * @param store the database; null for embedded SQLite in {@code dataDir}
 * @param taxii the TAXII server
 * @param unmarkedTlp the TLP level an object without a TLP marking counts as when it leaves (default {@code amber};
 *     the rulebook's {@code defaults.unmarked} wins when it is stricter)
 * @param peers the other parties' nodes this node pulls from and pushes to
 * @param federation how often and in what page size it does so
 * @param sensor the sensor: where its findings go, how they are marked, enrichment and detection settings
 * @param cases mutual-assistance requests: how often their clocks tick, the warning lead, whom a miss is sent to
 *     (webhooks, and e-mail through {@code cases.smtp})
 * @param hash hash banks and matching (issue 11): the collection banks, entries and match sightings are written to,
 *     the upload limit of {@code /api/hash/}, how often the index looks for new entries, the {@code ffmpeg} command
 */
public record NodeConfig(
    String name,
    String party,
    String host,
    Integer port,
    Tls tls,
    @JsonProperty("data_dir") Path dataDir,
    Store store,
    Taxii taxii,
    @JsonProperty("unmarked_tlp") String unmarkedTlp,
    List<PeerConfig> peers,
    Federation federation,
    Sensor sensor,
    Cases cases,
    Hash hash) {
  public static final String DEFAULT_NAME = "accord";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9440;

  public NodeConfig {
    name = name == null ? DEFAULT_NAME : name;
    party = party == null ? name : party;
    if (party.isBlank()) {
      throw new IllegalArgumentException("party must not be blank");
    }
    host = host == null ? DEFAULT_HOST : host;
    port = port == null ? DEFAULT_PORT : port;
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    dataDir = dataDir == null ? Path.of("data") : dataDir;
    taxii = taxii == null ? new Taxii(null, null, null, null, null, null, null) : taxii;
    taxii.checkUsersNameKnownCollections();
    unmarkedTlp = unmarkedTlp == null ? "amber" : unmarkedTlp;
    if (org.accord.stix.Tlp.fromName(unmarkedTlp).isEmpty()) {
      throw new IllegalArgumentException(
          "unmarked_tlp must be one of clear, green, amber, amber+strict, red; was '" + unmarkedTlp + "'");
    }
    peers = peers == null ? List.of() : List.copyOf(peers);
    Set<String> peerParties = new HashSet<>();
    for (PeerConfig p : peers) {
      if (!peerParties.add(p.party())) {
        throw new IllegalArgumentException("peer '" + p.party() + "' is configured twice");
      }
      if (p.party().equals(party)) {
        throw new IllegalArgumentException("peer '" + p.party() + "' is this node's own party");
      }
    }
    heldCollections(taxii, peers); // fails when a collection would hold two peers' objects
    federation = federation == null ? new Federation(null, null) : federation;
    sensor = sensor == null ? Sensor.DEFAULT : sensor;
    cases = cases == null ? Cases.DEFAULT : cases;
    hash = hash == null ? Hash.DEFAULT : hash;
    for (ApiRoot r : taxii.apiRoots()) {
      if (r.name().equals(RESERVED_API_ROOT)) {
        throw new IllegalArgumentException(
            "api_roots[].name '" + RESERVED_API_ROOT + "' is reserved for the node's REST API (/api/cases/)");
      }
    }
  }

  /** The first path segment of the node's own REST API ({@code /api/cases/}): no TAXII API root may take it. */
  static final String RESERVED_API_ROOT = "api";

  /** A node with every default. */
  public static NodeConfig defaults() {
    return new NodeConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** {@link #unmarkedTlp()} as a TLP level. */
  public org.accord.stix.Tlp unmarked() {
    return org.accord.stix.Tlp.fromName(unmarkedTlp).orElseThrow();
  }

  /** {@link #tls()} as an optional. */
  public java.util.Optional<Tls> tlsOptional() {
    return java.util.Optional.ofNullable(tls);
  }

  public NodeConfig withPort(int newPort) {
    return new NodeConfig(
        name, party, host, newPort, tls, dataDir, store, taxii, unmarkedTlp, peers, federation, sensor, cases, hash);
  }

  public NodeConfig withTaxii(Taxii newTaxii) {
    return new NodeConfig(
        name, party, host, port, tls, dataDir, store, newTaxii, unmarkedTlp, peers, federation, sensor, cases, hash);
  }

  public NodeConfig withDataDir(Path newDataDir) {
    return new NodeConfig(
        name, party, host, port, tls, newDataDir, store, taxii, unmarkedTlp, peers, federation, sensor, cases, hash);
  }

  public NodeConfig withCases(Cases newCases) {
    return new NodeConfig(
        name, party, host, port, tls, dataDir, store, taxii, unmarkedTlp, peers, federation, sensor, newCases, hash);
  }

  public NodeConfig withHash(Hash newHash) {
    return new NodeConfig(
        name, party, host, port, tls, dataDir, store, taxii, unmarkedTlp, peers, federation, sensor, cases, newHash);
  }

  /**
   * Hash banks and matching ({@code hash:} in accord.yaml).
   *
   * @param collection the collection this node writes its own banks, entries and match sightings to (one of its
   *     TAXII collections; the rulebook decides which partner receives them); null: banks cannot be created here,
   *     matches are answered but not reported as sightings
   * @param maxUploadBytes the largest body {@code /api/hash/} accepts (an image, a video, a CSV list), default 64 MiB:
   *     a larger declared length is refused with 413 before a byte is read, a body that grows past it too
   * @param refreshSeconds how often the match index looks for entries added to the store (partners' arriving by
   *     federation); the node's own changes through the API are indexed at once. Default 2
   * @param ffmpeg the command that decodes uploaded videos (Debian's {@code ffmpeg} package); without it a video
   *     upload is refused with 415
   */
  public record Hash(
      String collection,
      @JsonProperty("max_upload_bytes") Long maxUploadBytes,
      @JsonProperty("refresh_seconds") Integer refreshSeconds,
      String ffmpeg) {
    static final Hash DEFAULT = new Hash(null, null, null, null);
    static final long DEFAULT_MAX_UPLOAD_BYTES = 64L << 20;

    public Hash {
      maxUploadBytes = maxUploadBytes == null ? DEFAULT_MAX_UPLOAD_BYTES : maxUploadBytes;
      if (maxUploadBytes < 1) {
        throw new IllegalArgumentException("hash.max_upload_bytes must be 1 or more, got " + maxUploadBytes);
      }
      refreshSeconds = refreshSeconds == null ? 2 : refreshSeconds;
      if (refreshSeconds < 1) {
        throw new IllegalArgumentException("hash.refresh_seconds must be 1 or more, got " + refreshSeconds);
      }
      ffmpeg = ffmpeg == null ? "ffmpeg" : ffmpeg;
    }
  }

  public NodeConfig withPeers(List<PeerConfig> newPeers) {
    return new NodeConfig(
        name, party, host, port, tls, dataDir, store, taxii, unmarkedTlp, newPeers, federation, sensor, cases, hash);
  }

  /**
   * The collections that hold a peer's objects, by collection id: the local collections of its {@code pull} links and
   * its {@code inbox}. They are read-only to this node's own users, so that what a collection holds has one
   * provenance (see {@link NodeGate#access}).
   */
  public Map<String, String> heldCollections() {
    return heldCollections(taxii, peers);
  }

  private static Map<String, String> heldCollections(Taxii taxii, List<PeerConfig> peers) {
    Map<String, String> held = new java.util.LinkedHashMap<>();
    for (PeerConfig p : peers) {
      List<String> local = new java.util.ArrayList<>(p.pull().stream().map(Link::local).toList());
      if (p.inbox() != null) {
        local.addAll(p.inbox());
      }
      for (String key : local) {
        String id = taxii.collectionId(key);
        String other = held.putIfAbsent(id, p.party());
        if (other != null && !other.equals(p.party())) {
          throw new IllegalArgumentException("collection '" + key + "' would hold the objects of both " + other
              + " and " + p.party() + ": give each peer collections of its own");
        }
      }
    }
    return Map.copyOf(held);
  }

  /** The peer node of {@code party}, if configured. */
  public java.util.Optional<PeerConfig> peer(String peerParty) {
    return peers.stream().filter(p -> p.party().equals(peerParty)).findFirst();
  }

  /**
   * Another party's node (its TAXII server) and what to exchange with it.
   *
   * @param party the peer's party id in the rulebook
   * @param url its TAXII server, e.g. {@code https://us.accord.example:9440}
   * @param apiRoot the API root to use there (default {@code accord})
   * @param user this node's user name at the peer
   * @param password that user's password; never printed (prefer {@code password_env})
   * @param passwordEnv the environment variable holding the password instead
   * @param pull the peer's collections to pull, each into a local collection
   * @param push local collections to push, each to a collection of the peer
   * @param inbox this node's collections (id or alias) the peer pushes into. When given, the peer may write only
   *     there; when absent, wherever the rulebook lets it. Like the local collections of {@code pull}, they hold the
   *     peer's objects and are read-only to this node's own users
   */
  public record PeerConfig(
      String party,
      java.net.URI url,
      @JsonProperty("api_root") String apiRoot,
      String user,
      String password,
      @JsonProperty("password_env") String passwordEnv,
      List<Link> pull,
      List<Link> push,
      List<String> inbox) {
    public PeerConfig {
      Objects.requireNonNull(party, "peers[].party is required");
      Objects.requireNonNull(url, "peers[].url is required (peer " + party + ")");
      Objects.requireNonNull(user, "peers[].user is required (peer " + party + ")");
      if (!url.isAbsolute() || url.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "peers[].url of " + party + " must be an absolute URL without credentials in it");
      }
      if ((password == null) == (passwordEnv == null)) {
        throw new IllegalArgumentException("peer " + party + ": give exactly one of password and password_env");
      }
      apiRoot = apiRoot == null ? "accord" : apiRoot;
      pull = pull == null ? List.of() : List.copyOf(pull);
      push = push == null ? List.of() : List.copyOf(push);
      inbox = inbox == null ? null : List.copyOf(inbox);
    }

    /** The password, from the configuration or the environment. */
    public char[] secret() {
      if (password != null) {
        return password.toCharArray();
      }
      String value = System.getenv(passwordEnv);
      if (value == null) {
        throw new IllegalStateException(
            "peer " + party + ": environment variable " + passwordEnv + " (password_env) is not set");
      }
      return value.toCharArray();
    }

    @Override
    public String toString() {
      return "PeerConfig[party=" + party + ", url=" + url + ", apiRoot=" + apiRoot + ", user=" + user
          + ", password=(hidden), pull=" + pull + ", push=" + push + (inbox == null ? "" : ", inbox=" + inbox) + "]";
    }
  }

  /**
   * A collection of the peer paired with a local one.
   *
   * @param remote the peer's collection id
   * @param local this node's collection id
   */
  public record Link(String remote, String local) {
    public Link {
      Objects.requireNonNull(remote, "remote is required");
      Objects.requireNonNull(local, "local is required");
    }
  }

  /**
   * The sensor ({@code accord sense}).
   *
   * @param collection where sightings and incidents are stored (id or alias; default: the first collection), as this
   *     node's own: the rulebook decides who receives them
   * @param tlp their TLP marking (default amber)
   * @param identity their producer ({@code created_by_ref}); default: this node's party's identity in the active
   *     rulebook, which is what lets the egress gate recognise them as this node's own
   * @param sightingWindowSeconds matches of one indicator are aggregated into one sighting per window (default 60)
   * @param homeCountry this node's country (ISO 3166-1 alpha-2), to tell foreign sources from domestic ones
   * @param geoipCountryDb a MaxMind GeoLite2/GeoIP2 Country database ({@code .mmdb})
   * @param geoipAsnDb a MaxMind GeoLite2 ASN database ({@code .mmdb})
   * @param geoCsv a CSV of ranges with country and AS, for nodes without MaxMind databases
   * @param thresholds detection thresholds per asset group ({@code default} for addresses of no registered asset)
   * @param collector the UDP flow collector of {@code accord sense listen}: where it listens and whom it hears
   * @param sampling sampling rates the operator sets: a default for exporters that announce none, and overrides
   * @param detection the detectors' other settings (vectors, brute force, scans, web logs)
   */
  public record Sensor(
      String collection,
      String tlp,
      String identity,
      @JsonProperty("sighting_window_seconds") Integer sightingWindowSeconds,
      @JsonProperty("home_country") String homeCountry,
      @JsonProperty("geoip_country_db") Path geoipCountryDb,
      @JsonProperty("geoip_asn_db") Path geoipAsnDb,
      @JsonProperty("geo_csv") Path geoCsv,
      Map<String, Thresholds> thresholds,
      Collector collector,
      Sampling sampling,
      Detection detection) {
    static final Sensor DEFAULT = new Sensor(null, null, null, null, null, null, null, null, null, null, null, null);

    public Sensor {
      collector = collector == null ? Collector.DEFAULT : collector;
      sampling = sampling == null ? Sampling.DEFAULT : sampling;
      detection = detection == null ? Detection.DEFAULT : detection;
      tlp = tlp == null ? "amber" : tlp;
      if (org.accord.stix.Tlp.fromName(tlp).isEmpty()) {
        throw new IllegalArgumentException("sensor.tlp must be one of clear, green, amber, amber+strict, red");
      }
      if (identity != null && !identity.startsWith("identity--")) {
        throw new IllegalArgumentException("sensor.identity must be a STIX identity id (identity--...)");
      }
      sightingWindowSeconds = sightingWindowSeconds == null ? 60 : sightingWindowSeconds;
      if (sightingWindowSeconds < 1) {
        throw new IllegalArgumentException("sensor.sighting_window_seconds must be positive");
      }
      homeCountry = homeCountry == null ? "" : homeCountry.toUpperCase(java.util.Locale.ROOT);
      thresholds = thresholds == null ? Map.of() : Map.copyOf(thresholds);
    }
  }

  /**
   * The UDP NetFlow/IPFIX collector ({@code sensor.collector}).
   *
   * @param host the local address to listen on; default: the node's {@code host} (127.0.0.1 unless set), never
   *     every interface unless {@code 0.0.0.0} or {@code ::} is written here
   * @param exporters addresses or CIDR blocks of the exporters whose datagrams are decoded; the others are dropped
   *     and counted. Default: loopback only ({@code 127.0.0.0/8}, {@code ::1}); {@code 0.0.0.0/0} and {@code ::/0}
   *     say "anyone" explicitly
   * @param templateExpirySeconds how long a template (and a sampler rate) lives without a refresh, on the
   *     collector's clock (default 1800; 0: never — a restarting exporter's old session then stays until the bound
   *     of 65,536 templates is reached)
   */
  public record Collector(String host, List<String> exporters,
      @JsonProperty("template_expiry_seconds") Long templateExpirySeconds) {
    public static final List<String> LOOPBACK = org.accord.sensor.decode.ExporterAllowList.LOOPBACK;
    static final Collector DEFAULT = new Collector(null, null, null); // after LOOPBACK, which it reads

    /** A collector with the default template expiry. */
    public Collector(String host, List<String> exporters) {
      this(host, exporters, null);
    }

    public Collector {
      templateExpirySeconds = templateExpirySeconds == null
          ? org.accord.sensor.decode.NetflowV9Decoder.DEFAULT_TEMPLATE_EXPIRY.toSeconds() : templateExpirySeconds;
      if (templateExpirySeconds < 0) {
        throw new IllegalArgumentException("sensor.collector.template_expiry_seconds must be 0 (never) or more");
      }
      exporters = exporters == null || exporters.isEmpty() ? LOOPBACK : List.copyOf(exporters);
      try {
        org.accord.sensor.decode.ExporterAllowList.of(exporters);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("sensor.collector.exporters: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Sampling rates ({@code sensor.sampling}): routers export 1 packet in N, and the sensor scales packets and bytes by
   * N. Exporters usually say N (v5 header, v9/IPFIX sampler options); the rule is: an override for the exporter's
   * address wins over what it announces (for exporters that lie or do not say), then the announced rate, then
   * {@code default_rate}.
   *
   * @param defaultRate the rate of flows whose exporter announces none (default 1: unsampled)
   * @param exporters overrides by exporter address literal, e.g. {@code {192.0.2.1: 1000}}
   */
  public record Sampling(@JsonProperty("default_rate") Long defaultRate, Map<String, Long> exporters) {
    static final Sampling DEFAULT = new Sampling(null, null);

    public Sampling {
      defaultRate = defaultRate == null ? 1 : defaultRate;
      exporters = exporters == null ? Map.of() : Map.copyOf(exporters);
      policy(defaultRate, exporters);
    }

    /** The policy the decoders apply. */
    public org.accord.sensor.decode.SamplingPolicy policy() {
      return policy(defaultRate, exporters);
    }

    private static org.accord.sensor.decode.SamplingPolicy policy(long defaultRate, Map<String, Long> exporters) {
      try {
        return org.accord.sensor.decode.SamplingPolicy.of(defaultRate, exporters);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("sensor.sampling: " + e.getMessage(), e);
      }
    }
  }

  /**
   * The detectors' settings other than the volumetric thresholds ({@code sensor.detection}); an absent value keeps
   * the detector's default ({@code DetectorConfig} documents each).
   *
   * @param vectorMinShare a vector is named when it carried this share of the attack's packets or flows (0.05)
   * @param floodProfileFactor a UDP/ICMP flood source's mean packet size is within this factor of the flood's (2)
   * @param bruteForceThreshold failed logins of one source within the window that make a brute force (20)
   * @param bruteForceWindowSeconds the brute-force window (60)
   * @param scanDistinct distinct destinations (horizontal) or ports (vertical) of one source that make a scan (100)
   * @param webWindowSeconds the window of the web-log detectors (60)
   * @param webClientRequests requests of one client that make an HTTP flood (600)
   * @param webPathRequests requests to one path, all clients, that make an HTTP flood (3000)
   * @param webScanDistinctPaths distinct paths of one client answered 4xx that make a web scan (50)
   * @param loginAttempts POSTs of one client to login paths that make credential stuffing (20)
   * @param loginFailures failed logins of all clients that make credential stuffing (200)
   * @param loginPaths path endings that are login paths (replaces the default list)
   */
  public record Detection(
      @JsonProperty("vector_min_share") Double vectorMinShare,
      @JsonProperty("flood_profile_factor") Double floodProfileFactor,
      @JsonProperty("brute_force_threshold") Integer bruteForceThreshold,
      @JsonProperty("brute_force_window_seconds") Integer bruteForceWindowSeconds,
      @JsonProperty("scan_distinct") Integer scanDistinct,
      @JsonProperty("web_window_seconds") Integer webWindowSeconds,
      @JsonProperty("web_client_requests") Integer webClientRequests,
      @JsonProperty("web_path_requests") Integer webPathRequests,
      @JsonProperty("web_scan_distinct_paths") Integer webScanDistinctPaths,
      @JsonProperty("login_attempts") Integer loginAttempts,
      @JsonProperty("login_failures") Integer loginFailures,
      @JsonProperty("login_paths") List<String> loginPaths) {
    static final Detection DEFAULT =
        new Detection(null, null, null, null, null, null, null, null, null, null, null, null);

    public Detection {
      loginPaths = loginPaths == null ? null : List.copyOf(loginPaths);
      try {
        applyTo(org.accord.sensor.detect.DetectorConfig.builder(), vectorMinShare, floodProfileFactor,
            bruteForceThreshold, bruteForceWindowSeconds, scanDistinct, webWindowSeconds, webClientRequests,
            webPathRequests, webScanDistinctPaths, loginAttempts, loginFailures, loginPaths).build();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("sensor.detection: " + e.getMessage(), e);
      }
    }

    /** Sets the values given here on {@code b}, leaving the others at the builder's values. */
    public org.accord.sensor.detect.DetectorConfig.Builder applyTo(org.accord.sensor.detect.DetectorConfig.Builder b) {
      return applyTo(b, vectorMinShare, floodProfileFactor, bruteForceThreshold, bruteForceWindowSeconds,
          scanDistinct, webWindowSeconds, webClientRequests, webPathRequests, webScanDistinctPaths, loginAttempts,
          loginFailures, loginPaths);
    }

    // Static, so that the compact constructor can check the values before the fields are assigned.
    private static org.accord.sensor.detect.DetectorConfig.Builder applyTo(
        org.accord.sensor.detect.DetectorConfig.Builder b, Double vectorMinShare, Double floodProfileFactor,
        Integer bruteForceThreshold, Integer bruteForceWindowSeconds, Integer scanDistinct, Integer webWindowSeconds,
        Integer webClientRequests, Integer webPathRequests, Integer webScanDistinctPaths, Integer loginAttempts,
        Integer loginFailures, List<String> loginPaths) {
      set(vectorMinShare, b::vectorMinShare);
      set(floodProfileFactor, b::floodProfileFactor);
      set(bruteForceThreshold, b::bruteForceThreshold);
      set(bruteForceWindowSeconds, v -> b.bruteForceWindowMillis(v * 1000L));
      set(scanDistinct, v -> b.horizontalScanDistinct(v).verticalScanDistinct(v));
      set(webWindowSeconds, v -> b.webWindowMillis(v * 1000L));
      set(webClientRequests, b::webClientRequests);
      set(webPathRequests, b::webPathRequests);
      set(webScanDistinctPaths, b::webScanDistinctPaths);
      set(loginAttempts, b::loginAttempts);
      set(loginFailures, b::loginFailures);
      set(loginPaths, b::loginPaths);
      return b;
    }

    private static <T> void set(T value, java.util.function.Consumer<T> setter) {
      if (value != null) {
        setter.accept(value);
      }
    }
  }

  /**
   * Volumetric thresholds of one asset group: an attack is flagged when a destination exceeds any of them (and its
   * learned baseline by the detector's factor). Absent values keep the detector's defaults.
   *
   * @param pps packets per second to one destination
   * @param bps bits per second
   * @param fps flows per second
   * @param synPps TCP SYN (without ACK) packets per second
   * @param reflectionPps UDP packets per second from reflection ports (53, 123, 1900, 11211, 389)
   */
  public record Thresholds(
      Double pps, Double bps, Double fps, @JsonProperty("syn_pps") Double synPps,
      @JsonProperty("reflection_pps") Double reflectionPps) {}

  /**
   * How federation runs. Each peer has its own schedule on a small pool of threads shared by the peers (README,
   * "Federation at scale").
   *
   * @param intervalSeconds seconds between the end of one run of a peer and the start of its next (default 30; 0: no
   *     schedule, runs only on demand, e.g. from the demo)
   * @param pageSize objects per request to a peer (default 500)
   * @param threads threads shared by the peers' runs (default {@code min(4, peers)}); a slow or dead peer holds one
   * @param maxBackoffSeconds the longest a peer whose runs reach nothing is skipped; its skips double from the
   *     interval up to this (default 900)
   * @param maxRunSeconds one run's budget, checked between requests and pages: a peer that keeps sending pages
   *     goes on at its next run (default 300)
   */
  public record Federation(
      @JsonProperty("interval_seconds") Integer intervalSeconds,
      @JsonProperty("page_size") Integer pageSize,
      Integer threads,
      @JsonProperty("max_backoff_seconds") Integer maxBackoffSeconds,
      @JsonProperty("max_run_seconds") Integer maxRunSeconds) {
    public Federation {
      intervalSeconds = intervalSeconds == null ? 30 : intervalSeconds;
      pageSize = pageSize == null ? 500 : pageSize;
      maxBackoffSeconds = maxBackoffSeconds == null ? 900 : maxBackoffSeconds;
      maxRunSeconds = maxRunSeconds == null ? 300 : maxRunSeconds;
      if (intervalSeconds < 0 || pageSize < 1) {
        throw new IllegalArgumentException(
            "federation.interval_seconds must be 0 or more and federation.page_size positive");
      }
      if ((threads != null && threads < 1) || maxBackoffSeconds < 0 || maxRunSeconds < 1) {
        throw new IllegalArgumentException(
            "federation.threads and federation.max_run_seconds must be positive, federation.max_backoff_seconds 0 or"
                + " more");
      }
    }

    /** The defaults but for the interval and the page size. */
    public Federation(Integer intervalSeconds, Integer pageSize) {
      this(intervalSeconds, pageSize, null, null, null);
    }

    /** The threads for {@code peers} peers: as configured, else {@code min(4, peers)} (at least one). */
    public int threadsFor(int peers) {
      return threads != null ? threads : Math.max(1, Math.min(4, peers));
    }
  }

  /**
   * Mutual-assistance requests ({@code cases:}): their clocks and whom they escalate to. A contact is reached by
   * webhook and, where {@code smtp} names a server, by e-mail (and every escalation is in the log and the ledger).
   *
   * @param tickSeconds how often the clocks are read (default 30; 0: never, for tests and tools that tick by hand)
   * @param warnLeadSeconds how long before a deadline to warn (default 3600; a deadline shorter than twice the lead
   *     is warned at half its period)
   * @param webhookTimeoutSeconds how long one webhook POST may take, connection included (default 10)
   * @param contacts per party id, where its notifications go
   * @param evidenceMaxBytes the largest evidence file one upload may store, in bytes (default 1 GiB; 0 refuses every
   *     upload): checked against the declared length before a byte is read, and again as the bytes arrive
   * @param collection the collection this node writes its own requests and transitions to, as STIX objects for the
   *     other party, which federation carries (a collection the peer pulls, or one this node pushes to the peer);
   *     null: they stay on this node (README, "Exchange between nodes")
   * @param smtp the mail server escalations are sent through; null: no e-mail (then no contact may list one)
   */
  public record Cases(
      @JsonProperty("tick_seconds") Integer tickSeconds,
      @JsonProperty("warn_lead_seconds") Long warnLeadSeconds,
      @JsonProperty("webhook_timeout_seconds") Integer webhookTimeoutSeconds,
      Map<String, Contact> contacts,
      @JsonProperty("evidence_max_bytes") Long evidenceMaxBytes,
      String collection,
      Smtp smtp) {
    static final Cases DEFAULT = new Cases(null, null, null, null, null, null, null);
    /** 1 GiB: a disk image of a small server's logs, far below what a data directory usually has free. */
    static final long DEFAULT_EVIDENCE_MAX_BYTES = 1L << 30;

    public Cases {
      tickSeconds = tickSeconds == null ? 30 : tickSeconds;
      warnLeadSeconds = warnLeadSeconds == null ? 3600 : warnLeadSeconds;
      webhookTimeoutSeconds = webhookTimeoutSeconds == null ? 10 : webhookTimeoutSeconds;
      contacts = contacts == null ? Map.of() : Map.copyOf(contacts);
      evidenceMaxBytes = evidenceMaxBytes == null ? DEFAULT_EVIDENCE_MAX_BYTES : evidenceMaxBytes;
      if (evidenceMaxBytes < 0) {
        throw new IllegalArgumentException("cases.evidence_max_bytes must be 0 or more, got " + evidenceMaxBytes);
      }
      if (tickSeconds < 0 || warnLeadSeconds < 0 || webhookTimeoutSeconds < 1) {
        throw new IllegalArgumentException("cases.tick_seconds and cases.warn_lead_seconds must be 0 or more,"
            + " cases.webhook_timeout_seconds positive");
      }
      if (smtp == null) {
        // An address that no server would ever be asked to reach is a contact silently not told: refuse it.
        for (Map.Entry<String, Contact> c : new java.util.TreeMap<>(contacts).entrySet()) {
          if (!c.getValue().email().isEmpty()) {
            throw new IllegalArgumentException("cases.contacts." + c.getKey() + ".email is set but cases.smtp is"
                + " not: no e-mail would be sent; add cases.smtp (host, from) or remove the address");
          }
        }
      }
    }

    /** The contact of {@code party}; a party without one gets no webhook and no e-mail. */
    public Contact contact(String party) {
      return contacts.getOrDefault(party, Contact.NONE);
    }

    /** {@link #smtp()} as an optional. */
    public java.util.Optional<Smtp> smtpOptional() {
      return java.util.Optional.ofNullable(smtp);
    }
  }

  /**
   * Where one party's case notifications go: webhook URLs, each sent a JSON POST, and e-mail addresses, each sent a
   * plain-text mail through {@code cases.smtp}. A URL may hold a token (many webhook services put one in the path),
   * so it is never printed whole: logs name the host only.
   *
   * @param webhooks absolute http(s) URLs
   * @param email addresses ({@code soc@cn.example} or {@code "CN SOC <soc@cn.example>"}); one or a list
   */
  public record Contact(
      List<java.net.URI> webhooks,
      @com.fasterxml.jackson.annotation.JsonFormat(
              with = com.fasterxml.jackson.annotation.JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          List<String> email) {
    static final Contact NONE = new Contact(null, null);

    /** A contact reached by webhook only. */
    public Contact(List<java.net.URI> webhooks) {
      this(webhooks, null);
    }

    public Contact {
      webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
      for (java.net.URI u : webhooks) {
        String scheme = u.getScheme() == null ? "" : u.getScheme();
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
          throw new IllegalArgumentException(
              "cases.contacts.*.webhooks: an absolute http(s) URL, not one with scheme '" + scheme + "'");
        }
      }
      email = email == null ? List.of() : List.copyOf(email);
      for (String address : email) {
        MailAddresses.parse(address, "cases.contacts.*.email");
      }
    }

    @Override
    public String toString() {
      return "Contact[webhooks=" + webhooks.stream().map(u -> u.getScheme() + "://" + u.getHost() + "/...").toList()
          + ", email=" + email + "]";
    }
  }

  /**
   * The mail server case escalations are sent through ({@code cases.smtp}): plain SMTP submission with STARTTLS
   * (RFC 3207) and, with {@code user}, SMTP AUTH (RFC 4954). A loopback host is taken for a local relay (port 25, no
   * TLS: nothing leaves the machine); any other host for a submission server (port 587, STARTTLS required, the
   * server's certificate checked against the JVM's trust store and its name). A password is never sent where it could
   * be read on the wire: with a user, a host that is not loopback must have {@code starttls: required}. The password
   * is never printed.
   *
   * @param host the server's name or address (required)
   * @param port its port (default 25 on loopback, 587 otherwise)
   * @param starttls {@code required} (the mail is not sent without TLS), {@code optional} (TLS when the server offers
   *     it), {@code none}; default {@code none} on loopback, {@code required} otherwise
   * @param user the SMTP AUTH user; absent: no authentication
   * @param password its password (prefer {@code password_file})
   * @param passwordFile a file holding the password (read at start; a final line break is ignored)
   * @param from the sender address (required)
   * @param timeoutSeconds how long connecting, and then each read and write, may take (default 10)
   */
  public record Smtp(
      String host,
      Integer port,
      String starttls,
      String user,
      String password,
      @JsonProperty("password_file") Path passwordFile,
      String from,
      @JsonProperty("timeout_seconds") Integer timeoutSeconds) {
    /** The STARTTLS policies, as {@code starttls:} spells them. */
    public static final List<String> STARTTLS = List.of("required", "optional", "none");

    public Smtp {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("cases.smtp.host is required (the mail server's name or address)");
      }
      if (!host.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
        throw new IllegalArgumentException("cases.smtp.host '" + host + "' is not a host name or address");
      }
      boolean loopback = isLoopback(host);
      port = port == null ? (loopback ? 25 : 587) : port;
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("cases.smtp.port must be between 1 and 65535, was " + port);
      }
      starttls = starttls == null ? (loopback ? "none" : "required") : starttls;
      if (!STARTTLS.contains(starttls)) {
        throw new IllegalArgumentException(
            "cases.smtp.starttls must be one of required, optional, none; was '" + starttls + "'");
      }
      if (password != null && passwordFile != null) {
        throw new IllegalArgumentException("cases.smtp: give at most one of password and password_file");
      }
      if (user == null && (password != null || passwordFile != null)) {
        throw new IllegalArgumentException("cases.smtp: a password is set but no user to log in as (cases.smtp.user)");
      }
      if (user != null && (user.isBlank() || password == null && passwordFile == null)) {
        throw new IllegalArgumentException(
            "cases.smtp.user " + (user.isBlank() ? "is blank" : "is set: give password or password_file"));
      }
      if (user != null && !loopback && !starttls.equals("required")) {
        throw new IllegalArgumentException("cases.smtp: a password goes to " + host + " only over TLS: set starttls:"
            + " required (it is '" + starttls + "', which would let anyone on the path read or strip it)");
      }
      if (from == null) {
        throw new IllegalArgumentException("cases.smtp.from is required (the sender address of escalation mails)");
      }
      MailAddresses.parse(from, "cases.smtp.from");
      timeoutSeconds = timeoutSeconds == null ? 10 : timeoutSeconds;
      if (timeoutSeconds < 1 || timeoutSeconds > 600) {
        throw new IllegalArgumentException("cases.smtp.timeout_seconds must be between 1 and 600, was "
            + timeoutSeconds);
      }
    }

    /**
     * Whether {@code host} is this machine: {@code localhost} or a loopback literal. A name is not resolved (a name
     * that resolves to loopback today may not tomorrow, and the TLS default must not hang on DNS).
     */
    static boolean isLoopback(String host) {
      String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
      if (h.equalsIgnoreCase("localhost")) {
        return true;
      }
      if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}") || h.contains(":")) {
        try {
          return java.net.InetAddress.getByName(h).isLoopbackAddress(); // a literal: parsed, never looked up
        } catch (java.net.UnknownHostException e) {
          return false;
        }
      }
      return false;
    }

    /** The password, from the configuration or its file; null without a user. */
    char[] secret() {
      if (password != null) {
        return password.toCharArray();
      }
      if (passwordFile == null) {
        return null;
      }
      try {
        String text = java.nio.file.Files.readString(passwordFile);
        text = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        return text.toCharArray();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(
            "cases.smtp.password_file: cannot read " + passwordFile + " (" + e.getClass().getSimpleName() + ")");
      }
    }

    @Override
    public String toString() {
      return "Smtp[host=" + host + ", port=" + port + ", starttls=" + starttls + ", user=" + user
          + (password != null || passwordFile != null ? ", password=(hidden)" : "") + ", from=" + from
          + ", timeoutSeconds=" + timeoutSeconds + "]";
    }
  }

  /**
   * HTTPS with a PKCS#12 (or JKS) keystore holding the server's key and certificate.
   *
   * @param keystore path of the keystore file
   * @param keystorePassword its password; never printed
   */
  public record Tls(Path keystore, @JsonProperty("keystore_password") String keystorePassword) {
    public Tls {
      Objects.requireNonNull(keystore, "tls.keystore is required when tls is set");
    }

    @Override
    public String toString() {
      return "Tls[keystore=" + keystore + ", keystorePassword=(hidden)]";
    }
  }

  /**
   * An external database; absent means embedded SQLite.
   *
   * @param jdbcUrl e.g. {@code jdbc:postgresql://db/accord}
   * @param user database user
   * @param password database password; never printed
   */
  public record Store(@JsonProperty("jdbc_url") String jdbcUrl, String user, String password) {
    public Store {
      Objects.requireNonNull(jdbcUrl, "store.jdbc_url is required when store is set");
    }

    @Override
    public String toString() {
      return "Store[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=(hidden)]";
    }
  }

  /**
   * The TAXII server (TAXII 2.1 §4.1, §4.2).
   *
   * @param title discovery title; defaults to the node name
   * @param description discovery description
   * @param contact discovery contact
   * @param apiRoots API roots with their collections; default one root {@code accord}
   * @param maxContentLength largest POST body in bytes; default 100 MiB
   * @param maxPageSize most objects per response; default 1000
   * @param users who may connect
   * @param auth how logins are throttled and PBKDF2 rationed; defaults to {@link AuthSettings#DEFAULTS}
   */
  public record Taxii(
      String title,
      String description,
      String contact,
      @JsonProperty("api_roots") List<ApiRoot> apiRoots,
      @JsonProperty("max_content_length") Long maxContentLength,
      @JsonProperty("max_page_size") Integer maxPageSize,
      List<User> users,
      Auth auth) {
    public static final long DEFAULT_MAX_CONTENT_LENGTH = 100L * 1024 * 1024;
    public static final int DEFAULT_MAX_PAGE_SIZE = 1000;

    /** Without {@code auth}: the defaults. */
    public Taxii(String title, String description, String contact, List<ApiRoot> apiRoots, Long maxContentLength,
        Integer maxPageSize, List<User> users) {
      this(title, description, contact, apiRoots, maxContentLength, maxPageSize, users, null);
    }

    public Taxii withUsers(List<User> newUsers) {
      return new Taxii(title, description, contact, apiRoots, maxContentLength, maxPageSize, newUsers, auth);
    }

    public Taxii withAuth(Auth newAuth) {
      return new Taxii(title, description, contact, apiRoots, maxContentLength, maxPageSize, users, newAuth);
    }

    public Taxii {
      auth = auth == null ? Auth.DEFAULT : auth;
      apiRoots = apiRoots == null || apiRoots.isEmpty() ? List.of(ApiRoot.DEFAULT) : List.copyOf(apiRoots);
      maxContentLength = maxContentLength == null ? DEFAULT_MAX_CONTENT_LENGTH : maxContentLength;
      maxPageSize = maxPageSize == null ? DEFAULT_MAX_PAGE_SIZE : maxPageSize;
      users = users == null ? List.of() : List.copyOf(users);
      if (maxContentLength < 1 || maxPageSize < 1) {
        throw new IllegalArgumentException("taxii.max_content_length and taxii.max_page_size must be positive");
      }
      Set<String> names = new HashSet<>();
      for (User u : users) {
        if (!names.add(u.name())) {
          throw new IllegalArgumentException("user '" + u.name() + "' is defined twice");
        }
      }
    }

    /** The id of the configured collection {@code key} names (id or alias); {@code key} itself if none does. */
    String collectionId(String key) {
      for (ApiRoot r : apiRoots) {
        for (Collection c : r.collections()) {
          if (c.id().equals(key) || key.equals(c.alias())) {
            return c.id();
          }
        }
      }
      return key;
    }

    /** A user's collection keys must name a configured collection (by id or alias) or be {@code *}. */
    void checkUsersNameKnownCollections() {
      Set<String> known = new HashSet<>(Set.of("*"));
      for (ApiRoot r : apiRoots) {
        for (Collection c : r.collections()) {
          known.add(c.id());
          if (c.alias() != null) {
            known.add(c.alias());
          }
        }
      }
      for (User u : users) {
        for (String key : u.collections().keySet()) {
          if (!known.contains(key)) {
            throw new IllegalArgumentException(
                "user '" + u.name() + "' has rights on collection '" + key + "', which no API root defines");
          }
        }
      }
    }
  }

  /**
   * Defence of the logins against guessing ({@code taxii.auth}); every field defaults to {@link AuthSettings#DEFAULTS}.
   *
   * @param userFreeFailures failed logins in a row a user name may have before it is backed off (default 5)
   * @param addressFreeFailures failed logins a client address may have before it is backed off (default 20)
   * @param backoffBaseSeconds the first back-off, doubled by each further failure (default 1)
   * @param backoffMaxSeconds the longest back-off (default 900)
   * @param maxTracked most user names and most addresses remembered (default 10000)
   * @param concurrentVerifications most PBKDF2 password checks at once (default 2)
   * @param verificationWaitMillis how long a login waits for a check slot before 503 (default 5000)
   * @param trustedProxies addresses or CIDR blocks of reverse proxies whose {@code X-Forwarded-For} is believed
   *     (default none: the TCP peer is the client)
   */
  public record Auth(
      @JsonProperty("user_free_failures") Integer userFreeFailures,
      @JsonProperty("address_free_failures") Integer addressFreeFailures,
      @JsonProperty("backoff_base_seconds") Integer backoffBaseSeconds,
      @JsonProperty("backoff_max_seconds") Integer backoffMaxSeconds,
      @JsonProperty("max_tracked") Integer maxTracked,
      @JsonProperty("concurrent_verifications") Integer concurrentVerifications,
      @JsonProperty("verification_wait_ms") Integer verificationWaitMillis,
      @JsonProperty("trusted_proxies") List<String> trustedProxies) {
    static final Auth DEFAULT = new Auth(null, null, null, null, null, null, null, null);

    public Auth {
      AuthSettings d = AuthSettings.DEFAULTS;
      userFreeFailures = userFreeFailures == null ? d.userFreeFailures() : userFreeFailures;
      addressFreeFailures = addressFreeFailures == null ? d.addressFreeFailures() : addressFreeFailures;
      backoffBaseSeconds = backoffBaseSeconds == null ? (int) d.backoffBase().toSeconds() : backoffBaseSeconds;
      backoffMaxSeconds = backoffMaxSeconds == null ? (int) d.backoffMax().toSeconds() : backoffMaxSeconds;
      maxTracked = maxTracked == null ? d.maxTracked() : maxTracked;
      concurrentVerifications = concurrentVerifications == null ? d.concurrentVerifications() : concurrentVerifications;
      verificationWaitMillis =
          verificationWaitMillis == null ? (int) d.verificationWait().toMillis() : verificationWaitMillis;
      trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
      try {
        // Checks the values now, with the key names in the message (the fields are not assigned yet).
        settings(userFreeFailures, addressFreeFailures, backoffBaseSeconds, backoffMaxSeconds, maxTracked,
            concurrentVerifications, verificationWaitMillis, trustedProxies);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("taxii.auth: " + e.getMessage(), e);
      }
    }

    /** As the authenticator takes them. */
    public AuthSettings settings() {
      return settings(userFreeFailures, addressFreeFailures, backoffBaseSeconds, backoffMaxSeconds, maxTracked,
          concurrentVerifications, verificationWaitMillis, trustedProxies);
    }

    private static AuthSettings settings(int userFree, int addressFree, int baseSeconds, int maxSeconds, int tracked,
        int concurrent, int waitMillis, List<String> proxies) {
      return new AuthSettings(userFree, addressFree, java.time.Duration.ofSeconds(baseSeconds),
          java.time.Duration.ofSeconds(maxSeconds), tracked, concurrent, java.time.Duration.ofMillis(waitMillis),
          proxies);
    }
  }

  /**
   * One API root (TAXII 2.1 §4.2).
   *
   * @param name URL path segment
   * @param title defaults to the name
   * @param description optional
   * @param collections its collections; default one collection aliased {@code default}
   */
  public record ApiRoot(String name, String title, String description, List<Collection> collections) {
    static final ApiRoot DEFAULT = new ApiRoot("accord", "Accord", null, null);

    public ApiRoot {
      Objects.requireNonNull(name, "api_roots[].name is required");
      title = title == null ? name : title;
      collections =
          collections == null || collections.isEmpty()
              ? List.of(Collection.defaultFor(name))
              : List.copyOf(collections);
    }
  }

  /**
   * One collection (TAXII 2.1 §5.2).
   *
   * @param id a UUID
   * @param alias optional short name usable in URLs instead of the id
   * @param title defaults to the alias or the id
   * @param description optional
   */
  public record Collection(String id, String alias, String title, String description) {
    public Collection {
      Objects.requireNonNull(id, "collections[].id is required");
      UUID.fromString(id); // TAXII 2.1 §5.2.1: the id MUST be a UUID; fails with a clear message otherwise
      title = title != null ? title : alias != null ? alias : id;
    }

    /** The default collection of an API root: a stable UUID derived from the root's name, alias {@code default}. */
    static Collection defaultFor(String apiRoot) {
      String id = UUID.nameUUIDFromBytes(("accord:" + apiRoot + ":default").getBytes()).toString();
      return new Collection(id, "default", "Default collection", null);
    }
  }

  /**
   * A TAXII user.
   *
   * @param name the HTTP Basic user name
   * @param passwordHash a {@code pbkdf2-sha256$...} hash; never printed
   * @param collections rights per collection id or alias; {@code *} for all. For a peer ({@code party} set) the
   *     rulebook decides and these can only narrow it; when empty, the rulebook alone decides. Only this node's own
   *     users may be given {@code delete}
   * @param party the rulebook party whose node logs in as this user (a peer); absent for this node's own users
   */
  public record User(
      String name,
      @JsonProperty("password_hash") String passwordHash,
      Map<String, Access> collections,
      String party) {
    public User {
      Objects.requireNonNull(name, "users[].name is required");
      Objects.requireNonNull(passwordHash, "users[].password_hash is required");
      collections = collections == null ? Map.of() : Map.copyOf(collections);
      if (!org.accord.taxii.server.PasswordHash.isWellFormed(passwordHash)) {
        throw new IllegalArgumentException(
            "user '" + name + "': password_hash must look like pbkdf2-sha256$<iterations>$<salt>$<hash>");
      }
      if (party != null) {
        collections.entrySet().stream().filter(e -> e.getValue().delete()).findFirst().ifPresent(e -> {
          throw new IllegalArgumentException(
              "user '" + name + "' is the node of party " + party + ", and a peer never deletes: remove delete: true"
                  + " from its rights on collection '" + e.getKey() + "'");
        });
      }
    }

    @Override
    public String toString() {
      return "User[name=" + name + ", passwordHash=(hidden), collections=" + collections
          + (party == null ? "" : ", party=" + party) + "]";
    }
  }

  /**
   * Rights on one collection.
   *
   * @param read {@code can_read}
   * @param write {@code can_write}
   * @param delete may delete objects (TAXII 2.1 §5.7); default false, needs {@code read} and {@code write}, and is
   *     never granted to a peer's node
   */
  public record Access(Boolean read, Boolean write, Boolean delete) {
    public Access {
      read = read != null && read;
      write = write != null && write;
      delete = delete != null && delete;
      if (delete && !(read && write)) {
        throw new IllegalArgumentException("delete: true needs read: true and write: true on the same collection");
      }
    }

    /** Read and write rights, no delete. */
    public Access(Boolean read, Boolean write) {
      this(read, write, false);
    }
  }
}
