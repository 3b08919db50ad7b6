package org.accord.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Set;
import org.flywaydb.core.Flyway;

/** Opens object stores: connection pool, schema migration (Flyway), then the store. */
public final class Stores {
  private Stores() {}

  /** Opens the store described by {@code settings}, migrating its schema to the current version. */
  public static ObjectStore open(StoreSettings settings) {
    return open(settings, Clock.systemUTC());
  }

  /** As {@link #open(StoreSettings)}, with the clock that stamps {@code date_added} (tests control time). */
  public static ObjectStore open(StoreSettings settings, Clock clock) {
    Dialect dialect = Dialect.of(settings.jdbcUrl());
    if (dialect == Dialect.SQLITE) {
      ownerOnly(settings.jdbcUrl());
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("accord-store");
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.maxPoolSize());
    dialect.configure(config);
    HikariDataSource dataSource = new HikariDataSource(config);
    try {
      Flyway.configure().dataSource(dataSource).locations(dialect.migrations()).load().migrate();
    } catch (RuntimeException e) {
      dataSource.close();
      throw new StoreException("cannot migrate the store's schema at " + settings.jdbcUrl(), e);
    }
    return new SqlObjectStore(dataSource, dialect, clock);
  }

  /**
   * Makes an SQLite database file readable by its owner only (mode 600), creating it empty with that mode when it
   * does not exist yet: it holds every party's objects, withheld ones included. SQLite creates the database's {@code
   * -wal}, {@code -shm} and {@code -journal} files with the database file's own permissions (its unix VFS,
   * {@code findCreateFileMode}), so they follow; existing ones are tightened here too. An in-memory database, a
   * {@code file:} URI or a file system without POSIX permissions is left alone.
   */
  static void ownerOnly(String jdbcUrl) {
    String name = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = name.indexOf('?');
    name = query >= 0 ? name.substring(0, query) : name;
    if (name.isEmpty() || name.startsWith(":") || name.startsWith("file:")) {
      return;
    }
    Path db = Path.of(name);
    if (db.getParent() == null || !db.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
    try {
      if (!Files.exists(db)) {
        Files.createDirectories(db.getParent());
        Files.createFile(db, PosixFilePermissions.asFileAttribute(owner)); // SQLite takes an empty file as a new db
      }
      for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
        Path f = Path.of(db + suffix);
        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(f, owner);
        }
      }
    } catch (FileAlreadyExistsException e) {
      ownerOnly(jdbcUrl); // created meanwhile by another process: tighten it
    } catch (IOException e) {
      throw new StoreException("cannot make the database " + db + " private to its owner: " + e.getMessage(), e);
    }
  }

  /**
   * The federation state kept in the same database as {@code store} (pull cursors, push positions), through the
   * store's connection pool: it lives and dies with the store. {@code store} must come from {@link #open}.
   */
  public static FederationState federationState(ObjectStore store) {
    if (!(store instanceof SqlObjectStore sql)) {
      throw new IllegalArgumentException("federation state lives in an SQL store, not in " + store.getClass());
    }
    return new SqlFederationState(sql, sql.clock());
  }

  /**
   * The node's ledger head kept in the same database as {@code store} (issue 8, finding 7c). {@code store} must come
   * from {@link #open}.
   */
  public static LedgerHeads ledgerHeads(ObjectStore store) {
    if (!(store instanceof SqlObjectStore sql)) {
      throw new IllegalArgumentException("ledger heads live in an SQL store, not in " + store.getClass());
    }
    return new SqlLedgerHeads(sql, sql.clock());
  }

  /**
   * The critical-infrastructure asset registry kept in the same database as {@code store}, through the store's
   * connection pool: it lives and dies with the store. {@code store} must come from {@link #open}.
   */
  public static AssetStore assets(ObjectStore store) {
    if (!(store instanceof SqlObjectStore sql)) {
      throw new IllegalArgumentException("the asset registry lives in an SQL store, not in " + store.getClass());
    }
    return new SqlAssetStore(sql, sql.clock());
  }

  /**
   * The mutual-assistance requests (cases module) kept in the same database as {@code store}: requests, transitions,
   * deadlines, misses and the clock's high-water mark. {@code store} must come from {@link #open}.
   */
  public static CaseRecords cases(ObjectStore store) {
    if (!(store instanceof SqlObjectStore sql)) {
      throw new IllegalArgumentException("case records live in an SQL store, not in " + store.getClass());
    }
    return new SqlCaseRecords(sql);
  }
}
