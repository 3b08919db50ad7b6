package org.accord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.accord.ledger.Entry;
import org.accord.ledger.EntryKind;
import org.accord.ledger.Reconciliation;
import org.accord.node.Node;
import org.accord.node.PeerLedger;
import org.accord.node.RunningNode;
import org.accord.stix.StixJson;
import org.accord.stix.Tlp;
import org.accord.store.Origin;
import org.accord.store.StoredObject;
import org.accord.taxii.WireChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The provenance chain on the wire and in the store (issue 12, part 2), over real HTTP between three real nodes (CN,
 * US, FR) with real SQLite stores and ledgers: a copy of a received object that US passes on carries US's chain, and
 * only that copy; FR takes the chain out before validation, admission and storage; a malformed or forged chain is a
 * precise refusal of that object with nothing stored; both ledgers record the chain and reconcile.
 */
class ProvenanceChainTest {
  /**
   * CN shares indicators with US (A1.S1); US may pass CN's GREEN indicators on to FR by its own clause naming CN as
   * originator (A1.U1: the forwarder clause, one further hop).
   */
  static final String FORWARDER_RULEBOOK =
      """
      rulebook: three-party-forwarding
      version: 1
      supersedes: 0
      parties:
        cn:
          name: CN
          identity: identity--fb7c2360-72de-4f0a-9d28-35f2bce8a792
          key: ${CN_KEY}
        us:
          name: US
          identity: identity--2f0c7e51-6b1d-4e8a-a0c4-77d1b0c9e6f2
          key: ${US_KEY}
        fr:
          name: FR
          identity: identity--5d0e1c7a-4b9f-4e57-8a2c-61f3c0b7d9e8
          key: ${FR_KEY}
      defaults:
        unmarked: amber
      agreements:
        - id: A1
          title: Three parties
          parties: [cn, us, fr]
          legal_basis: "test"
          clauses:
            - id: A1.S1
              kind: share
              from: [cn]
              to: [us]
              what: { types: [indicator], tlp: [clear, green, amber] }
              purpose: incident-response
            - id: A1.U1
              kind: share
              from: [us]
              to: [fr]
              what: { types: [indicator], tlp: [clear, green], originators: [cn] }
              purpose: incident-response
      """;

  /**
   * CN shares indicators with US (A1.S1), and lets US pass GREEN ones on to {@code ${ONWARD_TO}} by its grant
   * A1.S1.F1; US sends FR its own sightings (A1.U2), so FR may read at US and US may push to FR whatever the
   * grant names. DE is a party without a node here.
   */
  static final String ONWARD_RULEBOOK =
      """
      rulebook: three-party-onward
      version: 1
      supersedes: 0
      parties:
        cn:
          name: CN
          identity: identity--fb7c2360-72de-4f0a-9d28-35f2bce8a792
          key: ${CN_KEY}
        us:
          name: US
          identity: identity--2f0c7e51-6b1d-4e8a-a0c4-77d1b0c9e6f2
          key: ${US_KEY}
        fr:
          name: FR
          identity: identity--5d0e1c7a-4b9f-4e57-8a2c-61f3c0b7d9e8
          key: ${FR_KEY}
        de:
          name: DE
          identity: identity--8e2a4f60-1c3b-4d5e-9f70-a1b2c3d4e5f6
          key: ${DE_KEY}
      defaults:
        unmarked: amber
      agreements:
        - id: A1
          title: Four parties
          parties: [cn, us, fr, de]
          legal_basis: "test"
          clauses:
            - id: A1.S1
              kind: share
              from: [cn]
              to: [us]
              what: { types: [indicator], tlp: [clear, green, amber] }
              purpose: incident-response
              onward:
                - id: A1.S1.F1
                  to: [${ONWARD_TO}]
                  tlp: [green]
            - id: A1.U2
              kind: share
              from: [us]
              to: [fr]
              what: { types: [sighting], tlp: [clear, green] }
              purpose: feedback
      """;

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private final List<RunningNode> running = new ArrayList<>();
  private ThreeNodes nodes;

  @AfterEach
  void stop() {
    running.forEach(RunningNode::close);
  }

  private RunningNode start(String party) {
    RunningNode n = Node.start(nodes.configs.get(party));
    running.add(n);
    return n;
  }

  @Test
  void aPassedOnCopyCarriesTheSendersChainOnTheWireAndNowhereElse() throws Exception {
    nodes = ThreeNodes.prepare(dir, FORWARDER_RULEBOOK, ThreeNodes.Route.PULL);
    RunningNode cn = start("cn");
    RunningNode us = start("us");
    ObjectNode original = TestObjects.indicator(TestObjects.CN_IDENTITY, Tlp.GREEN, 90, "192.0.2.7");
    cn.store().add(ThreeNodes.SHARED, List.of(org.accord.stix.StixObject.of(original)));

    us.federate();

    StoredObject held = StoreScan.allVersions(us.store(), ThreeNodes.FROM_CN).get(0);
    assertThat(held.origin())
        .isEqualTo(Origin.received("cn", "A1", List.of(new Origin.Hop("cn", "us", "A1.S1"))));
    assertThat(StixJson.mapper().readTree(held.json())).as("stored as CN made it").isEqualTo(original);
    // CN's own object went to US without a chain.
    JsonNode fromCn = objects(cn, "shared", nodes.nodeAt("us", "cn")).get(0);
    assertThat(fromCn.has(WireChain.PROPERTY)).isFalse();
    // US's copy for FR carries the hops along which US holds it; US's own users see the object as stored.
    JsonNode forFr = objects(us, "from-cn", nodes.nodeAt("fr", "us")).get(0);
    assertThat(forFr.get(WireChain.PROPERTY).toString())
        .isEqualTo("{\"hops\":[{\"from\":\"cn\",\"to\":\"us\",\"clause\":\"A1.S1\"}]}");
    ObjectNode withoutChain = ((ObjectNode) forFr).deepCopy();
    withoutChain.remove(WireChain.PROPERTY);
    assertThat(withoutChain).isEqualTo(original);
    JsonNode forAnalyst =
        objects(us, "from-cn", TwoNodeHttp.basic("analyst", nodes.analystPasswords.get("us"))).get(0);
    assertThat(forAnalyst).isEqualTo(original);
    // An export for FR is the gate's decision, not a wire copy: no chain.
    CliTest.Run export =
        CliTest.run("export", "--collection", "from-cn", "--to", "fr", "--config", configFile("us"));
    assertThat(export.exit()).as(export.err()).isZero();
    assertThat(export.out()).contains(original.get("id").asText()).doesNotContain(WireChain.PROPERTY);
  }

  @Test
  void aMalformedOrForgedChainIsRefusedWithItsReasonAndNothingIsStored() throws Exception {
    nodes = ThreeNodes.prepare(dir, FORWARDER_RULEBOOK, ThreeNodes.Route.PUSH);
    RunningNode fr = start("fr");
    List<ObjectNode> sent = new ArrayList<>();
    sent.add(withChain("{\"hops\":[{\"from\":\"cn\",\"to\":\"fr\",\"clause\":\"A1.S1\"}]}"));
    sent.add(withChain("{\"hops\":[{\"from\":\"cn\",\"to\":\"de\",\"clause\":\"A1.S1\"},"
        + "{\"from\":\"fr\",\"to\":\"us\",\"clause\":\"A1.U1\"}]}"));
    sent.add(withChain("\"cn → us\""));
    sent.add(withChain("{\"hops\":[{\"from\":\"cn\",\"to\":\"us\",\"clause\":\"A1.S1\",\"signed\":true}]}"));
    sent.add(withChain("{\"hops\":[]}"));
    sent.add(withChain("{\"hops\":[{\"from\":\"cn\",\"to\":\"us\",\"clause\":\"A1.S9\"}]}")); // no such clause
    sent.add(withChain("{\"hops\":[{\"from\":\"fr\",\"to\":\"us\",\"clause\":\"A1.S1\"}]}")); // back to FR
    ObjectNode amber = withChain("{\"hops\":[{\"from\":\"cn\",\"to\":\"us\",\"clause\":\"A1.S1\"}]}");
    amber.putArray("object_marking_refs").add(Tlp.AMBER.v2MarkingId()); // A1.U1 passes on CLEAR and GREEN only
    sent.add(amber);

    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(fr.baseUrl() + "/accord/collections/inbox/objects/"))
                .header("Authorization", nodes.nodeAt("us", "fr"))
                .header("Accept", TwoNodeHttp.MEDIA)
                .header("Content-Type", TwoNodeHttp.MEDIA)
                .POST(HttpRequest.BodyPublishers.ofString(TwoNodeHttp.envelope(sent)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    JsonNode status = TwoNodeHttp.json(r);
    assertThat(status.get("success_count").asInt()).isZero();
    assertThat(status.get("failure_count").asInt()).isEqualTo(sent.size());
    List<String> messages = new ArrayList<>();
    status.get("failures").forEach(f -> messages.add(f.get("message").asText()));
    assertThat(messages.subList(0, 5))
        .containsExactly(
            "$.x_accord_provenance: the chain ends at fr, not at the sender us [provenance-chain]",
            "$.x_accord_provenance: hop 2 leaves fr, but hop 1 arrived at de [provenance-chain]",
            "$.x_accord_provenance: must be an object with a list of hops [provenance-chain]",
            "$.x_accord_provenance: hop 1 must be an object of exactly 'from', 'to' and 'clause'"
                + " [provenance-chain]",
            "$.x_accord_provenance: 'hops' must be a non-empty list [provenance-chain]");
    // Well-formed but not what the rulebook allowed: the gate's refusal (a replay of US's gate), with its rule.
    assertThat(messages.get(5)).contains("A1.S9").endsWith("[provenance-chain]");
    assertThat(messages.get(6)).endsWith("[crafted-producer]");
    assertThat(messages.get(7)).endsWith("[no-laundering]");
    assertThat(StoreScan.allVersions(fr.store(), ThreeNodes.INBOX)).isEmpty();
  }

  @Test
  void theSentAndReceivedEntriesOfAPassOnRecordTheChainAndReconcile() throws Exception {
    nodes = ThreeNodes.prepare(dir, FORWARDER_RULEBOOK, ThreeNodes.Route.PULL);
    RunningNode cn = start("cn");
    RunningNode us = start("us");
    RunningNode fr = start("fr");
    ObjectNode original = TestObjects.indicator(TestObjects.CN_IDENTITY, Tlp.GREEN, 90, "192.0.2.8");
    cn.store().add(ThreeNodes.SHARED, List.of(org.accord.stix.StixObject.of(original)));

    us.federate();
    fr.federate();

    String id = original.get("id").asText();
    Entry sent = transfer(us, EntryKind.SENT, "fr", id);
    Entry received = transfer(fr, EntryKind.RECEIVED, "us", id);
    assertThat(sent.clauseId()).isEqualTo("A1.U1; chain cn → us by A1.S1");
    assertThat(received.clauseId()).isEqualTo("chain cn → us by A1.S1");
    assertThat(received.payloadHash()).as("both ends hashed the same wire bytes").isEqualTo(sent.payloadHash());
    assertReconciles(us, "us", fr, "fr");
  }

  @ParameterizedTest
  @EnumSource(ThreeNodes.Route.class)
  void cnsGrantLetsUsPassItOnToFrWhichHoldsItWithTheWholeChainAndTheLedgersReconcile(ThreeNodes.Route route)
      throws Exception {
    nodes = ThreeNodes.prepare(dir, ONWARD_RULEBOOK.replace("${ONWARD_TO}", "fr"), route);
    RunningNode cn = start("cn");
    RunningNode us = start("us");
    RunningNode fr = start("fr");
    ObjectNode original = TestObjects.indicator(TestObjects.CN_IDENTITY, Tlp.GREEN, 90, "192.0.2.10");
    cn.store().add(ThreeNodes.SHARED, List.of(org.accord.stix.StixObject.of(original)));

    us.federate(); // pulls from CN (and pushes to FR what it held before: nothing)
    us.federate(); // pushes to FR on the PUSH route
    fr.federate(); // pulls from US on the PULL route

    String held = route == ThreeNodes.Route.PULL ? ThreeNodes.FROM_US : ThreeNodes.INBOX;
    StoredObject atFr = StoreScan.allVersions(fr.store(), held).get(0);
    assertThat(atFr.origin())
        .isEqualTo(
            Origin.received(
                "cn", "A1",
                List.of(new Origin.Hop("cn", "us", "A1.S1"), new Origin.Hop("us", "fr", "A1.S1.F1"))));
    assertThat(StixJson.mapper().readTree(atFr.json())).as("the originator's content, no chain").isEqualTo(original);
    String id = original.get("id").asText();
    Entry sent = transfer(us, EntryKind.SENT, "fr", id);
    Entry received = transfer(fr, EntryKind.RECEIVED, "us", id);
    assertThat(sent.clauseId()).isEqualTo("A1.S1.F1; chain cn → us by A1.S1");
    assertThat(received.clauseId()).isEqualTo("chain cn → us by A1.S1");
    assertThat(received.payloadHash()).isEqualTo(sent.payloadHash());
    assertReconciles(us, "us", fr, "fr");
    assertReconciles(cn, "cn", us, "us");
    CliTest.Run explain = CliTest.run("explain", id, "--to", "de", "--config", configFile("fr"));
    assertThat(explain.exit()).as(explain.err()).isZero();
    assertThat(explain.out())
        .contains("(received, originator cn, agreement A1):\n  chain: cn → us by A1.S1 → fr by A1.S1.F1\n  DENY");
  }

  @Test
  void whenCnsGrantDoesNotCoverFrUsNeverPassesItOnToFr() throws Exception {
    nodes = ThreeNodes.prepare(dir, ONWARD_RULEBOOK.replace("${ONWARD_TO}", "de"), ThreeNodes.Route.PUSH);
    RunningNode cn = start("cn");
    RunningNode us = start("us");
    RunningNode fr = start("fr");
    ObjectNode original = TestObjects.indicator(TestObjects.CN_IDENTITY, Tlp.GREEN, 90, "192.0.2.11");
    cn.store().add(ThreeNodes.SHARED, List.of(org.accord.stix.StixObject.of(original)));

    us.federate();
    us.federate();

    assertThat(StoreScan.allVersions(us.store(), ThreeNodes.FROM_CN)).hasSize(1);
    assertThat(StoreScan.allVersions(fr.store(), ThreeNodes.INBOX)).isEmpty();
    assertThat(objects(us, "from-cn", nodes.nodeAt("fr", "us"))).as("nor can FR read it at US").isNull();
    assertThat(fr.ledger().entriesWith("us")).noneMatch(e -> e.kind() == EntryKind.RECEIVED);
    CliTest.Run explain = CliTest.run("explain", original.get("id").asText(), "--to", "fr", "--config",
        configFile("us"));
    assertThat(explain.out()).contains("chain: cn → us by A1.S1\n  DENY");
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private static Entry transfer(RunningNode node, EntryKind kind, String counterparty, String objectId)
      throws Exception {
    return node.ledger().entriesWith(counterparty).stream()
        .filter(e -> e.kind() == kind && e.objects().stream().anyMatch(o -> o.id().equals(objectId)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " of " + objectId + " with " + counterparty));
  }

  private void assertReconciles(RunningNode mine, String me, RunningNode other, String them) throws Exception {
    var peer = mine.config().peer(them).orElseThrow();
    var party = nodes.rulebook.rulebook().parties().get(them);
    Reconciliation r =
        Reconciliation.between(mine.ledger().entriesWith(them), new PeerLedger(peer, party).entries(), me, them);
    assertThat(r.differences()).as(me + " vs " + them).isEmpty();
  }

  private String configFile(String party) {
    return dir.resolve(party).resolve("accord.yaml").toAbsolutePath().toString();
  }

  /** An indicator US made up, claiming to be CN's, with {@code chain} as its wire chain. */
  private static ObjectNode withChain(String chain) throws Exception {
    ObjectNode o = TestObjects.indicator(TestObjects.CN_IDENTITY, Tlp.GREEN, 90, "192.0.2.9");
    o.set(WireChain.PROPERTY, StixJson.mapper().readTree(chain));
    return o;
  }

  private static JsonNode objects(RunningNode node, String collection, String auth) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(node.baseUrl() + "/accord/collections/" + collection + "/objects/"))
                .header("Authorization", auth)
                .header("Accept", TwoNodeHttp.MEDIA)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return TwoNodeHttp.json(r).get("objects");
  }
}
