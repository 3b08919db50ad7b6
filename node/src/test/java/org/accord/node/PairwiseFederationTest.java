package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.accord.ledger.Entry;
import org.accord.ledger.EntryKind;
import org.accord.ledger.LedgerVerifier;
import org.accord.ledger.Reconciliation;
import org.accord.rules.Rulebook;
import org.accord.rules.RulebookParser;
import org.accord.rules.RulebookSigner;
import org.accord.rules.SignedRulebook;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.store.ObjectQuery;
import org.accord.taxii.server.PasswordHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three parties' nodes over real HTTP, each with its own key, store and ledger, under one rulebook of three bilateral
 * agreements (a-b, b-c, a-c). Each node pulls the other two's {@code intel} on its own per-peer schedule. Every pair
 * exchanges data, so every pair must have exchanged signed checkpoints (after the peer's run that moved data, the
 * node's per-peer hook) and every pair's ledgers must reconcile: what one recorded sending, the other recorded
 * receiving (issue 12, part 3: checkpoints and reconciliation pairwise). Node a also has a fourth peer, d, whose
 * node accepts connections and never answers (the default client timeouts: a minute per request, five attempts):
 * it must hold up none of a's other pairs.
 */
class PairwiseFederationTest {
  private static final List<String> PARTIES = List.of("a", "b", "c");
  /** A party whose node accepts connections and never answers; only a federates with it. */
  private static final String DEAD = "d";
  private static final String INTEL = "0a000000-0000-4000-8000-000000000001";
  private static final String PASSWORD = "correct horse battery staple";
  private static final int PER_NODE = 30;

  private final Map<String, Path> dirs = new LinkedHashMap<>();
  private final Map<String, Integer> ports = new LinkedHashMap<>();
  private final Map<String, RunningNode> nodes = new LinkedHashMap<>();
  private SignedRulebook rulebook;
  private ServerSocket dead;
  private final List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws IOException {
    if (dead != null) {
      dead.close(); // a's run with d then fails fast, and a stops without waiting out a timeout
      for (java.net.Socket s : held) {
        s.close();
      }
    }
    nodes.values().forEach(RunningNode::close);
    dirs.values().forEach(TestNode::deleteRecursively);
  }

  @Test
  void everyPairThatExchangedDataExchangedCheckpointsAndReconcilesWhileAPeerIsDead() throws Exception {
    dead = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!dead.isClosed()) {
        try {
          held.add(dead.accept()); // never read, never answered
        } catch (IOException e) {
          return;
        }
      }
    }, "dead-peer");
    acceptor.setDaemon(true);
    acceptor.start();
    for (String p : PARTIES) {
      dirs.put(p, Files.createTempDirectory("accord-pairwise-" + p + "-"));
      ports.put(p, freePort());
    }
    Map<String, NodeConfig> configs = new LinkedHashMap<>();
    for (String p : PARTIES) {
      configs.put(p, NodeConfigReader.parse(yaml(p), "node " + p));
    }
    rulebook = signedRulebook(configs);
    for (String p : PARTIES) {
      Node.activate(configs.get(p), rulebook);
    }
    for (String p : PARTIES) {
      RunningNode node = Node.start(configs.get(p));
      nodes.put(p, node);
      List<StixObject> own = new ArrayList<>();
      for (int i = 0; i < PER_NODE; i++) {
        own.add(indicator(p, i));
      }
      node.store().add(INTEL, own);
    }

    // Each node receives the other two's indicators into from-<peer> on its own schedule.
    awaitTrue(() -> PARTIES.stream().allMatch(me -> others(me).stream()
        .allMatch(them -> count(nodes.get(me), fromId(them)) == PER_NODE)), 60);
    // And each pair has exchanged checkpoints after the runs that moved data.
    awaitTrue(() -> PARTIES.stream().allMatch(me -> others(me).stream()
        .allMatch(them -> checkpointsFrom(nodes.get(me), them) > 0)), 30);

    for (String me : PARTIES) {
      RunningNode mine = nodes.get(me);
      var verification = LedgerVerifier.verify(Node.ledgerFile(mine.config()), mine.ledger().publicKey());
      assertThat(verification.ok()).as(verification.message()).isTrue();
      assertThat(mine.ledger().entriesWith(DEAD)).as("nothing moved with the dead peer, nothing recorded").isEmpty();
      for (String them : others(me)) {
        NodeConfig.PeerConfig peer = mine.config().peer(them).orElseThrow();
        List<Entry> theirs = new PeerLedger(peer, rulebook.rulebook().parties().get(them)).entries();
        Reconciliation r = Reconciliation.between(mine.ledger().entriesWith(them), theirs, me, them);
        assertThat(r.differences()).as(me + " vs " + them).isEmpty();
        assertThat(mine.ledger().entriesWith(them)).as(me + " received from " + them)
            .anyMatch(e -> e.kind() == EntryKind.RECEIVED);
      }
    }
  }

  // ---- the three nodes -----------------------------------------------------------------------------------------

  private static List<String> others(String me) {
    return PARTIES.stream().filter(p -> !p.equals(me)).toList();
  }

  /** The collection on each node that holds what party {@code p} sent (one per peer: a collection holds one peer's). */
  private static String fromId(String p) {
    return "0a000000-0000-4000-8000-0000000001" + (10 + List.of("a", "b", "c", DEAD).indexOf(p));
  }

  private String yaml(String me) {
    String hash = PasswordHash.hash(PASSWORD.toCharArray(), 1_000);
    StringBuilder y = new StringBuilder();
    y.append("name: node-").append(me).append('\n')
        .append("party: ").append(me).append('\n')
        .append("unmarked_tlp: amber\n")
        .append("host: 127.0.0.1\n")
        .append("port: ").append(ports.get(me)).append('\n')
        .append("data_dir: ").append(dirs.get(me).toAbsolutePath()).append('\n')
        .append("federation: { interval_seconds: 1, page_size: 10 }\n")
        .append("taxii:\n")
        .append("  title: node ").append(me).append('\n')
        .append("  api_roots:\n")
        .append("    - name: accord\n")
        .append("      collections:\n")
        .append("        - { id: ").append(INTEL).append(", alias: intel, title: Intel }\n");
    for (String them : me.equals("a") ? List.of("b", "c", DEAD) : others(me)) {
      y.append("        - { id: ").append(fromId(them)).append(", alias: from-").append(them)
          .append(", title: From ").append(them).append(" }\n");
    }
    y.append("  users:\n");
    for (String them : others(me)) {
      y.append("    - name: ").append(them).append("-node\n")
          .append("      party: ").append(them).append('\n')
          .append("      password_hash: \"").append(hash).append("\"\n");
    }
    y.append("peers:\n");
    if (me.equals("a")) {
      y.append("  - party: ").append(DEAD).append('\n')
          .append("    url: http://127.0.0.1:").append(dead.getLocalPort()).append('\n')
          .append("    api_root: accord\n")
          .append("    user: a-node\n")
          .append("    password: \"").append(PASSWORD).append("\"\n")
          .append("    pull:\n")
          .append("      - { remote: ").append(INTEL).append(", local: ").append(fromId(DEAD)).append(" }\n");
    }
    for (String them : others(me)) {
      y.append("  - party: ").append(them).append('\n')
          .append("    url: http://127.0.0.1:").append(ports.get(them)).append('\n')
          .append("    api_root: accord\n")
          .append("    user: ").append(me).append("-node\n")
          .append("    password: \"").append(PASSWORD).append("\"\n")
          .append("    pull:\n")
          .append("      - { remote: ").append(INTEL).append(", local: ").append(fromId(them)).append(" }\n");
    }
    return y.toString();
  }

  /** Three parties, three bilateral agreements; each agreement signed by all (one rulebook version). */
  private static SignedRulebook signedRulebook(Map<String, NodeConfig> configs) {
    Map<String, KeyPair> keys = new LinkedHashMap<>();
    configs.forEach((p, c) -> keys.put(p, NodeKeys.loadOrCreate(c.dataDir())));
    KeyPair deadKey = NodeKeys.loadOrCreate(configs.get("a").dataDir().resolve("dead-peer"));
    StringBuilder t = new StringBuilder();
    t.append("rulebook: pairwise-test\nversion: 1\nsupersedes: 0\nparties:\n");
    int n = 0;
    for (String p : PARTIES) {
      t.append("  ").append(p).append(":\n")
          .append("    name: CERT ").append(p).append(" (test)\n")
          .append("    identity: identity--0b1c8d3e-2f4a-4b5c-8d6e-7f8091a2b3c").append(n++).append('\n')
          .append("    key: ").append(NodeKeys.publicKeyText(keys.get(p))).append('\n');
    }
    t.append("  ").append(DEAD).append(":\n")
        .append("    name: CERT d (test, its node is dead)\n")
        .append("    identity: identity--0b1c8d3e-2f4a-4b5c-8d6e-7f8091a2b3c").append(n).append('\n')
        .append("    key: ").append(NodeKeys.publicKeyText(deadKey)).append('\n');
    t.append("defaults:\n  unmarked: amber\nagreements:\n");
    List<List<String>> pairs = List.of(List.of("a", "b"), List.of("b", "c"), List.of("a", "c"), List.of("a", DEAD));
    for (List<String> pair : pairs) {
      String x = pair.get(0);
      String y = pair.get(1);
      String id = "P" + x.toUpperCase() + y.toUpperCase();
      t.append("  - id: ").append(id).append('\n')
          .append("    title: Indicators between ").append(x).append(" and ").append(y).append('\n')
          .append("    parties: [").append(x).append(", ").append(y).append("]\n")
          .append("    legal_basis: \"test\"\n")
          .append("    clauses:\n")
          .append("      - id: ").append(id).append(".S1\n")
          .append("        kind: share\n")
          .append("        from: [").append(x).append(", ").append(y).append("]\n")
          .append("        to: [").append(x).append(", ").append(y).append("]\n")
          .append("        what: { types: [indicator], tlp: [clear, green, amber] }\n")
          .append("        purpose: incident-response\n");
    }
    Rulebook parsed = RulebookParser.parse(t.toString(), "pairwise test rulebook");
    SignedRulebook signed = RulebookSigner.sign(parsed, DEAD, deadKey.getPrivate());
    for (String p : PARTIES) {
      signed = RulebookSigner.sign(signed, p, keys.get(p).getPrivate());
    }
    return signed;
  }

  private static StixObject indicator(String party, int i) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", "indicator");
    o.put("spec_version", "2.1");
    o.put("id", String.format("indicator--%08x-0000-4000-8000-%012d", PARTIES.indexOf(party) + 1, i));
    o.put("created", "2026-01-01T00:00:00.000Z");
    o.put("modified", "2026-01-01T00:00:00.000Z");
    o.put("name", "C2 address " + party + i);
    o.put("pattern", "[ipv4-addr:value = '198.51.100." + i + "']");
    o.put("pattern_type", "stix");
    o.put("valid_from", "2026-01-01T00:00:00Z");
    return StixObject.adopt(o);
  }

  private static int count(RunningNode node, String collection) {
    return node.store().objects(collection, ObjectQuery.all(1000)).items().size();
  }

  private static long checkpointsFrom(RunningNode node, String party) {
    try {
      return node.ledger().entriesWith(party).stream().filter(e -> e.kind() == EntryKind.CHECKPOINT_RECEIVED)
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void awaitTrue(BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + seconds + " s");
      }
      Thread.sleep(50);
    }
  }
}
