package org.accord.cli;

import static org.accord.cli.TwoNodeHttp.MEDIA;
import static org.accord.cli.TwoNodeHttp.json;
import static org.accord.cli.TwoNodeHttp.usNodeAtCn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.CaseException;
import org.accord.cases.CaseFile;
import org.accord.cases.CaseStix;
import org.accord.cases.LegalBasis;
import org.accord.cases.RequestKind;
import org.accord.cases.State;
import org.accord.cases.Step;
import org.accord.cases.Transition;
import org.accord.cases.Urgency;
import org.accord.ledger.Ed25519;
import org.accord.ledger.Reconciliation;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.node.PeerLedger;
import org.accord.node.RunningNode;
import org.accord.stix.AccordExtension;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.accord.store.ObjectQuery;
import org.accord.store.VersionMatch;
import org.accord.taxii.client.Federation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, part 4, end to end over real HTTP under the demo's rulebook: CN asks US to preserve the logs of the
 * command servers; US pulls the request from CN's {@code shared}, its clock starts, it acknowledges and answers, and
 * pushes each transition to CN's {@code inbox}; CN's copy follows. Crafted transitions are refused with the reason
 * and change nothing, and both ledgers reconcile.
 */
class CaseExchangeAcrossNodesTest {
  @TempDir Path dir;
  private TwoNodeSetup setup;
  private RunningNode cn;
  private RunningNode us;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    setup = TwoNodeSetup.prepare(dir, 0, 0, 0, 100);
    cn = Node.start(setup.cn().config());
    us = Node.start(setup.us().config());
  }

  @AfterEach
  void stop() {
    if (us != null) {
      us.close();
    }
    if (cn != null) {
      cn.close();
    }
  }

  private static AssistanceRequest preservation() {
    return preservation(List.of());
  }

  private static AssistanceRequest preservation(List<String> objects) {
    return new AssistanceRequest(
        AssistanceRequest.TYPE + "--" + UUID.randomUUID(), RequestKind.PRESERVATION, "cn", "us",
        new LegalBasis("A1.O1", "Budapest Convention art. 29"), "unauthorised access to a bank's payment systems",
        "Command servers at 203.0.113.7 and 203.0.113.9 directed the DDoS on the bank; US sighted them.",
        List.of("connection logs of 203.0.113.7 and 203.0.113.9, 1 to 3 March"), "Example US Hosting",
        "US-East data centre", Urgency.NORMAL, "finance", objects, Tlp.AMBER,
        Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  @Test
  void aPreservationRequestTravelsBothWaysAndBothLedgersReconcile() throws Exception {
    AssistanceRequest r = preservation();
    cn.cases().create(r);
    cn.cases().apply(r.id(), Transition.SEND, "cn");

    federate(); // US pulls the request and its send, receives it (clocks start) and pushes its receipt
    CaseFile atUs = us.cases().find(r.id()).orElseThrow();
    assertThat(atUs.state().state()).isEqualTo(State.RECEIVED);
    assertThat(atUs.clocks()).as("the rulebook's obligation A1.O1 started US's clock").isPresent();
    assertThat(atUs.clocks().orElseThrow().clauseId()).isEqualTo("A1.O1");
    assertThat(cn.cases().find(r.id()).orElseThrow().state().state()).isEqualTo(State.RECEIVED);

    us.cases().apply(r.id(), Transition.ACKNOWLEDGE, "us");
    us.cases().apply(r.id(), Transition.ANSWER_FULL, "us", List.of(), "logs preserved and attached");
    federate();

    CaseFile atCn = cn.cases().find(r.id()).orElseThrow();
    atUs = us.cases().find(r.id()).orElseThrow();
    assertThat(atCn.state().state()).isEqualTo(State.ANSWERED_FULL);
    assertThat(atCn.steps()).isEqualTo(atUs.steps()).extracting(Step::transition)
        .containsExactly(Transition.SEND, Transition.RECEIVE, Transition.ACKNOWLEDGE, Transition.ANSWER_FULL);
    assertThat(atCn.deadlines()).isEqualTo(atUs.deadlines());

    assertThat(holds(cn, TwoNodeSetup.SHARED, AccordExtension.CASES_ID)).as("CN publishes the definition").isTrue();
    assertThat(holds(us, TwoNodeSetup.FROM_CN, AccordExtension.CASES_ID)).as("but never sends it").isFalse();
    assertThat(holds(us, TwoNodeSetup.FROM_CN, CaseStix.stixId(r.id()))).as("US holds the request").isTrue();

    assertReconciles(cn, "cn", us, "us");
    assertReconciles(us, "us", cn, "cn");
  }

  @Test
  void craftedTransitionsAreRefusedWithTheReasonAndChangeNothing() throws Exception {
    AssistanceRequest r = preservation();
    cn.cases().create(r);
    cn.cases().apply(r.id(), Transition.SEND, "cn");
    federate();
    int held = cn.cases().find(r.id()).orElseThrow().steps().size();

    // Signed by a key the rulebook does not pin for us: a third node, or us's credentials in other hands.
    Step answer = new Step(r.id(), held + 1, Transition.ANSWER_FULL, "us", Instant.now(), List.of(), null);
    ObjectNode forged = CaseStix.transition(r, answer, Ed25519.generate().getPrivate());
    JsonNode status = postToCnInbox(forged);
    assertThat(status.path("failure_count").asInt()).isEqualTo(1);
    assertThat(status.toString()).contains("the signature is not us's");

    // A transition us's node says cn made: only the acting party's node sends one.
    Step withdraw = new Step(r.id(), held + 1, Transition.WITHDRAW, "cn", Instant.now(), List.of(), null);
    status = postToCnInbox(CaseStix.transition(r, withdraw, Ed25519.generate().getPrivate()));
    assertThat(status.path("failure_count").asInt()).isEqualTo(1);
    assertThat(status.toString()).contains("case-counterparty");

    // CN's own analyst cannot slip a transition past the lifecycle by posting it as STIX.
    Step close = new Step(r.id(), held + 1, Transition.WITHDRAW, "cn", Instant.now(), List.of(), null);
    status = post("shared", CaseStix.transition(r, close, Ed25519.generate().getPrivate()),
        TwoNodeHttp.analyst(setup.cn()));
    assertThat(status.path("failure_count").asInt()).isEqualTo(1);
    assertThat(status.toString()).contains("are made through /api/cases/");

    CaseFile atCn = cn.cases().find(r.id()).orElseThrow();
    assertThat(atCn.steps()).hasSize(held);
    assertThat(atCn.state().state()).isEqualTo(State.RECEIVED);
  }

  /**
   * Signed by US's real node key, but dated where US may not put it: a step's time is US's word alone, so a receipt
   * or an answer dated ahead of CN's clock (deadlines that never fall due) or before the step it follows (negative
   * responsiveness) is refused; and a transition for an id CN does not hold between us and cn answers exactly as one
   * CN holds between others would.
   */
  @Test
  void aPeersStepDatedAheadOrBackwardsOrForAnotherRequestIsRefusedAlike() throws Exception {
    AssistanceRequest r = preservation();
    cn.cases().create(r);
    cn.cases().apply(r.id(), Transition.SEND, "cn");
    federate();
    CaseFile before = cn.cases().find(r.id()).orElseThrow();
    int held = before.steps().size();
    java.security.PrivateKey usKey = org.accord.node.NodeKeys.loadOrCreate(setup.us().config().dataDir()).getPrivate();
    Instant last = before.steps().get(held - 1).at();

    Instant tomorrow = Instant.now().plus(java.time.Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
    Step ahead = new Step(r.id(), held + 1, Transition.ACKNOWLEDGE, "us", tomorrow, List.of(), null);
    JsonNode status = postToCnInbox(CaseStix.transition(r, ahead, usKey));
    assertThat(status.path("failure_count").asInt()).as(status.toString()).isEqualTo(1);
    assertThat(status.toString()).contains("ahead of this node's clock");

    Step backwards = new Step(r.id(), held + 1, Transition.ACKNOWLEDGE, "us", last.minusSeconds(3600), List.of(), null);
    status = postToCnInbox(CaseStix.transition(r, backwards, usKey));
    assertThat(status.path("failure_count").asInt()).as(status.toString()).isEqualTo(1);
    assertThat(status.toString()).contains("before the step it follows");

    AssistanceRequest unknown = preservation();
    Step stray = new Step(unknown.id(), 3, Transition.ACKNOWLEDGE, "us", Instant.now().truncatedTo(ChronoUnit.MILLIS),
        List.of(), null);
    status = postToCnInbox(CaseStix.transition(unknown, stray, usKey));
    assertThat(status.path("failure_count").asInt()).as(status.toString()).isEqualTo(1);
    assertThat(status.toString()).contains("this node holds no such request between us and cn");

    CaseFile after = cn.cases().find(r.id()).orElseThrow();
    assertThat(after.steps()).isEqualTo(before.steps());
    assertThat(after.state().state()).isEqualTo(State.RECEIVED);
  }

  /**
   * Done-when of issue 10: the request travels, US answers with evidence, CN's node fetches the package from US's
   * node with its federation credentials, checks it against the key the rulebook pins for US and keeps it under its
   * own custody; both ledgers record the transfer (US's SENT, CN's RECEIVED) and reconcile.
   */
  @Test
  void anAnswerWithEvidenceReachesTheRequesterUnderCustodyAndBothLedgersReconcile() throws Exception {
    AssistanceRequest r = preservation();
    cn.cases().create(r);
    cn.cases().apply(r.id(), Transition.SEND, "cn");
    federate();
    us.cases().apply(r.id(), Transition.ACKNOWLEDGE, "us");
    byte[] logs = "2026-03-01T08:02:11Z 203.0.113.7:443 -> 198.51.100.20:50122 ESTABLISHED\n".repeat(500)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpResponse<String> up = upload(r.id(), "c2-connections.log", logs);
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    us.cases().apply(r.id(), Transition.ANSWER_FULL, "us", List.of(), "logs preserved and attached");
    federate(); // US pushes its answer to CN's inbox; CN's node then fetches the evidence from US
    assertThat(cn.awaitEvidence(java.time.Duration.ofSeconds(60))).isTrue();

    JsonNode atCn = json(get(cn, "/api/cases/" + r.id() + "/evidence", TwoNodeHttp.analyst(setup.cn())));
    JsonNode atUs = json(get(us, "/api/cases/" + r.id() + "/evidence", TwoNodeHttp.analyst(setup.us())));
    assertThat(atCn.path("manifest")).isEqualTo(atUs.path("manifest"));
    List<String> actions = new java.util.ArrayList<>();
    atCn.path("custody").forEach(e -> actions.add(e.path("action").asText() + " " + e.path("party").asText()));
    assertThat(actions).containsExactly("collected us", "stored us", "transferred us", "exported us", "received cn");
    String sha256 = atCn.path("manifest").path("files").get(0).path("sha256").asText();
    HttpResponse<byte[]> file =
        http.send(HttpRequest.newBuilder(URI.create(cn.baseUrl() + "/api/cases/" + r.id() + "/evidence/" + sha256))
            .header("Authorization", TwoNodeHttp.analyst(setup.cn())).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.body()).isEqualTo(logs);

    // CN's export of what it holds verifies with nothing but the package and the two parties' pinned keys.
    HttpResponse<Path> zip =
        http.send(HttpRequest.newBuilder(URI.create(cn.baseUrl() + "/api/cases/" + r.id() + "/evidence/export"))
            .header("Authorization", TwoNodeHttp.analyst(setup.cn())).build(),
            HttpResponse.BodyHandlers.ofFile(dir.resolve("at-cn.zip")));
    assertThat(zip.statusCode()).isEqualTo(200);
    var keys = java.util.Map.of(
        "us", setup.rulebook().rulebook().parties().get("us").publicKey(),
        "cn", setup.rulebook().rulebook().parties().get("cn").publicKey());
    var report = org.accord.cases.evidence.PackageVerifier.verify(zip.body(), keys, true);
    assertThat(report.problems()).isEmpty();

    assertThat(transfersOf(us, "cn", atUs.path("manifest").path("id").asText()))
        .containsExactly(org.accord.ledger.EntryKind.SENT);
    assertThat(transfersOf(cn, "us", atUs.path("manifest").path("id").asText()))
        .containsExactly(org.accord.ledger.EntryKind.RECEIVED);
    assertReconciles(cn, "cn", us, "us");
    assertReconciles(us, "us", cn, "cn");
  }

  /**
   * Evidence uploaded after the answer: the fetch CN's node made on the answer found none; CN's analyst fetches it
   * now. Before any answer, and by a peer, fetching is refused.
   */
  @Test
  void evidenceAddedAfterTheAnswerIsFetchedWhenTheRequesterAsks() throws Exception {
    AssistanceRequest r = preservation();
    cn.cases().create(r);
    cn.cases().apply(r.id(), Transition.SEND, "cn");
    federate();
    HttpResponse<String> early = post(cn, "/api/cases/" + r.id() + "/evidence/fetch", TwoNodeHttp.analyst(setup.cn()));
    assertThat(early.statusCode()).as(early.body()).isEqualTo(409);
    assertThat(early.body()).contains("has not answered yet");
    us.cases().apply(r.id(), Transition.ACKNOWLEDGE, "us");
    us.cases().apply(r.id(), Transition.ANSWER_PARTIAL, "us", List.of(), "logs follow");
    federate();
    assertThat(cn.awaitEvidence(java.time.Duration.ofSeconds(60))).isTrue();
    assertThat(get(cn, "/api/cases/" + r.id() + "/evidence", TwoNodeHttp.analyst(setup.cn())).statusCode())
        .isEqualTo(404);
    HttpResponse<String> none = post(cn, "/api/cases/" + r.id() + "/evidence/fetch", TwoNodeHttp.analyst(setup.cn()));
    assertThat(none.statusCode()).as(none.body()).isEqualTo(404);
    assertThat(none.body()).contains("holds no evidence");

    byte[] logs = "late logs\n".repeat(10).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(upload(r.id(), "late.log", logs).statusCode()).isEqualTo(201);
    HttpResponse<String> fetched =
        post(cn, "/api/cases/" + r.id() + "/evidence/fetch", TwoNodeHttp.analyst(setup.cn()));
    assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
    JsonNode view = json(fetched);
    assertThat(view.at("/manifest/files/0/sha256").asText()).isEqualTo(sha256(logs));
    JsonNode last = view.path("custody").get(view.path("custody").size() - 1);
    assertThat(last.path("action").asText()).isEqualTo("received");
    assertThat(post(us, "/api/cases/" + r.id() + "/evidence/fetch", TwoNodeHttp.analyst(setup.us())).statusCode())
        .as("US answers the request: its evidence is there, not fetched").isEqualTo(409);
    assertThat(post(cn, "/api/cases/" + r.id() + "/evidence/fetch", usNodeAtCn(setup)).statusCode()).isEqualTo(403);
    assertReconciles(cn, "cn", us, "us");
  }

  private HttpResponse<String> post(RunningNode node, String path, String authorization) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).header("Authorization", authorization)
            .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Evidence altered in US's store after it was packaged: CN's node refuses the package and keeps nothing of it. */
  @Test
  void evidenceAlteredAtTheAnsweringNodeIsRefusedByTheRequester() throws Exception {
    AssistanceRequest r = preservation();
    cn.cases().create(r);
    cn.cases().apply(r.id(), Transition.SEND, "cn");
    federate();
    us.cases().apply(r.id(), Transition.ACKNOWLEDGE, "us");
    byte[] logs = "203.0.113.9 login failures\n".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(upload(r.id(), "auth.log", logs).statusCode()).isEqualTo(201);
    String sha256 = sha256(logs);
    Path blob = setup.us().config().dataDir().resolve("evidence").resolve("sha256").resolve(sha256.substring(0, 2))
        .resolve(sha256.substring(2));
    java.nio.file.Files.setPosixFilePermissions(blob, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    java.nio.file.Files.writeString(blob, "nothing to see here");
    us.cases().apply(r.id(), Transition.ANSWER_FULL, "us", List.of(), "attached");
    federate();
    assertThat(cn.awaitEvidence(java.time.Duration.ofSeconds(60))).isTrue();

    assertThat(cn.cases().find(r.id()).orElseThrow().state().state()).isEqualTo(State.ANSWERED_FULL);
    HttpResponse<String> none = get(cn, "/api/cases/" + r.id() + "/evidence", TwoNodeHttp.analyst(setup.cn()));
    assertThat(none.statusCode()).as(none.body()).isEqualTo(404);
    assertThat(cn.ledger().entriesWith("us")).noneMatch(e -> e.kind() == org.accord.ledger.EntryKind.RECEIVED
        && e.objects().stream().anyMatch(o -> o.id().startsWith("evidence-package--")));
  }

  private HttpResponse<String> upload(String requestId, String name, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(us.baseUrl() + "/api/cases/" + requestId + "/evidence?name=" + name))
            .header("Authorization", TwoNodeHttp.analyst(setup.us()))
            .header("Content-Type", "text/plain")
            .header("X-Content-SHA256", sha256(body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(RunningNode node, String path, String authorization) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).header("Authorization", authorization)
            .header("Accept", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String sha256(byte[] b) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static List<org.accord.ledger.EntryKind> transfersOf(RunningNode node, String party, String packageId)
      throws Exception {
    return node.ledger().entriesWith(party).stream()
        .filter(e -> e.objects().stream().anyMatch(o -> o.id().equals(packageId)))
        .filter(e -> e.kind() == org.accord.ledger.EntryKind.SENT || e.kind() == org.accord.ledger.EntryKind.RECEIVED)
        .map(org.accord.ledger.Entry::kind).toList();
  }

  private static boolean holds(RunningNode node, String collection, String id) {
    ObjectQuery one = new ObjectQuery(Optional.empty(), 10, Optional.empty(), Set.of(id), Set.of(),
        VersionMatch.LAST, Set.of());
    return !node.store().objects(collection, one).items().isEmpty();
  }

  @Test
  void aRequestNamingObjectsUsMayNotReceiveIsNotSent() {
    ObjectNode red = TestObjects.indicator(TestObjects.CN_IDENTITY, Tlp.RED, 80, "203.0.113.77");
    cn.store().add(TwoNodeSetup.SHARED, List.of(StixObject.of(red)));
    String unknown = "indicator--" + UUID.randomUUID();
    AssistanceRequest r = preservation(List.of(red.get("id").asText(), unknown));
    cn.cases().create(r);

    assertThatThrownBy(() -> cn.cases().apply(r.id(), Transition.SEND, "cn"))
        .isInstanceOf(CaseException.class)
        .hasMessageContaining("names objects us may not receive: " + red.get("id").asText() + " (tlp-red")
        .hasMessageContaining(unknown + " (this node holds no such object)");
    assertThat(cn.cases().find(r.id()).orElseThrow().state().state()).isEqualTo(State.DRAFT);
    assertThat(holds(cn, TwoNodeSetup.SHARED, CaseStix.stixId(r.id()))).as("nothing published").isFalse();
  }

  private JsonNode postToCnInbox(ObjectNode object) throws Exception {
    return post("inbox", object, usNodeAtCn(setup));
  }

  private JsonNode post(String collection, ObjectNode object, String authorization) throws Exception {
    HttpResponse<String> posted =
        http.send(
            HttpRequest.newBuilder(URI.create(cn.baseUrl() + "/accord/collections/" + collection + "/objects/"))
                .header("Authorization", authorization)
                .header("Accept", MEDIA)
                .header("Content-Type", MEDIA)
                .POST(HttpRequest.BodyPublishers.ofString(TwoNodeHttp.envelope(List.of(object))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    return json(posted);
  }

  private void federate() {
    for (int run = 0; run < 2; run++) {
      assertThat(us.federate()).noneMatch(o -> o instanceof Federation.Failed);
    }
  }

  private void assertReconciles(RunningNode mine, String me, RunningNode other, String them) throws Exception {
    NodeConfig.PeerConfig peer = mine.config().peer(them).orElseThrow();
    var party = setup.rulebook().rulebook().parties().get(them);
    Reconciliation r =
        Reconciliation.between(mine.ledger().entriesWith(them), new PeerLedger(peer, party).entries(), me, them);
    assertThat(r.differences()).as(me + " vs " + them).isEmpty();
    assertThat(mine.ledger().entriesWith(them)).as("transfers recorded").isNotEmpty();
  }
}
