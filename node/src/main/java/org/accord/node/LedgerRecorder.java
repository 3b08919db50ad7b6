package org.accord.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.accord.ledger.Entry;
import org.accord.ledger.Ledger;
import org.accord.ledger.ObjectRef;
import org.accord.taxii.TransferListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every transfer with a peer to the node's ledger: SENT with the clauses that released the objects, RECEIVED
 * with what arrived, both with the payload hash of the exact bytes on the wire (see {@link TransferListener} for who
 * records when). A transfer that cannot be recorded does not happen: the append's failure propagates, so a page is
 * not served and an envelope not posted without its SENT entry on disk. Refused versions are logged, not ledgered:
 * the ledger is the record of what crossed and was accepted or let out. Deletes by this node's users are DELETED
 * entries, written before the delete commits (a delete that cannot be recorded is undone).
 */
final class LedgerRecorder implements TransferListener {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerRecorder.class);

  private final Ledger ledger;

  LedgerRecorder(Ledger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public void transferred(Transfer t) {
    List<ObjectRef> objects = new ArrayList<>(t.versions().size());
    for (VersionRef v : t.versions()) {
      if (!v.id().isEmpty()) {
        objects.add(new ObjectRef(v.id(), v.version().isEmpty() ? null : v.version()));
      }
    }
    String clauses = t.clauses().isEmpty() ? null : String.join(",", t.clauses());
    Entry.Draft draft =
        t.direction() == Direction.SENT
            ? Entry.Draft.sent(t.party(), objects, clauses, t.sha256())
            : Entry.Draft.received(t.party(), objects, clauses, t.sha256());
    try {
      ledger.append(draft);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the transfer with " + t.party() + " in the ledger", e);
    }
  }

  /** A delete by one of this node's users, recorded before it commits; a failure to record undoes it. */
  @Override
  public void deleted(Deletion d) {
    List<ObjectRef> objects = new ArrayList<>(d.versions().size());
    for (VersionRef v : d.versions()) {
      objects.add(new ObjectRef(v.id(), v.version().isEmpty() ? null : v.version()));
    }
    try {
      ledger.append(Entry.Draft.deleted(d.user(), d.localCollection(), objects, d.sha256()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the delete in collection " + d.localCollection(), e);
    }
  }

  @Override
  public void rejected(Rejection r) {
    LOG.warn("{} {} {}@{} not accepted: {}", r.direction(), r.party(), r.version().id(), r.version().version(),
        r.reason());
  }
}
