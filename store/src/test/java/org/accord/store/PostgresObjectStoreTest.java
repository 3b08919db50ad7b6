package org.accord.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The contract on PostgreSQL, each store in a schema of its own that is dropped when the store closes.
 *
 * <p>Needs {@code ACCORD_TEST_PG_URL}, {@code ACCORD_TEST_PG_USER} and {@code ACCORD_TEST_PG_PASSWORD}; without them
 * the tests are skipped with a message, except under {@code CI=true}, where a missing database fails them.
 */
class PostgresObjectStoreTest extends ObjectStoreContractTest {
  private static final String URL = System.getenv("ACCORD_TEST_PG_URL");
  private static final String USER = System.getenv("ACCORD_TEST_PG_USER");
  private static final String PASSWORD = System.getenv("ACCORD_TEST_PG_PASSWORD");
  private static final String HOW_TO_ENABLE =
      "PostgreSQL store tests need ACCORD_TEST_PG_URL (e.g. jdbc:postgresql://127.0.0.1:5432/accord_test),"
          + " ACCORD_TEST_PG_USER and ACCORD_TEST_PG_PASSWORD; .ci/run shows how to start a local cluster";

  private static final Map<ObjectStore, String> SCHEMAS = new ConcurrentHashMap<>();
  private static final AtomicBoolean TOLD = new AtomicBoolean();

  @Override
  protected Optional<String> unavailable() {
    boolean configured = URL != null && !URL.isBlank();
    boolean mandatory = "true".equalsIgnoreCase(System.getenv("CI"));
    return configured || mandatory ? Optional.empty() : Optional.of(HOW_TO_ENABLE);
  }

  static void requireDatabase() {
    if (URL != null && !URL.isBlank()) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail("CI=true but no database: " + HOW_TO_ENABLE);
    }
    if (!TOLD.getAndSet(true)) {
      System.err.println("SKIPPED: " + HOW_TO_ENABLE);
    }
    Assumptions.abort(HOW_TO_ENABLE);
  }

  @Override
  protected ObjectStore openStore(Clock clock) {
    requireDatabase();
    String schema = "accord_test_" + UUID.randomUUID().toString().replace("-", "");
    execute("CREATE SCHEMA " + schema);
    String url = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    ObjectStore store = Stores.open(new StoreSettings(url, USER, PASSWORD, 8), clock);
    SCHEMAS.put(store, schema);
    return store;
  }

  @Override
  protected void closeStore(ObjectStore store) {
    store.close();
    String schema = SCHEMAS.remove(store);
    if (schema != null) {
      execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  protected void failInsertsOf(ObjectStore store, String objectId) {
    String name = "fail_" + Math.abs(objectId.hashCode());
    ((SqlObjectStore) store)
        .withConnection(
            c -> {
              try (Statement s = c.createStatement()) {
                s.execute(
                    "CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$");
                s.execute(
                    "CREATE TRIGGER " + name + " BEFORE INSERT ON object_versions FOR EACH ROW"
                        + " WHEN (NEW.object_id = '" + objectId + "') EXECUTE FUNCTION " + name + "()");
              }
              return null;
            });
  }

  @Override
  protected void assertIndexRangeScan(List<String> plan) {
    // EXPLAIN: "Limit" over "Index Scan using object_versions_last on object_versions" with an Index Cond on
    // collection_pk and date_added; a full scan would show "Seq Scan", a sort "Sort".
    String text = String.join("\n", plan);
    assertThat(text).contains("Limit").contains("Index Scan using object_versions_last");
    assertThat(text).doesNotContain("Seq Scan").doesNotContain("Sort");
  }
}
