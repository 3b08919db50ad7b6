package org.accord.cli;

import static org.accord.cli.TwoNodeHttp.MEDIA;
import static org.accord.cli.TwoNodeHttp.basic;
import static org.accord.cli.TwoNodeHttp.json;
import static org.accord.cli.TwoNodeHttp.analyst;
import static org.accord.cli.TwoNodeHttp.usNodeAtCn;
import static org.accord.cli.TestObjects.CN_IDENTITY;
import static org.accord.cli.TestObjects.US_IDENTITY;
import static org.accord.cli.TestObjects.base;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.accord.ledger.Checkpoint;
import org.accord.ledger.Ledger;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.node.NodeKeys;
import org.accord.node.RunningNode;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.accord.store.Origin;
import org.accord.store.StoredObject;
import org.accord.taxii.server.PasswordHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CN's node under the demo's bilateral rulebook, seen by a peer over real HTTP: US's node ({@code us-node}), a
 * party the rulebook does not know ({@code eu-node}), and CN's own analyst. What a peer reads, writes and hands over
 * is decided by the rulebook, and every attempt to get round it is refused with a precise reason.
 */
class PeerRulesTest {
  private static final String EU_PASSWORD = "eu-node password";

  @TempDir Path dir;
  private TwoNodeSetup setup;
  private RunningNode cn;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    setup = TwoNodeSetup.prepare(dir, 0, 0, 0, 100);
    cn = Node.start(withEuUser(setup.cn().config()));
  }

  @AfterEach
  void stop() {
    if (cn != null) {
      cn.close();
    }
  }

  /** CN's configuration plus a user for a party that is not in the rulebook. */
  private static NodeConfig withEuUser(NodeConfig c) throws Exception {
    List<NodeConfig.User> users = new ArrayList<>(c.taxii().users());
    users.add(new NodeConfig.User("eu-node", PasswordHash.hash(EU_PASSWORD.toCharArray(), 1_000), Map.of(), "eu"));
    return c.withTaxii(c.taxii().withUsers(users));
  }

  @Test
  void aPeerSeesOnlyWhatItsClausesAllowInTheFormTheyRequire() throws Exception {
    ObjectNode shared = indicator(CN_IDENTITY, Tlp.GREEN, 80);
    shared.put("x_internal_ticket", "INC-4711");
    ObjectNode red = indicator(CN_IDENTITY, Tlp.RED, 95);
    ObjectNode weak = indicator(CN_IDENTITY, Tlp.GREEN, 40);
    cn.store().add(TwoNodeSetup.SHARED, List.of(StixObject.of(shared), StixObject.of(red), StixObject.of(weak)));

    JsonNode forUs = json(get("/collections/shared/objects/", usNodeAtCn(setup)));
    JsonNode forAnalyst = json(get("/collections/shared/objects/", analyst(setup.cn())));

    assertThat(forAnalyst.get("objects")).hasSize(3);
    assertThat(forUs.get("objects")).hasSize(1);
    JsonNode seen = forUs.get("objects").get(0);
    assertThat(seen.get("id").asText()).isEqualTo(shared.get("id").asText());
    assertThat(seen.has("x_internal_ticket")).as("A1.S1 strips custom properties").isFalse();
    // The same gate answers for single objects and manifests: the RED one does not exist for US.
    assertThat(get("/collections/shared/objects/" + red.get("id").asText() + "/", usNodeAtCn(setup)).statusCode())
        .isEqualTo(404);
    assertThat(json(get("/collections/shared/manifest/", usNodeAtCn(setup))).get("objects")).hasSize(1);
  }

  @Test
  void aPartyTheRulebookDoesNotKnowIsRefusedWith403AndTheReason() throws Exception {
    HttpResponse<String> r = get("/collections/shared/objects/", basic("eu-node", EU_PASSWORD));

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).get("description").asText())
        .isEqualTo("'eu' is not another party of rulebook cn-us-ddos-cooperation v1");
    assertThat(json(get("/collections/", basic("eu-node", EU_PASSWORD))).has("collections")).isFalse();
  }

  @Test
  void aPeerPostsOnlyWhatTheRulebookLetsItSendAndItIsHeldAsItsOwn() throws Exception {
    ObjectNode sighting = sighting();
    ObjectNode claimsCn = indicator(CN_IDENTITY, Tlp.GREEN, 90); // US posting an object "by CN"
    ObjectNode red = indicator(US_IDENTITY, Tlp.RED, 90);

    JsonNode status = json(post("/collections/inbox/objects/", usNodeAtCn(setup), List.of(sighting, claimsCn, red)));

    assertThat(status.get("success_count").asInt()).isEqualTo(1);
    assertThat(status.get("failures").toString())
        .contains(claimsCn.get("id").asText(), "crafted-producer")
        .contains(red.get("id").asText(), "tlp-red");
    List<StoredObject> inbox = StoreScan.allVersions(cn.store(), TwoNodeSetup.INBOX);
    assertThat(inbox).extracting(o -> o.entry().id()).containsExactly(sighting.get("id").asText());
    // Held with the hop that brought it: from US to CN by the clause that let US send it.
    assertThat(inbox.get(0).origin())
        .isEqualTo(Origin.received("us", "A1", List.of(new Origin.Hop("us", "cn", "A1.S3"))));
    // CN's analyst posting the same kind of object: CN's own, no rulebook question asked; but not into the inbox,
    // which holds what US sent (read-only to CN's users, see WriteSideTest).
    post("/collections/shared/objects/", analyst(setup.cn()), List.of(indicator(CN_IDENTITY, Tlp.RED, 90)));
    assertThat(StoreScan.allVersions(cn.store(), TwoNodeSetup.SHARED)).singleElement()
        .satisfies(o -> assertThat(o.origin()).isEqualTo(Origin.OWN));
  }

  @Test
  void theLedgerExchangeRefusesLocalUsersOtherPartiesCheckpointsAndForgedSignatures() throws Exception {
    Checkpoint usCheckpoint = usCheckpoint();

    HttpResponse<String> byAnalyst = postJson("/_accord/ledger/checkpoint/", analyst(setup.cn()), usCheckpoint.toJson());
    HttpResponse<String> cnCheckpointByUs =
        postJson("/_accord/ledger/checkpoint/", usNodeAtCn(setup), cn.ledger().checkpoint().toJson());
    String forged = usCheckpoint.toJson().replace("\"seq\":" + usCheckpoint.seq(), "\"seq\":" + (usCheckpoint.seq() + 7));
    HttpResponse<String> forgedByUs = postJson("/_accord/ledger/checkpoint/", usNodeAtCn(setup), forged);
    HttpResponse<String> valid = postJson("/_accord/ledger/checkpoint/", usNodeAtCn(setup), usCheckpoint.toJson());

    assertThat(byAnalyst.statusCode()).isEqualTo(403);
    assertThat(json(byAnalyst).get("description").asText()).contains("for peers");
    assertThat(cnCheckpointByUs.statusCode()).isEqualTo(403);
    assertThat(json(cnCheckpointByUs).get("description").asText()).contains("but the checkpoint is cn's");
    assertThat(forgedByUs.statusCode()).isEqualTo(400);
    assertThat(json(forgedByUs).get("description").asText()).contains("bad signature");
    assertThat(valid.statusCode()).isEqualTo(200);
    Checkpoint answer = Checkpoint.parse(valid.body());
    assertThat(answer.party()).isEqualTo("cn");
    assertThat(answer.verify(cn.ledger().publicKey())).isTrue();
    assertThat(cn.ledger().entriesWith("us")).singleElement()
        .satisfies(e -> assertThat(e.draft().checkpoint()).isEqualTo(usCheckpoint));
  }

  @Test
  void aNewVersionActivatedWhileTheNodeRunsIsRecordedAndAppliedAtOnce() throws Exception {
    ObjectNode campaign = base("campaign", CN_IDENTITY, Tlp.AMBER);
    campaign.put("name", "November DDoS campaign");
    cn.store().add(TwoNodeSetup.SHARED, List.of(StixObject.of(campaign)));
    assertThat(json(get("/collections/shared/objects/", usNodeAtCn(setup))).has("objects")).isFalse();
    String v2 =
        Files.readString(setup.rulebookFile())
            .replace("version: 1\nsupersedes: 0", "version: 2\nsupersedes: 1")
            .replace("types: [incident, observed-data,", "types: [campaign, incident, observed-data,");
    Path file = dir.resolve("rulebook-v2.yaml");
    Files.writeString(file, v2);
    Path cnConfig = setup.cn().configFile();

    CliTest.Run unsigned = CliTest.run("rules", "activate", file.toString(), "--config", cnConfig.toString());
    assertThat(unsigned.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(unsigned.err()).contains("the running node refused it").contains("us");

    assertThat(CliTest.run("rules", "sign", file.toString(), "--config", cnConfig.toString()).exit()).isZero();
    assertThat(CliTest.run("rules", "sign", file.toString(), "--config", setup.us().configFile().toString()).exit())
        .isZero();
    CliTest.Run activated = CliTest.run("rules", "activate", file.toString(), "--config", cnConfig.toString());

    assertThat(activated.exit()).as(activated.err()).isZero();
    assertThat(activated.out()).contains("cn-us-ddos-cooperation v2").contains("in the running node");
    JsonNode forUs = json(get("/collections/shared/objects/", usNodeAtCn(setup)));
    assertThat(forUs.get("objects")).singleElement()
        .satisfies(o -> assertThat(o.get("id").asText()).isEqualTo(campaign.get("id").asText()));
    assertThat(cn.ledger().entriesWith("us")).singleElement().satisfies(e -> {
      assertThat(e.clauseId()).isEqualTo("A1.S2");
      assertThat(e.objects()).singleElement().satisfies(o -> assertThat(o.id()).isEqualTo(campaign.get("id").asText()));
    });
    assertThat(java.nio.file.Files.readString(Node.ledgerFile(setup.cn().config())))
        .contains("\"id\":\"cn-us-ddos-cooperation\",\"version\":\"2\"");
  }

  @Test
  void theAssetRegistryIsOpenOverRestToTheNodesOwnUsersOnly() throws Exception {
    String bank = "{\"name\":\"Online banking\",\"operator\":\"Example Commercial Bank\",\"sector\":\"finance\","
        + "\"criticality\":5,\"cidrs\":[\"198.51.100.0/26\"],\"domains\":[\"bank.example\"]}";

    HttpResponse<String> put = send("PUT", "/_accord/assets/bank-web", analyst(setup.cn()), bank);
    HttpResponse<String> badSector = send("PUT", "/_accord/assets/x", analyst(setup.cn()), bank.replace("finance", "retail"));
    HttpResponse<String> badCidr = send("PUT", "/_accord/assets/x", analyst(setup.cn()), bank.replace("0/26", "7/26"));
    HttpResponse<String> notJson = send("PUT", "/_accord/assets/x", analyst(setup.cn()), "{not json");
    HttpResponse<String> noName = send("PUT", "/_accord/assets/x", analyst(setup.cn()), bank.replace("\"name\"", "\"title\""));
    HttpResponse<String> list = send("GET", "/_accord/assets/", analyst(setup.cn()), null);
    HttpResponse<String> byPeer = send("GET", "/_accord/assets/", usNodeAtCn(setup), null);
    HttpResponse<String> delete = send("DELETE", "/_accord/assets/bank-web", analyst(setup.cn()), null);
    HttpResponse<String> again = send("DELETE", "/_accord/assets/bank-web", analyst(setup.cn()), null);

    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(badSector.statusCode()).isEqualTo(400);
    assertThat(json(badSector).get("description").asText()).contains("unknown sector 'retail'");
    assertThat(badCidr.statusCode()).isEqualTo(400);
    assertThat(json(badCidr).get("description").asText()).contains("198.51.100.7/26");
    assertThat(json(list).get("assets")).singleElement()
        .satisfies(a -> assertThat(a.get("sector").asText()).isEqualTo("finance"));
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(json(notJson).get("description").asText()).startsWith("the body is not JSON");
    assertThat(noName.statusCode()).isEqualTo(400);
    assertThat(json(noName).get("description").asText()).contains("'name' is required");
    assertThat(byPeer.statusCode()).isEqualTo(403);
    assertThat(delete.statusCode()).isEqualTo(204);
    assertThat(again.statusCode()).isEqualTo(404);
  }

  private HttpResponse<String> send(String method, String path, String auth, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(cn.baseUrl() + path))
            .header("Authorization", auth)
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aLedgerEditedOnDiskStopsTheNodeFromStartingAndNamesTheLine() throws Exception {
    cn.close();
    Path ledger = Node.ledgerFile(setup.cn().config());
    List<String> lines = Files.readAllLines(ledger);
    lines.set(0, lines.get(0).replace("RULEBOOK_ACTIVATED", "RULEBOOK_ACTIVATEE"));
    Files.write(ledger, lines);

    assertThatThrownBy(() -> cn = Node.start(setup.cn().config()))
        .hasMessageContaining("ledger.jsonl")
        .hasMessageContaining("does not verify")
        .hasMessageContaining("line 1");
    cn = null;
  }

  private Checkpoint usCheckpoint() throws Exception {
    NodeConfig us = setup.us().config();
    try (Ledger l = Ledger.open(Node.ledgerFile(us), NodeKeys.loadOrCreate(us.dataDir()), "us", Clock.systemUTC())) {
      return l.checkpoint();
    }
  }




  private HttpResponse<String> get(String path, String auth) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(cn.baseUrl() + "/accord" + path))
            .header("Authorization", auth).header("Accept", MEDIA).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String auth, List<ObjectNode> objects) throws Exception {
    ObjectNode envelope = StixJson.mapper().createObjectNode();
    objects.forEach(envelope.putArray("objects")::add);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(cn.baseUrl() + "/accord" + path))
                .header("Authorization", auth).header("Accept", MEDIA).header("Content-Type", MEDIA)
                .POST(HttpRequest.BodyPublishers.ofString(envelope.toString())).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return r;
  }

  private HttpResponse<String> postJson(String path, String auth, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(cn.baseUrl() + path))
            .header("Authorization", auth).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }


  private static ObjectNode indicator(String producer, Tlp tlp, int confidence) {
    return TestObjects.indicator(producer, tlp, confidence, "203.0.113.9");
  }

  private static ObjectNode sighting() {
    ObjectNode o = base("sighting", US_IDENTITY, Tlp.AMBER);
    o.put("sighting_of_ref", "indicator--" + UUID.randomUUID());
    return o;
  }
}
