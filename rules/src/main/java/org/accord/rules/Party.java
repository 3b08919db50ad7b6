package org.accord.rules;

import java.net.URI;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.accord.ledger.Ed25519;

/**
 * A party bound by a rulebook: an organisation that runs a node. {@code key} is its Ed25519 public key in Accord's
 * text form ({@code ed25519:...}); it verifies the party's signature on the rulebook. {@code identity} is the STIX
 * identity (STIX 2.1 §4.11) its node puts in {@code created_by_ref}, which is how the egress gate recognises objects
 * produced by that party. {@code taxii} (may be null) is its TAXII 2.1 API root; {@code hotline} lists where
 * obligation breaches are notified ({@code webhook:https://...}, {@code mailto:...}).
 */
public record Party(String id, String name, String identity, String key, URI taxii, List<String> hotline) {
  /** Party ids are short lowercase words, so they never collide with {@link Egress#PUBLIC_FEED}. */
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  public Party {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(key, "key");
    hotline = List.copyOf(hotline);
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("party id '" + id + "' must match " + ID.pattern());
    }
    if (!identity.startsWith("identity--")) {
      throw new IllegalArgumentException("party " + id + ": identity must be a STIX identity id (identity--...)");
    }
    Ed25519.decodePublic(key); // fails with the reason when the key is not an Ed25519 public key
  }

  public PublicKey publicKey() {
    return Ed25519.decodePublic(key);
  }
}
