package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input against a running node, through the real STIX validator and SQLite store: each gets the right status
 * and a TAXII error body (TAXII 2.1 §3.6.1), and the node keeps serving afterwards. One node serves the whole class,
 * which is the point: none of these requests may hurt it.
 */
class NodeBadInputsTest {
  static final long MAX_CONTENT = 200 * 1024;
  static TestNode node;
  static SpecClient alice;
  static String apiRoot;
  static String intel;

  @BeforeAll
  static void start() {
    node = TestNode.start(MAX_CONTENT);
    alice = new SpecClient("alice", TestNode.PASSWORD);
    apiRoot = node.baseUrl() + "/accord/";
    intel = apiRoot + "collections/" + TestNode.INTEL + "/";
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @AfterEach
  void nodeKeepsServing() {
    assertThat(alice.getOk(apiRoot).get("max_content_length").asLong()).isEqualTo(MAX_CONTENT);
  }

  @Test
  void malformedJsonIs400WithLineAndColumn() {
    HttpResponse<String> r = alice.post(intel, "{\n \"objects\": [\n  {\"type\": \"indicator\" \"id\": 1}\n ]\n}");
    JsonNode error = assertError(r, 400);
    assertThat(error.get("description").asText()).contains("line 3, column");
  }

  @Test
  void unacceptableAcceptIs406() {
    HttpResponse<String> r = alice.send(alice.request(intel).setHeader("Accept", "application/xml").GET().build());
    assertError(r, 406);
  }

  @Test
  void wrongContentTypeIs415() {
    HttpResponse<String> r =
        alice.send(
            alice.request(intel + "objects/")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertError(r, 415);
  }

  @Test
  void bundleWithSomeInvalidObjectsStoresTheValidOnesAndReportsEachInvalidOne() {
    String good = indicator(UUID.randomUUID(), "2016-01-01T00:00:00.000Z");
    String noPattern =
        indicator(UUID.randomUUID(), "2016-01-01T00:00:00.000Z")
            .replace("\"pattern\":\"[ipv4-addr:value = '10.0.0.1']\",", "");
    String badId =
        "{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"malware--not-a-uuid\","
            + "\"created\":\"2016-01-01T00:00:00.000Z\",\"modified\":\"2016-01-01T00:00:00.000Z\","
            + "\"name\":\"x\",\"is_family\":false}";
    HttpResponse<String> r = alice.post(intel, bundle(good, noPattern, badId));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    JsonNode status = alice.parse(r.body());
    assertThat(status.get("success_count").asInt()).isEqualTo(1);
    assertThat(status.get("failure_count").asInt()).isEqualTo(2);
    assertThat(status.get("failures").get(0).get("message").asText()).contains("pattern");
    assertThat(status.get("failures").get(1).get("id").asText()).isEqualTo("malware--not-a-uuid");
    assertThat(status.get("failures").get(1).get("message").asText()).isNotBlank();
    String goodId = alice.parse(good).get("id").asText();
    assertThat(alice.getOk(intel + "objects/" + goodId + "/").get("objects")).hasSize(1);
  }

  @Test
  void timestampWithoutMillisecondPrecisionIsAFailureWithItsReason() {
    String seconds = indicator(UUID.randomUUID(), "2016-01-01T00:00:00Z");
    JsonNode status = alice.parse(alice.post(intel, bundle(seconds)).body());
    assertThat(status.get("failure_count").asInt()).isEqualTo(1);
    assertThat(status.get("failures").get(0).get("message").asText()).contains("$.modified").contains("millisecond");
  }

  @Test
  void addedAfterWithoutFractionalSecondsIs400() {
    assertError(alice.send(alice.request(intel + "objects/?added_after=2016-01-01T00:00:00Z").GET().build()), 400);
    assertThat(alice.getOk(intel + "objects/?added_after=2016-01-01T00:00:00.000Z").isObject()).isTrue();
  }

  @Test
  void unknownCollectionIs404() {
    assertError(alice.send(alice.request(apiRoot + "collections/" + UUID.randomUUID() + "/objects/").GET().build()), 404);
    assertError(alice.post(apiRoot + "collections/" + UUID.randomUUID() + "/", bundle()), 404);
  }

  @Test
  void duplicateVersionIsIdempotent() {
    String body = bundle(indicator(UUID.randomUUID(), "2016-01-01T00:00:00.000Z"));
    alice.post(intel, body);
    JsonNode again = alice.parse(alice.post(intel, body).body());
    assertThat(again.get("success_count").asInt()).isEqualTo(1);
    String id = alice.parse(body).get("objects").get(0).get("id").asText();
    assertThat(alice.getOk(intel + "objects/" + id + "/versions/").get("versions")).hasSize(1);
  }

  @Test
  void oversizedBodyWithContentLengthIs413() {
    HttpResponse<String> r =
        alice.send(
            alice.request(intel + "objects/")
                .header("Content-Type", SpecClient.TAXII)
                .POST(HttpRequest.BodyPublishers.ofByteArray(oversized()))
                .build());
    assertError(r, 413);
  }

  @Test
  void oversizedChunkedBodyIs413() {
    byte[] body = oversized();
    HttpResponse<String> r =
        alice.send(
            alice.request(intel + "objects/")
                .header("Content-Type", SpecClient.TAXII)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());
    assertError(r, 413);
  }

  @Test
  void missingAndWrongPasswordAre401() {
    HttpResponse<String> none = new SpecClient(null, null).send(new SpecClient(null, null).request(apiRoot).GET().build());
    assertError(none, 401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"accord\", charset=\"UTF-8\"");
    SpecClient wrong = new SpecClient("alice", "not the password");
    HttpResponse<String> r = wrong.send(wrong.request(apiRoot).GET().build());
    assertError(r, 401);
    assertThat(r.body()).doesNotContain("not the password");
  }

  @Test
  void readerCannotWrite() {
    SpecClient bob = new SpecClient("bob", TestNode.PASSWORD);
    assertError(bob.post(intel, bundle()), 403);
    assertError(bob.send(bob.request(apiRoot + "collections/private/").GET().build()), 404);
  }

  @Test
  void tamperedNextTokenIs400() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 3; i++) {
      many.append(i == 0 ? "" : ",").append(indicator(UUID.randomUUID(), "2016-01-01T00:00:00.000Z"));
    }
    alice.post(intel, "{\"objects\":[" + many + "]}");
    String next = alice.getOk(intel + "objects/?limit=1").get("next").asText();
    String tampered = next.substring(0, next.length() - 2) + (next.endsWith("AA") ? "BB" : "AA");
    assertError(alice.send(alice.request(intel + "objects/?limit=1&next=" + SpecClient.enc(tampered)).GET().build()), 400);
  }

  private static byte[] oversized() {
    StringBuilder sb = new StringBuilder("{\"objects\":[");
    for (int i = 0; sb.length() < 3 * MAX_CONTENT; i++) {
      sb.append(i == 0 ? "" : ",").append(indicator(UUID.randomUUID(), "2016-01-01T00:00:00.000Z"));
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  static JsonNode assertError(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(SpecClient.TAXII);
    JsonNode error = alice.parse(r.body());
    assertThat(error.get("title").asText()).isNotBlank();
    assertThat(error.get("description").asText()).isNotBlank();
    assertThat(error.get("error_id").asText()).isNotBlank();
    assertThat(error.get("error_code").asText()).isNotBlank();
    assertThat(error.get("http_status").asText()).isEqualTo(Integer.toString(status));
    return error;
  }

  static String indicator(UUID uuid, String modified) {
    return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--" + uuid + "\","
        + "\"created\":\"2014-05-08T09:00:00.000Z\",\"modified\":\"" + modified + "\","
        + "\"pattern\":\"[ipv4-addr:value = '10.0.0.1']\",\"pattern_type\":\"stix\","
        + "\"valid_from\":\"2014-05-08T09:00:00.000Z\"}";
  }

  static String bundle(String... objects) {
    return "{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[" + String.join(",", objects) + "]}";
  }
}
