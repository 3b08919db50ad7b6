package org.accord.node;

import java.io.IOException;
import java.security.KeyPair;
import java.time.Clock;
import org.accord.cases.Cases;
import org.accord.ledger.Ledger;
import org.accord.ledger.LedgerLockedException;
import org.accord.store.ObjectStore;
import org.accord.store.Stores;

/**
 * The node's requests for a command that changes them while the node is stopped ({@code accord cases new}, {@code
 * accord cases transition}): the very service, clock and escalation the running node has ({@link NodeCases}), over
 * the node's store, ledger and active rulebook, so a transition made here is judged, stored and escalated (a late one
 * ledgered and sent to the webhooks) as the node would. While the node runs it holds the ledger, and changes go
 * through its REST API instead, so that one process keeps the clocks.
 */
public final class OfflineCases implements AutoCloseable {
  private final ObjectStore store;
  private final Ledger ledger;
  private final NodeCases cases;

  private OfflineCases(ObjectStore store, Ledger ledger, NodeCases cases) {
    this.store = store;
    this.ledger = ledger;
    this.cases = cases;
  }

  /**
   * Opens the node's store and ledger.
   *
   * @throws Node.NodeRunningException when a node running on this data directory holds the ledger
   */
  public static OfflineCases open(NodeConfig config, Clock clock) throws IOException {
    KeyPair keys = NodeKeys.loadOrCreate(config.dataDir());
    ObjectStore store = Stores.open(Node.storeSettings(config), clock);
    Ledger ledger;
    try {
      ledger = Node.openLedger(config, keys, clock, Stores.ledgerHeads(store));
    } catch (java.io.UncheckedIOException e) {
      store.close();
      if (e.getCause() instanceof LedgerLockedException locked) {
        throw new Node.NodeRunningException(
            "the node runs on " + config.dataDir() + " and holds its ledger: make the change through its REST API"
                + " (POST /api/cases/, POST /api/cases/{id}/transitions)", locked);
      }
      throw e;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    NodeConfig once = config.withCases(
        new NodeConfig.Cases(0, config.cases().warnLeadSeconds(), config.cases().webhookTimeoutSeconds(),
            config.cases().contacts(), config.cases().evidenceMaxBytes(), config.cases().collection(),
            config.cases().smtp()));
    // no timer: the command makes its change and ends
    LiveGate gate = new LiveGate(Node.gate(config, clock, store));
    return new OfflineCases(
        store, ledger, new NodeCases(once, store, ledger, gate, NodeKeys.loadOrCreate(config.dataDir()), clock,
            null));
  }

  public Cases cases() {
    return cases.cases();
  }

  @Override
  public void close() throws IOException {
    try {
      cases.close();
      ledger.close(); // before the store: the ledger hands its last head to the store's anchor
    } finally {
      store.close();
    }
  }
}
