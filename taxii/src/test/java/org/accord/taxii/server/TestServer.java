package org.accord.taxii.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.accord.stix.Violation;
import org.accord.store.CollectionInfo;
import org.accord.store.ObjectStore;
import org.accord.store.StoreSettings;
import org.accord.store.Stores;

/**
 * A TAXII server on an ephemeral port over the real embedded store (SQLite in a fresh temporary directory, deleted
 * on {@link #close()}), with five users: alice (read and write
 * everywhere), bob (read only, on the "intel" collection only), walter (write only, on "intel"),
 * mallory (no rights) and peer (the node of party "us", read and write everywhere unless the policies say otherwise). The validator rejects objects
 * whose {@code created} lacks millisecond precision or whose type is {@code x-invalid}, standing in for the STIX
 * validator.
 */
final class TestServer implements AutoCloseable {
  static final String INTEL = "365fed99-08fa-fdcd-a1b3-fb247eb41d01";
  static final String OTHER = "91a7b528-80eb-42ed-a74d-c6fbd5a26116";
  static final String PASSWORD = "correct horse battery staple";
  static final long MAX_CONTENT = 64 * 1024;
  static final int MAX_PAGE = 5;

  final Path dataDir = newDataDir();
  final ObjectStore store;
  final Javalin app;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();
  final String base;

  TestServer(OutboundFilter outbound) {
    this(TaxiiServer.Policies.open().withOutbound(outbound));
  }

  TestServer(TaxiiServer.Policies policies) {
    this(policies, Clock.systemUTC());
  }

  /** @param storeClock the store's clock, which stamps date_added: tests that need the same stamps set it */
  TestServer(TaxiiServer.Policies policies, Clock storeClock) {
    store = Stores.open(StoreSettings.embedded(dataDir), storeClock);
    CollectionInfo intel = new CollectionInfo(INTEL, "Intel", "shared intel", "intel", List.of());
    CollectionInfo other = new CollectionInfo(OTHER, "Other", null, null, List.of());
    store.ensureCollection(intel);
    store.ensureCollection(other);
    TaxiiSettings settings =
        new TaxiiSettings(
            "Test node", "for tests", "ops@example.org",
            List.of(new TaxiiSettings.ApiRoot("accord", "Accord", null, List.of(intel, other))),
            MAX_CONTENT, MAX_PAGE);
    String hash = PasswordHash.hash(PASSWORD.toCharArray(), 1_000);
    List<User> users =
        List.of(
            new User("alice", hash, Map.of("*", User.Access.READ_WRITE, "intel", new User.Access(true, true, true))),
            new User("bob", hash, Map.of("intel", User.Access.READ)),
            new User("walter", hash, Map.of("intel", User.Access.WRITE)),
            new User("mallory", hash, Map.of()),
            new User("peer", hash, Map.of("*", User.Access.READ_WRITE), "us"));
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    TaxiiServer server =
        new TaxiiServer(
            settings, store, new Authenticator(users, Clock.systemUTC()), TestServer::validate, policies,
            new NextTokens(secret), Clock.systemUTC());
    app = Javalin.create(server::install).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  TestServer() {
    this(OutboundFilter.RELEASE_ALL);
  }

  static List<Violation> validate(com.fasterxml.jackson.databind.node.ObjectNode o) {
    List<Violation> v = new ArrayList<>();
    if (o.path("type").asText().equals("x-invalid")) {
      v.add(new Violation("$.type", "test-type", "type x-invalid is rejected by the test validator"));
    }
    String created = o.path("created").asText("");
    if (!created.isEmpty() && !created.matches(".*\\.\\d{3,}Z")) {
      v.add(new Violation("$.created", "timestamp-precision", "created needs millisecond precision"));
    }
    return v;
  }

  static String auth(String user) {
    return auth(user, PASSWORD);
  }

  static String auth(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  HttpRequest.Builder request(String path, String user) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", MediaTypes.TAXII_21);
    return user == null ? b : b.header("Authorization", auth(user));
  }

  HttpResponse<String> get(String path, String user) {
    return send(request(path, user).GET().build());
  }

  HttpResponse<String> post(String path, String user, String body) {
    return send(
        request(path, user)
            .header("Content-Type", MediaTypes.TAXII_21)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonNode body(HttpResponse<String> r) {
    try {
      return r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Optional<String> header(HttpResponse<String> r, String name) {
    return r.headers().firstValue(name);
  }

  static String indicator(String uuid, String modified) {
    return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--" + uuid + "\","
        + "\"created\":\"2014-05-08T09:00:00.000Z\",\"modified\":\"" + modified + "\","
        + "\"pattern\":\"[ipv4-addr:value = '10.0.0.1']\",\"pattern_type\":\"stix\","
        + "\"valid_from\":\"2014-05-08T09:00:00.000Z\"}";
  }

  static String envelope(String... objects) {
    return "{\"objects\":[" + String.join(",", objects) + "]}";
  }

  String objectsPath(String collection) {
    return "/accord/collections/" + collection + "/objects/";
  }

  private static Path newDataDir() {
    try {
      return Files.createTempDirectory("accord-taxii-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    app.stop();
    store.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
