package org.accord.hash.bank;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.accord.hash.PdqHash;
import org.accord.stix.AccordExtension;
import org.accord.stix.Tlp;

/**
 * One entry of a {@link Bank}: a PDQ hash ({@link Algorithm#PDQ}) or a video's frame hashes with their times
 * ({@link Algorithm#VPDQ}), a label, and whether it is disabled. Disabling and re-enabling make a new version of
 * the same object ({@link #withDisabled}): STIX objects are versioned by {@code modified} (§3.6), and a partner's
 * node keeps the latest version it received.
 *
 * @param id {@value AccordExtension#ENTRY_TYPE}{@code --<uuid>}
 * @param bankRef the bank's id
 * @param owner the bank owner's identity ({@code created_by_ref}; the same as the bank's)
 * @param tlp the bank's marking, repeated so the egress gate decides each entry on its own
 * @param hash the PDQ hash ({@link Algorithm#PDQ}); null for a video
 * @param frames the frames of a video ({@link Algorithm#VPDQ}); empty for an image
 * @param label what the hash is of, for the people who review a match (e.g. "clip 17, intro"); may be empty
 * @param created when the entry was added to the bank
 */
public record BankEntry(
    String id,
    String bankRef,
    String owner,
    Tlp tlp,
    Algorithm algorithm,
    PdqHash hash,
    List<Frame> frames,
    String label,
    boolean disabled,
    Instant created,
    Instant modified) {
  /** A video holds at most this many frames (an hour at vPDQ's 1 frame per second). */
  public static final int MAX_FRAMES = 3_600;
  /** A label holds at most this many characters. */
  public static final int MAX_LABEL = 256;

  static final Pattern ID = Pattern.compile(Pattern.quote(AccordExtension.ENTRY_TYPE)
      + "--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** One frame of a video: its time from the start in seconds, its PDQ hash and quality. */
  public record Frame(double timestamp, PdqHash hash, int quality) {
    public Frame {
      Bank.require(timestamp >= 0 && Double.isFinite(timestamp), "frames: timestamp must be a number >= 0");
      Objects.requireNonNull(hash, "hash");
      Bank.require(quality >= 0 && quality <= 100, "frames: quality is 0..100, got " + quality);
    }
  }

  public BankEntry {
    Bank.require(id != null && ID.matcher(id).matches(), "id: '" + id + "' is not " + AccordExtension.ENTRY_TYPE
        + "--<uuid>");
    Bank.require(bankRef != null && Bank.ID.matcher(bankRef).matches(), "bank_ref: '" + bankRef + "' is not "
        + AccordExtension.BANK_TYPE + "--<uuid>");
    Bank.require(owner != null && Bank.IDENTITY.matcher(owner).matches(), "created_by_ref: the owner's identity"
        + " id, got '" + owner + "'");
    Objects.requireNonNull(tlp, "tlp");
    Objects.requireNonNull(algorithm, "algorithm");
    frames = frames == null ? List.of() : List.copyOf(frames);
    if (algorithm == Algorithm.PDQ) {
      Bank.require(hash != null && frames.isEmpty(), "a pdq entry has a hash and no frames");
    } else {
      Bank.require(hash == null && !frames.isEmpty(), "a vpdq entry has frames (at least one) and no hash");
      Bank.require(frames.size() <= MAX_FRAMES, "frames: at most " + MAX_FRAMES + ", got " + frames.size());
    }
    label = label == null ? "" : label;
    checkLabel(label);
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(modified, "modified");
    Bank.require(!modified.isBefore(created), "modified is before created");
  }

  /** Throws naming the problem unless {@code label} is a valid label. */
  public static void checkLabel(String label) {
    Bank.require(label.length() <= MAX_LABEL, "label: at most " + MAX_LABEL + " characters, got " + label.length());
    for (int i = 0; i < label.length(); i++) {
      Bank.require(!Character.isISOControl(label.charAt(i)), "label: no control characters (at " + i + ")");
    }
  }

  /** A new, enabled PDQ entry of {@code bank}, added now. */
  public static BankEntry pdq(Bank bank, PdqHash hash, String label, Clock clock) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return new BankEntry(newId(), bank.id(), bank.owner(), bank.tlp(), Algorithm.PDQ, hash, List.of(), label, false,
        now, now);
  }

  /** A new, enabled video entry of {@code bank}, added now. */
  public static BankEntry vpdq(Bank bank, List<Frame> frames, String label, Clock clock) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return new BankEntry(newId(), bank.id(), bank.owner(), bank.tlp(), Algorithm.VPDQ, null, frames, label, false,
        now, now);
  }

  /**
   * The next version of this entry, disabled or enabled, modified at {@code at} (at least a millisecond after the
   * current version, so it is newer even when the clock has not moved: §3.6 orders versions by {@code modified}).
   */
  public BankEntry withDisabled(boolean disable, Instant at) {
    Instant next = at.truncatedTo(ChronoUnit.MILLIS);
    if (!next.isAfter(modified)) {
      next = modified.plusMillis(1);
    }
    return new BankEntry(id, bankRef, owner, tlp, algorithm, hash, frames, label, disable, created, next);
  }

  /** The hashes to index: the one PDQ hash, or every frame's. */
  public List<PdqHash> hashes() {
    return algorithm == Algorithm.PDQ ? List.of(hash) : frames.stream().map(Frame::hash).toList();
  }

  private static String newId() {
    return AccordExtension.ENTRY_TYPE + "--" + UUID.randomUUID();
  }
}
