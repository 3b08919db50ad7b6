package org.accord.cases.evidence;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each custody entry goes besides its package's own chain: the node's ledger ({@link LedgerCustody}), so that
 * every transfer and every access of evidence is also in the hash-chained record the two parties reconcile.
 *
 * <p>{@link EvidencePackages} calls {@link #record} before it appends the entry to the package (written ahead, as
 * the ledger's RECEIVED is written ahead of the commit): when the ledger refuses or fails, the action does not
 * happen and the package is unchanged; a crash between the two leaves the ledger with one entry more than the
 * package, never an access the ledger does not know.
 */
public interface CustodyLedger {
  /**
   * Records {@code entry} durably.
   *
   * @throws IOException when it cannot be recorded: the action must not happen
   */
  void record(CustodyEntry entry) throws IOException;

  /** A ledger that records nothing: for a package held outside a node (tests, tools). */
  CustodyLedger NONE = entry -> { };

  /** Keeps the entries in memory, in order: for tests. */
  final class InMemory implements CustodyLedger {
    private final List<CustodyEntry> entries = new ArrayList<>();

    @Override
    public synchronized void record(CustodyEntry entry) {
      entries.add(entry);
    }

    public synchronized List<CustodyEntry> entries() {
      return List.copyOf(entries);
    }
  }
}
