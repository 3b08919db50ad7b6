package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, findings 9 and 10 on a running node: its data directory is its owner's alone (existing installations are
 * tightened at start), and the node's own endpoints answer bad bodies and bad requests with TAXII error JSON in the
 * node's words, never Jackson's or Jetty's.
 */
class NodeHardeningTest {
  private static final String MEDIA = "application/taxii+json;version=2.1";
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theDataDirectoryIsOwnerOnlyAndAWorldReadableOneIsTightenedAtStart() throws Exception {
    Path dir = Files.createTempDirectory("accord-perm-");
    try (TestNode node = TestNode.restart(dir)) {
      assertPrivate(dir);
      node.stop();
      // As an installation from before this fix left it: world-readable directory and files.
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.toList()) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
              : "rw-r--r--"));
        }
      }
    }
    try (TestNode again = TestNode.restart(dir)) {
      assertPrivate(dir);
    } finally {
      TestNode.deleteRecursively(dir);
    }
  }

  private static void assertPrivate(Path dir) throws Exception {
    List<String> names = new ArrayList<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        if (Files.isSymbolicLink(p) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        names.add(dir.relativize(p).toString());
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        assertThat(mode).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
      }
    }
    assertThat(names).contains("", "accord.db", "accord.db-wal", Node.LEDGER_FILE, NodeKeys.FILE_NAME);
  }

  @Test
  void nodeEndpointsAnswerANonJsonBodyWithATaxiiErrorInTheNodesWords() throws Exception {
    try (TestNode node = TestNode.start()) {
      HttpResponse<String> asset = send(node, "PUT", "/_accord/assets/bank-1", "{name: 'x' (not json");
      assertNodeError(asset, 400);
      assertThat(description(asset)).startsWith("the body is not JSON: malformed JSON at line 1, column 2");

      HttpResponse<String> checkpoint = send(node, "POST", "/_accord/ledger/checkpoint/", "xyz");
      // A node's own user is not a peer: refused before the body matters, in the same error form.
      assertNodeError(checkpoint, 403);
    }
  }

  @Test
  void aLongUriAndANulOnTheNodeAreTaxiiErrorsToo() throws Exception {
    try (TestNode node = TestNode.start()) {
      assertNodeError(send(node, "GET", "/_accord/assets/?q=" + "a".repeat(20_000), null), 414);
      assertNodeError(send(node, "GET", "/_accord/assets/%00/", null), 400);
    }
  }

  private HttpResponse<String> send(TestNode node, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
        .header("Accept", MEDIA)
        .header("Content-Type", "application/json")
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString(("alice:" + TestNode.PASSWORD).getBytes(StandardCharsets.UTF_8)));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String description(HttpResponse<String> r) throws Exception {
    return new ObjectMapper().readTree(r.body()).path("description").asText();
  }

  private static void assertNodeError(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(MEDIA);
    JsonNode body = new ObjectMapper().readTree(r.body());
    assertThat(body.path("http_status").asText()).isEqualTo(Integer.toString(status));
    assertThat(body.path("error_id").asText()).isNotBlank();
    assertThat(r.body()).doesNotContain("org.eclipse").doesNotContain("com.fasterxml").doesNotContain("Exception")
        .doesNotContain("code 110").doesNotContain("expecting").doesNotContain(TestNode.PASSWORD)
        .doesNotContain("Basic ");
  }

  @Test
  void authAndCollectorSettingsAreReadWithDefaults() {
    NodeConfig defaults = NodeConfig.defaults();
    assertThat(defaults.taxii().auth().settings()).isEqualTo(org.accord.taxii.server.AuthSettings.DEFAULTS);
    assertThat(defaults.sensor().collector().exporters()).containsExactly("127.0.0.0/8", "::1");
    NodeConfig c = NodeConfigReader.parse(String.join("\n",
        "taxii:",
        "  auth: { user_free_failures: 3, backoff_max_seconds: 60, trusted_proxies: [10.0.0.0/8] }",
        "sensor:",
        "  collector: { host: 192.0.2.1, exporters: [192.0.2.0/24] }"), "test");
    assertThat(c.taxii().auth().settings().userFreeFailures()).isEqualTo(3);
    assertThat(c.taxii().auth().settings().backoffMax()).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(c.taxii().auth().trustedProxies()).containsExactly("10.0.0.0/8");
    assertThat(c.sensor().collector().host()).isEqualTo("192.0.2.1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> NodeConfigReader.parse(
            "taxii:\n  auth: { trusted_proxies: [proxy.example.org] }", "test"))
        .hasMessageContaining("taxii.auth").hasMessageContaining("proxy.example.org");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> NodeConfigReader.parse(
            "sensor:\n  collector: { exporters: [router.lan] }", "test"))
        .hasMessageContaining("sensor.collector.exporters");
  }
}
