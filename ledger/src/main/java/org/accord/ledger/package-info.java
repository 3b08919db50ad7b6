/**
 * The tamper-evident ledger of an Accord node (issue 3, item 6): append-only, hash-chained, Ed25519-signed entries
 * of every transfer and rulebook activation, signed checkpoints for peers, and reconciliation between two parties.
 *
 * <p>The public API, in the order a node uses it:
 *
 * <ul>
 *   <li>{@link org.accord.ledger.Ledger#open Ledger.open(file, keyPair, party, clock)}, then {@link
 *       org.accord.ledger.Ledger#append append(Entry.Draft)} with {@link org.accord.ledger.Entry.Draft#sent
 *       Draft.sent}, {@link org.accord.ledger.Entry.Draft#received received}, {@link
 *       org.accord.ledger.Entry.Draft#rulebookActivated rulebookActivated}; {@link
 *       org.accord.ledger.Ledger#checkpoint checkpoint()} to hand to a peer with each transfer, {@link
 *       org.accord.ledger.Ledger#recordCheckpoint recordCheckpoint(theirs, theirKey)} for the one it hands back.
 *   <li>{@code accord ledger verify}: {@link org.accord.ledger.LedgerVerifier#verify LedgerVerifier.verify(file,
 *       publicKey)} returns a {@link org.accord.ledger.Verification} whose {@code message()} names the first bad entry.
 *   <li>{@code accord ledger reconcile PARTY}: mine = {@link org.accord.ledger.Ledger#entriesWith
 *       entriesWith(PARTY)}; theirs = {@link org.accord.ledger.LedgerVerifier#readExport readExport(in, theirKey)} of
 *       what the peer wrote with {@link org.accord.ledger.Ledger#exportWith exportWith(myParty, out)}; then {@link
 *       org.accord.ledger.Reconciliation#between Reconciliation.between(mine, theirs, me, PARTY)}.
 *   <li>A checkpoint held against a ledger: {@link org.accord.ledger.Ledger#verifyAgainst verifyAgainst(checkpoint)}
 *       or {@link org.accord.ledger.LedgerVerifier#verifyAgainst LedgerVerifier.verifyAgainst(file, key, checkpoint)}.
 *   <li>After a crash: {@link org.accord.ledger.Ledger#repairTornTail Ledger.repairTornTail(file, publicKey)}, only
 *       by explicit choice.
 * </ul>
 *
 * <p>The threat model is in {@link org.accord.ledger.Ledger}'s design note.
 */
package org.accord.ledger;
