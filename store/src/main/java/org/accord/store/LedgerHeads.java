package org.accord.store;

import java.util.Optional;

/**
 * The node's ledger head kept in the store's database, apart from the ledger file (issue 8, finding 7c). The store
 * keeps the text only; the node's ledger anchor gives it meaning and checks its signature. Thread-safe.
 */
public interface LedgerHeads {
  /** The head last written for {@code party}'s ledger, as written; empty when none was. */
  Optional<String> read(String party);

  /** Replaces the head of {@code party}'s ledger; durable (committed) when it returns. */
  void write(String party, String head);
}
