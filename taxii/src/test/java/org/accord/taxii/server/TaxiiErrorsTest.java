package org.accord.taxii.server;

import static org.accord.taxii.server.TaxiiEndpointsTest.assertError;
import static org.accord.taxii.server.TestServer.INTEL;
import static org.accord.taxii.server.TestServer.OTHER;
import static org.accord.taxii.server.TestServer.envelope;
import static org.accord.taxii.server.TestServer.indicator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every error status with a TAXII error body (TAXII 2.1 §3.6.1), and the server keeps serving afterwards. */
class TaxiiErrorsTest {
  private TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer();
  }

  @AfterEach
  void stillServing() {
    assertThat(server.get("/taxii2/", "alice").statusCode()).isEqualTo(200);
    server.close();
  }

  @Test
  void unexpectedFailureIs500NamingOnlyAnErrorId() {
    server.close();
    server =
        new TestServer(
            (principal, collection, object) -> {
              throw new IllegalStateException("internal detail that must not leak");
            });
    server.post(server.objectsPath(INTEL), "alice", envelope(indicator(UUID.randomUUID().toString(), "2016-01-01T00:00:00.000Z")));
    HttpResponse<String> r = server.get(server.objectsPath(INTEL), "alice");
    assertError(r, 500);
    assertThat(r.body()).doesNotContain("internal detail");
    assertThat(server.body(r).get("description").asText()).contains(server.body(r).get("error_id").asText());
  }

  @Test
  void missingCredentialsAre401WithBasicChallenge() {
    HttpResponse<String> r = server.get("/taxii2/", null);
    assertError(r, 401);
    assertThat(server.header(r, "WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm=\"accord\""));
  }

  @Test
  void unknownUserAndWrongPasswordGetTheSameAnswer() {
    HttpResponse<String> wrong =
        server.send(server.request("/taxii2/", null).header("Authorization", TestServer.auth("alice", "guess")).build());
    HttpResponse<String> unknown =
        server.send(server.request("/taxii2/", null).header("Authorization", TestServer.auth("nobody")).build());
    assertError(wrong, 401);
    assertError(unknown, 401);
    assertThat(server.body(wrong).get("description")).isEqualTo(server.body(unknown).get("description"));
    assertThat(wrong.body()).doesNotContain("guess").doesNotContain("alice");
  }

  @Test
  void unknownPathsNeedCredentialsToo() {
    assertError(server.get("/nowhere/", null), 401);
    assertError(server.get("/nowhere/", "alice"), 404);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "application/stix+json;version=2.1",
        "application/taxii+json;version=2.0",
        "application/taxii+json;version=2.1;q=0"
      })
  void unacceptableMediaTypeIs406(String accept) {
    HttpResponse<String> r =
        server.send(server.request("/taxii2/", "alice").setHeader("Accept", accept).build());
    assertError(r, 406);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/taxii+json", "*/*", "application/*", "text/html, application/taxii+json;version=2.1"})
  void acceptableMediaTypesAreServed(String accept) {
    HttpResponse<String> r = server.send(server.request("/taxii2/", "alice").setHeader("Accept", accept).build());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  void wrongContentTypeIs415() {
    HttpResponse<String> r =
        server.send(
            server.request(server.objectsPath(INTEL), "alice")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(envelope()))
                .build());
    assertError(r, 415);
  }

  @Test
  void unsupportedMethodIs405() {
    HttpResponse<String> r =
        server.send(server.request("/accord/collections/", "alice").PUT(HttpRequest.BodyPublishers.noBody()).build());
    assertError(r, 405);
  }

  @Test
  void unknownApiRootCollectionAndStatusAre404() {
    assertError(server.get("/nope/", "alice"), 404);
    assertError(server.get("/nope/collections/", "alice"), 404);
    assertError(server.get("/accord/collections/" + UUID.randomUUID() + "/", "alice"), 404);
    assertError(server.get("/accord/collections/" + UUID.randomUUID() + "/objects/", "alice"), 404);
    assertError(server.get("/accord/status/" + UUID.randomUUID() + "/", "alice"), 404);
  }

  @Test
  void collectionWithoutAnyRightLooksUnknown() {
    assertError(server.get("/accord/collections/" + OTHER + "/", "bob"), 404);
    assertError(server.get(server.objectsPath(OTHER), "mallory"), 404);
  }

  @Test
  void writingWithoutWriteRightIs403() {
    assertError(server.post(server.objectsPath(INTEL), "bob", envelope()), 403);
  }

  @Test
  void readingWithoutReadRightIs403() {
    assertThat(server.post(server.objectsPath(INTEL), "walter", envelope()).statusCode()).isEqualTo(202);
    assertError(server.get(server.objectsPath(INTEL), "walter"), 403);
    assertError(server.get("/accord/collections/intel/manifest/", "walter"), 403);
  }

  @ParameterizedTest
  @ValueSource(strings = {"limit=0", "limit=-1", "limit=abc", "limit=1.5", "limit=+3", "limit=999999999999999999999", "limit=", "limit=1&limit=2",
      "added_after=yesterday", "added_after=2016-01-01", "added_after=2016-01-01T00:00:00Z", "added_after=2016-01-01T00:00:00+01:00",
      "match[version]=all,first", "match[version]=first,first", "match[version]=latest",
      "match[type]=indicator,,malware", "match[id]=a&match[id]=b", "next=garbage"})
  void malformedQueryParametersAre400(String query) {
    assertError(server.get(server.objectsPath(INTEL) + "?" + query, "alice"), 400);
  }

  @Test
  void limitAboveTheServerMaximumIsCapped() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < TestServer.MAX_PAGE + 3; i++) {
      many.append(i == 0 ? "" : ",").append(indicator(UUID.randomUUID().toString(), "2016-01-01T00:00:00.000Z"));
    }
    server.post(server.objectsPath(INTEL), "alice", "{\"objects\":[" + many + "]}");
    JsonNode body = server.body(server.get(server.objectsPath(INTEL) + "?limit=99999999999", "alice"));
    assertThat(body.get("objects")).hasSize(TestServer.MAX_PAGE);
    assertThat(body.get("more").asBoolean()).isTrue();
  }

  @Test
  void malformedJsonIs400NamingLineAndColumn() {
    HttpResponse<String> r = server.post(server.objectsPath(INTEL), "alice", "{\"objects\": [\n  {\"type\": \"indicator\",, }\n]}");
    assertError(r, 400);
    JsonNode body = server.body(r);
    assertThat(body.get("description").asText()).contains("line 2, column");
    assertThat(body.get("details").get("line").asInt()).isEqualTo(2);
  }

  @Test
  void duplicateMemberNamesAre400() {
    String dup = "{\"objects\":[{\"type\":\"indicator\",\"type\":\"malware\",\"id\":\"indicator--" + UUID.randomUUID() + "\"}]}";
    assertError(server.post(server.objectsPath(INTEL), "alice", dup), 400);
  }

  @Test
  void wellFormedBodyThatIsNotAnEnvelopeIs422() {
    // TAXII 2.1 §5.5: 422 for "a malformed body, or other unprocessable content" (was 400 before the spec review).
    assertError(server.post(server.objectsPath(INTEL), "alice", "[1,2,3]"), 422);
    assertError(server.post(server.objectsPath(INTEL), "alice", "{\"objects\": 3}"), 422);
  }

  @Test
  void declaredOversizedBodyIs413BeforeReading() {
    byte[] big = oversized();
    HttpResponse<String> r =
        server.send(
            server.request(server.objectsPath(INTEL), "alice")
                .header("Content-Type", MediaTypes.TAXII_21)
                .POST(HttpRequest.BodyPublishers.ofByteArray(big))
                .build());
    assertError(r, 413);
    assertThat(server.body(r).get("details").get("max_content_length").asLong()).isEqualTo(TestServer.MAX_CONTENT);
  }

  @Test
  void chunkedOversizedBodyIsCutOffWith413() {
    byte[] big = oversized();
    HttpResponse<String> r =
        server.send(
            server.request(server.objectsPath(INTEL), "alice")
                .header("Content-Type", MediaTypes.TAXII_21)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build());
    assertError(r, 413);
  }

  private static byte[] oversized() {
    StringBuilder sb = new StringBuilder("{\"objects\":[");
    for (int i = 0; sb.length() < 4 * TestServer.MAX_CONTENT; i++) {
      sb.append(i == 0 ? "" : ",").append(indicator(UUID.randomUUID().toString(), "2016-01-01T00:00:00.000Z"));
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
