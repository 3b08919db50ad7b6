package org.accord.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.accord.taxii.server.PasswordHash;

/**
 * A node started in-process on a free port over SQLite in a temporary data directory, for integration tests over
 * real HTTP. The configuration is written as YAML and read by {@link NodeConfigReader}, so tests also exercise the
 * file format. Users: {@code alice} (read and write on every collection), {@code bob} (read only, on {@code intel}).
 */
public final class TestNode implements AutoCloseable {
  public static final String INTEL = "365fed99-08fa-fdcd-a1b3-fb247eb41d01";
  public static final String PRIVATE = "91a7b528-80eb-42ed-a74d-c6fbd5a26116";
  public static final String PASSWORD = "correct horse battery staple";
  /** Fewer PBKDF2 iterations than production, to keep tests fast; the format is the same. */
  private static final int TEST_ITERATIONS = 1_000;

  private final Path dataDir;
  private final boolean ownsDataDir;
  private final RunningNode node;

  /** This node's party when started {@link #withPeer}, and its peer's. */
  public static final String HOME = "home";

  public static final String PEER = "peer";
  /** The peer's node user on this node (party {@link #PEER}), password {@link #PASSWORD}. */
  public static final String PEER_USER = "peer-node";

  static final String HOME_IDENTITY = "identity--0b1c8d3e-2f4a-4b5c-8d6e-7f8091a2b3c4";
  static final String PEER_IDENTITY = "identity--9e8d7c6b-5a49-4382-a1b0-c9d8e7f60514";

  private TestNode(Path dataDir, boolean ownsDataDir, long maxContentLength, int port) {
    this(dataDir, ownsDataDir, maxContentLength, port, false);
  }

  private TestNode(Path dataDir, boolean ownsDataDir, long maxContentLength, int port, boolean withPeer) {
    this(dataDir, ownsDataDir, maxContentLength, port, withPeer, "");
  }

  private TestNode(
      Path dataDir, boolean ownsDataDir, long maxContentLength, int port, boolean withPeer, String extraYaml) {
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    String yaml = yaml(dataDir, maxContentLength, port);
    if (withPeer) {
      yaml = peerYaml(yaml) + extraYaml;
      NodeConfig config = NodeConfigReader.parse(yaml, "test config");
      activatePeerRulebook(config);
    }
    this.node = Node.start(NodeConfigReader.parse(yaml, "test config"));
  }

  /**
   * A node of party {@link #HOME} with a peer, party {@link #PEER}, whose node logs in as {@link #PEER_USER}: under a
   * rulebook both signed, each may send the other indicators (TLP clear, green, amber; unmarked counts as amber).
   * The peer's key pair is kept in {@code <data_dir>/peer/} for tests that act as the peer (checkpoints).
   */
  public static TestNode withPeer() {
    try {
      return new TestNode(Files.createTempDirectory("accord-node-"), true,
          NodeConfig.Taxii.DEFAULT_MAX_CONTENT_LENGTH, 0, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #withPeer} with more top-level settings of accord.yaml (e.g. a {@code hash:} section). */
  public static TestNode withPeer(String extraYaml) {
    try {
      return new TestNode(Files.createTempDirectory("accord-node-"), true,
          NodeConfig.Taxii.DEFAULT_MAX_CONTENT_LENGTH, 0, true, extraYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #withPeer} on an existing data directory (a restart); the caller owns the directory. */
  public static TestNode restartWithPeer(Path dataDir) {
    return new TestNode(dataDir, false, NodeConfig.Taxii.DEFAULT_MAX_CONTENT_LENGTH, 0, true);
  }

  /** The peer's key pair (made on first use). */
  public static java.security.KeyPair peerKeys(Path dataDir) {
    return NodeKeys.loadOrCreate(dataDir.resolve("peer"));
  }

  private static String peerYaml(String yaml) {
    String hash = PasswordHash.hash(PASSWORD.toCharArray(), TEST_ITERATIONS);
    return yaml.replace("name: test-node\n", "name: test-node\nparty: " + HOME + "\nunmarked_tlp: amber\n")
        + String.join(
            "\n",
            "    - name: " + PEER_USER,
            "      party: " + PEER,
            "      password_hash: " + hash,
            "");
  }

  private static void activatePeerRulebook(NodeConfig config) {
    if (Node.rulebookHistory(config, java.time.Clock.systemUTC()).active().isPresent()) {
      return;
    }
    java.security.KeyPair home = NodeKeys.loadOrCreate(config.dataDir());
    java.security.KeyPair peer = peerKeys(config.dataDir());
    String text =
        String.join(
            "\n",
            "rulebook: test-home-peer",
            "version: 1",
            "supersedes: 0",
            "parties:",
            "  " + HOME + ":",
            "    name: Home CERT (test)",
            "    identity: " + HOME_IDENTITY,
            "    key: " + NodeKeys.publicKeyText(home),
            "  " + PEER + ":",
            "    name: Peer CERT (test)",
            "    identity: " + PEER_IDENTITY,
            "    key: " + NodeKeys.publicKeyText(peer),
            "defaults:",
            "  unmarked: amber",
            "agreements:",
            "  - id: T1",
            "    title: Test exchange of indicators",
            "    parties: [" + HOME + ", " + PEER + "]",
            "    legal_basis: \"test\"",
            "    clauses:",
            "      - id: T1.S1",
            "        kind: share",
            "        from: [" + HOME + ", " + PEER + "]",
            "        to: [" + HOME + ", " + PEER + "]",
            "        what: { types: [indicator], tlp: [clear, green, amber] }",
            "        purpose: incident-response",
            "");
    try {
      org.accord.rules.Rulebook parsed = org.accord.rules.RulebookParser.parse(text, "test rulebook");
      org.accord.rules.SignedRulebook signed =
          org.accord.rules.RulebookSigner.sign(
              org.accord.rules.RulebookSigner.sign(parsed, HOME, home.getPrivate()), PEER, peer.getPrivate());
      Node.activate(config, signed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A node with a fresh data directory and the default body limit. */
  public static TestNode start() {
    return start(NodeConfig.Taxii.DEFAULT_MAX_CONTENT_LENGTH);
  }

  public static TestNode start(long maxContentLength) {
    try {
      return new TestNode(Files.createTempDirectory("accord-node-"), true, maxContentLength, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A node on an existing data directory (a restart); the caller owns the directory. */
  public static TestNode restart(Path dataDir) {
    return restart(dataDir, 0);
  }

  /** A restart on an existing data directory and a given port (the same address for the node's clients). */
  public static TestNode restart(Path dataDir, int port) {
    return new TestNode(dataDir, false, NodeConfig.Taxii.DEFAULT_MAX_CONTENT_LENGTH, port);
  }

  private static String yaml(Path dataDir, long maxContentLength, int port) {
    String hash = PasswordHash.hash(PASSWORD.toCharArray(), TEST_ITERATIONS);
    return String.join(
        "\n",
        "name: test-node",
        "port: " + port,
        "data_dir: " + dataDir.toAbsolutePath(),
        "taxii:",
        "  title: Accord test node",
        "  contact: soc@example.org",
        "  max_content_length: " + maxContentLength,
        "  max_page_size: 50",
        "  api_roots:",
        "    - name: accord",
        "      title: Accord API root",
        "      collections:",
        "        - id: " + INTEL,
        "          alias: intel",
        "          title: Shared intelligence",
        "        - id: " + PRIVATE,
        "          alias: private",
        "          title: Private",
        "  users:",
        "    - name: alice",
        "      password_hash: " + hash,
        "      collections:",
        "        '*': {read: true, write: true}",
        "    - name: bob",
        "      password_hash: " + hash,
        "      collections:",
        "        intel: {read: true}",
        "");
  }

  public String baseUrl() {
    return node.baseUrl();
  }

  public RunningNode node() {
    return node;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the node; keeps the data directory (for a restart). */
  public void stop() {
    node.close();
  }

  @Override
  public void close() {
    node.close();
    if (ownsDataDir) {
      deleteRecursively(dataDir);
    }
  }

  public static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
