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
 *
 * <p>Design note. Heads are written by one background thread, the newest pending head each time, not in the
 * appending thread: a ledger entry can be appended inside a store transaction (a delete records its DELETED entry
 * before it commits), and on SQLite a second write from that thread would wait for the transaction that waits for it.
 * So this anchor may lag the file by the last few entries, which an anchor may (it must never lead, and it cannot: a
 * head is handed over only once the ledger has made it durable). {@link #close} (with the ledger) writes the last
 * head before the store closes.
 */
final class StoreHeadAnchor implements HeadAnchor, java.io.Closeable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoreHeadAnchor.class);

  private final LedgerHeads heads;
  private final String party;
  private final java.util.concurrent.atomic.AtomicReference<Checkpoint> pending =
      new java.util.concurrent.atomic.AtomicReference<>();
  private final java.util.concurrent.ExecutorService writer =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "ledger-head-anchor");
            t.setDaemon(true);
            return t;
          });

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

  /** Hands {@code head} to the writer thread; it is in the database shortly after, or at {@link #close}. */
  @Override
  public void write(Checkpoint head) {
    pending.set(head);
    try {
      writer.execute(this::drain);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      drain(); // closed: write it here
    }
  }

  private void drain() {
    Checkpoint head = pending.getAndSet(null);
    if (head == null) {
      return;
    }
    try {
      heads.write(party, head.toJson());
    } catch (StoreException e) {
      // The file anchor still moved; this one lags until the next append, which an anchor may.
      LOG.warn("cannot anchor the ledger head (seq {}) in the node's database: {}", head.seq(), e.getMessage());
    }
  }

  /** Writes the last head handed over and stops the writer thread. */
  @Override
  public void close() throws IOException {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
        LOG.warn("the ledger head anchor in the node's database did not finish writing within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    drain();
  }

  @Override
  public String describe() {
    return "the ledger head kept in the node's database";
  }
}
