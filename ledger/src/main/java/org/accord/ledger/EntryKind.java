package org.accord.ledger;

/**
 * What an entry records. The constant's name is the stable string written in the file: renaming one breaks every
 * ledger ever written, so add new kinds at the end and never rename.
 */
public enum EntryKind {
  /** The egress gate let objects out to the counterparty, under the entry's clause. */
  SENT,
  /** Objects arrived from the counterparty and were accepted. */
  RECEIVED,
  /** A rulebook version became the one in force; the object is the rulebook, the payload hash its canonical bytes. */
  RULEBOOK_ACTIVATED,
  /** The counterparty handed over a signed checkpoint of its own ledger; the entry holds it. */
  CHECKPOINT_RECEIVED,
  /** Someone read evidence held for a case (issue: cases). */
  EVIDENCE_ACCESSED,
  /** An obligation's deadline passed without the required action (issue: cases). */
  DEADLINE_MISSED,
  /**
   * A user of this node deleted object versions from a collection (TAXII 2.1 §5.7); the objects are the removed
   * versions, the clause id names the user and the collection, the payload hash is of the removed versions' JSON.
   */
  DELETED;

  /** Kinds that concern a counterparty and therefore name one. */
  boolean needsCounterparty() {
    return this == SENT || this == RECEIVED || this == CHECKPOINT_RECEIVED;
  }
}
