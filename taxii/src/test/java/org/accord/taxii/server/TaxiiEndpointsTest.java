package org.accord.taxii.server;

import static org.accord.taxii.server.TestServer.INTEL;
import static org.accord.taxii.server.TestServer.OTHER;
import static org.accord.taxii.server.TestServer.envelope;
import static org.accord.taxii.server.TestServer.indicator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoints of TAXII 2.1 §4 and §5 over real HTTP, each checked against the resource the spec defines. */
class TaxiiEndpointsTest {
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
  void discoveryNamesTheDefaultApiRootAsRelativeUrl() {
    HttpResponse<String> r = server.get("/taxii2/", "bob");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(server.header(r, "Content-Type")).hasValue(MediaTypes.TAXII_21);
    JsonNode body = server.body(r);
    assertThat(body.get("title").asText()).isEqualTo("Test node");
    assertThat(body.get("contact").asText()).isEqualTo("ops@example.org");
    assertThat(body.get("default").asText()).isEqualTo("/accord/");
    assertThat(body.get("api_roots")).hasSize(1);
  }

  @Test
  void apiRootAdvertisesTaxii21AndMaxContentLength() {
    JsonNode body = server.body(server.get("/accord/", "bob"));
    assertThat(body.get("versions").get(0).asText()).isEqualTo("application/taxii+json;version=2.1");
    assertThat(body.get("max_content_length").asLong()).isEqualTo(TestServer.MAX_CONTENT);
  }

  @Test
  void collectionsShowTheCallersRightsAndHideCollectionsWithoutAny() {
    JsonNode bob = server.body(server.get("/accord/collections/", "bob"));
    assertThat(bob.get("collections")).hasSize(1);
    JsonNode intel = bob.get("collections").get(0);
    assertThat(intel.get("id").asText()).isEqualTo(INTEL);
    assertThat(intel.get("alias").asText()).isEqualTo("intel");
    assertThat(intel.get("can_read").asBoolean()).isTrue();
    assertThat(intel.get("can_write").asBoolean()).isFalse();
    assertThat(intel.get("media_types").get(0).asText()).isEqualTo("application/stix+json;version=2.1");

    JsonNode alice = server.body(server.get("/accord/collections/", "alice"));
    assertThat(alice.get("collections")).hasSize(2);
    assertThat(alice.get("collections").get(0).get("can_write").asBoolean()).isTrue();
    assertThat(server.body(server.get("/accord/collections/", "mallory")).has("collections")).isFalse();
  }

  @Test
  void collectionIsFoundByIdAndByAlias() {
    assertThat(server.body(server.get("/accord/collections/" + INTEL + "/", "bob")).get("title").asText())
        .isEqualTo("Intel");
    assertThat(server.get("/accord/collections/intel/", "bob").statusCode()).isEqualTo(200);
  }

  @Test
  void postedObjectsComeBackInAnEnvelopeWithDateAddedHeaders() {
    String a = UUID.randomUUID().toString();
    String b = UUID.randomUUID().toString();
    HttpResponse<String> post =
        server.post(server.objectsPath(INTEL), "alice",
            envelope(indicator(a, "2016-01-01T00:00:00.000Z"), indicator(b, "2016-01-01T00:00:00.000Z")));
    assertThat(post.statusCode()).as(post.body()).isEqualTo(202);

    HttpResponse<String> r = server.get(server.objectsPath(INTEL), "bob");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = server.body(r);
    assertThat(body.get("more").asBoolean()).isFalse();
    assertThat(body.has("next")).isFalse();
    assertThat(ids(body.get("objects"))).containsExactly("indicator--" + a, "indicator--" + b);
    String first = server.header(r, "X-TAXII-Date-Added-First").orElseThrow();
    String last = server.header(r, "X-TAXII-Date-Added-Last").orElseThrow();
    assertThat(first).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    assertThat(first.compareTo(last)).isNegative();
  }

  @Test
  void emptyCollectionGivesAnEmptyEnvelope() {
    HttpResponse<String> r = server.get(server.objectsPath(OTHER), "alice");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(server.body(r).size()).isZero();
    assertThat(server.header(r, "X-TAXII-Date-Added-First")).isEmpty();
  }

  @Test
  void matchVersionSelectsFirstLastAllAndExactVersions() {
    String id = UUID.randomUUID().toString();
    server.post(server.objectsPath(INTEL), "alice",
        envelope(
            indicator(id, "2016-01-01T00:00:00.000Z"),
            indicator(id, "2017-01-01T00:00:00.000Z"),
            indicator(id, "2018-01-01T00:00:00.000Z")));
    String path = server.objectsPath(INTEL);
    assertThat(modifieds(server.get(path, "bob"))).containsExactly("2018-01-01T00:00:00.000Z");
    assertThat(modifieds(server.get(path + "?match[version]=first", "bob")))
        .containsExactly("2016-01-01T00:00:00.000Z");
    assertThat(modifieds(server.get(path + "?match[version]=all", "bob"))).hasSize(3);
    assertThat(modifieds(server.get(path + "?match[version]=first,last", "bob")))
        .containsExactly("2016-01-01T00:00:00.000Z", "2018-01-01T00:00:00.000Z");
    assertThat(modifieds(server.get(path + "?match[version]=2017-01-01T00:00:00.000Z", "bob")))
        .containsExactly("2017-01-01T00:00:00.000Z");
  }

  @Test
  void matchTypeAndIdAreCommaSeparatedOrLists() {
    String a = UUID.randomUUID().toString();
    String b = UUID.randomUUID().toString();
    String c = UUID.randomUUID().toString();
    server.post(server.objectsPath(INTEL), "alice",
        envelope(indicator(a, "2016-01-01T00:00:00.000Z"), indicator(b, "2016-01-01T00:00:00.000Z"),
            indicator(c, "2016-01-01T00:00:00.000Z")));
    String path = server.objectsPath(INTEL);
    assertThat(ids(server.body(server.get(path + "?match[id]=indicator--" + a + ",indicator--" + c, "bob")).get("objects")))
        .containsExactly("indicator--" + a, "indicator--" + c);
    assertThat(server.body(server.get(path + "?match[type]=malware,campaign", "bob")).has("objects")).isFalse();
    assertThat(server.body(server.get(path + "?match[type]=malware,indicator", "bob")).get("objects")).hasSize(3);
  }

  @Test
  void addedAfterReturnsOnlyLaterAdditions() {
    String a = UUID.randomUUID().toString();
    server.post(server.objectsPath(INTEL), "alice", envelope(indicator(a, "2016-01-01T00:00:00.000Z")));
    HttpResponse<String> first = server.get(server.objectsPath(INTEL), "bob");
    String last = server.header(first, "X-TAXII-Date-Added-Last").orElseThrow();
    String b = UUID.randomUUID().toString();
    server.post(server.objectsPath(INTEL), "alice", envelope(indicator(b, "2016-01-01T00:00:00.000Z")));
    JsonNode later = server.body(server.get(server.objectsPath(INTEL) + "?added_after=" + last, "bob"));
    assertThat(ids(later.get("objects"))).containsExactly("indicator--" + b);
  }

  @Test
  void manifestListsVersionsWithDateAddedAndMediaType() {
    String id = UUID.randomUUID().toString();
    server.post(server.objectsPath(INTEL), "alice",
        envelope(indicator(id, "2016-01-01T00:00:00.000Z"), indicator(id, "2017-01-01T00:00:00.123Z")));
    HttpResponse<String> r = server.get("/accord/collections/intel/manifest/?match[version]=all", "bob");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(server.header(r, "X-TAXII-Date-Added-Last")).isPresent();
    JsonNode records = server.body(r).get("objects");
    assertThat(records).hasSize(2);
    assertThat(records.get(1).get("id").asText()).isEqualTo("indicator--" + id);
    assertThat(records.get(1).get("version").asText()).isEqualTo("2017-01-01T00:00:00.123Z");
    assertThat(records.get(1).get("media_type").asText()).isEqualTo("application/stix+json;version=2.1");
    assertThat(records.get(1).get("date_added").asText()).endsWith("Z");
  }

  @Test
  void objectAndVersionsEndpointsServeOneObject() {
    String id = UUID.randomUUID().toString();
    String other = UUID.randomUUID().toString();
    server.post(server.objectsPath(INTEL), "alice",
        envelope(indicator(id, "2016-01-01T00:00:00.000Z"), indicator(id, "2017-01-01T00:00:00.000Z"),
            indicator(other, "2016-01-01T00:00:00.000Z")));
    String objectPath = server.objectsPath(INTEL) + "indicator--" + id + "/";
    assertThat(modifieds(server.get(objectPath, "bob"))).containsExactly("2017-01-01T00:00:00.000Z");
    assertThat(modifieds(server.get(objectPath + "?match[version]=all", "bob"))).hasSize(2);
    HttpResponse<String> filteredOut = server.get(objectPath + "?match[version]=2015-01-01T00:00:00.000Z", "bob");
    assertThat(filteredOut.statusCode()).as("§5.6: an empty envelope, not 404").isEqualTo(200);
    assertThat(server.body(filteredOut).size()).isZero();
    HttpResponse<String> versions = server.get(objectPath + "versions/", "bob");
    assertThat(versions.statusCode()).isEqualTo(200);
    assertThat(server.header(versions, "X-TAXII-Date-Added-First")).isPresent();
    assertThat(server.body(versions).get("versions"))
        .extracting(JsonNode::asText)
        .containsExactly("2016-01-01T00:00:00.000Z", "2017-01-01T00:00:00.000Z");
  }

  @Test
  void unknownObjectIs404WithErrorBody() {
    HttpResponse<String> r = server.get(server.objectsPath(INTEL) + "indicator--" + UUID.randomUUID() + "/", "bob");
    assertError(r, 404);
    HttpResponse<String> v =
        server.get(server.objectsPath(INTEL) + "indicator--" + UUID.randomUUID() + "/versions/", "bob");
    assertError(v, 404);
  }

  @Test
  void deleteRemovesSelectedVersionsAndNeedsTheDeleteRight() {
    String id = UUID.randomUUID().toString();
    server.post(server.objectsPath(INTEL), "alice",
        envelope(indicator(id, "2016-01-01T00:00:00.000Z"), indicator(id, "2017-01-01T00:00:00.000Z")));
    String objectPath = server.objectsPath(INTEL) + "indicator--" + id + "/";
    assertError(server.send(server.request(objectPath, "bob").DELETE().build()), 403);
    // A peer may read and write here, but never deletes: the same 403 for an object that exists and one that does
    // not, in a collection that exists or not.
    HttpResponse<String> byPeer = server.send(server.request(objectPath, "peer").DELETE().build());
    HttpResponse<String> byPeerUnknown = server.send(
        server.request("/accord/collections/nowhere/objects/indicator--" + UUID.randomUUID() + "/", "peer")
            .DELETE().build());
    assertError(byPeer, 403);
    assertError(byPeerUnknown, 403);
    assertThat(server.body(byPeer).get("description")).isEqualTo(server.body(byPeerUnknown).get("description"));

    HttpResponse<String> first =
        server.send(server.request(objectPath + "?match[version]=first", "alice").DELETE().build());
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(server.header(first, "Content-Type")).hasValue(MediaTypes.TAXII_21);
    assertThat(modifieds(server.get(objectPath + "?match[version]=all", "bob")))
        .containsExactly("2017-01-01T00:00:00.000Z");

    assertThat(server.send(server.request(objectPath, "alice").DELETE().build()).statusCode()).isEqualTo(200);
    assertError(server.get(objectPath, "bob"), 404);
    assertError(server.send(server.request(objectPath, "alice").DELETE().build()), 404);
  }

  @Test
  void outboundFilterDecidesOnEveryObjectManifestEntryAndVersion() {
    server.close();
    server =
        new TestServer(
            (principal, collection, object) ->
                object.object().text("modified").filter(m -> m.startsWith("2016")).map(m -> object));
    String id = UUID.randomUUID().toString();
    server.post(server.objectsPath(INTEL), "alice",
        envelope(indicator(id, "2016-01-01T00:00:00.000Z"), indicator(id, "2017-01-01T00:00:00.000Z")));
    String all = "?match[version]=all";
    assertThat(modifieds(server.get(server.objectsPath(INTEL) + all, "bob")))
        .containsExactly("2016-01-01T00:00:00.000Z");
    assertThat(server.body(server.get("/accord/collections/intel/manifest/" + all, "bob")).get("objects")).hasSize(1);
    assertThat(server.body(server.get(server.objectsPath(INTEL) + "indicator--" + id + "/versions/", "bob"))
            .get("versions"))
        .hasSize(1);
    // The latest version is withheld, so "last" shows nothing: an empty envelope, as the object itself is visible.
    HttpResponse<String> last = server.get(server.objectsPath(INTEL) + "indicator--" + id + "/", "bob");
    assertThat(last.statusCode()).isEqualTo(200);
    assertThat(server.body(last).size()).isZero();
  }

  @Test
  void objectWhollyWithheldLooksUnknown() {
    server.close();
    server = new TestServer((principal, collection, object) -> java.util.Optional.empty());
    String id = UUID.randomUUID().toString();
    server.post(server.objectsPath(INTEL), "alice", envelope(indicator(id, "2016-01-01T00:00:00.000Z")));
    assertError(server.get(server.objectsPath(INTEL) + "indicator--" + id + "/", "bob"), 404);
    assertThat(server.body(server.get(server.objectsPath(INTEL), "bob")).size()).isZero();
  }

  static void assertError(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(MediaTypes.TAXII_21);
    JsonNode body;
    try {
      body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    } catch (java.io.IOException e) {
      throw new AssertionError("error body is not JSON: " + r.body(), e);
    }
    assertThat(body.get("title").asText()).isNotBlank();
    assertThat(body.get("description").asText()).isNotBlank();
    assertThat(body.get("error_id").asText()).isNotBlank();
    assertThat(body.get("error_code").asText()).isNotBlank();
    assertThat(body.get("http_status").asText()).isEqualTo(Integer.toString(status));
  }

  private List<String> modifieds(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    server.body(r).path("objects").forEach(o -> out.add(o.get("modified").asText()));
    return out;
  }

  static List<String> ids(JsonNode objects) {
    List<String> out = new ArrayList<>();
    objects.forEach(o -> out.add(o.get("id").asText()));
    return out;
  }
}
