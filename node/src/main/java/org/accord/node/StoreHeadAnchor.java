package org.accord.node;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.accord.ledger.Checkpoint;
import org.accord.ledger.HeadAnchor;
import org.accord.store.LedgerHeads;
import org.accord.store.StoreException;

/**
 * The ledger's head anchored in the node's database, the second anchor beside {@code ledger.jsonl.head}: a ledger
 * deleted or cut together with its head file is still refused at start, and with PostgreSQL the anchor is not even on
 * the node's machine. The head is a {@link Checkpoint} signed with the node's key, which {@link
 * org.accord.ledger.Ledger#open} checks, so editing the row does not help either.
 */
final class StoreHeadAnchor implements HeadAnchor {
  private final LedgerHeads heads;
  private final String party;

  StoreHeadAnchor(LedgerHeads heads, String party) {
    this.heads = Objects.requireNonNull(heads, "heads");
    this.party = Objects.requireNonNull(party, "party");
  }

  @Override
  public Optional<Checkpoint> read() throws IOException {
    Optional<String> text;
    try {
      text = heads.read(party);
    } catch (StoreException e) {
      throw new IOException("cannot read the ledger head kept in the node's database: " + e.getMessage(), e);
    }
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Checkpoint.parse(text.get()));
    } catch (IllegalArgumentException e) {
      throw new IOException("the ledger head kept in the node's database is damaged: " + e.getMessage(), e);
    }
  }

  @Override
  public void write(Checkpoint head) throws IOException {
    try {
      heads.write(party, head.toJson());
    } catch (StoreException e) {
      throw new IOException("cannot anchor the ledger head in the node's database: " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "the ledger head kept in the node's database";
  }
}
