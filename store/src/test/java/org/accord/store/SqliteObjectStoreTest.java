package org.accord.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the embedded SQLite store, one database file per store (in a temporary directory). */
class SqliteObjectStoreTest extends ObjectStoreContractTest {
  private static final Map<ObjectStore, Path> DIRECTORIES = new ConcurrentHashMap<>();

  @Override
  protected ObjectStore openStore(Clock clock) {
    try {
      Path dir = Files.createTempDirectory("accord-store-test");
      ObjectStore store = Stores.open(StoreSettings.embedded(dir), clock);
      DIRECTORIES.put(store, dir);
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected void closeStore(ObjectStore store) {
    store.close();
    Path dir = DIRECTORIES.remove(store);
    if (dir != null) {
      deleteRecursively(dir);
    }
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected void failInsertsOf(ObjectStore store, String objectId) {
    ((SqlObjectStore) store)
        .withConnection(
            c -> {
              try (Statement s = c.createStatement()) {
                s.execute(
                    "CREATE TRIGGER fail_" + Math.abs(objectId.hashCode()) + " BEFORE INSERT ON object_versions"
                        + " WHEN NEW.object_id = '" + objectId + "'"
                        + " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
              }
              return null;
            });
  }

  @Override
  protected void assertIndexRangeScan(List<String> plan) {
    // EXPLAIN QUERY PLAN: "SEARCH object_versions USING INDEX object_versions_last (collection_pk=? AND
    // date_added>?)"; a full scan would say "SCAN", a sort "USE TEMP B-TREE FOR ORDER BY".
    assertThat(plan).hasSize(1);
    assertThat(plan.get(0)).startsWith("SEARCH object_versions USING INDEX object_versions_last");
    assertThat(plan.get(0)).contains("date_added>?");
  }

  @Test
  void embeddedStoreRunsInWalModeWithNormalSyncAndForeignKeys() {
    ((SqlObjectStore) store)
        .withConnection(
            c -> {
              assertThat(pragma(c, "journal_mode")).isEqualTo("wal");
              assertThat(pragma(c, "synchronous")).isEqualTo("1"); // NORMAL
              assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
              assertThat(Integer.parseInt(pragma(c, "busy_timeout"))).isPositive();
              return null;
            });
    assertThat(DIRECTORIES.get(store).resolve("accord.db")).exists();
  }

  @Test
  void embeddedSettingsCreateTheDataDirectory(@TempDir Path dataDir) {
    Path nested = dataDir.resolve("a/b");

    StoreSettings settings = StoreSettings.embedded(nested);

    assertThat(nested).isDirectory();
    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:sqlite:" + nested.toAbsolutePath().resolve("accord.db"));
  }

  private static String pragma(java.sql.Connection c, String name) throws java.sql.SQLException {
    try (PreparedStatement ps = c.prepareStatement("PRAGMA " + name);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void queriesByObjectOrByTypesUseTheirIndexesNotACollectionScan() {
    History.fill(store, collection, 4);
    SqlObjectStore sql = (SqlObjectStore) store;
    ObjectQuery byIds =
        new ObjectQuery(
            Optional.empty(), 10, Optional.empty(), Set.of("indicator--a", "indicator--b"), Set.of(),
            VersionMatch.LAST, Set.of());
    ObjectQuery byTypes =
        new ObjectQuery(
            Optional.empty(), 10, Optional.empty(), Set.of(), Set.of("malware", "ipv4-addr"), VersionMatch.LAST,
            Set.of());

    List<String> ids = sql.explainPage(collection, byIds, null);
    List<String> versions = sql.explainPage(collection, ObjectQuery.all(10), "indicator--a");
    List<String> types = sql.explainPage(collection, byTypes, null);

    // A sort of the few versions of the named objects is fine; walking the date_added index is not.
    assertThat(ids).anyMatch(l -> l.startsWith("SEARCH object_versions USING INDEX object_versions_object"));
    assertThat(versions).anyMatch(l -> l.startsWith("SEARCH object_versions USING INDEX object_versions_object"));
    assertThat(types)
        .filteredOn(l -> l.contains("SEARCH object_versions USING INDEX object_versions_type"))
        .hasSize(2);
    assertThat(String.join("\n", ids) + String.join("\n", versions) + String.join("\n", types))
        .doesNotContain("SCAN object_versions")
        .doesNotContain("object_versions_added")
        .doesNotContain("object_versions_last");
  }

  @Test
  void federationStateSurvivesAReopenOfTheDatabase() throws IOException {
    Path dir = Files.createTempDirectory("accord-federation-test");
    try {
      FederationState.PullKey key = new FederationState.PullKey("bank-b", "https://b.example/accord/", "c");
      Instant last = Instant.parse("2026-03-01T12:00:00.654321Z");
      try (ObjectStore first = Stores.open(StoreSettings.embedded(dir))) {
        Stores.federationState(first).savePullCursor(key, last);
      }
      try (ObjectStore again = Stores.open(StoreSettings.embedded(dir))) {
        assertThat(Stores.federationState(again).pullCursor(key)).contains(last);
      }
    } finally {
      deleteRecursively(dir);
    }
  }
}
