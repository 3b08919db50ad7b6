package org.accord.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during writes: a child JVM ({@link CrashWriter}) writes batches and acknowledges each commit; the test
 * kills it with SIGKILL at an arbitrary point, reopens the store and checks that every acknowledged batch is there
 * whole, that no batch is there in part, that SQLite finds the file intact, and that writing goes on.
 */
class SqliteCrashSafetyTest {
  private static final int ROUNDS = 3;
  private static final int ACKS_PER_ROUND = 6;

  @Test
  void acknowledgedBatchesSurviveSigkillWholeAndNoBatchIsPartial(@TempDir Path dataDir) throws Exception {
    int nextBatch = 1;
    for (int round = 0; round < ROUNDS; round++) {
      int acked = runAndKill(dataDir, nextBatch);

      Map<Integer, Integer> sizes = checkStore(dataDir);
      for (int n = nextBatch; n <= acked; n++) {
        assertThat(sizes.get(n)).as("acknowledged batch %d", n).isEqualTo(CrashWriter.BATCH);
      }
      assertThat(sizes.values()).as("batch sizes").containsOnly(CrashWriter.BATCH);
      nextBatch = sizes.keySet().stream().max(Integer::compare).orElse(0) + 1;
    }
  }

  /** Starts the writer, waits for some acknowledgements, kills it; returns the last acknowledged batch. */
  private static int runAndKill(Path dataDir, int firstBatch) throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(), "-cp", classPath, CrashWriter.class.getName(), dataDir.toString(),
                Integer.toString(firstBatch))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    int acked = firstBatch - 1;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      while (acked < firstBatch - 1 + ACKS_PER_ROUND) {
        String line = out.readLine();
        if (line == null) {
          fail("the writer ended before acknowledging batch %d (exit %s)", acked + 1, child.waitFor());
        }
        if (line.startsWith("ACK ")) {
          acked = Integer.parseInt(line.substring(4));
        }
      }
    } finally {
      child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no close of the store
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    return acked;
  }

  /** Reopens the store, checks integrity and that it takes writes, and returns the size of every batch present. */
  private static Map<Integer, Integer> checkStore(Path dataDir) {
    try (ObjectStore store = Stores.open(StoreSettings.embedded(dataDir))) {
      String integrity =
          ((SqlObjectStore) store)
              .withConnection(
                  c -> {
                    try (PreparedStatement ps = c.prepareStatement("PRAGMA integrity_check");
                        ResultSet rs = ps.executeQuery()) {
                      rs.next();
                      return rs.getString(1);
                    }
                  });
      assertThat(integrity).isEqualTo("ok");

      Map<Integer, Integer> sizes = batchSizes(store);
      // Writing goes on (into another collection, so as not to disturb the writer's batches).
      store.ensureCollection(new CollectionInfo("after-crash", "After the crash", null, null, null));
      assertThat(store.add("after-crash", CrashWriter.batch(0)).added()).isEqualTo(CrashWriter.BATCH);
      return sizes;
    }
  }

  private static Map<Integer, Integer> batchSizes(ObjectStore store) {
    Map<Integer, Integer> sizes = new TreeMap<>();
    ObjectQuery q = ObjectStoreContractTest.query(VersionMatch.ALL, 500);
    while (true) {
      Page<StoredObject> page = store.objects(CrashWriter.COLLECTION, q);
      for (StoredObject o : page.items()) {
        String name = o.object().text("name").orElseThrow();
        sizes.merge(Integer.parseInt(name.substring("batch-".length())), 1, Integer::sum);
      }
      if (!page.more()) {
        return sizes;
      }
      q = q.withAfter(page.next().orElseThrow());
    }
  }
}
