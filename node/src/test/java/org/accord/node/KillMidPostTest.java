package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault test, kill -9 mid-POST: a node runs in a child JVM ({@link ChildNode}); the test posts several envelopes
 * (each answered 202), then starts a large POST and SIGKILLs the node while it is storing it, once the node has
 * committed the first batch of that request: either with the rest of the body still unsent (the kill certainly
 * falls inside the request) or with the whole body sent (the kill falls wherever the node is, often inside a
 * transaction). The node restarts on the same data directory and must hold every object of every POST answered 202,
 * page through its collection with {@code next} seeing each version exactly once (objects and manifest alike), and
 * take and serve new objects.
 *
 * <p>The posts come from a peer's node (issue 8, finding 7d: a kill -9 during POSTs left 200 stored objects with no
 * RECEIVED entry): after the restart, every version stored is named in a RECEIVED entry of the ledger. Add Objects
 * spools the body and checks it whole before it stores anything, so a POST killed while its body is still arriving
 * stores nothing at all; one killed while storing leaves whole store batches, each recorded before it committed.
 */
class KillMidPostTest {
  private static final int ACKED_POSTS = 4;
  private static final int OBJECTS_PER_POST = 300;
  /** Objects per store transaction of Add Objects (taxii's AddObjects.BATCH, package-private there). */
  private static final int STORE_BATCH = org.accord.taxii.TransferListener.VERSIONS_PER_RECORD;
  /** Objects of the POST being killed: five store batches. */
  private static final int LARGE_POST = 5_000;
  /** Objects of the large POST sent before the kill: more than two batches, so some are committed. */
  private static final int SENT_BEFORE_KILL = 1_600;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  /** The peer's node: it posts. */
  private final SpecClient client = new SpecClient(TestNode.PEER_USER, TestNode.PASSWORD);
  /** The node's own user: it reads (the gate shows the peer nothing of its own back). */
  private final SpecClient reader = new SpecClient("alice", TestNode.PASSWORD);

  @Test
  void sigkillWhileTheBodyIsStillArrivingLosesNoAcknowledgedObject(@TempDir Path dataDir) throws Exception {
    killMidPostAndRestart(dataDir, true);
  }

  @Test
  void sigkillWhileStoringAWholeBodyLosesNoAcknowledgedObject(@TempDir Path dataDir) throws Exception {
    killMidPostAndRestart(dataDir, false);
  }

  private void killMidPostAndRestart(Path dataDir, boolean holdBackTheRest) throws Exception {
    Set<String> acknowledged = new HashSet<>();
    Child first = Child.start(dataDir);
    List<String> large = new ArrayList<>();
    try {
      for (int p = 0; p < ACKED_POSTS; p++) {
        List<String> batch = indicators(OBJECTS_PER_POST);
        HttpResponse<String> r = client.post(collectionUrl(first), envelope(batch));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(client.parse(r.body()).get("success_count").asInt()).isEqualTo(OBJECTS_PER_POST);
        batch.forEach(o -> acknowledged.add(versionKey(client.parse(o))));
      }
      large.addAll(indicators(LARGE_POST));
      if (killWhileStoring(first, large, holdBackTheRest)) {
        large.forEach(o -> acknowledged.add(versionKey(client.parse(o)))); // it beat the kill: 202 before death
      }
    } finally {
      first.kill();
    }
    if (holdBackTheRest) {
      assertThat(spooled(dataDir)).as("the body still arriving was being spooled in the data directory").isNotEmpty();
    }

    Child second = Child.start(dataDir);
    try {
      assertThat(spooled(dataDir)).as("a restart clears bodies spooled by the dead process").isEmpty();
      List<String> objects = pagedVersions(second, "objects");
      List<String> manifest = pagedVersions(second, "manifest");
      assertThat(objects).as("each version once when paging objects with next").doesNotHaveDuplicates();
      assertThat(manifest).as("each version once when paging the manifest with next").doesNotHaveDuplicates();
      assertThat(new HashSet<>(objects)).isEqualTo(new HashSet<>(manifest));
      assertThat(objects).containsAll(acknowledged);
      Set<String> largeKeys = new HashSet<>();
      large.forEach(o -> largeKeys.add(versionKey(client.parse(o))));
      long largeStored = objects.stream().filter(largeKeys::contains).count();
      assertThat(largeStored % STORE_BATCH).as("the killed POST left whole store batches only").isZero();
      if (holdBackTheRest) {
        assertThat(largeStored).as("a body that never arrived whole stores nothing").isZero();
      } else {
        assertThat(largeStored).as("the killed POST stored its first batch").isGreaterThan(0);
      }
      assertThat(objects).allMatch(k -> acknowledged.contains(k) || largeKeys.contains(k));
      assertThat(receivedInLedger(dataDir))
          .as("every version stored from the peer is named in a RECEIVED entry")
          .containsAll(objects);

      // The node serves again: a re-post of the killed request completes it (adding is idempotent).
      HttpResponse<String> again = client.post(collectionUrl(second), envelope(large));
      assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
      assertThat(client.parse(again.body()).get("success_count").asInt()).isEqualTo(LARGE_POST);
      List<String> after = pagedVersions(second, "objects");
      assertThat(after).doesNotHaveDuplicates().hasSize(acknowledged.size() + LARGE_POST);
    } finally {
      second.kill();
    }
  }

  /** id@version of every object a RECEIVED entry of the node's ledger names (read while the node runs). */
  private static List<Path> spooled(Path dataDir) throws IOException {
    Path spool = dataDir.resolve(Node.SPOOL_DIR);
    if (!Files.isDirectory(spool)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> files = Files.list(spool)) {
      return files.toList();
    }
  }

  private static Set<String> receivedInLedger(Path dataDir) throws IOException {
    Set<String> named = new HashSet<>();
    String text = Files.readString(dataDir.resolve(Node.LEDGER_FILE), StandardCharsets.UTF_8);
    for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
      org.accord.ledger.Entry e = org.accord.ledger.Entry.parse(line);
      if (e.kind() == org.accord.ledger.EntryKind.RECEIVED && TestNode.PEER.equals(e.counterparty())) {
        e.objects().forEach(o -> named.add(o.id() + "@" + o.version()));
      }
    }
    return named;
  }

  /**
   * Streams the envelope of {@code objects} (only the first {@link #SENT_BEFORE_KILL} objects when {@code
   * holdBackTheRest}), waits until the node has committed the first of them (a store batch is done) and SIGKILLs it.
   * Returns whether the POST was answered 202 all the same (possible only with the whole body sent).
   */
  private boolean killWhileStoring(Child node, List<String> objects, boolean holdBackTheRest) throws Exception {
    PipedOutputStream feed = new PipedOutputStream();
    PipedInputStream body = new PipedInputStream(feed, 1 << 16);
    HttpRequest request =
        client.request(collectionUrl(node) + "objects/")
            .header("Content-Type", SpecClient.TAXII)
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
            .build();
    CompletableFuture<HttpResponse<String>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    try (OutputStream out = feed) {
      out.write("{\"objects\":[".getBytes(StandardCharsets.UTF_8));
      int sent = holdBackTheRest ? SENT_BEFORE_KILL : objects.size();
      for (int i = 0; i < sent; i++) {
        out.write(((i == 0 ? "" : ",") + objects.get(i)).getBytes(StandardCharsets.UTF_8));
      }
      if (!holdBackTheRest) {
        out.write("]}".getBytes(StandardCharsets.UTF_8));
        out.flush();
        out.close(); // the end of the body: the node stores nothing of a body it has not read to its end
      }
      out.flush();
      if (holdBackTheRest) {
        Thread.sleep(1000); // the node is spooling a body that will never end; nothing of it may be stored
      } else {
        awaitStored(node, client.parse(objects.get(0)).get("id").asText());
      }
      node.kill();
    } catch (IOException expected) {
      // The pipe breaks once the connection dies: the node is gone.
    }
    boolean answered202 = response.handle((r, e) -> r != null && r.statusCode() == 202).get(30, TimeUnit.SECONDS);
    if (holdBackTheRest) {
      assertThat(answered202).as("a POST whose body never arrived whole was answered 202").isFalse();
    }
    return answered202;
  }

  private void awaitStored(Child node, String objectId) throws InterruptedException {
    String url = collectionUrl(node) + "objects/" + objectId + "/";
    for (int attempt = 0; attempt < 300; attempt++) {
      if (reader.send(reader.request(url).GET().build()).statusCode() == 200) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the first batch of the large POST was never stored");
  }

  /** Every version of the collection, by paging {@code endpoint} with {@code next} (TAXII 2.1 §3.5). */
  private List<String> pagedVersions(Child node, String endpoint) {
    List<String> keys = new ArrayList<>();
    String next = null;
    do {
      String url =
          collectionUrl(node) + endpoint + "/?limit=50&match[version]=all"
              + (next == null ? "" : "&next=" + SpecClient.enc(next));
      JsonNode page = reader.getOk(url);
      for (JsonNode o : page.path("objects")) {
        keys.add(o.get("id").asText() + "@" + o.path(endpoint.equals("objects") ? "modified" : "version").asText());
      }
      next = page.path("more").asBoolean(false) ? page.path("next").asText(null) : null;
    } while (next != null);
    return keys;
  }

  private static String versionKey(JsonNode object) {
    return object.get("id").asText() + "@" + object.get("modified").asText();
  }

  private static String collectionUrl(Child node) {
    return node.baseUrl + "/accord/collections/" + TestNode.INTEL + "/";
  }

  private static List<String> indicators(int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(
          "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--" + UUID.randomUUID() + "\","
              + "\"created_by_ref\":\"" + TestNode.PEER_IDENTITY + "\","
              + "\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\","
              + "\"name\":\"kill test " + i + "\",\"pattern\":\"[ipv4-addr:value = '198.51.100." + (i % 256) + "']\","
              + "\"pattern_type\":\"stix\",\"valid_from\":\"2026-01-01T00:00:00.000Z\"}");
    }
    return out;
  }

  private static String envelope(List<String> objects) {
    return "{\"objects\":[" + String.join(",", objects) + "]}";
  }

  /** A node in a child JVM on the test's class path; its output goes to files in the data directory. */
  private static final class Child {
    private final Process process;
    private final String baseUrl;

    private Child(Process process, String baseUrl) {
      this.process = process;
      this.baseUrl = baseUrl;
    }

    static Child start(Path dataDir) throws IOException, InterruptedException {
      String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Path out = Files.createTempFile(dataDir, "child-node-", ".out");
      Process process =
          new ProcessBuilder(
                  java.toString(), "-cp", classPath, ChildNode.class.getName(), dataDir.toString(), "peer")
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      for (int attempt = 0; attempt < 600; attempt++) {
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
          if (line.startsWith(ChildNode.READY)) {
            return new Child(process, line.substring(ChildNode.READY.length()).trim());
          }
        }
        if (!process.isAlive()) {
          throw new AssertionError("the child node exited with " + process.exitValue() + ": " + Files.readString(out));
        }
        Thread.sleep(50);
      }
      process.destroyForcibly();
      throw new AssertionError("the child node did not start: " + Files.readString(out));
    }

    /** SIGKILL on Unix: no shutdown hook runs, the store is not closed. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("the child node did not die");
      }
    }
  }
}
