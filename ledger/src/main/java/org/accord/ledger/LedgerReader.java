package org.accord.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.accord.ledger.Verification.Broken;
import org.accord.ledger.Verification.Problem;

/**
 * Reads a ledger file line by line and checks each line against the one before, in the order of {@link Problem}:
 * form, canonical bytes, hash, signature, party, seq, chain. Stops at the first bad line. Shared by open, verify,
 * export and checkpoint checks so that all of them judge a file the same way.
 */
final class LedgerReader {
  /**
   * Longest line accepted, without its line end: {@link Entry#MAX_BYTES}, the limit the writer keeps to as well
   * ({@link Ledger#append} refuses a longer entry), so the node can always read what it wrote.
   */
  static final int MAX_LINE = Entry.MAX_BYTES;

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

  /**
   * A line judged: the entry when it could be read with a valid hash, and why it is bad (null when it is not). An entry
   * with a problem after the signature check (party, seq, chain) comes with it, so its signature can be checked first.
   */
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
      return new Checked(null, badSignature(lineNo, e));
    }
    if (previous != null && !e.party().equals(previous.party())) {
      return bad(
          e, lineNo, Problem.WRONG_PARTY, "party " + e.party() + " after entries of " + previous.party());
    }
    if (e.seq() != expected) {
      String why =
          e.seq() > expected
              ? "entries " + expected + ".." + (e.seq() - 1) + " are missing (removed or moved)"
              : "seq " + e.seq() + " comes again or too early (reordered or duplicated)";
      return bad(e, lineNo, Problem.SEQ_OUT_OF_ORDER, "expected seq " + expected + ": " + why);
    }
    String prev = previous == null ? Canonical.ZERO_HASH : previous.hash();
    if (!e.previousHash().equals(prev)) {
      return bad(
          e,
          lineNo,
          Problem.PREVIOUS_HASH_MISMATCH,
          "prev_hash " + e.previousHash() + " but the entry before has hash " + prev);
    }
    return new Checked(e, null);
  }

  private static Checked bad(long lineNo, long seq, Problem problem, String detail) {
    return new Checked(null, new Broken(lineNo, seq, problem, detail));
  }

  private static Checked bad(Entry e, long lineNo, Problem problem, String detail) {
    return new Checked(e, new Broken(lineNo, e.seq(), problem, detail));
  }

  private static Broken badSignature(long lineNo, Entry e) {
    return new Broken(
        lineNo, e.seq(), Problem.BAD_SIGNATURE, "the signature is not by the given key over hash " + e.hash());
  }

  /**
   * One pass over the bytes; splits lines on '\n' without decoding first (a flipped byte must not move lines).
   * Signatures are checked in batches, in parallel when a batch is large: Ed25519 verification dominates a full check
   * (~0.3-1 ms each with the JDK's implementation) while everything else is sequential by nature (each line needs the
   * one before). The first bad line and its problem are the same as checking line by line.
   */
  private static final class Walk {
    private static final int BATCH = 128;
    private static final int PARALLEL_FROM = 64;
    private final PublicKey key;
    private final Sink sink;
    private Entry previous;
    private long lineNo;
    private long chainBytes; // length of the lines that passed every check but the signature
    private long goodBytes; // length of the lines that passed every check
    private final List<Entry> unsigned = new ArrayList<>(); // lines goodBytes.. chainBytes, signatures unchecked
    private final List<Long> unsignedEnds = new ArrayList<>();
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
              Broken b = checkSignatures();
              return b != null
                  ? new Scan(b, goodBytes, false)
                  : broken(Problem.BAD_JSON, "line longer than " + MAX_LINE + " bytes");
            }
            add(buf[i]);
            continue;
          }
          Scan stop = line();
          if (stop != null) {
            return stop;
          }
        }
      }
      Broken b = checkSignatures();
      if (b != null) {
        return new Scan(b, goodBytes, false);
      }
      return length == 0 ? ok() : tornTail();
    }

    /** Judges the complete line in the buffer; returns the outcome when the scan stops here. */
    private Scan line() {
      lineNo++;
      Checked c = check(Arrays.copyOf(line, length), lineNo, previous, null);
      if (c.broken() != null) {
        Broken b = checkSignatures();
        if (b == null && key != null && c.entry() != null && !c.entry().signatureValid(key)) {
          b = badSignature(lineNo, c.entry());
        }
        return new Scan(b != null ? b : c.broken(), goodBytes, false);
      }
      previous = c.entry();
      chainBytes += length + 1;
      length = 0;
      if (key == null) {
        goodBytes = chainBytes;
      } else {
        unsigned.add(previous);
        unsignedEnds.add(chainBytes);
      }
      boolean more = sink.accept(previous);
      if (!more || unsigned.size() >= BATCH) {
        Broken b = checkSignatures();
        if (b != null) {
          return new Scan(b, goodBytes, false);
        }
      }
      return more ? null : ok();
    }

    /** Checks the pending signatures; returns the first bad one, and moves goodBytes up to it. */
    private Broken checkSignatures() {
      int n = unsigned.size();
      if (n == 0) {
        return null;
      }
      IntStream all = IntStream.range(0, n);
      OptionalInt bad =
          (n >= PARALLEL_FROM ? all.parallel() : all).filter(j -> !unsigned.get(j).signatureValid(key)).min();
      Broken result = null;
      if (bad.isPresent()) {
        int j = bad.getAsInt();
        Entry e = unsigned.get(j);
        // Pending entries passed the seq check: in a ledger sound up to here, line n holds seq n.
        result = badSignature(e.seq(), e);
        goodBytes = j == 0 ? goodBytes : unsignedEnds.get(j - 1);
      } else {
        goodBytes = unsignedEnds.get(n - 1);
      }
      unsigned.clear();
      unsignedEnds.clear();
      return result;
    }

    private Scan tornTail() {
      lineNo++;
      Checked c = check(Arrays.copyOf(line, length), lineNo, previous, key);
      boolean complete = c.broken() == null;
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
