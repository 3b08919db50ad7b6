package org.accord.rules;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.accord.ledger.Ed25519;

/**
 * Signs and verifies rulebook versions: detached Ed25519 signatures (RFC 8032) over {@link Rulebook#canonicalBytes()}.
 * A version is valid when every party it binds has signed it and every signature verifies; anything else is refused,
 * with one {@link SignatureProblem} per fault.
 */
public final class RulebookSigner {
  private RulebookSigner() {}

  /**
   * {@code party}'s signature on {@code rulebook}, added to {@code signed}'s collection.
   *
   * @throws RulebookException when {@code party} is not bound by the rulebook, or {@code key} is not the private key
   *     matching the public key the rulebook lists for it (a signature nobody could verify is a mistake, not a
   *     signature)
   */
  public static SignedRulebook sign(SignedRulebook signed, String party, PrivateKey key) {
    Rulebook rulebook = signed.rulebook();
    Party p = rulebook.parties().get(party);
    if (p == null) {
      throw new RulebookException(
          "'" + party + "' is not a party to " + signed.describe() + ": only its parties sign it");
    }
    byte[] message = rulebook.canonicalBytes();
    byte[] signature = Ed25519.sign(key, message);
    if (!Ed25519.verify(p.publicKey(), message, signature)) {
      throw new RulebookException(
          "this private key does not match the public key " + signed.describe() + " lists for " + party);
    }
    return signed.with(party, Ed25519.encodeSignature(signature));
  }

  /** {@code party}'s signature on an unsigned rulebook. */
  public static SignedRulebook sign(Rulebook rulebook, String party, PrivateKey key) {
    return sign(SignedRulebook.unsigned(rulebook), party, key);
  }

  /** Verifies with the keys the rulebook itself lists. */
  public static Verification verify(SignedRulebook signed) {
    return verify(signed, Map.of());
  }

  /**
   * Verifies, taking a party's key from {@code pinned} when present there, else from the rulebook itself. {@link
   * RulebookHistory} pins the keys of the active version, so that a new version can change a party's key only with
   * that party's signature under its old key.
   */
  public static Verification verify(SignedRulebook signed, Map<String, PublicKey> pinned) {
    Rulebook rulebook = signed.rulebook();
    byte[] message = rulebook.canonicalBytes();
    List<SignatureProblem> problems = new ArrayList<>();
    for (String signer : signed.signatures().keySet()) {
      if (!rulebook.parties().containsKey(signer)) {
        problems.add(
            new SignatureProblem(
                SignatureProblem.Kind.NOT_A_PARTY,
                signer,
                "signer '" + signer + "' is not a party to " + signed.describe()));
      }
    }
    for (Party p : rulebook.parties().values()) {
      String text = signed.signatures().get(p.id());
      if (text == null) {
        problems.add(
            new SignatureProblem(
                SignatureProblem.Kind.MISSING, p.id(), "missing signature of party " + p.id()));
        continue;
      }
      byte[] sig;
      try {
        sig = Ed25519.decodeSignature(text);
      } catch (IllegalArgumentException e) {
        problems.add(
            new SignatureProblem(
                SignatureProblem.Kind.MALFORMED,
                p.id(),
                "signature of " + p.id() + " is malformed: " + e.getMessage()));
        continue;
      }
      PublicKey key = pinned.getOrDefault(p.id(), p.publicKey());
      if (!Ed25519.verify(key, message, sig)) {
        problems.add(
            new SignatureProblem(
                SignatureProblem.Kind.INVALID,
                p.id(),
                "signature of " + p.id() + " does not verify: the document was altered after " + p.id()
                    + " signed it (or it was signed with another key)"));
      }
    }
    return new Verification(signed.describe(), problems);
  }

  /** The outcome of {@link #verify}: valid when there is no problem. */
  public record Verification(String document, List<SignatureProblem> problems) {
    public Verification {
      problems = List.copyOf(problems);
    }

    public boolean isValid() {
      return problems.isEmpty();
    }

    /** One line for the operator. */
    public String message() {
      if (problems.isEmpty()) {
        return document + ": signed by every party";
      }
      return document + ": " + String.join("; ", problems.stream().map(SignatureProblem::message).toList());
    }
  }
}
