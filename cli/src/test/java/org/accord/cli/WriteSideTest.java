package org.accord.cli;

import static org.accord.cli.TwoNodeHttp.MEDIA;
import static org.accord.cli.TwoNodeHttp.json;
import static org.accord.cli.TwoNodeHttp.envelope;
import static org.accord.cli.TwoNodeHttp.analyst;
import static org.accord.cli.TwoNodeHttp.usNodeAtCn;
import static org.accord.cli.TestObjects.CN_IDENTITY;
import static org.accord.cli.TestObjects.US_IDENTITY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.accord.ledger.Entry;
import org.accord.ledger.EntryKind;
import org.accord.ledger.LedgerVerifier;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.node.RunningNode;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.accord.store.Origin;
import org.accord.taxii.client.Federation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write side of the two-node demo, attacked over real HTTP as a hostile peer (US's node at CN) and a careless
 * own user would (issue 8, findings 1, 2 and 11): a peer never deletes; an own user deletes only with the configured
 * right, and every delete is in the ledger; an object's versions belong to its originator, on every way in; a
 * collection that holds a peer's objects is read-only to the node's own users.
 */
class WriteSideTest {

  @TempDir Path dir;
  private TwoNodeSetup setup;
  private RunningNode cn;
  private RunningNode us;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void prepare() throws Exception {
    setup = TwoNodeSetup.prepare(dir, 0, 0, 0, 100);
  }

  @AfterEach
  void stop() {
    if (cn != null) {
      cn.close();
    }
    if (us != null) {
      us.close();
    }
  }

  // ---- finding 1: deletes ----------------------------------------------------------------------------------------

  @Test
  void aPeerCannotDeleteAndEveryDeleteItTriesLooksTheSame() throws Exception {
    cn = Node.start(setup.cn().config());
    ObjectNode released = indicator(CN_IDENTITY, Tlp.GREEN);
    ObjectNode red = TestObjects.base("campaign", CN_IDENTITY, Tlp.RED);
    red.put("name", "withheld campaign");
    cn.store().add(TwoNodeSetup.SHARED, List.of(StixObject.of(released), StixObject.of(red)));
    cn.store().add(TwoNodeSetup.INBOX, List.of(StixObject.of(sighting())), List.of(Origin.receivedFrom("us", "A1")));

    List<HttpResponse<String>> answers = new ArrayList<>();
    for (String path :
        List.of(
            "/accord/collections/shared/objects/" + id(released) + "/",
            "/accord/collections/shared/objects/" + id(red) + "/",
            "/accord/collections/shared/objects/indicator--00000000-0000-4000-8000-000000000000/",
            "/accord/collections/inbox/objects/" + id(released) + "/",
            "/accord/collections/no-such-collection/objects/" + id(red) + "/",
            "/accord/collections/shared/objects/" + id(red) + "/?match[version]=first")) {
      answers.add(send(cn, "DELETE", path, usNodeAtCn(setup), null));
    }

    for (HttpResponse<String> r : answers) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
      JsonNode body = json(r);
      ((ObjectNode) body).remove("error_id");
      JsonNode first = json(answers.get(0));
      ((ObjectNode) first).remove("error_id");
      assertThat(body).isEqualTo(first);
      assertThat(r.headers().map().keySet()).isEqualTo(answers.get(0).headers().map().keySet());
    }
    assertThat(json(answers.get(0)).get("description").asText()).contains("may not delete");
    assertThat(StoreScan.allVersions(cn.store(), TwoNodeSetup.SHARED)).hasSize(2);
    assertThat(StoreScan.allVersions(cn.store(), TwoNodeSetup.INBOX)).hasSize(1);
  }

  @Test
  void anOwnUserDeletesOnlyWithTheDeleteRightAndEveryDeleteIsALedgerEntry() throws Exception {
    ObjectNode v1 = indicator(CN_IDENTITY, Tlp.AMBER);
    ObjectNode v2 = newVersion(v1, 5, o -> o.put("confidence", 10));
    cn = Node.start(setup.cn().config());
    cn.store().add(TwoNodeSetup.SHARED, List.of(StixObject.of(v1), StixObject.of(v2)));

    HttpResponse<String> withoutRight =
        send(cn, "DELETE", "/accord/collections/shared/objects/" + id(v1) + "/", analyst(setup.cn()), null);

    assertThat(withoutRight.statusCode()).isEqualTo(403);
    assertThat(json(withoutRight).get("description").asText()).contains("delete rights");
    assertThat(StoreScan.allVersions(cn.store(), TwoNodeSetup.SHARED)).hasSize(2);
    long entriesBefore = ledgerEntries(setup.cn().config()).size();
    cn.close();
    cn = Node.start(withAnalystRights(setup.cn().config(), Map.of(
        "*", new NodeConfig.Access(true, true, false),
        "shared", new NodeConfig.Access(true, true, true))));

    HttpResponse<String> withRight =
        send(cn, "DELETE", "/accord/collections/shared/objects/" + id(v1) + "/", analyst(setup.cn()), null);
    HttpResponse<String> again =
        send(cn, "DELETE", "/accord/collections/shared/objects/" + id(v1) + "/", analyst(setup.cn()), null);

    assertThat(withRight.statusCode()).as(withRight.body()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(StoreScan.allVersions(cn.store(), TwoNodeSetup.SHARED)).isEmpty();
    cn.close();
    cn = null;
    List<Entry> entries = ledgerEntries(setup.cn().config());
    assertThat(entries).hasSize((int) entriesBefore + 1);
    Entry deleted = entries.get(entries.size() - 1);
    assertThat(deleted.kind()).isEqualTo(EntryKind.DELETED);
    assertThat(deleted.counterparty()).isNull(); // the node's own record, never exported to a peer
    assertThat(deleted.clauseId()).isEqualTo("user analyst collection " + TwoNodeSetup.SHARED);
    assertThat(deleted.objects()).extracting(o -> o.id() + "@" + o.version())
        .containsExactly(id(v1) + "@" + v1.get("modified").asText(), id(v2) + "@" + v2.get("modified").asText());
    assertThat(LedgerVerifier.verify(Node.ledgerFile(setup.cn().config()), cn0Key()).ok()).isTrue();
  }

  // ---- finding 2: an object's versions belong to its originator ----------------------------------------------------

  @Test
  void aPeerCannotOverwriteTheNodesObjectWhateverCreatorItClaims() throws Exception {
    cn = Node.start(setup.cn().config());
    ObjectNode original = indicator(CN_IDENTITY, Tlp.GREEN);
    cn.store().add(TwoNodeSetup.SHARED, List.of(StixObject.of(original)));
    Consumer<ObjectNode> hostile = o -> o.put("pattern", "[ipv4-addr:value = '192.0.2.1']").put("revoked", true);
    ObjectNode dropped = newVersion(original, 10, hostile.andThen(o -> o.remove("created_by_ref")));
    ObjectNode itself = newVersion(original, 20, hostile.andThen(o -> o.put("created_by_ref", US_IDENTITY)));
    ObjectNode kept = newVersion(original, 30, hostile);

    HttpResponse<String> intoShared = send(cn, "POST", "/accord/collections/shared/objects/", usNodeAtCn(setup),
        envelope(List.of(dropped, itself, kept)));
    JsonNode status = json(post(cn, "/collections/inbox/objects/", usNodeAtCn(setup), List.of(dropped, itself, kept)));

    assertThat(intoShared.statusCode()).isEqualTo(403); // US writes only to its inbox on CN
    assertThat(json(intoShared).get("description").asText()).contains("is not one that us writes to");
    assertThat(status.get("success_count").asInt()).isZero();
    assertThat(status.get("failures")).hasSize(3).allSatisfy(f -> assertThat(f.get("id").asText())
        .isEqualTo(id(original)));
    List<String> messages = new ArrayList<>();
    status.get("failures").forEach(f -> messages.add(f.get("message").asText()));
    // Dropped or set to US: held as US's, refused by the store's originator rule; kept as CN's: refused at the door.
    assertThat(messages).filteredOn(m -> m.contains("from us, but its stored versions come from another originator"))
        .hasSize(2).allSatisfy(m -> assertThat(m).contains("STIX 2.1 §3.6"));
    assertThat(messages).filteredOn(m -> m.contains("crafted-producer")).hasSize(1);
    assertThat(StoreScan.allVersions(cn.store(), TwoNodeSetup.SHARED)).singleElement()
        .satisfies(o -> assertThat(StixJson.mapper().readTree(o.json())).isEqualTo(original));
    assertThat(StoreScan.allVersions(cn.store(), TwoNodeSetup.INBOX)).isEmpty();
  }

  @Test
  void aPeerAddsVersionsOfItsOwnObjectsAndOwnUsersCannot() throws Exception {
    cn = Node.start(setup.cn().config());
    ObjectNode v1 = sighting();
    ObjectNode v2 = newVersion(v1, 10, o -> o.put("count", 2));
    ObjectNode byAnalyst = newVersion(v1, 20, o -> o.put("count", 99));

    JsonNode first = json(post(cn, "/collections/inbox/objects/", usNodeAtCn(setup), List.of(v1)));
    JsonNode second = json(post(cn, "/collections/inbox/objects/", usNodeAtCn(setup), List.of(v2)));
    JsonNode own = json(post(cn, "/collections/shared/objects/", analyst(setup.cn()), List.of(byAnalyst)));

    assertThat(first.get("success_count").asInt()).isEqualTo(1);
    assertThat(second.get("success_count").asInt()).isEqualTo(1);
    assertThat(own.get("success_count").asInt()).isZero();
    assertThat(own.get("failures").get(0).get("message").asText())
        .contains("a new version of " + id(v1) + " from this node").contains("another originator");
    JsonNode latest = json(get(cn, "/collections/inbox/objects/" + id(v1) + "/", analyst(setup.cn())));
    assertThat(latest.get("objects").get(0).get("count").asInt()).isEqualTo(2);
    assertThat(StoreScan.allVersions(cn.store(), TwoNodeSetup.SHARED)).isEmpty();
  }

  @Test
  void concurrentPostsOfOneNewObjectByTwoOriginatorsLeaveItOneOriginator() throws Exception {
    cn = Node.start(setup.cn().config());
    for (int round = 0; round < 8; round++) {
      ObjectNode byUs = sighting();
      ObjectNode byCn = newVersion(byUs, 1, o -> o.put("created_by_ref", CN_IDENTITY));

      CompletableFuture<HttpResponse<String>> peer =
          postAsync(cn, "/collections/inbox/objects/", usNodeAtCn(setup), List.of(byUs));
      CompletableFuture<HttpResponse<String>> analyst =
          postAsync(cn, "/collections/shared/objects/", analyst(setup.cn()), List.of(byCn));

      int stored = json(peer.get()).get("success_count").asInt() + json(analyst.get()).get("success_count").asInt();
      assertThat(stored).as("round %d: one originator wins", round).isEqualTo(1);
      Set<Origin> origins = new HashSet<>();
      for (String c : List.of(TwoNodeSetup.SHARED, TwoNodeSetup.INBOX)) {
        StoreScan.allVersions(cn.store(), c).stream()
            .filter(o -> o.entry().id().equals(id(byUs)))
            .forEach(o -> origins.add(o.origin()));
      }
      assertThat(origins).hasSize(1);
    }
  }

  @Test
  void aPullCannotOverwriteTheNodesOwnObject() throws Exception {
    cn = Node.start(setup.cn().config());
    us = Node.start(setup.us().config());
    ObjectNode usOwn = indicator(US_IDENTITY, Tlp.GREEN);
    us.store().add(TwoNodeSetup.OUTBOX, List.of(StixObject.of(usOwn)));
    // CN, hostile, serves a newer version of US's indicator as its own.
    ObjectNode claimed = newVersion(usOwn, 10, o -> o.put("created_by_ref", CN_IDENTITY).put("revoked", true));
    cn.store().add(TwoNodeSetup.SHARED, List.of(StixObject.of(claimed)));

    List<Federation.Outcome> outcomes = us.federate();

    assertThat(outcomes).filteredOn(o -> o instanceof Federation.Pulled).singleElement()
        .satisfies(o -> assertThat(((Federation.Pulled) o).result().rejected()).isEqualTo(1));
    assertThat(StoreScan.allVersions(us.store(), TwoNodeSetup.FROM_CN)).isEmpty();
    assertThat(StoreScan.allVersions(us.store(), TwoNodeSetup.OUTBOX)).singleElement()
        .satisfies(o -> assertThat(StixJson.mapper().readTree(o.json())).isEqualTo(usOwn));
  }

  // ---- finding 11: a collection holding a peer's objects is read-only to own users --------------------------------

  @Test
  void theCollectionPulledFromAPeerIsReadOnlyToOwnUsers() throws Exception {
    us = Node.start(withAnalystRights(setup.us().config(), Map.of("*", new NodeConfig.Access(true, true, true))));
    ObjectNode fromCn = indicator(CN_IDENTITY, Tlp.GREEN);
    us.store().add(TwoNodeSetup.FROM_CN, List.of(StixObject.of(fromCn)), List.of(Origin.receivedFrom("cn", "A1")));
    ObjectNode mine = indicator(US_IDENTITY, Tlp.GREEN);

    HttpResponse<String> post =
        send(us, "POST", "/accord/collections/from-cn/objects/", analyst(setup.us()), envelope(List.of(mine)));
    HttpResponse<String> delete =
        send(us, "DELETE", "/accord/collections/from-cn/objects/" + id(fromCn) + "/", analyst(setup.us()), null);
    HttpResponse<String> read = get(us, "/collections/from-cn/objects/", analyst(setup.us()));
    JsonNode collection = json(get(us, "/collections/from-cn/", analyst(setup.us())));

    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(json(post).get("description").asText())
        .isEqualTo("collection " + TwoNodeSetup.FROM_CN + " holds what this node receives from cn: it is read-only"
            + " to this node's users, and only federation with cn writes to it");
    assertThat(delete.statusCode()).isEqualTo(403);
    assertThat(json(delete).get("description").asText()).contains("read-only");
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(collection.get("can_write").asBoolean()).isFalse();
    assertThat(StoreScan.allVersions(us.store(), TwoNodeSetup.FROM_CN)).singleElement()
        .satisfies(o -> assertThat(o.origin()).isEqualTo(Origin.receivedFrom("cn", "A1")));
    // The outbox is US's own: the analyst writes there as before.
    assertThat(json(post(us, "/collections/outbox/objects/", analyst(setup.us()), List.of(mine)))
        .get("success_count").asInt()).isEqualTo(1);
  }

  @Test
  void aPeersInboxIsReadOnlyToOwnUsers() throws Exception {
    cn = Node.start(setup.cn().config());

    HttpResponse<String> post = send(cn, "POST", "/accord/collections/inbox/objects/", analyst(setup.cn()),
        envelope(List.of(indicator(CN_IDENTITY, Tlp.GREEN))));

    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(json(post).get("description").asText()).contains("holds what this node receives from us");
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  private java.security.PublicKey cn0Key() throws Exception {
    return org.accord.node.NodeKeys.loadOrCreate(setup.cn().config().dataDir()).getPublic();
  }

  private static List<Entry> ledgerEntries(NodeConfig config) throws Exception {
    List<Entry> entries = new ArrayList<>();
    for (String line : Files.readAllLines(Node.ledgerFile(config))) {
      entries.add(Entry.parse(line));
    }
    return entries;
  }

  /** {@code config} with the analyst's rights replaced. */
  private static NodeConfig withAnalystRights(NodeConfig c, Map<String, NodeConfig.Access> rights) {
    List<NodeConfig.User> users = new ArrayList<>();
    for (NodeConfig.User u : c.taxii().users()) {
      users.add(u.name().equals(TwoNodeSetup.ANALYST)
          ? new NodeConfig.User(u.name(), u.passwordHash(), new HashMap<>(rights), null)
          : u);
    }
    return c.withTaxii(c.taxii().withUsers(users));
  }

  private static ObjectNode indicator(String producer, Tlp tlp) {
    return TestObjects.indicator(producer, tlp, 80, "203.0.113.9");
  }

  private static ObjectNode sighting() {
    ObjectNode o = TestObjects.base("sighting", US_IDENTITY, Tlp.AMBER);
    o.put("sighting_of_ref", "indicator--" + java.util.UUID.randomUUID());
    return o;
  }

  /** A copy of {@code o} modified {@code seconds} after it, changed by {@code change}. */
  private static ObjectNode newVersion(ObjectNode o, int seconds, Consumer<ObjectNode> change) {
    ObjectNode v = o.deepCopy();
    Instant modified = Instant.parse(o.get("modified").asText()).plusSeconds(seconds);
    v.put("modified", org.accord.stix.Timestamps.format(modified, 3));
    change.accept(v);
    return v;
  }

  private static String id(ObjectNode o) {
    return o.get("id").asText();
  }





  private HttpResponse<String> get(RunningNode node, String path, String auth) throws Exception {
    return send(node, "GET", "/accord" + path, auth, null);
  }

  private HttpResponse<String> post(RunningNode node, String path, String auth, List<ObjectNode> objects)
      throws Exception {
    HttpResponse<String> r = send(node, "POST", "/accord" + path, auth, envelope(objects));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return r;
  }

  private CompletableFuture<HttpResponse<String>> postAsync(
      RunningNode node, String path, String auth, List<ObjectNode> objects) {
    return http.sendAsync(request(node, "POST", "/accord" + path, auth, envelope(objects)),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(RunningNode node, String method, String path, String auth, String body)
      throws Exception {
    return http.send(request(node, method, path, auth, body), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(RunningNode node, String method, String path, String auth, String body) {
    return HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
        .header("Authorization", auth).header("Accept", MEDIA).header("Content-Type", MEDIA)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

}
