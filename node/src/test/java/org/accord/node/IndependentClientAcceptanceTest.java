package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test: a client written from the TAXII 2.1 specification only discovers the node, finds a writable
 * collection, posts the OASIS example bundles, polls their status and pages through everything with {@code next}.
 */
class IndependentClientAcceptanceTest {
  static final List<String> OASIS =
      List.of(
          "indicator-for-c2-ip-address.json",
          "indicator-to-campaign-relationship.json",
          "indicators-for-C2-with-COA.json",
          "infrastructure.json",
          "interop-objectmarking-test.json",
          "malicious-email-indicator-with-attachment.json",
          "apt1.json",
          "poisonivy.json");

  private TestNode node;
  private SpecClient client;

  @BeforeEach
  void start() {
    node = TestNode.start();
    client = new SpecClient("alice", TestNode.PASSWORD);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void specClientDiscoversPostsPollsAndPagesThroughEverything() {
    JsonNode discovery = client.discover(node.baseUrl());
    assertThat(discovery.get("title").asText()).isEqualTo("Accord test node");
    String defaultRoot = discovery.get("default").asText();
    assertThat(discovery.get("api_roots")).extracting(JsonNode::asText).contains(defaultRoot);
    // §4.1.1: API root URLs may be relative to the server.
    String apiRootUrl = java.net.URI.create(node.baseUrl() + "/").resolve(defaultRoot).toString();

    JsonNode apiRoot = client.getOk(apiRootUrl);
    assertThat(apiRoot.get("versions")).extracting(JsonNode::asText).contains(SpecClient.TAXII);
    long maxContentLength = apiRoot.get("max_content_length").asLong();

    JsonNode writable =
        StreamSupport.stream(client.getOk(apiRootUrl + "collections/").get("collections").spliterator(), false)
            .filter(c -> c.get("can_write").asBoolean() && c.get("can_read").asBoolean())
            .findFirst()
            .orElseThrow();
    String collectionUrl = apiRootUrl + "collections/" + writable.get("id").asText() + "/";

    Set<String> posted = new HashSet<>();
    for (String file : OASIS) {
      String bundle = asEnvelope(resource(file));
      assertThat((long) bundle.length()).isLessThan(maxContentLength);
      HttpResponse<String> r = client.post(collectionUrl, bundle);
      assertThat(r.statusCode()).as(file + ": " + r.body()).isEqualTo(202);
      JsonNode accepted = client.parse(r.body());
      JsonNode status = client.awaitStatus(apiRootUrl, accepted.get("id").asText());
      int objects = client.parse(bundle).get("objects").size();
      assertThat(status.get("total_count").asInt()).isEqualTo(objects);
      assertThat(status.get("failure_count").asInt()).as(file + ": " + status.get("failures")).isZero();
      assertThat(status.get("success_count").asInt()).isEqualTo(objects);
      client.parse(bundle).get("objects").forEach(o -> posted.add(o.get("id").asText()));
    }

    List<JsonNode> all = client.allObjects(collectionUrl, 7);
    List<String> ids = all.stream().map(o -> o.get("id").asText()).toList();
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(new HashSet<>(ids)).isEqualTo(posted);
  }

  /** Bundles are posted as they are; a lone object (one example is one) is wrapped in an envelope (§3.7). */
  private String asEnvelope(String json) {
    return client.parse(json).path("type").asText().equals("bundle") ? json : "{\"objects\":[" + json + "]}";
  }

  static String resource(String file) {
    try (InputStream in = IndependentClientAcceptanceTest.class.getResourceAsStream("/oasis/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource oasis/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
