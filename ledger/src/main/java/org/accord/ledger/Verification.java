package org.accord.ledger;

/**
 * The outcome of checking a ledger file: {@link Ok} with the entry count and head hash, or {@link Broken} naming the
 * first bad entry. In a sound ledger line {@code n} holds seq {@code n}, so the line number is also the seq expected
 * there.
 */
public sealed interface Verification {
  boolean ok();

  /** One sentence for a human: what was checked, or where and why it broke. */
  String message();

  /** Every entry is well formed, hashed, signed, in sequence and chained; {@code headHash} is the last entry's hash. */
  record Ok(long entries, String headHash) implements Verification {
    @Override
    public boolean ok() {
      return true;
    }

    @Override
    public String message() {
      return entries + " entries verified, head hash " + headHash;
    }
  }

  /**
   * The first bad entry: at {@code line} (1-based), with {@code seq} as written in it, or the seq expected at that line
   * when the line cannot be read. Entries before it verified; nothing after it was judged.
   */
  record Broken(long line, long seq, Problem problem, String detail) implements Verification {
    @Override
    public boolean ok() {
      return false;
    }

    @Override
    public String message() {
      return "line " + line + " (seq " + seq + "): " + problem.description + ": " + detail;
    }
  }

  /** Why an entry is bad, in the order they are checked on each line. */
  enum Problem {
    /** The last line has no line end: a write torn by a crash, or the file cut short inside an entry. */
    TORN_TAIL("torn last line"),
    /** Not UTF-8, not one JSON object, a member missing or of the wrong type or value. */
    BAD_JSON("not a ledger entry"),
    /** Reads as an entry but is not byte for byte what the ledger writes: the file was edited. */
    NOT_CANONICAL("edited (not in canonical form)"),
    /** The content does not hash to the written {@code hash}: the content was edited. */
    HASH_MISMATCH("content edited (hash mismatch)"),
    /** The signature is not the owner's over the hash: forged, or the hash was recomputed by someone else. */
    BAD_SIGNATURE("bad signature"),
    /** The entry names another party than the entries before it. */
    WRONG_PARTY("entry of another party"),
    /** The seq is not the previous one plus one: entries removed, reordered or duplicated. */
    SEQ_OUT_OF_ORDER("out of sequence"),
    /** {@code prev_hash} is not the hash of the entry before: the chain was cut or spliced. */
    PREVIOUS_HASH_MISMATCH("chain broken (previous hash mismatch)"),
    /**
     * Every line verifies, but the file ends before the head kept apart from it ({@link HeadAnchor}) or holds
     * another entry at its seq: entries were cut at a line boundary, the file emptied, or the ledger rewritten.
     */
    ANCHOR_CONTRADICTED("contradicts its head anchor (entries cut or rewritten)");

    private final String description;

    Problem(String description) {
      this.description = description;
    }
  }
}
