package org.accord.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the embedded SQLite store, one database file per test. */
class SqliteObjectStoreTest extends ObjectStoreContractTest {
  @TempDir Path dataDir;

  @Override
  protected ObjectStore openStore(Clock clock) {
    return Stores.open(StoreSettings.embedded(dataDir), clock);
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
    assertThat(dataDir.resolve("accord.db")).exists();
  }

  @Test
  void embeddedSettingsCreateTheDataDirectory() {
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
}
