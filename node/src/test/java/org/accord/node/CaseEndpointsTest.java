package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.Transition;
import org.accord.stix.StixJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The cases REST API over real HTTP: who may call it, what it answers, and how it refuses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseEndpointsTest {
  private static final String NEW =
      "{\"kind\": \"preservation\", \"requested\": \"peer\","
          + " \"legal_basis\": {\"clause\": \"T1.O1\", \"treaty_article\": \"Budapest Convention art. 29\"},"
          + " \"offence\": \"unauthorised access to a power grid\", \"facts\": \"C2 at 203.0.113.7.\","
          + " \"data_sought\": [\"connection logs of 203.0.113.7\"], \"custodian\": \"Example Hosting Inc.\","
          + " \"urgency\": \"normal\", \"sector\": \"energy\", \"objects\": [], \"tlp\": \"amber\"}";

  private CaseNode n;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() {
    n = CaseNode.start(new CaseNode.MovingClock(CaseNode.t0()), "  tick_seconds: 0");
  }

  @AfterAll
  void stop() {
    n.close();
  }

  private HttpResponse<String> send(String method, String path, String user, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(n.node.baseUrl() + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (user != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + CaseNode.PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return StixJson.mapper().readTree(r.body());
  }

  private String created() throws Exception {
    HttpResponse<String> r = send("POST", "/api/cases/", "alice", NEW);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r).at("/request/id").asText();
  }

  @Test
  void anOwnUserCreatesADraftThatTheNodesPartyRequests() throws Exception {
    HttpResponse<String> r = send("POST", "/api/cases/", "alice", NEW);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode c = json(r);
    assertThat(c.at("/request/requester").asText()).isEqualTo("home");
    assertThat(c.at("/request/id").asText()).startsWith("assistance-request--");
    assertThat(c.get("state").asText()).isEqualTo("draft");
    assertThat(c.get("allowed").toString()).contains("\"send\"").contains("\"withdraw\"");

    HttpResponse<String> shown = send("GET", "/api/cases/" + c.at("/request/id").asText(), "alice", null);
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(json(shown).at("/request/offence").asText()).isEqualTo("unauthorised access to a power grid");
  }

  @Test
  void aTransitionIsMadeByTheNodesPartyAndAnIllegalOneIsRefusedWithWhatIsAllowedNow() throws Exception {
    String id = created();
    HttpResponse<String> sent = send("POST", "/api/cases/" + id + "/transitions", "alice", "{\"transition\":\"send\"}");
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
    assertThat(json(sent).get("state").asText()).isEqualTo("sent");
    assertThat(json(sent).at("/transitions/0/party").asText()).isEqualTo("home");

    HttpResponse<String> again =
        send("POST", "/api/cases/" + id + "/transitions", "alice", "{\"transition\":\"send\"}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again).get("description").asText())
        .contains("cannot send request " + id)
        .contains("allowed now: withdraw (by home, the requester); receive (by peer, the requested party)");

    HttpResponse<String> receive =
        send("POST", "/api/cases/" + id + "/transitions", "alice", "{\"transition\":\"receive\"}");
    assertThat(receive.statusCode()).isEqualTo(409);
    assertThat(json(receive).get("description").asText()).contains("only the requested party (peer) may");
  }

  @Test
  void deadlinesShowTheClauseThatSetThem() throws Exception {
    AssistanceRequest r = CaseNode.request("peer", "home", n.clock.instant());
    n.node.cases().create(r);
    n.node.cases().apply(r.id(), Transition.SEND, "peer");
    HttpResponse<String> received =
        send("POST", "/api/cases/" + r.id() + "/transitions", "alice", "{\"transition\":\"receive\"}");
    assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
    JsonNode c = json(received);
    assertThat(c.at("/obligation/clause").asText()).isEqualTo("T1.O1");
    assertThat(c.at("/deadlines/0/deadline").asText()).isEqualTo("acknowledge");
    assertThat(c.at("/deadlines/0/clause").asText()).isEqualTo("T1.O1");
    assertThat(c.at("/deadlines/0/status").asText()).isEqualTo("open");

    HttpResponse<String> noGrounds =
        send("POST", "/api/cases/" + r.id() + "/transitions", "alice", "{\"transition\":\"decline\"}");
    assertThat(noGrounds.statusCode()).isEqualTo(400);
    assertThat(json(noGrounds).get("description").asText()).contains(": give the grounds (outside-agreement");
    HttpResponse<String> unexplained = send("POST", "/api/cases/" + r.id() + "/transitions", "alice",
        "{\"transition\":\"decline\", \"grounds\": [\"other\"]}");
    assertThat(unexplained.statusCode()).isEqualTo(400);
    assertThat(json(unexplained).get("description").asText()).contains("ground 'other' needs a note");
    HttpResponse<String> declined = send("POST", "/api/cases/" + r.id() + "/transitions", "alice",
        "{\"transition\":\"decline\", \"grounds\": [\"legal-impediment\"], \"note\": \"court order needed\"}");
    assertThat(declined.statusCode()).as(declined.body()).isEqualTo(200);
    assertThat(json(declined).at("/transitions/2/grounds/0").asText()).isEqualTo("legal-impediment");
    assertThat(json(declined).at("/deadlines/0/status").asText()).isEqualTo("met");

    HttpResponse<String> stats = send("GET", "/api/cases/stats", "alice", null);
    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(json(stats).get("lines").toString())
        .contains("\"party\":\"home\"")
        .contains("\"kind\":\"preservation\"");
  }

  @Test
  void badInputIsA400ThatSaysWhatIsWrong() throws Exception {
    HttpResponse<String> notJson = send("POST", "/api/cases/", "alice", "{\"kind\": ");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(json(notJson).get("description").asText()).startsWith("the body is not JSON");
    HttpResponse<String> noFacts =
        send("POST", "/api/cases/", "alice", NEW.replace(" \"facts\": \"C2 at 203.0.113.7.\",", ""));
    assertThat(noFacts.statusCode()).isEqualTo(400);
    assertThat(json(noFacts).get("description").asText()).contains("facts: write 1 to");
    HttpResponse<String> empty = send("POST", "/api/cases/", "alice", "{}");
    assertThat(empty.statusCode()).as("a request without a legal basis was a 500").isEqualTo(400);
    assertThat(json(empty).get("description").asText())
        .isEqualTo("legal_basis.clause: name the rulebook clause the request rests on");
    HttpResponse<String> own = send("POST", "/api/cases/", "alice", NEW.replace("{", "{\"requester\": \"peer\","));
    assertThat(own.statusCode()).isEqualTo(400);
    assertThat(json(own).get("description").asText()).isEqualTo("'requester' is set by the node, leave it out");
    String id = created();
    HttpResponse<String> unknown =
        send("POST", "/api/cases/" + id + "/transitions", "alice", "{\"transition\":\"approve\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).get("description").asText()).startsWith("transition: unknown 'approve' (send, receive");
    HttpResponse<String> state = send("GET", "/api/cases/?state=open", "alice", null);
    assertThat(state.statusCode()).isEqualTo(400);
    assertThat(json(state).get("description").asText()).startsWith("state: one of draft, sent");
  }

  @Test
  void anUnknownRequestIs404AndARequestOfOtherPartiesLooksTheSame() throws Exception {
    String unknown = AssistanceRequest.TYPE + "--" + java.util.UUID.randomUUID();
    AssistanceRequest others = new AssistanceRequest(
        AssistanceRequest.TYPE + "--" + java.util.UUID.randomUUID(), CaseNode.request("peer", "home", n.clock.instant())
            .kind(), "peer", "eu", new org.accord.cases.LegalBasis("T1.O1", null), "o", "f", java.util.List.of("d"),
        "c", null, org.accord.cases.Urgency.NORMAL, null, java.util.List.of(), org.accord.stix.Tlp.AMBER,
        n.clock.instant());
    n.node.cases().create(others);
    for (String id : java.util.List.of(unknown, others.id())) {
      HttpResponse<String> r = send("GET", "/api/cases/" + id, "alice", null);
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(json(r).get("description").asText()).isEqualTo("no request " + id);
      HttpResponse<String> t = send("POST", "/api/cases/" + id + "/transitions", "alice", "{\"transition\":\"send\"}");
      assertThat(t.statusCode()).isEqualTo(404);
    }
    HttpResponse<String> list = send("GET", "/api/cases/?limit=1000", "alice", null);
    assertThat(list.body()).doesNotContain(others.id());
  }

  @Test
  void aPeerIsRefusedOnEveryPathBeforeAnythingIsLookedUp() throws Exception {
    String id = created();
    String unknown = AssistanceRequest.TYPE + "--" + java.util.UUID.randomUUID();
    for (String[] call : new String[][] {
        {"GET", "/api/cases/"}, {"POST", "/api/cases/"}, {"GET", "/api/cases/stats"}, {"GET", "/api/cases/" + id},
        {"GET", "/api/cases/" + unknown}, {"POST", "/api/cases/" + id + "/transitions"},
        {"POST", "/api/cases/" + unknown + "/transitions"}}) {
      HttpResponse<String> r = send(call[0], call[1], "peer-node", call[0].equals("POST") ? "{" : null);
      assertThat(r.statusCode()).as(call[0] + " " + call[1]).isEqualTo(403);
      assertThat(r.body()).doesNotContain(id).doesNotContain(unknown);
    }
    assertThat(send("GET", "/api/cases/", null, null).statusCode()).isEqualTo(401);
  }

  /**
   * The list pages from the store: every request once, oldest first, across pages joined by the sealed next token
   * (even when requests are created between two pages); the token continues only the listing it was issued for, and
   * the old offset paging is refused rather than ignored (a client would read the first page for ever).
   */
  @Test
  void theListIsPagedFromTheStoreByASealedNextToken() throws Exception {
    for (int i = 0; i < 5; i++) {
      created();
    }
    List<String> all = new ArrayList<>();
    for (JsonNode c : json(send("GET", "/api/cases/?limit=1000", "alice", null)).get("cases")) {
      all.add(c.get("id").asText());
    }
    JsonNode first = json(send("GET", "/api/cases/?limit=2", "alice", null));
    assertThat(first.get("cases")).hasSize(2);
    assertThat(first.get("more").asBoolean()).isTrue();
    List<String> paged = new ArrayList<>();
    first.get("cases").forEach(c -> paged.add(c.get("id").asText()));
    n.clock.advance(Duration.ofSeconds(1));
    String latecomer = created(); // after the first page, created later than all: it comes last, once
    String next = first.get("next").asText();
    while (true) {
      JsonNode page = json(send("GET", "/api/cases/?limit=2&next=" + next, "alice", null));
      page.get("cases").forEach(c -> paged.add(c.get("id").asText()));
      if (!page.get("more").asBoolean()) {
        assertThat(page.has("next")).isFalse();
        break;
      }
      next = page.get("next").asText();
    }
    List<String> expected = new ArrayList<>(all);
    expected.add(latecomer);
    assertThat(paged).containsExactlyElementsOf(expected);

    JsonNode drafts = json(send("GET", "/api/cases/?state=draft&limit=1", "alice", null));
    String draftToken = drafts.get("next").asText();
    assertThat(json(send("GET", "/api/cases/?state=draft&limit=1&next=" + draftToken, "alice", null))
        .get("cases").get(0).get("state").asText()).isEqualTo("draft");
    HttpResponse<String> otherFilter = send("GET", "/api/cases/?state=sent&next=" + draftToken, "alice", null);
    assertThat(otherFilter.statusCode()).isEqualTo(400);
    assertThat(json(otherFilter).get("description").asText()).startsWith("next: not a token this node issued");
    char[] t = draftToken.toCharArray();
    t[5] = t[5] == 'A' ? 'B' : 'A';
    assertThat(send("GET", "/api/cases/?state=draft&next=" + new String(t), "alice", null).statusCode())
        .isEqualTo(400);
    assertThat(send("GET", "/api/cases/?next=" + all.get(0), "alice", null).statusCode()).isEqualTo(400);
    HttpResponse<String> offset = send("GET", "/api/cases/?limit=2&offset=2", "alice", null);
    assertThat(offset.statusCode()).isEqualTo(400);
    assertThat(json(offset).get("description").asText())
        .isEqualTo("unknown parameter 'offset' (allowed: state, limit, next)");
    assertThat(send("GET", "/api/cases/?limit=0", "alice", null).statusCode()).isEqualTo(400);
    assertThat(send("GET", "/api/cases/?limit=1001", "alice", null).statusCode()).isEqualTo(400);
  }

  /** A misspelt field of a new request is refused, named with the fields there are; nothing is created. */
  @Test
  void aNewRequestWithAnUnknownFieldIsRefusedNamingItAndNothingIsCreated() throws Exception {
    int before = n.node.cases().list().size();
    HttpResponse<String> typo = send("POST", "/api/cases/", "alice", NEW.replace("\"urgency\"", "\"urgncy\""));
    assertThat(typo.statusCode()).as(typo.body()).isEqualTo(400);
    assertThat(json(typo).get("description").asText()).isEqualTo("unknown field 'urgncy' (allowed: kind, requested,"
        + " legal_basis, offence, facts, data_sought, custodian, location, urgency, sector, objects, tlp)");
    HttpResponse<String> nested =
        send("POST", "/api/cases/", "alice", NEW.replace("\"treaty_article\"", "\"treaty_articel\""));
    assertThat(nested.statusCode()).as(nested.body()).isEqualTo(400);
    assertThat(json(nested).get("description").asText())
        .isEqualTo("unknown field 'legal_basis.treaty_articel' (allowed in legal_basis: clause, treaty_article)");
    assertThat(n.node.cases().list()).hasSize(before);
  }

  /** A misspelt field of a transition is refused before the transition is looked at; nothing is recorded. */
  @Test
  void aTransitionWithAnUnknownFieldIsRefusedNamingItAndNothingIsRecorded() throws Exception {
    String id = created();
    HttpResponse<String> typo = send("POST", "/api/cases/" + id + "/transitions", "alice", "{\"transitoin\":\"send\"}");
    assertThat(typo.statusCode()).as(typo.body()).isEqualTo(400);
    assertThat(json(typo).get("description").asText())
        .isEqualTo("unknown field 'transitoin' (allowed: transition, grounds, note)");
    HttpResponse<String> two =
        send("POST", "/api/cases/" + id + "/transitions", "alice", "{\"transition\":\"send\",\"nte\":\"x\",\"y\":1}");
    assertThat(json(two).get("description").asText())
        .isEqualTo("unknown fields 'nte', 'y' (allowed: transition, grounds, note)");
    assertThat(n.node.cases().find(id).orElseThrow().steps()).isEmpty();
  }

  /**
   * An own user never chooses a request's id: naming one is refused before any look-up, in the same words whether
   * the id is taken or not, and nothing is created.
   */
  @Test
  void anIdInANewRequestIsRefusedAlikeWhetherItIsTakenOrNot() throws Exception {
    String taken = created();
    String free = AssistanceRequest.TYPE + "--" + java.util.UUID.randomUUID();
    int before = n.node.cases().list().size();
    HttpResponse<String> a = send("POST", "/api/cases/", "alice", NEW.replace("{", "{\"id\": \"" + taken + "\", "));
    HttpResponse<String> b = send("POST", "/api/cases/", "alice", NEW.replace("{", "{\"id\": \"" + free + "\", "));
    assertThat(a.statusCode()).isEqualTo(400).isEqualTo(b.statusCode());
    assertThat(json(a).get("description").asText()).isEqualTo("'id' is set by the node, leave it out")
        .isEqualTo(json(b).get("description").asText());
    assertThat(n.node.cases().list()).hasSize(before);
  }

  @Test
  void aTransitionThatLosesARaceIsA409ThatSaysWhatHappenedFirst() throws Exception {
    // Another process on the same database (the command line, say) is a second service over the same records. The
    // interleaving is forced: the REST call has read the request (a draft) and waits for the clock's stamp, which
    // this thread holds, while the other service sends the request; then the REST call writes at a stale sequence
    // and the store refuses it. A withdrawal is allowed from draft and from sent: only the lost race refuses it.
    String id = created();
    org.accord.cases.CaseClock clock = n.node.caseClock();
    org.accord.cases.Cases other =
        new org.accord.cases.Cases(
            org.accord.store.Stores.cases(n.node.store()), () -> n.node.gate().rulebook().orElse(null), clock);
    java.util.concurrent.CompletableFuture<HttpResponse<String>> rest;
    synchronized (clock) {
      rest =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
              return send("POST", "/api/cases/" + id + "/transitions", "alice", "{\"transition\":\"withdraw\"}");
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!waitingForTheClock() && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertThat(waitingForTheClock()).as("the REST call waits for the clock after reading the request").isTrue();
      other.apply(id, Transition.SEND, "home"); // the monitor is re-entrant: this thread holds it
    }
    HttpResponse<String> answer = rest.get();
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
    assertThat(json(answer).get("description").asText())
        .isEqualTo("cannot withdraw request " + id + ": another transition (send) was recorded first; it is now sent;"
            + " allowed now: receive (by peer), withdraw (by home)");
    assertThat(n.node.cases().find(id).orElseThrow().steps()).hasSize(1);
  }

  /** Whether a thread is blocked on the case clock's monitor in {@code CaseClock.now}. */
  private static boolean waitingForTheClock() {
    for (java.util.Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      if (e.getKey().getState() == Thread.State.BLOCKED) {
        for (StackTraceElement f : e.getValue()) {
          if (f.getClassName().equals("org.accord.cases.CaseClock") && f.getMethodName().equals("now")) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
