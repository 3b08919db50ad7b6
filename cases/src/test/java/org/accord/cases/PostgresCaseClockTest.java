package org.accord.cases;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.accord.store.StoreSettings;
import org.accord.store.Stores;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The clock tests on PostgreSQL: every node of a test opens the same schema, dropped at the end. Needs {@code
 * ACCORD_TEST_PG_URL}, {@code ACCORD_TEST_PG_USER} and {@code ACCORD_TEST_PG_PASSWORD} (as the store's PostgreSQL
 * tests); skipped without them, failed without them under {@code CI=true}.
 */
class PostgresCaseClockTest extends CaseClockTest {
  private static final String URL = System.getenv("ACCORD_TEST_PG_URL");
  private static final String USER = System.getenv("ACCORD_TEST_PG_USER");
  private static final String PASSWORD = System.getenv("ACCORD_TEST_PG_PASSWORD");

  private String schema;

  @Override
  protected CaseHarness.Opener opener() {
    if (URL == null || URL.isBlank()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(
            "CI=true but no database: set ACCORD_TEST_PG_URL, ACCORD_TEST_PG_USER, ACCORD_TEST_PG_PASSWORD");
      }
      Assumptions.abort("PostgreSQL case tests need ACCORD_TEST_PG_URL, ACCORD_TEST_PG_USER, ACCORD_TEST_PG_PASSWORD");
    }
    if (schema == null) {
      schema = "accord_cases_" + UUID.randomUUID().toString().replace("-", "");
      execute("CREATE SCHEMA " + schema);
    }
    String url = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return c -> Stores.open(new StoreSettings(url, USER, PASSWORD, 4), c);
  }

  @Override
  protected void dropStore() {
    super.dropStore();
    if (schema != null) {
      execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
