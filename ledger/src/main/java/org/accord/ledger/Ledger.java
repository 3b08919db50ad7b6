package org.accord.ledger;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.accord.ledger.CheckpointCheck.Contradicted;
import org.accord.ledger.CheckpointCheck.Reason;

/**
 * A node's tamper-evident ledger: one append-only JSON-lines file, one entry per line, each entry hash-chained to the
 * one before and signed with the node's Ed25519 key. Every decision that let data out ({@code SENT}), every object
 * received ({@code RECEIVED}), every rulebook activation and every checkpoint a peer handed over is appended here.
 *
 * <h2>Design note</h2>
 *
 * <p><b>Format.</b> Line {@code n} holds the entry with seq {@code n} in canonical JSON (sorted keys, no whitespace;
 * see {@code Canonical}). {@code hash} = SHA-256 of the entry without {@code hash} and {@code signature}; that includes
 * {@code prev_hash}, the previous entry's hash (64 zeros for the first). {@code signature} = Ed25519 over a domain tag
 * and the hash. Because the bytes are canonical, any edit of any byte either breaks the JSON, leaves a non-canonical
 * line, changes the hash, or breaks the signature; {@link LedgerVerifier} names the first line where that happens.
 * {@link #open} checks the whole chain but only the last signature (it covers every earlier entry's content through
 * the chain; Ed25519 verification is the slow part); {@link LedgerVerifier#verify} checks every signature.
 *
 * <p><b>Durability.</b> An append writes the whole line with one write and {@link FileChannel#force} before it
 * returns, so a returned entry survives a crash. Appends are serialised by this object's monitor (the chain is one
 * sequence); their flushes are shared (group commit: a flush covers every line written before it). The file is
 * locked ({@link FileLock}) against a second writer process. Checkpoints, exports and {@link #seq()} only ever show
 * flushed entries. A crash mid-write leaves a last line without its line end
 * (a <i>torn tail</i>): {@link #open} refuses such a file, as any file that does not verify, and only the explicit
 * {@link #repairTornTail} cuts the torn bytes (or, when they are a complete valid entry, restores its line end: a
 * complete entry is never dropped). After a failed write the instance refuses further appends until reopened.
 *
 * <p><b>Threat model.</b> Whoever can write the file (an operator, an intruder on the host) can edit, remove, reorder
 * or cut entries; the ledger cannot prevent that, it makes it evident. Without the private key nobody can produce a
 * valid signature, so a verifier holding only the public key proves that each entry is as its owner wrote it and that
 * the entries form one unbroken sequence from seq 1. What the public key alone cannot prove: that the tail was not
 * cut (the last k entries removed leave a valid shorter ledger), and anything against the key holder, who can rewrite
 * and re-sign the whole file. <b>Checkpoints</b> close both gaps towards peers: with each transfer a node hands the
 * peer a signed {@link Checkpoint} (seq, head hash); the peer records it ({@link #recordCheckpoint}) in its own
 * ledger. From then on the owner cannot cut or rewrite that prefix without the peer proving it ({@link
 * #verifyAgainst}), and {@link Reconciliation} compares what each side recorded about the transfers between them.
 * <b>Not protected</b>: entries appended after the last checkpoint handed out (they can be cut or rewritten silently
 * by the key holder, or cut by anyone with file access); a stolen private key (rotate the key; older checkpoints still
 * bind the old prefix); the truth of what the node chose to record (the ledger proves what was written, not that every
 * transfer was written: that is the egress gate's job, and reconciliation with the peer's ledger is the check); time,
 * which comes from the node's clock and is only as honest as it.
 */
public final class Ledger implements Closeable {
  private final Path file;
  private final KeyPair signer;
  private final String party;
  private final Clock clock;
  private final FileChannel channel;
  private final FileLock lock;
  private final List<HeadAnchor> anchors;
  // Guarded by checkpointLock: the last checkpoint recorded from each peer (rebuilt from the file at open).
  private final Object checkpointLock = new Object();
  private final Map<String, Checkpoint> lastCheckpoints = new HashMap<>();
  // Guarded by this: the head of the chain as written (perhaps not yet forced to disk), and the file's length.
  private long seq;
  private String headHash;
  private long size;
  private boolean failed;
  private boolean closed;
  // Guarded by forceLock (taken before this, never after): the head known to be on disk.
  private final Object forceLock = new Object();
  private Head durable;

  /** A point of the chain: entries up to {@code seq}, ending with {@code hash}, fill {@code size} bytes. */
  private record Head(long seq, String hash, long size) {}

  private Ledger(
      Path file, KeyPair signer, String party, Clock clock, FileChannel channel, FileLock lock,
      List<HeadAnchor> anchors) {
    this.anchors = List.copyOf(anchors);
    this.file = file;
    this.signer = signer;
    this.party = party;
    this.clock = clock;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Opens {@code file} for appending, creating it when absent. The file is verified first (the whole hash chain, and
   * the last entry's signature by {@code signer}) and must be {@code party}'s.
   *
   * @throws CorruptLedgerException when the file does not verify, torn tail included; it names the first bad entry
   * @throws LedgerLockedException when another writer holds it
   * @throws IOException when the file cannot be read or written
   * @throws IllegalArgumentException when the ledger belongs to another party
   */
  public static Ledger open(Path file, KeyPair signer, String party, Clock clock) throws IOException {
    return open(file, signer, party, clock, List.of());
  }

  /**
   * Opens {@code file} as {@link #open(Path, KeyPair, String, Clock)} does, and holds it against {@code anchors}:
   * each anchored head must be this ledger's (signed with {@code signer}) and the file must reach it with the same
   * hash. After every durable append the head is written to every anchor.
   *
   * @throws LedgerAnchorException when the file ends before an anchored head or differs there (cut or rewritten)
   * @throws IOException also when an anchor cannot be read, or is not signed by {@code signer}
   */
  public static Ledger open(Path file, KeyPair signer, String party, Clock clock, List<HeadAnchor> anchors)
      throws IOException {
    Canonical.requireText(party, "party");
    boolean created = !Files.exists(file);
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    try {
      FileLock lock = tryLock(channel, file);
      if (created) {
        syncDirectory(file);
      }
      Ledger ledger = new Ledger(file, signer, party, clock, channel, lock, anchors);
      ledger.load();
      ledger.anchor(ledger.durable);
      return ledger;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Checks the whole hash chain but only the last entry's signature: an Ed25519 verification costs ~0.3-1 ms with the
   * JDK's implementation, too much per entry at every start. The chain makes the last signature cover every earlier
   * entry's content; only an earlier signature member itself (outside the hash) goes unchecked here, which {@link
   * LedgerVerifier#verify} covers. When the tail does not verify, a full pass names the first bad entry.
   */
  private void load() throws IOException {
    List<Checkpoint> anchored = new ArrayList<>();
    List<HeadAnchor> anchoredBy = new ArrayList<>(); // parallel to anchored: an anchor that holds no head is skipped
    for (HeadAnchor a : anchors) {
      Optional<Checkpoint> head = a.read();
      if (head.isPresent() && (!head.get().party().equals(party) || !head.get().verify(signer.getPublic()))) {
        throw new IOException(a.describe() + " is not a head of " + party + "'s ledger signed by its key: "
            + "refusing to open " + file);
      }
      if (head.isPresent()) {
        anchored.add(head.get());
        anchoredBy.add(a);
      }
    }
    Map<Long, String> hashes = new HashMap<>(); // the hash at each anchored seq, as the file has it
    anchored.forEach(h -> hashes.put(h.seq(), null));
    Entry[] last = new Entry[1];
    LedgerReader.Scan scan =
        LedgerReader.scan(
            file,
            null,
            Long.MAX_VALUE,
            e -> {
              last[0] = e;
              if (e.kind() == EntryKind.CHECKPOINT_RECEIVED) {
                lastCheckpoints.merge(
                    e.counterparty(), e.draft().checkpoint(), (old, cp) -> cp.seq() >= old.seq() ? cp : old);
              }
              if (hashes.containsKey(e.seq())) {
                hashes.put(e.seq(), e.hash());
              }
              return true;
            });
    Verification v = scan.verification();
    if (v.ok() && last[0] != null && !last[0].signatureValid(signer.getPublic())) {
      v = LedgerVerifier.verify(file, signer.getPublic());
    }
    if (v instanceof Verification.Broken b) {
      String hint = b.problem() == Verification.Problem.TORN_TAIL ? "; a crash can cause this, see repairTornTail" : "";
      throw new CorruptLedgerException("ledger " + file + " does not verify (refusing to append" + hint + "): ", b);
    }
    if (last[0] != null && !last[0].party().equals(party)) {
      throw new IllegalArgumentException("ledger " + file + " is " + last[0].party() + "'s, not " + party + "'s");
    }
    var ok = (Verification.Ok) v;
    for (int i = 0; i < anchored.size(); i++) {
      Checkpoint head = anchored.get(i);
      CheckpointCheck check = LedgerVerifier.compare(head, ok.entries(), hashes.get(head.seq()));
      if (check instanceof Contradicted c) {
        throw new LedgerAnchorException(
            "ledger " + file + " contradicts " + anchoredBy.get(i).describe() + " (refusing to open it): ", c);
      }
    }
    seq = ok.entries();
    headHash = ok.headHash();
    size = scan.goodBytes();
    durable = new Head(seq, headHash, size);
  }

  /** Writes {@code head} to every anchor (under forceLock, or before the ledger is shared). */
  private void anchor(Head head) throws IOException {
    if (anchors.isEmpty()) {
      return;
    }
    Checkpoint signed =
        Checkpoint.sign(party, head.seq(), head.hash(), Canonical.millis(clock.instant()), signer.getPrivate());
    for (HeadAnchor a : anchors) {
      a.write(signed);
    }
  }

  /**
   * Appends one entry and returns it once it is on disk: seq = previous + 1, time from the clock (milliseconds),
   * hashed, chained and signed. Safe to call from many threads; concurrent appends share one flush (group commit).
   *
   * @throws IOException when the write or the flush fails; the entry may or may not be on disk then (treat it as not
   *     recorded), and this instance refuses further appends (reopen, which verifies the tail)
   */
  public Entry append(Entry.Draft draft) throws IOException {
    return appendAll(List.of(draft)).get(0);
  }

  /**
   * Appends {@code drafts} as consecutive entries (no other entry between them) and returns them once all are on
   * disk, with one flush: how a transfer too large for one entry is recorded.
   *
   * @throws IllegalArgumentException when a draft is beyond the limits an entry is written within ({@link
   *     Entry.Draft#requireWritable}, {@link Entry#MAX_BYTES}); nothing is written then
   * @throws IOException as {@link #append}
   */
  public List<Entry> appendAll(List<Entry.Draft> drafts) throws IOException {
    drafts.forEach(Entry.Draft::requireWritable);
    List<Entry> entries = new ArrayList<>(drafts.size());
    long end;
    synchronized (this) {
      if (closed) {
        throw new IOException("ledger " + file + " is closed");
      }
      if (failed) {
        throw new IOException("an earlier append to " + file + " failed; reopen the ledger to check its tail");
      }
      Instant time = Canonical.millis(clock.instant());
      long nextSeq = seq;
      String nextHash = headHash;
      java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();
      for (Entry.Draft draft : drafts) {
        Entry entry = Entry.create(nextSeq + 1, time, party, draft, nextHash, signer.getPrivate());
        byte[] json = entry.canonicalBytes();
        if (json.length > Entry.MAX_BYTES) {
          // Unreachable within requireWritable's limits; kept so the writer can never outgrow the reader.
          throw new IllegalArgumentException(
              "an entry of " + json.length + " bytes is longer than a ledger line may be (" + Entry.MAX_BYTES + ")");
        }
        lines.write(json, 0, json.length);
        lines.write('\n');
        entries.add(entry);
        nextSeq = entry.seq();
        nextHash = entry.hash();
      }
      ByteBuffer buffer = ByteBuffer.wrap(lines.toByteArray());
      try {
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      } catch (IOException | RuntimeException e) {
        failed = true;
        throw e;
      }
      seq = nextSeq;
      headHash = nextHash;
      size += buffer.capacity();
      end = size;
    }
    awaitDurable(end);
    return entries;
  }

  /**
   * Returns once the file is forced up to {@code end}. The first waiter forces everything written so far; those who
   * wrote meanwhile find their bytes covered by that force or the next, so N concurrent appends cost ~2 flushes, not N.
   */
  private void awaitDurable(long end) throws IOException {
    synchronized (forceLock) {
      if (durable.size() >= end) {
        return;
      }
      Head target;
      synchronized (this) {
        if (failed) {
          throw new IOException("an append to " + file + " failed before this entry was flushed");
        }
        target = new Head(seq, headHash, size);
      }
      try {
        // true: the file's length is metadata on some platforms, and an append is nothing without it.
        channel.force(true);
      } catch (IOException | RuntimeException e) {
        synchronized (this) {
          failed = true;
        }
        throw e;
      }
      durable = target;
      // Only now, with the entries on disk, may the anchor move: it must never name a head a crash can take back.
      // A failed anchor write fails this append (the caller treats it as not recorded); the next one retries.
      anchor(target);
    }
  }

  private Head durable() {
    synchronized (forceLock) {
      return durable;
    }
  }

  /**
   * Records a checkpoint the peer handed over, after checking it: signed by {@code peerKey}, and newer than the last
   * one recorded from the same peer (a higher seq; the peer's ledger only grows). A checkpoint of the same seq with
   * the same hash is a replay; with another hash, proof of two different ledgers (a fork), kept out of the ledger and
   * reported. Whether a newer checkpoint continues the chain of the older one cannot be judged from two checkpoints
   * alone (only the peer's entries between them can show it: {@link #verifyAgainst} on the peer's side, and
   * reconciliation).
   *
   * @throws CheckpointRefusedException why it was not recorded: bad signature, stale, replayed or forked
   */
  public Entry recordCheckpoint(Checkpoint peerCheckpoint, PublicKey peerKey) throws IOException {
    String who = "checkpoint of " + peerCheckpoint.party() + " at seq " + peerCheckpoint.seq();
    if (!peerCheckpoint.verify(peerKey)) {
      throw new CheckpointRefusedException(CheckpointRefusedException.Reason.BAD_SIGNATURE, who + " has a bad signature");
    }
    synchronized (checkpointLock) {
      Checkpoint last = lastCheckpoints.get(peerCheckpoint.party());
      if (last != null) {
        String recorded = " than the one recorded last from " + last.party() + " (seq " + last.seq() + " of "
            + Canonical.time(last.time()) + ")";
        if (peerCheckpoint.seq() < last.seq()) {
          throw new CheckpointRefusedException(
              CheckpointRefusedException.Reason.STALE, who + " is older" + recorded + ": stale or replayed, refused");
        }
        if (peerCheckpoint.seq() == last.seq()) {
          boolean sameHead = peerCheckpoint.headHash().equals(last.headHash());
          throw new CheckpointRefusedException(
              sameHead ? CheckpointRefusedException.Reason.REPLAYED : CheckpointRefusedException.Reason.FORKED,
              sameHead
                  ? who + " is no newer" + recorded + ": already recorded, refused"
                  : who + " has head hash " + peerCheckpoint.headHash() + " but the one recorded for that seq has "
                      + last.headHash() + ": two different ledgers (a fork), refused");
        }
      }
      Entry e =
          append(
              new Entry.Draft(
                  EntryKind.CHECKPOINT_RECEIVED,
                  peerCheckpoint.party(),
                  List.of(),
                  null,
                  peerCheckpoint.digest(),
                  peerCheckpoint));
      lastCheckpoints.put(peerCheckpoint.party(), peerCheckpoint);
      return e;
    }
  }

  /** The last checkpoint recorded from {@code peer}, if any. */
  public Optional<Checkpoint> lastCheckpointFrom(String peer) {
    synchronized (checkpointLock) {
      return Optional.ofNullable(lastCheckpoints.get(peer));
    }
  }

  /**
   * Reads the entries on disk in seq order, each to {@code sink} until it returns false (the hash chain checked as
   * it goes): how a component rebuilds what it keeps in memory from the ledger at start.
   *
   * @throws CorruptLedgerException when the file no longer verifies
   */
  public void replay(java.util.function.Predicate<Entry> sink) throws IOException {
    Verification v = LedgerReader.scan(file, null, sizeNow(), sink::test).verification();
    if (v instanceof Verification.Broken b) {
      throw new CorruptLedgerException("ledger " + file + " changed on disk: ", b);
    }
  }

  /** A signed checkpoint of the head on disk (never of an entry a crash could still take back), for a peer. */
  public Checkpoint checkpoint() {
    Head head = durable();
    return Checkpoint.sign(party, head.seq(), head.hash(), Canonical.millis(clock.instant()), signer.getPrivate());
  }

  /**
   * Whether this ledger, as it is on disk now, holds the prefix {@code checkpoint} commits to (see {@link
   * LedgerVerifier#verifyAgainst}). Reads the file up to the checkpoint's seq.
   */
  public CheckpointCheck verifyAgainst(Checkpoint checkpoint) throws IOException {
    if (!checkpoint.party().equals(party)) {
      return new Contradicted(
          checkpoint, Reason.OTHER_PARTY, "the checkpoint is " + checkpoint.party() + "'s, not " + party + "'s");
    }
    return LedgerVerifier.verifyAgainst(file, signer.getPublic(), checkpoint, sizeNow());
  }

  /**
   * The entries naming {@code counterparty} ({@code SENT} to it, {@code RECEIVED} from it, its checkpoints received,
   * any later kind with that counterparty), in seq order, read back from the file; what {@link #exportWith} writes.
   *
   * @throws CorruptLedgerException when the file no longer verifies
   */
  public List<Entry> entriesWith(String counterparty) throws IOException {
    List<Entry> out = new ArrayList<>();
    Verification v =
        LedgerReader.scan(
                file,
                null,
                sizeNow(),
                e -> {
                  if (counterparty.equals(e.counterparty())) {
                    out.add(e);
                  }
                  return true;
                })
            .verification();
    if (v instanceof Verification.Broken b) {
      throw new CorruptLedgerException("ledger " + file + " changed on disk: ", b);
    }
    return out;
  }

  /**
   * Writes {@link #entriesWith} to {@code out} as JSON lines, the ledger's own form, for the counterparty to read with
   * {@link LedgerVerifier#readExport}. Does not close {@code out}.
   */
  public void exportWith(String counterparty, OutputStream out) throws IOException {
    for (Entry e : entriesWith(counterparty)) {
      out.write(e.canonicalBytes());
      out.write('\n');
    }
    out.flush();
  }

  public String party() {
    return party;
  }

  public PublicKey publicKey() {
    return signer.getPublic();
  }

  /** The seq of the last entry on disk, 0 when empty. */
  public long seq() {
    return durable().seq();
  }

  /** The hash of the last entry on disk, 64 zeros when empty. */
  public String headHash() {
    return durable().hash();
  }

  /** Flushes what was written (appends waiting for a flush then return normally), unlocks and closes the file. */
  @Override
  public void close() throws IOException {
    synchronized (forceLock) {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
        try {
          if (!failed) {
            channel.force(true);
            durable = new Head(seq, headHash, size);
            anchor(durable);
          }
        } finally {
          try {
            lock.release();
          } finally {
            channel.close();
            closeAnchors();
          }
        }
      }
    }
  }

  /** Anchors that hold resources (a writer thread) are closed with the ledger, after its last head was handed over. */
  private void closeAnchors() throws IOException {
    for (HeadAnchor a : anchors) {
      if (a instanceof java.io.Closeable c) {
        c.close();
      }
    }
  }

  /**
   * What {@link #repairTornTail} did: {@code bytesRemoved} torn bytes cut, or {@code lineEndRestored} when the torn
   * line was a complete valid entry that only lacked its line end. Both zero/false: the file was sound.
   */
  public record TailRepair(long bytesRemoved, boolean lineEndRestored) {}

  /**
   * Repairs the one damage a crash can do: a torn last line. Cuts it, unless it is a complete entry that verifies
   * with {@code key}, whose line end is then restored. Run it on a closed ledger, by explicit choice of an operator.
   *
   * @throws CorruptLedgerException when the file is damaged in any other way; nothing is changed then
   */
  public static TailRepair repairTornTail(Path file, PublicKey key) throws IOException {
    LedgerReader.Scan scan = LedgerReader.scan(file, key, Long.MAX_VALUE, e -> true);
    if (scan.verification().ok()) {
      return new TailRepair(0, false);
    }
    var broken = (Verification.Broken) scan.verification();
    if (broken.problem() != Verification.Problem.TORN_TAIL) {
      throw new CorruptLedgerException("ledger " + file + " has more than a torn tail, not repairing: ", broken);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock = tryLock(ch, file);
      try {
        if (scan.tailIsCompleteEntry()) {
          ch.write(ByteBuffer.wrap(new byte[] {'\n'}), ch.size());
          ch.force(true);
          return new TailRepair(0, true);
        }
        long removed = ch.size() - scan.goodBytes();
        ch.truncate(scan.goodBytes());
        ch.force(true);
        return new TailRepair(removed, false);
      } finally {
        lock.release();
      }
    }
  }

  private long sizeNow() {
    return durable().size();
  }

  private static FileLock tryLock(FileChannel channel, Path file) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new LedgerLockedException("ledger " + file + " is open elsewhere (locked)");
    }
    return lock;
  }

  /** A new file's directory entry must be durable too, or a crash can lose the whole file (POSIX fsync(2)). */
  private static void syncDirectory(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; the file's own force() is then the best there is.
    }
  }
}
