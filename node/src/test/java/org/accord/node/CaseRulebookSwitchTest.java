package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.CaseFile;
import org.accord.cases.Transition;
import org.accord.rules.RulebookParser;
import org.accord.rules.RulebookSigner;
import org.accord.rules.SignedRulebook;
import org.accord.stix.StixJson;
import org.accord.store.CaseRecords.DeadlineRow;
import org.junit.jupiter.api.Test;

/**
 * A rulebook version activated while the node runs governs what follows: the clocks of the next receipt, with its
 * clause id, and whether a peer may still read evidence.
 */
class CaseRulebookSwitchTest {
  private static final String THIRD_IDENTITY = "identity--5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a";
  private final HttpClient http = HttpClient.newHttpClient();
  @Test
  void aRequestReceivedAfterARulebookSwitchRunsOnTheNewObligation() throws Exception {
    CaseNode.MovingClock clock = new CaseNode.MovingClock(CaseNode.t0());
    try (CaseNode n = CaseNode.start(clock, "  tick_seconds: 0")) {
      KeyPair home = NodeKeys.loadOrCreate(n.dir);
      KeyPair peer = NodeKeys.loadOrCreate(n.dir.resolve("peer"));
      String v2 = CaseNode.rulebook(2, "T1.O2", "12h", home, peer);
      String answer =
          Node.activateInRunningNode(n.node.config(), v2, CaseNode.signed(n.dir, v2).signatureFile());
      assertThat(answer).startsWith("OK");

      AssistanceRequest r = CaseNode.request("peer", "home", clock.instant());
      n.node.cases().create(r);
      n.node.cases().apply(r.id(), Transition.SEND, "peer");
      Instant at = clock.instant();
      CaseFile received = n.node.cases().apply(r.id(), Transition.RECEIVE, "home");
      DeadlineRow ack =
          received.deadlines().stream().filter(d -> d.deadline().equals("acknowledge")).findFirst().orElseThrow();
      assertThat(ack.clauseId()).isEqualTo("T1.O2");
      assertThat(ack.due()).isEqualTo(at.plus(Duration.ofHours(12)));
    }
  }

  /**
   * Evidence goes to the requesting party only while an agreement in force binds it and this node's party
   * (EvidenceEndpoints.visible, Rulebook.agreementBinding): a version that keeps the peer as a party but ends every
   * agreement between the two stops the peer's reads at once, with the 404 an unknown request gets; the node's own
   * users still read.
   */
  @Test
  void aPeersEvidenceReadIsRefusedOnceASwitchEndsTheAgreementBetweenTheParties() throws Exception {
    CaseNode.MovingClock clock = new CaseNode.MovingClock(CaseNode.t0());
    try (CaseNode n = CaseNode.start(clock, "  tick_seconds: 0")) {
      AssistanceRequest r = CaseNode.request("peer", "home", clock.instant());
      n.node.cases().create(r);
      n.node.cases().apply(r.id(), Transition.SEND, "peer");
      n.node.cases().apply(r.id(), Transition.RECEIVE, "home");
      byte[] logs = "connection logs of 203.0.113.7\n".getBytes(StandardCharsets.UTF_8);
      String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(logs));
      HttpResponse<String> uploaded = http.send(
          HttpRequest.newBuilder(URI.create(n.node.baseUrl() + "/api/cases/" + r.id() + "/evidence?name=logs.txt"))
              .POST(HttpRequest.BodyPublishers.ofByteArray(logs)).header("Content-Type", "text/plain")
              .header("X-Content-SHA256", sha256).header("Authorization", basic("alice")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
      String evidence = "/api/cases/" + r.id() + "/evidence";
      List<String> reads = List.of(evidence, evidence + "/" + sha256, evidence + "/export");
      for (String path : reads) {
        assertThat(get(n, path, "peer-node").statusCode()).as("before the switch: " + path).isEqualTo(200);
      }

      KeyPair home = NodeKeys.loadOrCreate(n.dir);
      KeyPair peer = NodeKeys.loadOrCreate(n.dir.resolve("peer"));
      KeyPair third = NodeKeys.loadOrCreate(n.dir.resolve("third"));
      String v2 = withoutHomeAndPeerAgreement(home, peer, third);
      SignedRulebook signed = RulebookSigner.sign(RulebookSigner.sign(RulebookSigner.sign(
          RulebookParser.parse(v2, "test rulebook"), "home", home.getPrivate()), "peer", peer.getPrivate()),
          "third", third.getPrivate());
      assertThat(Node.activateInRunningNode(n.node.config(), v2, signed.signatureFile())).startsWith("OK");
      assertThat(n.node.gate().rulebook().orElseThrow().agreementBinding("home", "peer")).isEmpty();

      String unknown = AssistanceRequest.TYPE + "--" + java.util.UUID.randomUUID();
      for (String path : reads) {
        HttpResponse<String> refused = get(n, path, "peer-node");
        HttpResponse<String> absent = get(n, path.replace(r.id(), unknown), "peer-node");
        assertThat(refused.statusCode()).as("after the switch: " + path).isEqualTo(404);
        assertThat(masked(refused, r.id())).as(path).isEqualTo(masked(absent, unknown));
        assertThat(get(n, path, "alice").statusCode()).as("an own user, after the switch: " + path).isEqualTo(200);
      }
    }
  }

  /** Version 2: the peer is still a party, but its one agreement with home is gone; home now cooperates with third. */
  private static String withoutHomeAndPeerAgreement(KeyPair home, KeyPair peer, KeyPair third) {
    return String.join(
        "\n",
        "rulebook: test-cases",
        "version: 2",
        "supersedes: 1",
        "parties:",
        "  home:",
        "    name: Home CERT (test)",
        "    identity: " + TestNode.HOME_IDENTITY,
        "    key: " + NodeKeys.publicKeyText(home),
        "  peer:",
        "    name: Peer CERT (test)",
        "    identity: " + TestNode.PEER_IDENTITY,
        "    key: " + NodeKeys.publicKeyText(peer),
        "  third:",
        "    name: Third CERT (test)",
        "    identity: " + THIRD_IDENTITY,
        "    key: " + NodeKeys.publicKeyText(third),
        "agreements:",
        "  - id: T2",
        "    title: Test cooperation without peer",
        "    parties: [home, third]",
        "    clauses:",
        "      - id: T2.O1",
        "        kind: obligation",
        "        on: assistance-request",
        "        acknowledge_within: 24h",
        "        answer_within: { emergency: 8h, normal: 10d }",
        "");
  }

  private HttpResponse<String> get(CaseNode n, String path, String user) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(n.node.baseUrl() + path)).GET()
        .header("Authorization", basic(user)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + CaseNode.PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** The error body with the request's id and the error's own id masked. */
  private static String masked(HttpResponse<String> r, String id) throws Exception {
    JsonNode body = StixJson.mapper().readTree(r.body());
    if (body instanceof ObjectNode o) {
      o.remove("error_id");
    }
    return body.toString().replace(id, "{id}");
  }
}
