package org.accord.node;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.LegalBasis;
import org.accord.cases.RequestKind;
import org.accord.cases.Urgency;
import org.accord.rules.RulebookParser;
import org.accord.rules.RulebookSigner;
import org.accord.stix.Tlp;
import org.accord.taxii.server.PasswordHash;

/**
 * A node of party {@code home} under a rulebook with an obligation clause ({@code T1.O1}: acknowledge within 24 h,
 * answer within 10 days, preserve 60 days, extension 30 days) binding it and party {@code peer}, on a moving clock,
 * with a real local webhook receiver as both parties' contact. Starting it again on the same directory is a restart.
 */
final class CaseNode implements AutoCloseable {
  static final String PASSWORD = "correct horse battery staple";
  /** Now, to the second: the ledger (which also records the activation at the real time) only goes forward. */
  static Instant t0() {
    return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    private volatile Instant now;

    MovingClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    void set(Instant at) {
      now = at;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  /** A webhook receiver: keeps each body it takes, answers {@link #status}. */
  static final class Webhook implements AutoCloseable {
    final HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> paths = new CopyOnWriteArrayList<>();
    volatile int status = 204;

    Webhook() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            int s = status;
            if (s / 100 == 2) {
              bodies.add(new String(body, StandardCharsets.UTF_8));
              paths.add(ex.getRequestURI().getPath());
            }
            ex.sendResponseHeaders(s, -1);
            ex.close();
          });
      server.start();
    }

    String url(String path) {
      return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  final Path dir;
  final MovingClock clock;
  final RunningNode node;

  private CaseNode(Path dir, MovingClock clock, String casesYaml) {
    this.dir = dir;
    this.clock = clock;
    NodeConfig config = NodeConfigReader.parse(yaml(dir, casesYaml), "case node");
    activate(config);
    this.node = Node.start(config, clock);
  }

  /** A node on a fresh directory; {@code casesYaml} is the {@code cases:} section's body, indented by 2. */
  static CaseNode start(MovingClock clock, String casesYaml) {
    try {
      return new CaseNode(Files.createTempDirectory("accord-cases-node-"), clock, casesYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CaseNode restart(Path dir, MovingClock clock, String casesYaml) {
    return new CaseNode(dir, clock, casesYaml);
  }

  /** A normal preservation request from {@code requester} to {@code requested}, in sector energy. */
  static AssistanceRequest request(String requester, String requested, Instant created) {
    return new AssistanceRequest(
        AssistanceRequest.TYPE + "--" + java.util.UUID.randomUUID(), RequestKind.PRESERVATION, requester, requested,
        new LegalBasis("T1.O1", "Budapest Convention art. 29"), "unauthorised access to a power grid",
        "Command servers at 203.0.113.7 directed the intrusion.", List.of("connection logs of 203.0.113.7"),
        "Example Hosting Inc.", null, Urgency.NORMAL, "energy", List.of(), Tlp.AMBER, created);
  }

  private static String yaml(Path dir, String casesYaml) {
    String hash = PasswordHash.hash(PASSWORD.toCharArray(), 1_000);
    return String.join(
        "\n",
        "name: case-node",
        "party: home",
        "port: 0",
        "data_dir: " + dir.toAbsolutePath(),
        "taxii:",
        "  users:",
        "    - name: alice",
        "      password_hash: " + hash,
        "      collections:",
        "        '*': {read: true, write: true}",
        "    - name: peer-node",
        "      party: peer",
        "      password_hash: " + hash,
        "    - name: third-node",
        "      party: third",
        "      password_hash: " + hash,
        "cases:",
        casesYaml,
        "");
  }

  private static void activate(NodeConfig config) {
    if (Node.rulebookHistory(config, Clock.systemUTC()).active().isPresent()) {
      return;
    }
    KeyPair home = NodeKeys.loadOrCreate(config.dataDir());
    KeyPair peer = NodeKeys.loadOrCreate(config.dataDir().resolve("peer"));
    String text = rulebook(1, "T1.O1", "24h", home, peer);
    try {
      Node.activate(
          config,
          RulebookSigner.sign(
              RulebookSigner.sign(RulebookParser.parse(text, "test rulebook"), "home", home.getPrivate()),
              "peer", peer.getPrivate()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Version {@code version} of the test rulebook; its one obligation {@code clause} acknowledges in {@code ack}. */
  static String rulebook(int version, String clause, String ack, KeyPair home, KeyPair peer) {
    return String.join(
        "\n",
        "rulebook: test-cases",
        "version: " + version,
        "supersedes: " + (version - 1),
        "parties:",
        "  home:",
        "    name: Home CERT (test)",
        "    identity: " + TestNode.HOME_IDENTITY,
        "    key: " + NodeKeys.publicKeyText(home),
        "  peer:",
        "    name: Peer CERT (test)",
        "    identity: " + TestNode.PEER_IDENTITY,
        "    key: " + NodeKeys.publicKeyText(peer),
        "agreements:",
        "  - id: T1",
        "    title: Test cooperation",
        "    parties: [home, peer]",
        "    clauses:",
        "      - id: " + clause,
        "        kind: obligation",
        "        on: assistance-request",
        "        acknowledge_within: " + ack,
        "        answer_within: { emergency: 8h, normal: 10d }",
        "        preserve_for: 60d",
        "        extension: 30d",
        "        on_breach: [ledger]",
        "");
  }

  /** The rulebook's version signed by both parties (the peer's key is kept in the data directory's peer/). */
  static org.accord.rules.SignedRulebook signed(Path dataDir, String text) {
    KeyPair home = NodeKeys.loadOrCreate(dataDir);
    KeyPair peer = NodeKeys.loadOrCreate(dataDir.resolve("peer"));
    return RulebookSigner.sign(
        RulebookSigner.sign(RulebookParser.parse(text, "test rulebook"), "home", home.getPrivate()), "peer",
        peer.getPrivate());
  }

  @Override
  public void close() {
    node.close();
  }
}
