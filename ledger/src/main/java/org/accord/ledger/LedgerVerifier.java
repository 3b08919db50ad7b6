package org.accord.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.accord.ledger.CheckpointCheck.Contradicted;
import org.accord.ledger.CheckpointCheck.Reason;

/**
 * Checks ledgers and what comes out of them with nothing but the owner's public key: a whole ledger file ({@link
 * #verify}), a ledger against a checkpoint its owner signed ({@link #verifyAgainst}), and the entries a peer exported
 * for us ({@link #readExport}). This is what {@code accord ledger verify} runs.
 */
public final class LedgerVerifier {
  private LedgerVerifier() {}

  /**
   * Verifies every entry of {@code file}: canonical form, hash, signature by {@code key}, one party, seq from 1 without
   * gaps, and the hash chain. Reads the file once, streaming.
   *
   * @return Ok with the entry count and head hash, or the first bad entry (line, seq, problem)
   */
  public static Verification verify(Path file, PublicKey key) throws IOException {
    return LedgerReader.scan(file, key, Long.MAX_VALUE, e -> true).verification();
  }

  /**
   * Whether {@code file} holds exactly the prefix {@code checkpoint} commits to: the checkpoint is by the owner of
   * {@code key} and names the file's party, the file's hash chain is sound up to the checkpoint's seq, and the entry
   * there has the checkpoint's head hash. The file may have grown since. Entry signatures are not checked: the
   * checkpoint's signature over the head hash already binds the whole prefix ({@link #verify} checks them all).
   */
  public static CheckpointCheck verifyAgainst(Path file, PublicKey key, Checkpoint checkpoint) throws IOException {
    return verifyAgainst(file, key, checkpoint, Long.MAX_VALUE);
  }

  static CheckpointCheck verifyAgainst(Path file, PublicKey key, Checkpoint cp, long limit) throws IOException {
    if (!cp.verify(key)) {
      return new Contradicted(cp, Reason.BAD_SIGNATURE, "the checkpoint is not signed by the ledger's key");
    }
    Entry[] found = new Entry[1];
    String[] party = new String[1];
    // The chain alone suffices: the checkpoint's own signature binds its head hash, and that hash covers the prefix.
    Verification v =
        LedgerReader.scan(
                file,
                null,
                limit,
                e -> {
                  party[0] = e.party();
                  found[0] = e;
                  return e.seq() < cp.seq();
                })
            .verification();
    if (party[0] != null && !party[0].equals(cp.party())) {
      return new Contradicted(
          cp, Reason.OTHER_PARTY, "the checkpoint is " + cp.party() + "'s, the ledger " + party[0] + "'s");
    }
    if (!v.ok()) {
      return new Contradicted(cp, Reason.LEDGER_BROKEN, "the ledger does not verify: " + v.message());
    }
    long have = found[0] == null ? 0 : found[0].seq();
    return compare(cp, have, have >= cp.seq() && found[0] != null ? found[0].hash() : null);
  }

  /**
   * Judges a ledger of {@code entries} entries whose entry at {@code cp.seq()} has {@code hashAtSeq} (null when it
   * has no such entry) against {@code cp}: shared by checkpoint checks and the head anchor at open.
   */
  static CheckpointCheck compare(Checkpoint cp, long entries, String hashAtSeq) {
    if (entries < cp.seq()) {
      String cut = entries == 0 ? "the ledger is empty" : "the ledger ends at seq " + entries;
      return new Contradicted(
          cp,
          Reason.TRUNCATED,
          cut + " but the checkpoint of " + Canonical.time(cp.time()) + " commits to seq " + cp.seq()
              + ": entries " + (entries + 1) + ".." + cp.seq() + " were cut");
    }
    String hash = cp.seq() == 0 ? Canonical.ZERO_HASH : hashAtSeq;
    if (cp.seq() > 0 && !cp.headHash().equals(hash)) {
      return new Contradicted(
          cp,
          Reason.HASH_DIFFERS,
          "entry " + cp.seq() + " has hash " + hash + " but the checkpoint of " + Canonical.time(cp.time())
              + " commits to " + cp.headHash() + ": the ledger was rewritten at or before seq " + cp.seq());
    }
    return new CheckpointCheck.Consistent(cp);
  }

  /**
   * Verifies {@code file} as {@link #verify} does, then holds it against its head anchor ({@code anchored}, read from
   * a {@link HeadAnchor}): a ledger that verifies on its own but ends before the anchored head, or differs there, is
   * reported as cut or rewritten.
   */
  public static Verification verify(Path file, PublicKey key, Optional<Checkpoint> anchored) throws IOException {
    Map<Long, String> hash = new HashMap<>();
    Verification v =
        LedgerReader.scan(
                file,
                key,
                Long.MAX_VALUE,
                e -> {
                  if (anchored.isPresent() && e.seq() == anchored.get().seq()) {
                    hash.put(e.seq(), e.hash());
                  }
                  return true;
                })
            .verification();
    if (!(v instanceof Verification.Ok ok) || anchored.isEmpty()) {
      return v;
    }
    Checkpoint head = anchored.get();
    Verification.Problem cut = Verification.Problem.ANCHOR_CONTRADICTED;
    if (!head.verify(key)) {
      return new Verification.Broken(ok.entries() + 1, head.seq(), cut, "the head anchor is not signed by this key");
    }
    CheckpointCheck check = compare(head, ok.entries(), hash.get(head.seq()));
    if (check instanceof Contradicted c) {
      long line = Math.min(ok.entries(), head.seq()) + (c.reason() == Reason.TRUNCATED ? 1 : 0);
      return new Verification.Broken(line, head.seq(), cut, c.message());
    }
    return ok;
  }

  /**
   * Reads entries a peer exported ({@link Ledger#exportWith}): one canonical entry per line, each with a valid hash
   * and a signature by {@code authorKey}, all of one party, seq strictly increasing. The chain between them cannot be
   * checked (the export is a selection); a checkpoint from the same peer covers that.
   *
   * @throws IllegalArgumentException naming the first bad line and why
   */
  public static List<Entry> readExport(InputStream in, PublicKey authorKey) throws IOException {
    var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    List<Entry> entries = new ArrayList<>();
    String line;
    int lineNo = 0;
    while ((line = reader.readLine()) != null) {
      lineNo++;
      Entry e;
      try {
        e = Entry.parse(line);
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("export line " + lineNo + ": " + ex.getMessage(), ex);
      }
      String problem = null;
      Entry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
      if (!e.hashValid()) {
        problem = "content edited (hash mismatch)";
      } else if (!e.signatureValid(authorKey)) {
        problem = "bad signature";
      } else if (last != null && !last.party().equals(e.party())) {
        problem = "party " + e.party() + " after entries of " + last.party();
      } else if (last != null && e.seq() <= last.seq()) {
        problem = "seq " + e.seq() + " after seq " + last.seq() + " (reordered or duplicated)";
      }
      if (problem != null) {
        throw new IllegalArgumentException("export line " + lineNo + " (seq " + e.seq() + "): " + problem);
      }
      entries.add(e);
    }
    return entries;
  }
}
