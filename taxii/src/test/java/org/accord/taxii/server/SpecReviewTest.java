package org.accord.taxii.server;

import static org.accord.taxii.server.TaxiiEndpointsTest.assertError;
import static org.accord.taxii.server.TestServer.INTEL;
import static org.accord.taxii.server.TestServer.envelope;
import static org.accord.taxii.server.TestServer.indicator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Findings of a section-by-section review of the server against TAXII 2.1 (OASIS Standard, 10 June 2021), one test
 * per decision; the decision itself is written as a comment at the code that implements it.
 */
class SpecReviewTest {
  private static final String V1 = "2016-01-01T00:00:00.000Z";
  private static final String V2 = "2017-01-01T00:00:00.000Z";

  private TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/taxii+json;q=0, */*",
        "application/taxii+json;version=2.1;q=0, application/*",
        "*/*;q=0"
      })
  void mostSpecificRangeDecidesAcceptance(String accept) {
    // RFC 7231 §5.3.2: a more specific range overrides a less specific one, so a refused TAXII type stays refused.
    HttpResponse<String> r = server.send(server.request("/taxii2/", "alice").setHeader("Accept", accept).build());
    assertError(r, 406);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/taxii+json; version=2.1",
        "application/taxii+json;version=\"2.1\"",
        "Application/TAXII+JSON;Version=2.1",
        "application/taxii+json;version=2.0, application/taxii+json;version=2.1;q=0.5",
        "application/taxii+json;q=0, application/taxii+json;version=2.1",
        "text/html;q=0.9, */*;q=0.1"
      })
  void acceptWithParametersAndQValuesIsUnderstood(String accept) {
    HttpResponse<String> r = server.send(server.request("/taxii2/", "alice").setHeader("Accept", accept).build());
    assertThat(r.statusCode()).as(accept).isEqualTo(200);
  }

  @Test
  void everyObjectReadingEndpointSendsDateAddedHeaders() {
    String uuid = UUID.randomUUID().toString();
    server.post(server.objectsPath(INTEL), "alice", envelope(indicator(uuid, V1), indicator(uuid, V2)));
    String id = "indicator--" + uuid;
    for (String path :
        new String[] {
          server.objectsPath(INTEL),
          "/accord/collections/" + INTEL + "/manifest/",
          server.objectsPath(INTEL) + id + "/",
          server.objectsPath(INTEL) + id + "/versions/"
        }) {
      HttpResponse<String> r = server.get(path, "alice");
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(server.header(r, "X-TAXII-Date-Added-First")).as(path).isPresent();
      assertThat(server.header(r, "X-TAXII-Date-Added-Last")).as(path).isPresent();
    }
  }

  @Test
  void headIsAnsweredLikeGetWithoutABody() {
    HttpResponse<String> r =
        server.send(server.request("/taxii2/", "alice").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(server.header(r, "Content-Type")).hasValue(MediaTypes.TAXII_21);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void headChecksLikeGet() {
    HttpResponse<String> r =
        server.send(
            server.request("/accord/collections/" + UUID.randomUUID() + "/objects/", "alice")
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    assertThat(r.statusCode()).isEqualTo(404);
    String uuid = UUID.randomUUID().toString();
    server.post(server.objectsPath(INTEL), "alice", envelope(indicator(uuid, V1)));
    HttpResponse<String> objects =
        server.send(server.request(server.objectsPath(INTEL), "alice").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(objects.statusCode()).isEqualTo(200);
    assertThat(server.header(objects, "X-TAXII-Date-Added-First")).isPresent();
    assertThat(objects.body()).isEmpty();
  }

  @Test
  void envelopeCarriesItsExactContentLengthAndStillCompressesForClientsThatAskForIt() throws Exception {
    String uuid = UUID.randomUUID().toString();
    server.post(server.objectsPath(INTEL), "alice", envelope(indicator(uuid, V1)));
    HttpResponse<byte[]> plain =
        server.http.send(server.request(server.objectsPath(INTEL), "alice").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.headers().firstValueAsLong("Content-Length")).hasValue(plain.body().length);
    String json = new String(plain.body(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(json).contains(uuid);
    HttpResponse<byte[]> gzip =
        server.http.send(
            server.request(server.objectsPath(INTEL), "alice").header("Accept-Encoding", "gzip").build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(gzip.statusCode()).isEqualTo(200);
    byte[] body = gzip.body();
    if (gzip.headers().firstValue("Content-Encoding").filter("gzip"::equalsIgnoreCase).isPresent()) {
      body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
    }
    assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(json);
  }

  @Test
  void headNeedsCredentialsLikeGet() {
    HttpResponse<String> r =
        server.send(server.request("/taxii2/", null).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void pathsWithoutTrailingSlashAreServed() {
    assertThat(server.get("/taxii2", "alice").statusCode()).isEqualTo(200);
    assertThat(server.get("/accord/collections/" + INTEL, "alice").statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"objects\": [", "{\"objects\": [}", "{} {}", "not json"})
  void bodyThatIsNotJsonIs400(String body) {
    assertError(server.post(server.objectsPath(INTEL), "alice", body), 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "{\"objects\": {}}", "\"objects\"", "{\"objects\": null}"})
  void jsonThatIsNotAnEnvelopeIs422(String body) {
    assertError(server.post(server.objectsPath(INTEL), "alice", body), 422);
  }

  @Test
  void objectOfAnUnsupportedKindIsAFailureNotAnError() {
    String uuid = UUID.randomUUID().toString();
    String good = indicator(uuid, V1);
    String unsupported = "{\"type\":\"x-invalid\",\"id\":\"x-invalid--" + uuid + "\",\"spec_version\":\"2.1\"}";
    HttpResponse<String> r = server.post(server.objectsPath(INTEL), "alice", envelope(good, unsupported));
    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode status = server.body(r);
    assertThat(status.get("success_count").asInt()).isEqualTo(1);
    assertThat(status.get("failure_count").asInt()).isEqualTo(1);
    assertThat(status.get("failures").get(0).get("id").asText()).isEqualTo("x-invalid--" + uuid);
  }

  @Test
  void deleteNeedsReadAndWrite() {
    String uuid = UUID.randomUUID().toString();
    server.post(server.objectsPath(INTEL), "alice", envelope(indicator(uuid, V1)));
    String path = server.objectsPath(INTEL) + "indicator--" + uuid + "/";
    assertError(server.send(server.request(path, "bob").DELETE().build()), 403); // read only
    assertError(server.send(server.request(path, "walter").DELETE().build()), 403); // write only
    assertThat(server.get(path, "alice").statusCode()).isEqualTo(200);
  }

  @Test
  void statusFailureNamesTheRefusedVersion() {
    String uuid = UUID.randomUUID().toString();
    String bad = indicator(uuid, V1).replace("\"created\":\"2014-05-08T09:00:00.000Z\"", "\"created\":\"2014-05-08T09:00:00Z\"");
    JsonNode status = server.body(server.post(server.objectsPath(INTEL), "alice", envelope(bad)));
    assertThat(status.get("failure_count").asInt()).isEqualTo(1);
    JsonNode failure = status.get("failures").get(0);
    assertThat(failure.get("id").asText()).isEqualTo("indicator--" + uuid);
    assertThat(failure.get("version").asText()).isEqualTo(V1);
  }

  @Test
  void requiredMembersOfApiRootAndCollectionArePresent() {
    JsonNode root = server.body(server.get("/accord/", "alice"));
    assertThat(root.has("title")).isTrue();
    assertThat(root.get("versions")).isNotEmpty();
    assertThat(root.get("max_content_length").isIntegralNumber()).isTrue();
    JsonNode c = server.body(server.get("/accord/collections/" + INTEL + "/", "alice"));
    for (String member : new String[] {"id", "title", "can_read", "can_write"}) {
      assertThat(c.has(member)).as(member).isTrue();
    }
    assertThat(c.get("media_types")).isNotEmpty();
  }

  @Test
  void methodNotAllowedNamesTheAllowedMethods() {
    HttpResponse<String> put =
        server.send(server.request(server.objectsPath(INTEL), "alice").PUT(HttpRequest.BodyPublishers.noBody()).build());
    assertError(put, 405);
    // RFC 9110 §15.5.6: a 405 names the methods the resource supports.
    assertThat(server.header(put, "Allow")).hasValueSatisfying(v -> assertThat(v).contains("GET").contains("POST"));
    HttpResponse<String> options =
        server.send(
            server.request("/taxii2/", "alice").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    // OPTIONS is not in the endpoint table of TAXII 2.1 §3.1 (and no browser client needs CORS): 405 naming GET.
    assertError(options, 405);
    assertThat(server.header(options, "Allow")).hasValueSatisfying(v -> assertThat(v).contains("GET").doesNotContain("POST"));
  }
}
