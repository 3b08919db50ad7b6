package org.accord.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Arrays;
import org.accord.ledger.Verification.Broken;
import org.accord.ledger.Verification.Problem;

/**
 * Reads a ledger file line by line and checks each line against the one before, in the order of {@link Problem}:
 * form, canonical bytes, hash, signature, party, seq, chain. Stops at the first bad line. Shared by open, verify,
 * export and checkpoint checks so that all of them judge a file the same way.
 */
final class LedgerReader {
  /** Longest line accepted; an entry listing ~100,000 objects stays below it. */
  static final int MAX_LINE = 16 << 20;

  private LedgerReader() {}

  /** Receives each good entry; returns false to stop reading. */
  interface Sink {
    boolean accept(Entry entry);
  }

  /**
   * The outcome of a scan: {@code verification} (Ok counts the entries read, also when the sink stopped early), the
   * byte length of the good prefix, and whether a torn last line is nevertheless a complete, valid entry.
   */
  record Scan(Verification verification, long goodBytes, boolean tailIsCompleteEntry) {}

  /**
   * @param key checks signatures when not null (the hash chain alone is checked otherwise)
   * @param limit reads at most this many bytes (a snapshot of a file being appended to)
   */
  static Scan scan(Path file, PublicKey key, long limit, Sink sink) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new Walk(key, sink).run(in, limit);
    }
  }

  /** A line judged: the entry, or why it is bad. */
  record Checked(Entry entry, Broken broken) {}

  /** Judges one line as the entry expected after {@code previous} (null before the first). */
  static Checked check(byte[] line, long lineNo, Entry previous, PublicKey key) {
    long expected = previous == null ? 1 : previous.seq() + 1;
    Entry e;
    try {
      e = Entry.fromNode(Canonical.parse(line));
    } catch (Canonical.Malformed m) {
      return bad(lineNo, expected, Problem.BAD_JSON, m.getMessage());
    }
    if (!Arrays.equals(e.canonicalBytes(), line)) {
      return bad(lineNo, e.seq(), Problem.NOT_CANONICAL, "the line differs from the entry's canonical bytes");
    }
    if (!e.hashValid()) {
      return bad(
          lineNo, e.seq(), Problem.HASH_MISMATCH, "the content does not hash to the written hash " + e.hash());
    }
    if (key != null && !e.signatureValid(key)) {
      return bad(
          lineNo, e.seq(), Problem.BAD_SIGNATURE, "the signature is not by the given key over hash " + e.hash());
    }
    if (previous != null && !e.party().equals(previous.party())) {
      return bad(
          lineNo, e.seq(), Problem.WRONG_PARTY, "party " + e.party() + " after entries of " + previous.party());
    }
    if (e.seq() != expected) {
      String why =
          e.seq() > expected
              ? "entries " + expected + ".." + (e.seq() - 1) + " are missing (removed or moved)"
              : "seq " + e.seq() + " comes again or too early (reordered or duplicated)";
      return bad(lineNo, e.seq(), Problem.SEQ_OUT_OF_ORDER, "expected seq " + expected + ": " + why);
    }
    String prev = previous == null ? Canonical.ZERO_HASH : previous.hash();
    if (!e.previousHash().equals(prev)) {
      return bad(
          lineNo,
          e.seq(),
          Problem.PREVIOUS_HASH_MISMATCH,
          "prev_hash " + e.previousHash() + " but the entry before has hash " + prev);
    }
    return new Checked(e, null);
  }

  private static Checked bad(long lineNo, long seq, Problem problem, String detail) {
    return new Checked(null, new Broken(lineNo, seq, problem, detail));
  }

  /** One pass over the bytes; splits lines on '\n' without decoding first (a flipped byte must not move lines). */
  private static final class Walk {
    private final PublicKey key;
    private final Sink sink;
    private Entry previous;
    private long lineNo;
    private long goodBytes;
    private byte[] line = new byte[8192];
    private int length;

    Walk(PublicKey key, Sink sink) {
      this.key = key;
      this.sink = sink;
    }

    Scan run(InputStream in, long limit) throws IOException {
      byte[] buf = new byte[65536];
      long remaining = limit;
      while (remaining > 0) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
        if (n < 0) {
          break;
        }
        remaining -= n;
        for (int i = 0; i < n; i++) {
          if (buf[i] != '\n') {
            if (length == MAX_LINE) {
              return broken(Problem.BAD_JSON, "line longer than " + MAX_LINE + " bytes");
            }
            add(buf[i]);
            continue;
          }
          lineNo++;
          Checked c = check(Arrays.copyOf(line, length), lineNo, previous, key);
          if (c.broken() != null) {
            return new Scan(c.broken(), goodBytes, false);
          }
          previous = c.entry();
          goodBytes += length + 1;
          length = 0;
          if (!sink.accept(previous)) {
            return ok();
          }
        }
      }
      return length == 0 ? ok() : tornTail();
    }

    private Scan tornTail() {
      lineNo++;
      Checked c = check(Arrays.copyOf(line, length), lineNo, previous, key);
      boolean complete = c.entry() != null;
      long seq = complete ? c.entry().seq() : lineNo;
      String detail =
          complete
              ? "a complete entry lacks only its line end (" + length + " bytes)"
              : length + " bytes without a line end: a write torn by a crash, or the file was cut";
      return new Scan(new Broken(lineNo, seq, Problem.TORN_TAIL, detail), goodBytes, complete);
    }

    private Scan broken(Problem problem, String detail) {
      return new Scan(new Broken(lineNo + 1, lineNo + 1, problem, detail), goodBytes, false);
    }

    private Scan ok() {
      long entries = previous == null ? 0 : previous.seq();
      String head = previous == null ? Canonical.ZERO_HASH : previous.hash();
      return new Scan(new Verification.Ok(entries, head), goodBytes, false);
    }

    private void add(byte b) {
      if (length == line.length) {
        line = Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
      }
      line[length++] = b;
    }
  }
}
