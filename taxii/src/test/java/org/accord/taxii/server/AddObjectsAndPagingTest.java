package org.accord.taxii.server;

import static org.accord.taxii.server.TaxiiEndpointsTest.assertError;
import static org.accord.taxii.server.TaxiiEndpointsTest.ids;
import static org.accord.taxii.server.TestServer.INTEL;
import static org.accord.taxii.server.TestServer.OTHER;
import static org.accord.taxii.server.TestServer.envelope;
import static org.accord.taxii.server.TestServer.indicator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TAXII 2.1 §5.5 Add Objects with its status resource (§4.3), and paging with {@code next} (§3.5). */
class AddObjectsAndPagingTest {
  private TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void validObjectsAreStoredAndEachInvalidOneIsReportedWithItsReason() {
    String good = UUID.randomUUID().toString();
    String badType = "{\"type\":\"x-invalid\",\"id\":\"x-invalid--" + UUID.randomUUID() + "\"}";
    String noMillis = indicator(UUID.randomUUID().toString(), "2016-01-01T00:00:00.000Z")
        .replace("\"created\":\"2014-05-08T09:00:00.000Z\"", "\"created\":\"2014-05-08T09:00:00Z\"");
    String notAnObject = "42";
    HttpResponse<String> r =
        server.post(server.objectsPath(INTEL), "alice",
            envelope(indicator(good, "2016-01-01T00:00:00.000Z"), badType, noMillis, notAnObject));
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(server.header(r, "Content-Type")).hasValue(MediaTypes.TAXII_21);
    JsonNode status = server.body(r);
    assertThat(status.get("status").asText()).isEqualTo("complete");
    assertThat(status.get("total_count").asInt()).isEqualTo(4);
    assertThat(status.get("success_count").asInt()).isEqualTo(1);
    assertThat(status.get("successes").get(0).get("id").asText()).isEqualTo("indicator--" + good);
    assertThat(status.get("successes").get(0).get("version").asText()).isEqualTo("2016-01-01T00:00:00.000Z");
    assertThat(status.get("failure_count").asInt()).isEqualTo(3);
    assertThat(status.get("failures").get(0).get("message").asText()).contains("x-invalid").contains("$.type");
    assertThat(status.get("failures").get(1).get("message").asText()).contains("timestamp-precision");
    assertThat(status.get("failures").get(2).get("id").asText()).isEqualTo("$.objects[3]");
    assertThat(status.get("pending_count").asInt()).isZero();
    assertThat(status.get("request_timestamp").asText()).matches(".*T\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    assertThat(status.has("pendings")).as("TAXII 2.1 §2: no empty lists").isFalse();

    assertThat(ids(server.body(server.get(server.objectsPath(INTEL), "alice")).get("objects")))
        .containsExactly("indicator--" + good);
  }

  @Test
  void aBundleIsAcceptedLikeAnEnvelope() {
    String id = UUID.randomUUID().toString();
    String bundle = "{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":["
        + indicator(id, "2016-01-01T00:00:00.000Z") + "],\"x_trailer\":{\"nested\":[1,2]}}";
    JsonNode status = server.body(server.post(server.objectsPath(INTEL), "alice", bundle));
    assertThat(status.get("success_count").asInt()).isEqualTo(1);
  }

  @Test
  void duplicateVersionIsIdempotentAndASuccess() {
    String body = envelope(indicator(UUID.randomUUID().toString(), "2016-01-01T00:00:00.000Z"));
    server.post(server.objectsPath(INTEL), "alice", body);
    JsonNode again = server.body(server.post(server.objectsPath(INTEL), "alice", body));
    assertThat(again.get("success_count").asInt()).isEqualTo(1);
    assertThat(again.get("failure_count").asInt()).isZero();
    assertThat(again.has("failures")).isFalse();
    assertThat(server.body(server.get(server.objectsPath(INTEL) + "?match[version]=all", "alice")).get("objects"))
        .hasSize(1);
  }

  @Test
  void changedContentUnderTheSameModifiedIsASuccessWhoseMessageNamesTheConflict() {
    String uuid = UUID.randomUUID().toString();
    String first = indicator(uuid, "2016-01-01T00:00:00.000Z");
    server.post(server.objectsPath(INTEL), "alice", envelope(first));
    String changed = first.replace("10.0.0.1", "10.0.0.2");

    JsonNode status = server.body(server.post(server.objectsPath(INTEL), "alice", envelope(changed)));

    // TAXII 2.1 §4.3: the object is already there, so a success; the message says the content differed.
    assertThat(status.get("success_count").asInt()).isEqualTo(1);
    assertThat(status.get("failure_count").asInt()).isZero();
    assertThat(status.get("successes").get(0).get("id").asText()).isEqualTo("indicator--" + uuid);
    assertThat(status.get("successes").get(0).get("message").asText()).contains("other content");
    JsonNode stored = server.body(server.get(server.objectsPath(INTEL) + "?match[version]=all", "alice"));
    assertThat(stored.get("objects")).singleElement()
        .satisfies(o -> assertThat(o.get("pattern").asText()).contains("10.0.0.1"));
  }

  @Test
  void aStix20BundlePostedAsTheBodyIsConvertedAndItsMalwareRefusedWithTheReason() {
    String indicator = indicator(UUID.randomUUID().toString(), "2016-01-01T00:00:00.000Z")
        .replace("\"spec_version\":\"2.1\",", "").replace(",\"pattern_type\":\"stix\"", "");
    String malware = "{\"type\":\"malware\",\"id\":\"malware--" + UUID.randomUUID() + "\","
        + "\"created\":\"2016-04-06T20:07:09.000Z\",\"modified\":\"2016-04-06T20:07:09.000Z\","
        + "\"name\":\"Poison Ivy\",\"labels\":[\"remote-access-trojan\"]}";
    String bundle = "{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"spec_version\":\"2.0\","
        + "\"objects\":[" + indicator + "," + malware + "]}";

    JsonNode status = server.body(server.post(server.objectsPath(INTEL), "alice", bundle));

    assertThat(status.get("success_count").asInt()).as(status.toString()).isEqualTo(1);
    assertThat(status.get("failures").get(0).get("message").asText())
        .contains("STIX 2.0 malware")
        .contains("is_family");
    JsonNode stored = server.body(server.get(server.objectsPath(INTEL), "alice")).get("objects").get(0);
    assertThat(stored.get("spec_version").asText()).isEqualTo("2.1");
    assertThat(stored.get("pattern_type").asText()).isEqualTo("stix");
  }

  @Test
  void statusCanBeFetchedLaterByItsOwnerOnly() {
    JsonNode posted =
        server.body(server.post(server.objectsPath(INTEL), "alice",
            envelope(indicator(UUID.randomUUID().toString(), "2016-01-01T00:00:00.000Z"))));
    String path = "/accord/status/" + posted.get("id").asText() + "/";
    HttpResponse<String> r = server.get(path, "alice");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(server.body(r)).isEqualTo(posted);
    assertError(server.get(path, "bob"), 404);
  }

  @Test
  void pagingWithNextVisitsEveryObjectOnceInDateAddedOrder() {
    List<String> posted = postIndicators(13, INTEL);
    List<String> seen = new ArrayList<>();
    String query = "?limit=4";
    int pages = 0;
    String next = null;
    do {
      HttpResponse<String> r =
          server.get(server.objectsPath(INTEL) + query + (next == null ? "" : "&next=" + enc(next)), "bob");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode page = server.body(r);
      seen.addAll(ids(page.get("objects")));
      next = page.path("more").asBoolean() ? page.get("next").asText() : null;
      pages++;
    } while (next != null);
    assertThat(seen).containsExactlyElementsOf(posted);
    assertThat(pages).isEqualTo(4);
  }

  @Test
  void tamperedNextTokenIs400() {
    postIndicators(3, INTEL);
    String next = server.body(server.get(server.objectsPath(INTEL) + "?limit=1", "bob")).get("next").asText();
    char[] chars = next.toCharArray();
    chars[0] = chars[0] == 'A' ? 'B' : 'A';
    assertError(server.get(server.objectsPath(INTEL) + "?limit=1&next=" + enc(new String(chars)), "bob"), 400);
    assertThat(server.get(server.objectsPath(INTEL) + "?limit=1&next=" + enc(next), "bob").statusCode()).isEqualTo(200);
  }

  @Test
  void nextTokenOfAnotherQueryIs400() {
    postIndicators(3, INTEL);
    postIndicators(3, OTHER);
    String next = server.body(server.get(server.objectsPath(INTEL) + "?limit=1", "alice")).get("next").asText();
    assertError(server.get(server.objectsPath(OTHER) + "?limit=1&next=" + enc(next), "alice"), 400);
    assertError(server.get(server.objectsPath(INTEL) + "?limit=1&match[type]=indicator&next=" + enc(next), "alice"), 400);
    assertError(server.get("/accord/collections/intel/manifest/?limit=1&next=" + enc(next), "alice"), 400);
  }

  @Test
  void nextTokenSurvivesReorderedFilterListsAndAChangedLimit() {
    postIndicators(3, INTEL);
    String first = server.objectsPath(INTEL) + "?limit=1&match[type]=indicator,malware";
    String next = server.body(server.get(first, "bob")).get("next").asText();
    HttpResponse<String> r =
        server.get(server.objectsPath(INTEL) + "?match[type]=malware,indicator&limit=2&next=" + enc(next), "bob");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(server.body(r).get("objects")).hasSize(2);
  }

  @Test
  void manifestPagesLikeObjects() {
    List<String> posted = postIndicators(7, INTEL);
    JsonNode first = server.body(server.get("/accord/collections/intel/manifest/?limit=5", "bob"));
    assertThat(first.get("more").asBoolean()).isTrue();
    JsonNode second =
        server.body(server.get("/accord/collections/intel/manifest/?limit=5&next=" + enc(first.get("next").asText()), "bob"));
    assertThat(second.get("more").asBoolean()).isFalse();
    List<String> seen = new ArrayList<>(ids(first.get("objects")));
    seen.addAll(ids(second.get("objects")));
    assertThat(seen).containsExactlyElementsOf(posted);
  }

  private List<String> postIndicators(int n, String collection) {
    List<String> ids = new ArrayList<>();
    List<String> objects = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String uuid = UUID.randomUUID().toString();
      ids.add("indicator--" + uuid);
      objects.add(indicator(uuid, "2016-01-01T00:00:00.000Z"));
    }
    HttpResponse<String> r = server.post(server.objectsPath(collection), "alice", envelope(objects.toArray(String[]::new)));
    assertThat(r.statusCode()).isEqualTo(202);
    return ids;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
