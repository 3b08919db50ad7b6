package org.accord.cases.evidence;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.accord.ledger.Entry;
import org.accord.ledger.EntryKind;
import org.accord.ledger.Ledger;
import org.accord.ledger.ObjectRef;

/**
 * The node's ledger as the {@link CustodyLedger}: each custody entry becomes an {@link EntryKind#EVIDENCE_ACCESSED}
 * entry naming the package (its id, with the custody seq as version), the counterparty when there is one, and as
 * payload hash the custody entry's own hash, so the ledger commits to the exact custody line (who, what, when, which
 * file) and a package's chain can be matched entry by entry against the ledger.
 */
public final class LedgerCustody implements CustodyLedger {
  private final Ledger ledger;

  public LedgerCustody(Ledger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public void record(CustodyEntry entry) throws IOException {
    ledger.append(draft(entry));
  }

  /** The ledger entry a custody entry becomes. */
  public static Entry.Draft draft(CustodyEntry entry) {
    return new Entry.Draft(
            EntryKind.EVIDENCE_ACCESSED,
            entry.counterparty(),
            List.of(new ObjectRef(entry.packageId(), Long.toString(entry.seq()))),
            null,
            entry.hash(),
            null)
        .requireWritable();
  }
}
