package org.accord.taxii.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted HTTP server (the JDK's): what it sends, how it reads, how it fails. */
class TaxiiClientTest {
  private static final String SECRET = "s3cret-do-not-leak";
  private static final Credentials CREDENTIALS = new Credentials("bank-a", SECRET);

  private final FakeTime time = new FakeTime();
  private ScriptedServer server;
  private List<ScriptedServer.Request> seen;
  private URI apiRoot;
  private TaxiiClient client;

  @BeforeEach
  void start() {
    server = new ScriptedServer();
    seen = server.requests;
    apiRoot = server.apiRoot();
    client = client(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0));
  }

  private TaxiiClient client(RetryPolicy retry) {
    TaxiiClient.Settings settings =
        new TaxiiClient.Settings(
            Duration.ofSeconds(2), Duration.ofSeconds(5), retry, Duration.ofSeconds(1), Duration.ofSeconds(5),
            1 << 20);
    return new TaxiiClient(HttpClient.newHttpClient(), CREDENTIALS, settings, time, time, () -> 0.0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void then(int status, String body) {
    server.then(status, body);
  }

  @Test
  void sendsBasicCredentialsAndTheTaxiiMediaType() {
    then(200, "{\"title\":\"Root\",\"versions\":[\"" + TaxiiClient.TAXII_21 + "\"],\"max_content_length\":1000}");

    Resources.ApiRoot root = client.apiRoot(apiRoot);

    assertThat(root.maxContentLength()).isEqualTo(1000);
    assertThat(seen).hasSize(1);
    String expected =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(("bank-a:" + SECRET).getBytes(StandardCharsets.UTF_8));
    assertThat(seen.get(0).authorization()).isEqualTo(expected);
    assertThat(seen.get(0).accept()).isEqualTo(TaxiiClient.TAXII_21);
    assertThat(seen.get(0).uri().getPath()).isEqualTo("/api1/");
  }

  @Test
  void aDownloadIsStreamedToAFileWithTheCredentialsAndStopsAtItsLimit(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    then(200, "x".repeat(5000));
    java.nio.file.Path file = dir.resolve("evidence.zip");

    assertThat(client.download(apiRoot.resolve("/api/cases/x/evidence/export"), "application/zip", file, 5000))
        .isEqualTo(5000);
    assertThat(java.nio.file.Files.size(file)).isEqualTo(5000);
    assertThat(seen.get(0).authorization()).startsWith("Basic ");
    assertThat(seen.get(0).accept()).isEqualTo("application/zip");

    then(200, "x".repeat(5001));
    assertThatThrownBy(() -> client.download(apiRoot.resolve("/e"), "application/zip", file, 5000))
        .isInstanceOf(TaxiiClientException.Protocol.class)
        .hasMessageContaining("over 5000 bytes");
    assertThat(file).doesNotExist();

    then(404, "{\"title\":\"no evidence\"}");
    assertThatThrownBy(() -> client.download(apiRoot.resolve("/e"), "application/zip", file, 5000))
        .isInstanceOfSatisfying(TaxiiClientException.Http.class, e -> assertThat(e.status()).isEqualTo(404))
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void discoveryResolvesRelativeApiRootsAgainstTheServer() {
    then(200, "{\"title\":\"T\",\"default\":\"/api1/\",\"api_roots\":[\"/api1/\",\"https://other.example/api2/\"]}");

    Resources.Discovery d = client.discover(apiRoot.resolve("/"));

    assertThat(d.defaultApiRoot()).contains(apiRoot);
    assertThat(d.apiRoots()).containsExactly(apiRoot, URI.create("https://other.example/api2/"));
    assertThat(seen.get(0).uri().getPath()).isEqualTo("/taxii2/");
  }

  @Test
  void serverErrorsAreRetriedWithBackoffThenSucceed() {
    then(503, "{\"title\":\"busy\"}");
    then(502, "");
    then(200, "{\"collections\":[{\"id\":\"c1\",\"title\":\"One\",\"can_read\":true,\"can_write\":false}]}");

    List<Resources.Collection> collections = client.collections(apiRoot);

    assertThat(collections).extracting(Resources.Collection::id).containsExactly("c1");
    assertThat(collections.get(0).canRead()).isTrue();
    assertThat(seen).hasSize(3);
    assertThat(time.sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void clientErrorIsNotRetriedAndNamesTheTaxiiTitleButNoSecret() {
    then(403, "{\"title\":\"Forbidden\",\"http_status\":\"403\"}");

    assertThatThrownBy(() -> client.collection(apiRoot, "c1"))
        .isInstanceOfSatisfying(
            TaxiiClientException.Http.class,
            e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e.retriable()).isFalse();
            })
        .hasMessageContaining("Forbidden")
        .hasMessageNotContaining(SECRET);
    assertThat(seen).hasSize(1);
  }

  @Test
  void tooManyRequestsIsRetriedAfterTheServersRetryAfter() {
    server.then(429, "{}", Map.of("Retry-After", "1"));
    then(200, "{\"id\":\"s1\",\"status\":\"complete\",\"total_count\":0,\"success_count\":0}");

    assertThat(client.status(apiRoot, "s1").complete()).isTrue();
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void connectionRefusedIsRetriableAndRetriedUntilTheAttemptsRunOut() throws IOException {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    URI nowhere = URI.create("http://127.0.0.1:" + freePort + "/api1/");

    assertThatThrownBy(() -> client.apiRoot(nowhere))
        .isInstanceOfSatisfying(TaxiiClientException.Transport.class, e -> assertThat(e.retriable()).isTrue())
        .hasMessageNotContaining(SECRET);
    assertThat(time.sleeps).hasSize(2);
  }

  @Test
  void bodyThatIsNotJsonIsAProtocolError() {
    then(200, "<html>proxy login</html>");

    assertThatThrownBy(() -> client.apiRoot(apiRoot))
        .isInstanceOfSatisfying(TaxiiClientException.Protocol.class, e -> assertThat(e.retriable()).isFalse());
  }

  @Test
  void objectsToTheEndFollowNextWithTheSameFiltersAndReadTheDateHeaders() {
    server.then(
        200,
        "{\"more\":true,\"next\":\"tok 1\",\"objects\":[{\"type\":\"indicator\",\"id\":\"indicator--1\"}]}",
        Map.of(
            "X-TAXII-Date-Added-First", "2026-03-01T12:00:00.000001Z",
            "X-TAXII-Date-Added-Last", "2026-03-01T12:00:00.000001Z"));
    server.then(
        200,
        "{\"more\":false,\"objects\":[{\"type\":\"indicator\",\"id\":\"indicator--2\"}]}",
        Map.of("X-TAXII-Date-Added-Last", "2026-03-01T12:00:00.000002Z"));
    List<Resources.Envelope> pages = new ArrayList<>();
    ObjectFilter filter =
        ObjectFilter.everyVersionAfter(Optional.of(Instant.parse("2026-03-01T11:00:00Z")), 1)
            .withTypes(Set.of("indicator"));

    int count = client.objects(apiRoot, "c1", filter, pages::add);

    assertThat(count).isEqualTo(2);
    assertThat(pages.get(0).dateAddedLast()).contains(Instant.parse("2026-03-01T12:00:00.000001Z"));
    assertThat(pages.get(1).dateAddedLast()).contains(Instant.parse("2026-03-01T12:00:00.000002Z"));
    assertThat(pages.get(1).objects().get(0).get("id").asText()).isEqualTo("indicator--2");
    assertThat(pages.get(0).sha256()).hasSize(64).isNotEqualTo(pages.get(1).sha256());
    String first = seen.get(0).uri().getQuery();
    String second = seen.get(1).uri().getQuery();
    assertThat(seen.get(0).uri().getPath()).isEqualTo("/api1/collections/c1/objects/");
    assertThat(first)
        .isEqualTo("added_after=2026-03-01T11:00:00.000000Z&limit=1&match[type]=indicator&match[version]=all"
                + "&match[spec_version]=2.0,2.1");
    assertThat(second).isEqualTo(first.replace("&match[type]", "&next=tok 1&match[type]"));
  }

  @Test
  void manifestPageIsReadWithItsRecordsAndMatchFilters() {
    server.then(
        200,
        "{\"more\":false,\"objects\":[{\"id\":\"indicator--1\",\"date_added\":\"2026-03-01T12:00:00.000001Z\","
            + "\"version\":\"2026-01-01T00:00:00.000Z\",\"media_type\":\"application/stix+json;version=2.1\"}]}",
        Map.of("X-TAXII-Date-Added-Last", "2026-03-01T12:00:00.000001Z"));

    Resources.Manifest manifest =
        client.manifest(apiRoot, "c1", ObjectFilter.none().withIds(Set.of("indicator--1", "indicator--0")));

    assertThat(manifest.more()).isFalse();
    assertThat(manifest.objects())
        .containsExactly(
            new Resources.ManifestRecord(
                "indicator--1", Instant.parse("2026-03-01T12:00:00.000001Z"), "2026-01-01T00:00:00.000Z",
                Optional.of("application/stix+json;version=2.1")));
    assertThat(manifest.dateAddedLast()).contains(Instant.parse("2026-03-01T12:00:00.000001Z"));
    assertThat(seen.get(0).uri().getPath()).isEqualTo("/api1/collections/c1/manifest/");
    assertThat(seen.get(0).uri().getQuery()).isEqualTo("match[id]=indicator--0,indicator--1");
  }

  @Test
  void addObjectsPostsTheEnvelopeAndAwaitStatusPollsUntilComplete() {
    then(202, "{\"id\":\"s1\",\"status\":\"pending\",\"total_count\":2,\"success_count\":0,\"pending_count\":2}");
    then(200, "{\"id\":\"s1\",\"status\":\"pending\",\"total_count\":2,\"success_count\":1,\"pending_count\":1}");
    then(
        200,
        "{\"id\":\"s1\",\"status\":\"complete\",\"total_count\":2,\"success_count\":1,\"failure_count\":1,"
            + "\"successes\":[{\"id\":\"indicator--1\",\"version\":\"2026-01-01T00:00:00.000Z\"}],"
            + "\"failures\":[{\"id\":\"indicator--2\",\"version\":\"2026-01-01T00:00:00.000Z\",\"message\":\"bad\"}]}");
    byte[] envelope = "{\"objects\":[]}".getBytes(StandardCharsets.UTF_8);

    Resources.Status accepted = client.addObjects(apiRoot, "c1", envelope);
    Resources.Status done = client.awaitStatus(apiRoot, accepted);

    assertThat(done.complete()).isTrue();
    assertThat(done.failures()).extracting(Resources.StatusDetail::message).containsExactly(Optional.of("bad"));
    assertThat(seen.get(0).method()).isEqualTo("POST");
    assertThat(seen.get(0).contentType()).isEqualTo(TaxiiClient.TAXII_21);
    assertThat(seen.get(0).body()).isEqualTo("{\"objects\":[]}");
    assertThat(seen.get(1).uri().getPath()).isEqualTo("/api1/status/s1/");
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void awaitStatusGivesUpAfterTheMaximumWait() {
    for (int i = 0; i < 20; i++) {
      then(200, "{\"id\":\"s1\",\"status\":\"pending\",\"total_count\":1,\"pending_count\":1}");
    }
    Resources.Status pending = new Resources.Status("s1", "pending", 1, 0, 0, 1, List.of(), List.of());

    Resources.Status last = client.awaitStatus(apiRoot, pending);

    assertThat(last.complete()).isFalse();
    assertThat(seen).hasSize(5); // statusMaxWait 5 s at one poll a second
  }

  @Test
  void bodyOverTheLimitIsAProtocolErrorNotAnOutOfMemory() {
    then(200, "{\"title\":\"" + "x".repeat(2 << 20) + "\"}");

    assertThatThrownBy(() -> client.apiRoot(apiRoot))
        .isInstanceOf(TaxiiClientException.Protocol.class)
        .hasMessageContaining("over " + (1 << 20) + " bytes");
  }

  @Test
  void credentialsNeverPrintThePassword() {
    assertThat(CREDENTIALS.toString()).contains("bank-a").doesNotContain(SECRET);
  }
}
