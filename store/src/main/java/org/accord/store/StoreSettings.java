package org.accord.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how to open an {@link ObjectStore}: a JDBC URL ({@code jdbc:sqlite:...} or {@code jdbc:postgresql:...}),
 * credentials (unused by SQLite) and the size of the connection pool.
 *
 * @param jdbcUrl the database
 * @param user user name, may be null
 * @param password password, may be null; never printed by {@link #toString()}
 * @param maxPoolSize most connections held open at once (at least 1)
 */
public record StoreSettings(String jdbcUrl, String user, String password, int maxPoolSize) {
  /** Pool size of the embedded store: WAL lets readers run beside the one writer. */
  static final int EMBEDDED_POOL_SIZE = 4;

  public StoreSettings {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Dialect.of(jdbcUrl); // fails early on an unsupported database
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("maxPoolSize must be at least 1, was " + maxPoolSize);
    }
  }

  /** The embedded default: the SQLite file {@code <dataDir>/accord.db}; the directory is created if missing. */
  public static StoreSettings embedded(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
    }
    Path db = dataDir.toAbsolutePath().resolve("accord.db");
    return new StoreSettings("jdbc:sqlite:" + db, null, null, EMBEDDED_POOL_SIZE);
  }

  @Override
  public String toString() {
    return "StoreSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", maxPoolSize=" + maxPoolSize + "]";
  }
}
