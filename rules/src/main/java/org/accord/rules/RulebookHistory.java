package org.accord.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rulebook versions a node has accepted, and the one in effect. A version takes effect only through {@link
 * #activate}, which refuses it, with the reason, unless all of these hold (checked in this order):
 *
 * <ol>
 *   <li>it is the same rulebook (same name) as the active one;
 *   <li>its version is newer than the active one (an old, validly signed version replayed is refused);
 *   <li>it {@code supersedes} exactly the active version (no fork, no skipped predecessor);
 *   <li>it binds this node's party with this node's own public key (configured, not read from the document);
 *   <li>its {@code effective} time has come;
 *   <li>every party it binds has signed it and every signature verifies. A party that was bound by the active version
 *       must sign with its key from the active version: a forged document that swaps in the attacker's keys and
 *       signs with them is refused, and a key rotation is authorised by the old key. Or, when the active version
 *       states an {@link Amendment} rule and the candidate differs from it only by one party joining (accession) or
 *       leaving (withdrawal): the quorum it states has signed (for accession, the new party too), every signature
 *       present verifies, and nothing else changed ({@link Amendments}). A withdrawn party is in no gate built from
 *       the new version, so sharing to it stops when the version is activated.
 * </ol>
 *
 * <p>With no active version (a new node, or a node joining an existing rulebook), checks 1 to 3 do not apply: the
 * node's own key (check 4) is then the trust anchor. On refusal nothing changes: the active version stays active in
 * memory and on disk. Thread-safe: activations are serialised; {@link #active} is a volatile read.
 *
 * <p>Storage: {@code dir/v<version>.json} holds the canonical form (exactly the signed bytes, readable by {@link
 * RulebookParser}), {@code dir/v<version>.sig} the signature file, {@code dir/ACTIVE} the active version number.
 * Files are written to a temporary name and moved into place, the pointer last, so a crash leaves the previous
 * version active. {@link #open} verifies the active version again, so a file edited on disk after activation is
 * detected when the node starts; the node then refuses to start rather than share under an unverified rulebook.
 * Not detected: an attacker with write access to the directory who points {@code ACTIVE} back to an older, validly
 * signed version (the pointer is not signed; the ledger records every activation, which is where to check).
 */
public final class RulebookHistory {
  private static final String ACTIVE = "ACTIVE";

  private final Path dir;
  private final String selfParty;
  private final PublicKey selfKey;
  private final Clock clock;
  private volatile SignedRulebook active;

  private RulebookHistory(Path dir, String selfParty, PublicKey selfKey, Clock clock) {
    this.dir = dir;
    this.selfParty = selfParty;
    this.selfKey = selfKey;
    this.clock = clock;
  }

  /**
   * Opens (creating it if needed) the rulebook directory of a node, loading and re-verifying its active version.
   *
   * @param selfParty this node's party id
   * @param selfKey this node's public key, from its own key store: the trust anchor of every version
   * @throws RulebookException when the active version on disk does not verify (altered after activation)
   */
  public static RulebookHistory open(Path dir, String selfParty, PublicKey selfKey, Clock clock) {
    RulebookHistory h =
        new RulebookHistory(
            Objects.requireNonNull(dir, "dir"),
            Objects.requireNonNull(selfParty, "selfParty"),
            Objects.requireNonNull(selfKey, "selfKey"),
            Objects.requireNonNull(clock, "clock"));
    try {
      Files.createDirectories(dir);
      Path pointer = dir.resolve(ACTIVE);
      if (Files.exists(pointer)) {
        int version = Integer.parseInt(Files.readString(pointer, StandardCharsets.UTF_8).strip());
        SignedRulebook loaded = h.read(version);
        String why = h.selfCheck(loaded.rulebook());
        RulebookSigner.Verification v = RulebookSigner.verify(loaded, Map.of(selfParty, selfKey));
        if (why == null && !v.isValid()) {
          why = h.byQuorum(loaded, v);
        }
        if (why != null || loaded.rulebook().version() != version) {
          throw new RulebookException(
              "the active rulebook on disk (" + dir.resolve(fileName(version, ".json")) + ") is not the version"
                  + " that was activated: " + (why != null ? why : "it holds version " + loaded.rulebook().version()));
        }
        h.active = loaded;
      }
    } catch (IOException | NumberFormatException e) {
      throw new RulebookException("cannot read the rulebook directory " + dir + ": " + e.getMessage(), e);
    }
    return h;
  }

  /** The version in effect, if any. */
  public Optional<SignedRulebook> active() {
    return Optional.ofNullable(active);
  }

  /** A stored version (active or earlier), for {@code show} and {@code diff}. */
  public Optional<SignedRulebook> version(int version) {
    if (!Files.exists(dir.resolve(fileName(version, ".json")))) {
      return Optional.empty();
    }
    return Optional.of(read(version));
  }

  /**
   * Makes {@code candidate} the version in effect (see the class note for the checks) and stores it.
   *
   * @return the now active version
   * @throws RulebookException with the reason, when refused; the active version is then unchanged
   */
  public synchronized SignedRulebook activate(SignedRulebook candidate) {
    Rulebook next = candidate.rulebook();
    SignedRulebook current = active;
    String what = candidate.describe();
    Map<String, PublicKey> pinned = new HashMap<>();
    if (current != null) {
      Rulebook now = current.rulebook();
      if (!next.name().equals(now.name())) {
        throw refuse(what, "it is another rulebook than the active " + current.describe());
      }
      if (next.version() <= now.version()) {
        throw refuse(
            what,
            "version " + next.version() + " is not newer than the active version " + now.version()
                + " (an old version replayed?)");
      }
      if (next.supersedes() != now.version()) {
        throw refuse(
            what, "it supersedes v" + next.supersedes() + ", but the active version is v" + now.version());
      }
      now.parties().values().forEach(p -> pinned.put(p.id(), p.publicKey()));
    }
    String self = selfCheck(next);
    if (self != null) {
      throw refuse(what, self);
    }
    if (next.effective() != null && clock.instant().isBefore(next.effective())) {
      throw refuse(what, "it is not effective before " + next.effective());
    }
    pinned.put(selfParty, selfKey);
    RulebookSigner.Verification v = RulebookSigner.verify(candidate, pinned);
    if (!v.isValid()) {
      String why = current == null ? v.message() : Amendments.refusal(current.rulebook(), candidate, v);
      if (why != null) {
        throw refuse(what, why);
      }
    }
    store(candidate);
    active = candidate;
    return candidate;
  }

  /**
   * Null when {@code loaded}, not signed by every party, took effect by the quorum of the version it supersedes (kept
   * in this directory); else why not.
   */
  private String byQuorum(SignedRulebook loaded, RulebookSigner.Verification v) {
    int previous = loaded.rulebook().supersedes();
    if (previous == 0 || !Files.exists(dir.resolve(fileName(previous, ".json")))) {
      return v.message();
    }
    return Amendments.refusal(read(previous).rulebook(), loaded, v);
  }

  private String selfCheck(Rulebook r) {
    Party me = r.parties().get(selfParty);
    if (me == null) {
      return "it does not bind this node's party '" + selfParty + "'";
    }
    if (!me.publicKey().equals(selfKey)) {
      return "it lists another public key for this node's party '" + selfParty + "' than this node's own";
    }
    return null;
  }

  private static RulebookException refuse(String what, String why) {
    return new RulebookException("refused to activate " + what + ": " + why);
  }

  private void store(SignedRulebook s) {
    int v = s.rulebook().version();
    try {
      write(fileName(v, ".json"), s.rulebook().canonicalJson());
      write(fileName(v, ".sig"), s.signatureFile());
      write(ACTIVE, v + "\n");
    } catch (IOException e) {
      throw new RulebookException("cannot store " + s.describe() + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  private void write(String name, String text) throws IOException {
    Path tmp = dir.resolve(name + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private SignedRulebook read(int version) {
    Path json = dir.resolve(fileName(version, ".json"));
    Path sig = dir.resolve(fileName(version, ".sig"));
    try {
      Rulebook r = RulebookParser.parse(Files.readString(json, StandardCharsets.UTF_8), json.toString());
      String sigs = Files.exists(sig) ? Files.readString(sig, StandardCharsets.UTF_8) : "";
      return new SignedRulebook(r, SignedRulebook.parseSignatures(sigs, sig.toString()));
    } catch (IOException e) {
      throw new RulebookException("cannot read " + json + ": " + e.getMessage(), e);
    }
  }

  private static String fileName(int version, String suffix) {
    return "v" + version + suffix;
  }
}
