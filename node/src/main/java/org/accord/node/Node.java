package org.accord.node;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.accord.ledger.CorruptLedgerException;
import org.accord.ledger.Entry;
import org.accord.ledger.HeadAnchor;
import org.accord.cases.evidence.EvidencePackages;
import org.accord.cases.evidence.EvidenceStore;
import org.accord.cases.evidence.LedgerCustody;
import org.accord.ledger.Ledger;
import org.accord.ledger.LedgerAnchorException;
import org.accord.ledger.LedgerLockedException;
import org.accord.ledger.ObjectRef;
import org.accord.ledger.Verification;
import org.accord.rules.Egress;
import org.accord.rules.Holdings;
import org.accord.rules.Rulebook;
import org.accord.rules.RulebookHistory;
import org.accord.rules.SignedRulebook;
import org.accord.rules.Transforms;
import org.accord.stix.Validator;
import org.accord.stix.Violation;
import org.accord.store.CollectionInfo;
import org.accord.store.ObjectStore;
import org.accord.store.StoreSettings;
import org.accord.store.FederationState;
import org.accord.store.LedgerHeads;
import org.accord.store.Stores;
import org.accord.taxii.TransferListener;
import org.accord.taxii.client.Credentials;
import org.accord.taxii.client.Federation;
import org.accord.taxii.client.Peer;
import org.accord.taxii.client.Puller;
import org.accord.taxii.client.Pusher;
import org.accord.taxii.client.Sleeper;
import org.accord.taxii.client.TaxiiClient;
import org.accord.taxii.server.Authenticator;
import org.accord.taxii.server.NextTokens;
import org.accord.taxii.server.ObjectValidator;
import org.accord.taxii.server.OutboundFilter;
import org.accord.taxii.server.TaxiiServer;
import org.accord.taxii.server.TaxiiSettings;
import org.accord.taxii.server.User;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one node by hand, in one place, in the order the parts depend on each other: data directory, node secret and
 * key pair, ledger, store and collections, the active rulebook's gate, users, the TAXII server and the ledger
 * endpoints, the mutual-assistance requests ({@link NodeCases}: their service, clock and REST API under {@code
 * /api/cases/}) and their evidence ({@link EvidenceEndpoints}: the store in {@code <data_dir>/evidence}, custody in
 * the ledger), hash banks and matching ({@link NodeHashes}: the match index over every bank entry in the store, REST
 * under {@code /api/hash/}), the HTTP app, then federation with the configured peers. No container: what runs is what this class
 * says.
 *
 * <p>Every way out of the node goes through the one {@link NodeGate}: the TAXII server's {@link OutboundFilter} (GETs
 * by peers), the federation's push filter, and {@code accord export --to} / {@code accord explain}, which build the
 * same gate with {@link #gate}. Every transfer with a peer is written to the ledger ({@link LedgerRecorder}) before
 * the data leaves; after a run that moved data, the node exchanges signed ledger checkpoints with the peer.
 */
public final class Node {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  /** The ledger file in the data directory. */
  public static final String LEDGER_FILE = "ledger.jsonl";

  /** The rulebook history directory in the data directory. */
  public static final String RULEBOOK_DIR = "rulebook";

  /** Where POST bodies are spooled while checked and ingested: inside the data directory (700), never /tmp. */
  static final String SPOOL_DIR = "spool";

  /** The node's evidence (content-addressed files and their packages) in the data directory. */
  static final String EVIDENCE_DIR = "evidence";

  /** The pseudonym secret, separate from the next-token secret: one key, one purpose. */
  static final String PSEUDONYM_SECRET = "pseudonym.key";

  private Node() {}

  public static RunningNode start(NodeConfig config) {
    return start(config, Clock.systemUTC());
  }

  public static RunningNode start(NodeConfig config, Clock clock) {
    // Owner-only before anything is read or written, so existing installations are tightened at start too.
    PrivateFiles.restrictTree(config.dataDir());
    clearSpool(config);
    byte[] secret = NodeSecret.loadOrCreate(config.dataDir());
    KeyPair keys = NodeKeys.loadOrCreate(config.dataDir());
    // The store first: it keeps the ledger's second head anchor, which the ledger is held against as it opens.
    ObjectStore store = Stores.open(storeSettings(config), clock);
    Ledger ledger;
    try {
      ledger = openLedger(config, keys, clock, Stores.ledgerHeads(store));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    Javalin app = null;
    NodeCases cases = null;
    NodeHashes hashes = null;
    try {
      TaxiiSettings taxiiSettings = taxiiSettings(config);
      ensureCollections(config, store);
      List<User> users = users(config.taxii());
      if (users.isEmpty()) {
        LOG.warn("no TAXII users are configured: every request will be refused with 401");
      }
      LiveGate gate = new LiveGate(gate(config, clock, store));
      LedgerRecorder recorder = new LedgerRecorder(ledger);
      TaxiiServer taxii =
          new TaxiiServer(
              taxiiSettings,
              store,
              new Authenticator(users, config.taxii().auth().settings(), clock),
              stixValidator(new Validator()),
              new TaxiiServer.Policies(gate, gate, gate, recorder),
              new NextTokens(secret),
              clock);
      LedgerEndpoints ledgerEndpoints = new LedgerEndpoints(ledger, () -> gate.rulebook().orElse(null));
      AssetEndpoints assetEndpoints = new AssetEndpoints(Stores.assets(store));
      EvidenceStore evidence =
          EvidenceStore.open(config.dataDir().resolve(EVIDENCE_DIR), config.cases().evidenceMaxBytes());
      EvidencePackages packages =
          EvidencePackages.open(evidence, config.party(), keys, clock, new LedgerCustody(ledger));
      cases =
          new NodeCases(config, store, ledger, gate, keys, clock,
              new EvidenceDelivery(config.party(), packages, ledger, gate::rulebook, config.peers(),
                  EvidenceDelivery::client, config.cases().evidenceMaxBytes(), spoolDirectory(config)));
      CaseEndpoints caseEndpoints =
          new CaseEndpoints(cases.cases(), cases.clock(), config.party(), new CasePageTokens(secret));
      EvidenceEndpoints evidenceEndpoints =
          new EvidenceEndpoints(
              cases.cases(), evidence, packages, config.party(), spoolDirectory(config), gate::rulebook, ledger,
              cases.delivery()::fetch);
      hashes = new NodeHashes(store, config.hash().collection(), NodeSensor.identity(config, clock), config.party(),
          gate::rulebook, clock);
      HashEndpoints hashEndpoints = new HashEndpoints(hashes, config.hash(), spoolDirectory(config));
      List<String> routes = new java.util.concurrent.CopyOnWriteArrayList<>();
      app =
          Javalin.create(
              javalin -> {
                javalin.showJavalinBanner = false;
                javalin.events.handlerAdded(
                    h -> {
                      if (h.getHttpMethod().isHttpMethod()) {
                        routes.add(h.getHttpMethod().name() + " " + h.getPath());
                      }
                    });
                taxii.install(javalin);
                ledgerEndpoints.install(javalin);
                assetEndpoints.install(javalin);
                caseEndpoints.install(javalin);
                evidenceEndpoints.install(javalin);
                hashEndpoints.install(javalin);
                config.tlsOptional().ifPresent(tls -> https(javalin, tls));
              });
      app.start(config.host(), config.port());
      // The pusher's refusals also reach the case exchange: a case object the peer refused shows with its request.
      Federation federation = federation(config, store, gate, recorder, cases.exchange().watching(recorder));
      RulebookInbox inbox = new RulebookInbox(config, ledger, gate, clock);
      // What opening the ledger, the store, the rulebook history and the inbox created (the directory's 700 already
      // fenced it; this keeps each file closed should it be copied out).
      PrivateFiles.restrictTree(config.dataDir());
      hashes.start(config.hash().refreshSeconds());
      RunningNode node =
          new RunningNode(config, app, store, ledger, gate, federation, inbox, cases, hashes, routes);
      LOG.info("node '{}' (party {}) serving TAXII 2.1 at {}/taxii2/ under {}", config.name(), config.party(),
          node.baseUrl(), gate.rulebook().map(r -> "rulebook " + r.name() + " v" + r.version())
              .orElse("no rulebook: nothing is shared with peers"));
      if (federation != null && config.federation().intervalSeconds() > 0) {
        federation.start(Duration.ofSeconds(config.federation().intervalSeconds()), node::afterFederationRun);
      }
      return node;
    } catch (RuntimeException e) {
      if (app != null) {
        app.stop();
      }
      if (cases != null) {
        cases.close();
      }
      if (hashes != null) {
        hashes.close();
      }
      closeQuietly(ledger); // before the store: the ledger hands its last head to the store's anchor
      store.close();
      throw e;
    }
  }

  /**
   * Opens the node's ledger, held against its head anchors ({@link #ledgerAnchors} and the head kept in the node's
   * database, {@code heads}). A torn last line (a crash in the
   * middle of an append, which was therefore never acknowledged nor anchored) is cut off and logged; any other damage,
   * and a ledger shorter than its anchor or different at the anchored seq (entries cut at a line boundary, the file
   * emptied or replaced), stops the node with the verifier's message, since a node must not go on appending to a
   * ledger it cannot vouch for.
   */
  static Ledger openLedger(NodeConfig config, KeyPair keys, Clock clock, LedgerHeads heads) {
    List<HeadAnchor> anchors = new java.util.ArrayList<>(ledgerAnchors(config));
    anchors.add(new StoreHeadAnchor(heads, config.party()));
    Path file = ledgerFile(config);
    try {
      Files.createDirectories(config.dataDir());
      try {
        return Ledger.open(file, keys, config.party(), clock, anchors);
      } catch (CorruptLedgerException e) {
        if (e.verification().problem() != Verification.Problem.TORN_TAIL) {
          throw e;
        }
        Ledger.TailRepair repair = Ledger.repairTornTail(file, keys.getPublic());
        LOG.warn("ledger {} ended in a torn line (a crash mid-append): {} bytes cut, line end restored: {}", file,
            repair.bytesRemoved(), repair.lineEndRestored());
        return Ledger.open(file, keys, config.party(), clock, anchors);
      }
    } catch (LedgerAnchorException e) {
      throw new UncheckedIOException(
          "refusing to start: " + e.getMessage() + ". Restore the ledger from a backup; `accord ledger verify` "
              + "reports the same",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the ledger " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Where the ledger's head is kept apart from the file: {@code <data_dir>/ledger.jsonl.head}, the head signed with
   * the node's key, moved after every durable append (issue 8, finding 7c). The running node also keeps it in its
   * database ({@link StoreHeadAnchor}); commands that append while the node is stopped ({@code rules activate}) move
   * only the file's, and the database's, left behind, is still a head the ledger reaches: an anchor may lag, never
   * lead.
   */
  public static List<HeadAnchor> ledgerAnchors(NodeConfig config) {
    return List.of(HeadAnchor.file(HeadAnchor.besideFile(ledgerFile(config))));
  }

  /**
   * The ledger head the node keeps in its database ({@link StoreHeadAnchor}), for {@code accord ledger verify}; empty
   * when the node has no database yet (the embedded one is not created by asking) or it holds no head.
   */
  public static Optional<org.accord.ledger.Checkpoint> databaseLedgerHead(NodeConfig config) throws IOException {
    if (config.store() == null && !Files.exists(config.dataDir().resolve("accord.db"))) {
      return Optional.empty();
    }
    try (ObjectStore store = Stores.open(storeSettings(config))) {
      return new StoreHeadAnchor(Stores.ledgerHeads(store), config.party()).read();
    }
  }

  private static void closeQuietly(Ledger ledger) {
    try {
      ledger.close();
    } catch (IOException e) {
      LOG.warn("closing the ledger failed: {}", e.getMessage());
    }
  }

  /** {@code <data_dir>/ledger.jsonl}. */
  public static Path ledgerFile(NodeConfig config) {
    return config.dataDir().resolve(LEDGER_FILE);
  }

  /** The node's rulebook history in {@code <data_dir>/rulebook/}, anchored on the node's party and key. */
  public static RulebookHistory rulebookHistory(NodeConfig config, Clock clock) {
    KeyPair keys = NodeKeys.loadOrCreate(config.dataDir());
    return RulebookHistory.open(config.dataDir().resolve(RULEBOOK_DIR), config.party(), keys.getPublic(), clock);
  }

  /**
   * Makes {@code candidate} the rulebook in force on this node, or says why not ({@link
   * org.accord.rules.RulebookException}: not fully signed, altered, replayed, not superseding the active version...),
   * and records the activation in the node's ledger. The ledger is opened (verified, locked) first, so a ledger that
   * cannot record the activation, broken or held by the running node, stops it before anything changes.
   *
   * @throws NodeRunningException when a running node holds the ledger: use {@link #activateInRunningNode}
   * @throws IOException when the ledger cannot be opened or written
   */
  public static SignedRulebook activate(NodeConfig config, SignedRulebook candidate) throws IOException {
    KeyPair keys = NodeKeys.loadOrCreate(config.dataDir());
    Files.createDirectories(config.dataDir());
    Ledger ledger;
    try {
      ledger = Ledger.open(ledgerFile(config), keys, config.party(), Clock.systemUTC(), ledgerAnchors(config));
    } catch (LedgerLockedException e) {
      throw new NodeRunningException(
          "the ledger " + ledgerFile(config) + " is held by the running node: hand the version to it", e);
    }
    try (ledger) {
      return activate(config, candidate, ledger, Clock.systemUTC());
    } finally {
      PrivateFiles.restrictTree(config.dataDir()); // the rulebook history and ledger files it wrote
    }
  }

  /** Activates {@code candidate} and records the activation in {@code ledger} (the caller's, or the running node's). */
  static SignedRulebook activate(NodeConfig config, SignedRulebook candidate, Ledger ledger, Clock clock)
      throws IOException {
    SignedRulebook active = rulebookHistory(config, clock).activate(candidate);
    ledger.append(
        Entry.Draft.rulebookActivated(
            new ObjectRef(active.rulebook().name(), Integer.toString(active.rulebook().version())),
            Entry.Draft.payloadHash(active.rulebook().canonicalBytes())));
    return active;
  }

  /**
   * Hands a rulebook version (its YAML and signature file texts) to the node running on this data directory, which
   * activates it as {@link #activate} would and applies it at once; returns the node's answer ({@code OK ...}, {@code
   * REFUSED reason}, {@code FAILED reason}).
   *
   * @throws IOException when no running node answers within 30 seconds
   */
  public static String activateInRunningNode(NodeConfig config, String yamlText, String signatureText)
      throws IOException {
    return RulebookInbox.submit(config, yamlText, signatureText, Duration.ofSeconds(30));
  }

  /** The ledger is held by a node running on the same data directory. */
  public static final class NodeRunningException extends IOException {
    private static final long serialVersionUID = 1L;

    NodeRunningException(String message, IOException cause) {
      super(message, cause);
    }
  }

  /**
   * The node's gate: the active rulebook (verified again from its signed copy), this node's party and unmarked
   * default, the pseudonym secret, and the store in which it looks up what an object names. The same gate for the
   * running node and for the commands that read the store ({@code accord export --to}, {@code accord explain}).
   */
  public static NodeGate gate(NodeConfig config, Clock clock, ObjectStore store) {
    return gate(config, clock, new StoreHoldings(store));
  }

  static NodeGate gate(NodeConfig config, Clock clock, Holdings holdings) {
    return new NodeGate(
        activeRulebook(config, clock).orElse(null),
        new Egress.Settings(config.party(), config.unmarked(), clock),
        transforms(config),
        new Validator(),
        holdings,
        NodeGate.PeerCollections.of(config));
  }

  /** The active rulebook, verified again from its signed copy; empty when none is active. */
  public static Optional<Rulebook> activeRulebook(NodeConfig config, Clock clock) {
    return rulebookHistory(config, clock).active().map(SignedRulebook::rulebook);
  }

  /**
   * The privacy transforms of this node's egress gate, keyed by the node's pseudonym secret in the data directory
   * (created on first use), so pseudonyms stay stable across restarts and commands.
   */
  public static Transforms transforms(NodeConfig config) {
    return new Transforms(NodeSecret.loadOrCreate(config.dataDir(), PSEUDONYM_SECRET));
  }

  /** Federation with the configured peers; null when there are none. */
  private static Federation federation(
      NodeConfig config, ObjectStore store, LiveGate gate, LedgerRecorder recorder, TransferListener pushes) {
    if (config.peers().isEmpty()) {
      return null;
    }
    FederationState state = Stores.federationState(store);
    int page = config.federation().pageSize();
    List<Peer> peers =
        config.peers().stream()
            .map(
                p ->
                    new Peer(
                        p.party(),
                        p.url(),
                        p.apiRoot(),
                        new Credentials(p.user(), new String(p.secret())),
                        p.pull().stream().map(l -> new Peer.CollectionLink(l.remote(), l.local())).toList(),
                        p.push().stream().map(l -> new Peer.CollectionLink(l.remote(), l.local())).toList()))
            .toList();
    NodeConfig.Federation settings = config.federation();
    // One HTTP client (one selector thread, one connection pool) for every peer: a client per peer costs a thread
    // per peer, which a node with hundreds of peers cannot afford.
    HttpClient http = HttpClient.newBuilder().connectTimeout(TaxiiClient.Settings.DEFAULT.connectTimeout()).build();
    return new Federation(
        peers,
        peer ->
            new TaxiiClient(http, peer.credentials(), TaxiiClient.Settings.DEFAULT, Sleeper.SYSTEM,
                Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble()),
        new Puller(store, state, gate, recorder, page),
        new Pusher(store, state, gate, pushes, page),
        new Federation.Schedule(
            settings.threadsFor(peers.size()), Duration.ofSeconds(settings.maxBackoffSeconds()),
            Duration.ofSeconds(settings.maxRunSeconds())),
        Clock.systemUTC());
  }

  /** Creates the configured collections that the store does not hold yet. */
  public static void ensureCollections(NodeConfig config, ObjectStore store) {
    taxiiSettings(config).apiRoots().forEach(root -> root.collections().forEach(store::ensureCollection));
  }

  /** Where the node keeps its objects: the configured database, else embedded SQLite in the data directory. */
  public static StoreSettings storeSettings(NodeConfig config) {
    NodeConfig.Store s = config.store();
    return s == null
        ? StoreSettings.embedded(config.dataDir())
        : new StoreSettings(s.jdbcUrl(), s.user(), s.password(), 10);
  }

  static Path spoolDirectory(NodeConfig config) {
    return config.dataDir().resolve(SPOOL_DIR);
  }

  /**
   * Removes bodies left in the spool by a process that died while ingesting them: nothing of them was acknowledged
   * (the 202 comes after the ingest), and what was stored of them is in the ledger (RECEIVED ahead of each batch).
   */
  static void clearSpool(NodeConfig config) {
    Path dir = spoolDirectory(config);
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> left = Files.list(dir)) {
      for (Path p : (Iterable<Path>) left::iterator) {
        if (p.getFileName().toString().endsWith(TaxiiSettings.SPOOL_SUFFIX)) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the spool " + dir + ": " + e.getMessage(), e);
    }
  }

  static TaxiiSettings taxiiSettings(NodeConfig config) {
    NodeConfig.Taxii t = config.taxii();
    List<TaxiiSettings.ApiRoot> roots =
        t.apiRoots().stream()
            .map(r -> new TaxiiSettings.ApiRoot(r.name(), r.title(), r.description(), collections(r)))
            .toList();
    String title = t.title() != null ? t.title() : config.name();
    return new TaxiiSettings(
        title, t.description(), t.contact(), roots, t.maxContentLength(), t.maxPageSize(), spoolDirectory(config));
  }

  private static List<CollectionInfo> collections(NodeConfig.ApiRoot root) {
    return root.collections().stream()
        .map(c -> new CollectionInfo(c.id(), c.title(), c.description(), c.alias(), List.of()))
        .toList();
  }

  private static List<User> users(NodeConfig.Taxii taxii) {
    return taxii.users().stream()
        .map(
            u -> {
              Map<String, User.Access> access =
                  u.collections().entrySet().stream()
                      .collect(
                          Collectors.toMap(
                              Map.Entry::getKey, e -> new User.Access(e.getValue().read(), e.getValue().write(),
                                  e.getValue().delete())));
              return new User(u.name(), u.passwordHash(), access, u.party());
            })
        .toList();
  }

  /**
   * The STIX validator as the TAXII server's {@link ObjectValidator}: its violations (MUST rules) reject an object;
   * warnings (SHOULD rules) do not. A bundle is not an object a collection can hold, so it is refused rather than
   * validated as a container.
   */
  static ObjectValidator stixValidator(Validator validator) {
    return object -> {
      if ("bundle".equals(object.path("type").asText())) {
        return List.of(new Violation("$.type", "bundle-in-collection", "a bundle cannot be stored as an object"));
      }
      return validator.validate(object).violations();
    };
  }

  /** HTTPS only (no plain connector) with the configured keystore; TLS 1.2+ (TAXII 2.1 §8.2.2). */
  private static void https(JavalinConfig javalin, NodeConfig.Tls tls) {
    javalin.jetty.addConnector(
        (server, httpConfig) -> {
          SslContextFactory.Server ssl = new SslContextFactory.Server();
          ssl.setKeyStorePath(tls.keystore().toAbsolutePath().toString());
          if (tls.keystorePassword() != null) {
            ssl.setKeyStorePassword(tls.keystorePassword());
          }
          ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
          HttpConfiguration https = new HttpConfiguration(httpConfig);
          https.addCustomizer(new SecureRequestCustomizer());
          ServerConnector connector =
              new ServerConnector(
                  server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
          connector.setHost(javalin.jetty.defaultHost);
          connector.setPort(javalin.jetty.defaultPort);
          return connector;
        });
  }
}
