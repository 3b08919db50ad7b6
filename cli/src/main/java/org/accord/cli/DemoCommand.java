package org.accord.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.node.RunningNode;
import org.accord.stix.StixJson;
import org.accord.taxii.server.PasswordHash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code accord demo}: starts a node on the embedded store, posts a realistic data set over TAXII (a DDoS botnet's
 * infrastructure against a bank: identities, attack pattern, malware, infrastructure, campaign, incident with two
 * versions, indicators, observed data, SCOs, relationships, a sighting, TLP markings), checks that the node answers
 * the commands it prints, and prints the TAXII URL, the credentials and ready-to-paste curl commands.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start a demonstration node on the embedded store, load a sample DDoS-botnet data set over TAXII,",
      "and print the TAXII URL, credentials and curl commands. Runs until Ctrl-C unless --no-wait."
    })
final class DemoCommand implements Callable<Integer> {
  static final String DATA_SET = "/demo/ddos-botnet.json";
  static final String API_ROOT = "cn-cert";
  static final String COLLECTION_ID = "9f3b2a84-6c1e-4d2b-8f7a-2f1c5e0d4a11";
  static final String COLLECTION_ALIAS = "shared";
  static final String USER = "analyst";
  static final String MEDIA = "application/taxii+json;version=2.1";

  @Option(
      names = {"-p", "--port"},
      defaultValue = "9440",
      paramLabel = "PORT",
      description = "Port to serve on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--data-dir",
      defaultValue = "data/demo",
      paramLabel = "DIR",
      description = "Directory of the demo's database; emptied at start (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--no-wait", description = "Stop the node after printing, instead of serving until Ctrl-C.")
  boolean noWait;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    wipe(dataDir);
    String password = randomPassword();
    NodeConfig config = config(password);
    err.println("accord demo: starting node CN-CERT on the embedded store in " + dataDir + " ...");
    err.flush();
    RunningNode node = Node.start(config);
    try {
      String base = node.baseUrl();
      String auth = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String objectsUrl = base + "/" + API_ROOT + "/collections/" + COLLECTION_ID + "/objects/";

      ObjectNode envelope = envelope();
      Path sample = dataDir.resolve("ddos-botnet-envelope.json");
      Files.write(sample, StixJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(envelope));
      JsonNode status = post(http, auth, objectsUrl, envelope);
      err.printf(
          "accord demo: posted the data set over TAXII: %d objects, %d stored, %d failed (status %s)%n",
          status.path("total_count").asLong(),
          status.path("success_count").asLong(),
          status.path("failure_count").asLong(),
          status.path("id").asText());

      Map<String, String> checks =
          Map.of(
              "discovery", base + "/taxii2/",
              "collections", base + "/" + API_ROOT + "/collections/",
              "objects", objectsUrl + "?limit=5",
              "indicators", objectsUrl + "?match%5Btype%5D=indicator");
      for (String name : List.of("discovery", "collections", "objects", "indicators")) {
        int code = get(http, auth, checks.get(name)).statusCode();
        if (code != 200) {
          err.println("accord demo: self-check failed: GET " + name + " answered " + code);
          return Main.FAILURE;
        }
      }
      printWelcome(out, base, password, objectsUrl, status, sample);
      out.flush();
      if (noWait) {
        return Main.OK;
      }
      err.println("accord demo: serving until Ctrl-C");
      err.flush();
      CountDownLatch forever = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        node.close();
        forever.countDown();
      }, "accord-demo-shutdown"));
      forever.await();
      return Main.OK;
    } finally {
      if (noWait) {
        node.close();
      }
    }
  }

  private NodeConfig config(String password) {
    NodeConfig.Collection shared =
        new NodeConfig.Collection(
            COLLECTION_ID, COLLECTION_ALIAS, "CN-CERT shared intelligence", "Indicators and incidents CN-CERT shares");
    NodeConfig.ApiRoot root =
        new NodeConfig.ApiRoot(API_ROOT, "CN-CERT", "Demonstration API root of party CN", List.of(shared));
    NodeConfig.User analyst =
        new NodeConfig.User(
            USER,
            PasswordHash.hash(password.toCharArray()),
            Map.of("*", new NodeConfig.Access(true, true)),
            null);
    NodeConfig.Taxii taxii =
        new NodeConfig.Taxii(
            "Accord demo node: CN-CERT",
            "Demonstration node of party CN",
            "cert@cn.example",
            List.of(root),
            null,
            null,
            List.of(analyst));
    return new NodeConfig("cn-cert", null, "127.0.0.1", port, null, dataDir, null, taxii, null, null, null);
  }

  private void printWelcome(
      PrintWriter out, String base, String password, String objectsUrl, JsonNode status, Path sample) {
    String u = USER + ":" + password;
    String h = "-H 'Accept: " + MEDIA + "'";
    out.println();
    out.println("Accord demo node CN-CERT is serving TAXII 2.1");
    out.println("  discovery    " + base + "/taxii2/");
    out.println("  API root     " + base + "/" + API_ROOT + "/");
    out.println("  collection   " + COLLECTION_ID + " (alias '" + COLLECTION_ALIAS + "')");
    out.println("  user         " + USER);
    out.println("  password     " + password + "   (random for this run)");
    out.println("  objects      " + status.path("success_count").asLong() + " (a DDoS botnet against a bank)");
    out.println();
    out.println("Try:");
    out.println("  curl -s -u '" + u + "' " + h + " " + base + "/taxii2/");
    out.println("  curl -s -u '" + u + "' " + h + " " + base + "/" + API_ROOT + "/collections/");
    out.println("  curl -s -u '" + u + "' " + h + " '" + objectsUrl + "?limit=5'");
    out.println("  curl -s -u '" + u + "' " + h + " '" + objectsUrl + "?match%5Btype%5D=indicator'");
    out.println("  curl -s -u '" + u + "' " + h + " '" + objectsUrl.replace("/objects/", "/manifest/") + "'");
    out.println("  curl -s -u '" + u + "' " + h + " -H 'Content-Type: " + MEDIA + "' -X POST --data-binary @" + sample + " " + objectsUrl);
    out.println();
  }

  private static ObjectNode envelope() throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream(DATA_SET)) {
      if (in == null) {
        throw new IOException("the demo data set " + DATA_SET + " is missing from the jar");
      }
      JsonNode bundle = StixJson.mapper().readTree(in);
      ObjectNode envelope = StixJson.mapper().createObjectNode();
      envelope.set("objects", bundle.get("objects"));
      return envelope;
    }
  }

  private static JsonNode post(HttpClient http, String auth, String url, ObjectNode body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", auth)
            .header("Accept", MEDIA)
            .header("Content-Type", MEDIA)
            .POST(HttpRequest.BodyPublishers.ofByteArray(StixJson.mapper().writeValueAsBytes(body)))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IOException("posting the demo data set failed: HTTP " + response.statusCode() + " " + response.body());
    }
    return StixJson.mapper().readTree(response.body());
  }

  private static HttpResponse<String> get(HttpClient http, String auth, String url)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).header("Accept", MEDIA).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String randomPassword() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Empties the demo's data directory so that every run starts from the same state. */
  private static void wipe(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
