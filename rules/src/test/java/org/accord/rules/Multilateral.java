package org.accord.rules;

import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.accord.ledger.Ed25519;

/** Multilateral test rulebooks: parties with generated keys (test-only), written as YAML around given sections. */
final class Multilateral {
  private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();

  private Multilateral() {}

  static KeyPair keys(String party) {
    return KEYS.computeIfAbsent(party, p -> Ed25519.generate());
  }

  /** A deterministic STIX identity id per party id. */
  static String identity(String party) {
    return String.format("identity--00000000-0000-4000-8000-%012x", Math.abs((long) party.hashCode()));
  }

  /** A rulebook document: header, the parties (keys generated once per id) and then {@code rest}. */
  static String yaml(int version, int supersedes, List<String> parties, String rest) {
    StringBuilder b = new StringBuilder();
    b.append("rulebook: multi\nversion: ").append(version).append("\nsupersedes: ").append(supersedes)
        .append("\nparties:\n");
    for (String p : parties) {
      b.append("  ").append(p).append(":\n")
          .append("    name: ").append(p.toUpperCase(java.util.Locale.ROOT)).append(" CERT\n")
          .append("    identity: ").append(identity(p)).append('\n')
          .append("    key: ").append(Ed25519.encodePublic(keys(p).getPublic())).append('\n');
    }
    return b.append(rest).toString();
  }

  static Rulebook parse(int version, int supersedes, List<String> parties, String rest) {
    return RulebookParser.parse(yaml(version, supersedes, parties, rest), "multi.yaml");
  }

  /** {@code r} signed by {@code signers} with their generated keys. */
  static SignedRulebook signedBy(Rulebook r, List<String> signers) {
    SignedRulebook s = SignedRulebook.unsigned(r);
    for (String p : signers) {
      s = RulebookSigner.sign(s, p, keys(p).getPrivate());
    }
    return s;
  }
}
