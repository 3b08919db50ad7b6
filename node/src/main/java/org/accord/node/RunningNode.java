package org.accord.node;

import io.javalin.Javalin;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.accord.ledger.Checkpoint;
import org.accord.ledger.Ledger;
import org.accord.rules.Party;
import org.accord.rules.Rulebook;
import org.accord.store.ObjectStore;
import org.accord.taxii.client.Federation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started node: its address, store, ledger and gate, its federation with peers, its mutual-assistance requests,
 * and {@link #close()} to stop it (federation first, then HTTP, the case clock, then the ledger and the store).
 */
public final class RunningNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunningNode.class);

  private final NodeConfig config;
  private final Javalin app;
  private final ObjectStore store;
  private final Ledger ledger;
  private final LiveGate gate;
  private final Federation federation;
  private final RulebookInbox inbox;
  private final NodeCases cases;
  private final NodeHashes hashes;
  private final List<String> routes;
  private boolean closed;
  /** The seq of the last checkpoint of ours each peer accepted (written under that peer's exchange lock). */
  private final java.util.Map<String, Long> handedOut = new java.util.concurrent.ConcurrentHashMap<>();
  /** One lock per peer party: a checkpoint exchange with one peer never waits for another's. */
  private final java.util.Map<String, Object> exchangeLocks = new java.util.concurrent.ConcurrentHashMap<>();
  /** One HTTP client for every checkpoint exchange (a client per exchange costs a selector thread each time). */
  private final java.net.http.HttpClient peerHttp = PeerLedger.httpClient();

  RunningNode(
      NodeConfig config,
      Javalin app,
      ObjectStore store,
      Ledger ledger,
      LiveGate gate,
      Federation federation,
      RulebookInbox inbox,
      NodeCases cases,
      NodeHashes hashes,
      List<String> routes) {
    this.config = config;
    this.app = Objects.requireNonNull(app);
    this.store = Objects.requireNonNull(store);
    this.ledger = Objects.requireNonNull(ledger);
    this.gate = Objects.requireNonNull(gate);
    this.federation = federation;
    this.inbox = Objects.requireNonNull(inbox);
    this.cases = Objects.requireNonNull(cases);
    this.hashes = Objects.requireNonNull(hashes);
    this.routes = routes;
  }

  /**
   * Every route the node's HTTP app serves, as {@code METHOD path} with Javalin's path parameters (e.g. {@code GET
   * /{apiRoot}/collections/}): what the authorisation matrix test must cover.
   */
  public List<String> routes() {
    return List.copyOf(routes);
  }

  /** The port actually bound (useful when the configuration asked for 0). */
  public int port() {
    return app.port();
  }

  /** e.g. {@code http://127.0.0.1:9440}, without a trailing slash. */
  public String baseUrl() {
    String scheme = config.tls() == null ? "http" : "https";
    return scheme + "://" + config.host() + ":" + port();
  }

  /** The node's hash banks and match index. */
  public NodeHashes hashes() {
    return hashes;
  }

  public ObjectStore store() {
    return store;
  }

  public NodeConfig config() {
    return config;
  }

  public Ledger ledger() {
    return ledger;
  }

  /** The node's mutual-assistance requests (the same service its REST API uses). */
  public org.accord.cases.Cases cases() {
    return cases.cases();
  }

  /**
   * Waits until the evidence fetches due now (answers just received) have ended; later retries are not waited for.
   *
   * @return false when {@code within} passed first
   */
  public boolean awaitEvidence(java.time.Duration within) throws InterruptedException {
    return cases.delivery().awaitIdle(within);
  }

  /** The clocks of the node's requests (ticked by the node every {@code cases.tick_seconds}; tests tick by hand). */
  public org.accord.cases.CaseClock caseClock() {
    return cases.clock();
  }

  /** The gate in force now (a rulebook activated while the node runs replaces it). */
  public NodeGate gate() {
    return gate.current();
  }

  /**
   * One federation run over every peer now, in this thread (it waits for a scheduled run of a peer in progress),
   * followed by one more try of the case objects held back and the checkpoint exchange with each peer data moved
   * with.
   */
  public List<Federation.Outcome> federate() {
    if (federation == null) {
      return List.of();
    }
    List<Federation.Outcome> outcomes = federation.runOnce();
    if (cases != null) {
      cases.exchange().retryHeld();
    }
    exchangeWhereDataMoved(outcomes);
    return outcomes;
  }

  /**
   * After one scheduled run of one peer (the federation hands each peer's outcomes separately, from that peer's
   * thread): when data moved, the case objects held back are tried again (what the run brought may let them follow)
   * and signed checkpoints are exchanged with that peer. An idle run costs nothing here: no query, no request, no
   * loop over the other peers (issue 12).
   */
  void afterFederationRun(List<Federation.Outcome> outcomes) {
    if (outcomes.stream().noneMatch(RunningNode::moved)) {
      return;
    }
    if (cases != null) {
      cases.exchange().retryHeld();
    }
    exchangeWhereDataMoved(outcomes);
  }

  /** Exchanges checkpoints with each party whose outcomes show data moving, once per party. */
  private void exchangeWhereDataMoved(List<Federation.Outcome> outcomes) {
    outcomes.stream()
        .filter(RunningNode::moved)
        .map(Federation.Outcome::party)
        .distinct()
        .forEach(this::exchangeCheckpoints);
  }

  private static boolean moved(Federation.Outcome o) {
    return (o instanceof Federation.Pulled p && p.result().received() > 0)
        || (o instanceof Federation.Pushed s && s.result().envelopes() > 0);
  }

  /**
   * Hands this node's signed checkpoint to the peer and records the peer's in this node's ledger. Returns the peer's
   * checkpoint, or empty when the exchange failed (logged; the next run tries again). Exchanges with one peer are
   * serialised; exchanges with different peers run side by side (a slow peer holds up no other).
   */
  public Optional<Checkpoint> exchangeCheckpoints(String peerParty) {
    Optional<NodeConfig.PeerConfig> peer = config.peer(peerParty);
    Optional<Party> party = gate.rulebook().map(Rulebook::parties).map(p -> p.get(peerParty));
    if (peer.isEmpty() || party.isEmpty()) {
      LOG.warn("no checkpoint exchange with {}: it is not a configured peer and a party of the active rulebook",
          peerParty);
      return Optional.empty();
    }
    synchronized (exchangeLocks.computeIfAbsent(peerParty, p -> new Object())) {
      Checkpoint mine = ledger.checkpoint();
      if (Long.valueOf(mine.seq()).equals(handedOut.get(peerParty))) {
        // The peer holds this very head already and would refuse it as a replay (409): nothing new to commit to.
        return Optional.empty();
      }
      try {
        Checkpoint theirs = new PeerLedger(peer.get(), party.get(), peerHttp).exchange(mine);
        handedOut.put(peerParty, mine.seq());
        ledger.recordCheckpoint(theirs, party.get().publicKey());
        return Optional.of(theirs);
      } catch (IOException | RuntimeException e) {
        LOG.warn("checkpoint exchange with {} failed: {}", peerParty, e.getMessage());
        return Optional.empty();
      }
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      inbox.close();
      if (federation != null) {
        federation.close();
      }
      app.stop();
      cases.close(); // after the REST API, before the ledger and the store its ticks write to
      hashes.close();
    } finally {
      try {
        ledger.close();
      } catch (IOException e) {
        LOG.warn("closing the ledger failed: {}", e.getMessage());
      } finally {
        store.close();
      }
    }
  }
}
