package org.accord.taxii.server;

import static org.accord.taxii.server.TaxiiEndpointsTest.assertError;
import static org.accord.taxii.server.TestServer.INTEL;
import static org.accord.taxii.server.TestServer.envelope;
import static org.accord.taxii.server.TestServer.indicator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, findings 3 and 4: every read route shows a peer exactly the gate's output ({@link Fates} stands in for the
 * gate), ids, paging and 404s included, and the status route answers only the user who posted. Each test is one
 * attack from the issue; a peer ("peer", party us) is compared with what it would see if the withheld object did
 * not exist.
 */
class PeerSeesOnlyTheGatesOutputTest {
  private static final String PEER = "peer";
  private TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer(new Fates());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theManifestNamesAPseudonymisedObjectByItsPseudonymNeverByItsOriginalId() {
    String sco = Fates.emailAddr("alice@bank.example", "pseudonymise");
    String original = Fates.idOf(sco);
    post(sco);

    JsonNode manifest = server.body(get("manifest/", PEER)).get("objects");
    JsonNode objects = server.body(get("objects/", PEER)).get("objects");
    String released = objects.get(0).get("id").asText();
    assertThat(released).startsWith("email-addr--").isNotEqualTo(original);
    assertThat(manifest.get(0).get("id").asText()).isEqualTo(released);
    assertThat(get("manifest/", PEER).body()).doesNotContain(original);
    assertThat(server.body(get("manifest/", "alice")).get("objects").get(0).get("id").asText()).isEqualTo(original);
  }

  @Test
  void theOriginalIdOfAPseudonymisedObjectIsAnsweredAsAnIdThatDoesNotExist() {
    String sco = Fates.emailAddr("alice@bank.example", "pseudonymise");
    String original = Fates.idOf(sco);
    String unknown = Fates.idOf(Fates.emailAddr("nobody@bank.example", null));
    post(sco);
    String pseudonym = server.body(get("objects/", PEER)).get("objects").get(0).get("id").asText();

    for (String route : List.of("objects/%s/", "objects/%s/versions/", "objects/?match[id]=%s",
        "manifest/?match[id]=%s", "objects/%s/?limit=1", "objects/%s/versions/?limit=1")) {
      HttpResponse<String> forOriginal = get(route.formatted(original), PEER);
      HttpResponse<String> forUnknown = get(route.formatted(unknown), PEER);
      assertSameAnswer(forOriginal, original, forUnknown, unknown);
      assertThat(forOriginal.body()).doesNotContain(pseudonym);
    }
    // The documented limitation: without a reverse index the pseudonym is not found by id either.
    assertError(get("objects/" + pseudonym + "/", PEER), 404);
  }

  @Test
  void aWithheldIdInMatchIdDoesNotTurnMoreOn() {
    String withheld = UUID.randomUUID().toString();
    String released = UUID.randomUUID().toString();
    post(fated(indicator(withheld, "2016-01-01T00:00:00.000Z"), "withhold"));
    post(indicator(released, "2016-01-01T00:00:00.000Z"));
    String unknown = "indicator--" + UUID.randomUUID();

    HttpResponse<String> probe = get("objects/?limit=1&match[id]=indicator--" + withheld + ",indicator--" + released,
        PEER);
    HttpResponse<String> control = get("objects/?limit=1&match[id]=" + unknown + ",indicator--" + released, PEER);
    JsonNode body = server.body(probe);
    assertThat(body.get("more").asBoolean()).isFalse();
    assertThat(body.has("next")).isFalse();
    assertThat(body.get("objects")).hasSize(1);
    assertThat(probe.body()).isEqualTo(control.body());
    assertThat(probe.headers().map()).containsAllEntriesOf(dateHeaders(control));
  }

  @Test
  void aLimitOneWalkCountsOnlyTheVersionsThePeerMayReceive() {
    List<String> released = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String id = UUID.randomUUID().toString();
      boolean withhold = i % 3 != 1;
      post(withhold ? fated(indicator(id, "2016-01-01T00:00:00.000Z"), "withhold")
          : indicator(id, "2016-01-01T00:00:00.000Z"));
      if (!withhold) {
        released.add("indicator--" + id);
      }
    }
    List<String> seen = new ArrayList<>();
    int pages = 0;
    String next = null;
    do {
      JsonNode page = server.body(get("objects/?limit=1" + (next == null ? "" : "&next=" + enc(next)), PEER));
      assertThat(page.get("objects")).hasSize(1);
      page.get("objects").forEach(o -> seen.add(o.get("id").asText()));
      next = page.get("more").asBoolean() ? page.get("next").asText() : null;
      pages++;
    } while (next != null);
    assertThat(seen).containsExactlyElementsOf(released);
    assertThat(pages).isEqualTo(released.size());
  }

  @Test
  void aWithheldObjectIsNotFoundOnAnyRouteWithAnyLimit() {
    String withheld = "indicator--" + UUID.randomUUID();
    String unknown = "indicator--" + UUID.randomUUID();
    post(fated(indicator(withheld.substring(11), "2016-01-01T00:00:00.000Z"), "withhold"));
    post(fated(indicator(withheld.substring(11), "2017-01-01T00:00:00.000Z"), "withhold")); // more than limit=1
    for (String route : List.of("objects/%s/", "objects/%s/versions/", "objects/%s/versions/?limit=1",
        "objects/%s/?limit=1", "objects/%s/?match[version]=all&limit=1")) {
      HttpResponse<String> forWithheld = get(route.formatted(withheld), PEER);
      assertError(forWithheld, 404);
      assertSameAnswer(forWithheld, withheld, get(route.formatted(unknown), PEER), unknown);
      HttpResponse<String> head =
          server.send(server.request(path(route.formatted(withheld)), PEER)
              .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
      assertThat(head.statusCode()).isEqualTo(404); // HEAD answers as GET does
    }
    assertThat(get("objects/" + withheld + "/versions/", "alice").statusCode()).isEqualTo(200);
  }

  @Test
  void lastAndFirstChooseAmongTheVersionsThePeerMayReceive() {
    String id = UUID.randomUUID().toString();
    post(indicator(id, "2016-01-01T00:00:00.000Z"));
    post(fated(indicator(id, "2017-01-01T00:00:00.000Z"), "withhold"));
    String path = "objects/indicator--" + id + "/";

    for (String query : List.of("", "?match[version]=last", "?match[version]=first", "?match[version]=all")) {
      HttpResponse<String> r = get(path + query, PEER);
      JsonNode objects = server.body(r).get("objects");
      assertThat(objects).as(query + " " + r.body()).hasSize(1);
      assertThat(objects.get(0).get("modified").asText()).isEqualTo("2016-01-01T00:00:00.000Z");
    }
    JsonNode versions = server.body(get("objects/indicator--" + id + "/versions/", PEER)).get("versions");
    assertThat(versions).hasSize(1);
    assertThat(server.body(get(path, "alice")).get("objects").get(0).get("modified").asText())
        .isEqualTo("2017-01-01T00:00:00.000Z");
  }

  @Test
  void dateAddedHeadersNameOnlyReleasedItems() {
    String r1 = UUID.randomUUID().toString();
    String r2 = UUID.randomUUID().toString();
    post(fated(indicator(UUID.randomUUID().toString(), "2016-01-01T00:00:00.000Z"), "withhold"));
    post(indicator(r1, "2016-01-01T00:00:00.000Z"));
    post(indicator(r2, "2016-01-01T00:00:00.000Z"));
    post(fated(indicator(UUID.randomUUID().toString(), "2016-01-01T00:00:00.000Z"), "withhold"));
    JsonNode all = server.body(get("manifest/", "alice")).get("objects");
    for (String route : List.of("objects/", "manifest/")) {
      HttpResponse<String> r = get(route, PEER);
      assertThat(server.header(r, "X-TAXII-Date-Added-First")).hasValue(all.get(1).get("date_added").asText());
      assertThat(server.header(r, "X-TAXII-Date-Added-Last")).hasValue(all.get(2).get("date_added").asText());
    }
  }

  @Test
  void theWorkBoundEndsAPageWithMoreAndAnOpaqueNextThatStillReachesEveryReleasedObject() {
    int budget = VisiblePages.SCAN_PAGES * TestServer.MAX_PAGE;
    for (int batch = 0; batch < 3; batch++) {
      List<String> withheld = new ArrayList<>();
      for (int i = 0; i < budget / 2; i++) {
        withheld.add(fated(indicator(UUID.randomUUID().toString(), "2016-01-01T00:00:00.000Z"), "withhold"));
      }
      post(withheld.toArray(String[]::new));
    }
    String released = UUID.randomUUID().toString();
    post(indicator(released, "2016-01-01T00:00:00.000Z"));

    List<String> seen = new ArrayList<>();
    int pages = 0;
    String next = null;
    do {
      HttpResponse<String> r = get("objects/?limit=1" + (next == null ? "" : "&next=" + enc(next)), PEER);
      JsonNode page = server.body(r);
      if (!page.has("objects")) {
        assertThat(server.header(r, "X-TAXII-Date-Added-First")).isEmpty();
      } else {
        page.get("objects").forEach(o -> seen.add(o.get("id").asText()));
      }
      next = page.path("more").asBoolean() ? page.get("next").asText() : null;
      pages++;
    } while (next != null && pages < 10);
    assertThat(seen).containsExactly("indicator--" + released);
    assertThat(pages).isEqualTo(2); // 150 withheld rows: the first request stops at the bound, the second finishes
  }

  @Test
  void aNextTokenWorksOnlyForTheUserItWasIssuedTo() {
    for (int i = 0; i < 3; i++) {
      post(indicator(UUID.randomUUID().toString(), "2016-01-01T00:00:00.000Z"));
    }
    String next = server.body(get("objects/?limit=1", "alice")).get("next").asText();
    assertThat(get("objects/?limit=1&next=" + enc(next), "alice").statusCode()).isEqualTo(200);
    assertError(get("objects/?limit=1&next=" + enc(next), "bob"), 400);
    assertError(get("objects/?limit=1&next=" + enc(next), PEER), 400);
  }

  @Test
  void aStatusIsAnsweredOnlyToTheUserWhoPostedAndToAnyoneElseAsAnUnknownId() {
    JsonNode byPeer = server.body(server.post(server.objectsPath(INTEL), PEER,
        envelope(indicator(UUID.randomUUID().toString(), "2016-01-01T00:00:00.000Z"))));
    JsonNode byAlice = server.body(server.post(server.objectsPath(INTEL), "alice",
        envelope(indicator(UUID.randomUUID().toString(), "2016-01-01T00:00:00.000Z"))));
    String peerStatus = byPeer.get("id").asText();
    String aliceStatus = byAlice.get("id").asText();
    String unknown = UUID.randomUUID().toString();

    assertThat(server.get("/accord/status/" + peerStatus + "/", PEER).statusCode()).isEqualTo(200);
    assertThat(server.get("/accord/status/" + aliceStatus + "/", "alice").statusCode()).isEqualTo(200);
    for (String[] probe : List.of(new String[] {"alice", peerStatus}, new String[] {"bob", peerStatus},
        new String[] {PEER, aliceStatus})) {
      HttpResponse<String> other = server.get("/accord/status/" + probe[1] + "/", probe[0]);
      HttpResponse<String> none = server.get("/accord/status/" + unknown + "/", probe[0]);
      assertError(other, 404);
      assertSameAnswer(other, probe[1], none, unknown);
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  private void post(String... objects) {
    HttpResponse<String> r = server.post(server.objectsPath(INTEL), "alice", envelope(objects));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(server.body(r).get("failure_count").asInt()).as(r.body()).isZero();
  }

  private HttpResponse<String> get(String route, String user) {
    return server.get(path(route), user);
  }

  private static String path(String route) {
    return "/accord/collections/" + INTEL + "/" + route;
  }

  private static String fated(String json, String fate) {
    return json.substring(0, json.length() - 1) + ",\"x_fate\":\"" + fate + "\"}";
  }

  /** The same status, headers that matter and body, once each answer's own id is blanked out. */
  private static void assertSameAnswer(HttpResponse<String> a, String idA, HttpResponse<String> b, String idB) {
    assertThat(a.statusCode()).as(a.body()).isEqualTo(b.statusCode());
    assertThat(normal(a.body(), idA)).isEqualTo(normal(b.body(), idB));
    assertThat(a.headers().firstValue("Content-Type")).isEqualTo(b.headers().firstValue("Content-Type"));
    assertThat(dateHeaders(a)).isEqualTo(dateHeaders(b));
  }

  /** The body with the asked id and the error's own random error_id blanked out. */
  private static String normal(String body, String id) {
    return body.replace(id, "ID").replaceAll("\"error_id\":\"[^\"]*\"", "\"error_id\":\"\"");
  }

  private static java.util.Map<String, List<String>> dateHeaders(HttpResponse<String> r) {
    java.util.Map<String, List<String>> m = new java.util.TreeMap<>();
    r.headers().map().forEach((k, v) -> {
      if (k.toLowerCase(java.util.Locale.ROOT).startsWith("x-taxii-date-added")) {
        m.put(k.toLowerCase(java.util.Locale.ROOT), v);
      }
    });
    return m;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
