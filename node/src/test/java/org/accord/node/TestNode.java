package org.accord.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.accord.taxii.server.PasswordHash;

/**
 * A node started in-process on a free port over SQLite in a temporary data directory, for integration tests over
 * real HTTP. The configuration is written as YAML and read by {@link NodeConfigReader}, so tests also exercise the
 * file format. Users: {@code alice} (read and write on every collection), {@code bob} (read only, on {@code intel}).
 */
public final class TestNode implements AutoCloseable {
  public static final String INTEL = "365fed99-08fa-fdcd-a1b3-fb247eb41d01";
  public static final String PRIVATE = "91a7b528-80eb-42ed-a74d-c6fbd5a26116";
  public static final String PASSWORD = "correct horse battery staple";
  /** Fewer PBKDF2 iterations than production, to keep tests fast; the format is the same. */
  private static final int TEST_ITERATIONS = 1_000;

  private final Path dataDir;
  private final boolean ownsDataDir;
  private final RunningNode node;

  private TestNode(Path dataDir, boolean ownsDataDir, long maxContentLength, int port) {
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.node = Node.start(NodeConfigReader.parse(yaml(dataDir, maxContentLength, port), "test config"));
  }

  /** A node with a fresh data directory and the default body limit. */
  public static TestNode start() {
    return start(NodeConfig.Taxii.DEFAULT_MAX_CONTENT_LENGTH);
  }

  public static TestNode start(long maxContentLength) {
    try {
      return new TestNode(Files.createTempDirectory("accord-node-"), true, maxContentLength, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A node on an existing data directory (a restart); the caller owns the directory. */
  public static TestNode restart(Path dataDir) {
    return restart(dataDir, 0);
  }

  /** A restart on an existing data directory and a given port (the same address for the node's clients). */
  public static TestNode restart(Path dataDir, int port) {
    return new TestNode(dataDir, false, NodeConfig.Taxii.DEFAULT_MAX_CONTENT_LENGTH, port);
  }

  private static String yaml(Path dataDir, long maxContentLength, int port) {
    String hash = PasswordHash.hash(PASSWORD.toCharArray(), TEST_ITERATIONS);
    return String.join(
        "\n",
        "name: test-node",
        "port: " + port,
        "data_dir: " + dataDir.toAbsolutePath(),
        "taxii:",
        "  title: Accord test node",
        "  contact: soc@example.org",
        "  max_content_length: " + maxContentLength,
        "  max_page_size: 50",
        "  api_roots:",
        "    - name: accord",
        "      title: Accord API root",
        "      collections:",
        "        - id: " + INTEL,
        "          alias: intel",
        "          title: Shared intelligence",
        "        - id: " + PRIVATE,
        "          alias: private",
        "          title: Private",
        "  users:",
        "    - name: alice",
        "      password_hash: " + hash,
        "      collections:",
        "        '*': {read: true, write: true}",
        "    - name: bob",
        "      password_hash: " + hash,
        "      collections:",
        "        intel: {read: true}",
        "");
  }

  public String baseUrl() {
    return node.baseUrl();
  }

  public RunningNode node() {
    return node;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the node; keeps the data directory (for a restart). */
  public void stop() {
    node.close();
  }

  @Override
  public void close() {
    node.close();
    if (ownsDataDir) {
      deleteRecursively(dataDir);
    }
  }

  public static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
