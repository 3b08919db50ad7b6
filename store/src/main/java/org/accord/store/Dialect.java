package org.accord.store;

import com.zaxxer.hikari.HikariConfig;

/** What differs between the two supported databases; everything else is the same SQL. */
enum Dialect {
  SQLITE("jdbc:sqlite:", "classpath:db/migration/sqlite") {
    @Override
    void configure(HikariConfig config) {
      // Pragmas that sqlite-jdbc applies to every new connection.
      // WAL + synchronous=NORMAL: a commit is appended to the WAL and survives a process crash (kill -9), because
      // the data is in the OS page cache once write() returns; only an OS crash or power cut may lose the last
      // transactions, and never corrupts the file. FULL would add an fsync per commit for that last case.
      config.addDataSourceProperty("journal_mode", "WAL");
      config.addDataSourceProperty("synchronous", "NORMAL");
      // Another process (e.g. a CLI import beside the server) may hold the write lock: wait instead of failing.
      config.addDataSourceProperty("busy_timeout", "30000");
      config.addDataSourceProperty("foreign_keys", "true");
      // BEGIN IMMEDIATE: a write transaction takes the write lock first, so the read of last_date_added and the
      // inserts that follow it can never interleave with another writer's (no upgrade deadlock, no SQLITE_BUSY
      // in the middle of a batch).
      config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    }

    @Override
    String lockCollection() {
      return "SELECT last_date_added FROM collections WHERE pk = ?";
    }

    @Override
    String lockObjectWrites() {
      return null; // one writer per database file already (BEGIN IMMEDIATE, and the JVM lock in this process)
    }

    @Override
    String explain(String sql) {
      return "EXPLAIN QUERY PLAN " + sql;
    }

    @Override
    String useObjectIndex() {
      return " INDEXED BY object_versions_object";
    }
  },

  POSTGRESQL("jdbc:postgresql:", "classpath:db/migration/postgresql") {
    @Override
    void configure(HikariConfig config) {
      // pgjdbc sends a batch of INSERTs as multi-row INSERTs: one round trip per ~128 rows instead of one per row.
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
    }

    @Override
    String lockCollection() {
      // Writers of one collection queue on its row: date_added is handed out and committed in one order.
      return "SELECT last_date_added FROM collections WHERE pk = ? FOR UPDATE";
    }

    @Override
    String lockObjectWrites() {
      // One transaction-scoped advisory lock for every object write of the database, taken after the collection's
      // row lock (always in that order, so no deadlock): the originator rule reads versions of other collections,
      // which their own row locks do not guard. A lock per object id would need one lock table slot per id of a
      // batch (thousands), beyond max_locks_per_transaction; writes are serialised as in SQLite instead.
      return "SELECT pg_advisory_xact_lock(" + OBJECT_WRITES_LOCK + ")";
    }

    @Override
    String explain(String sql) {
      return "EXPLAIN " + sql;
    }

    @Override
    String useObjectIndex() {
      return ""; // its planner, with statistics, picks the object index by itself
    }
  };

  /** The advisory lock key of object writes: "accord" in ASCII, so that it does not clash with another program's. */
  private static final long OBJECT_WRITES_LOCK = 0x6163636f7264L;

  private final String urlPrefix;
  private final String migrations;

  Dialect(String urlPrefix, String migrations) {
    this.urlPrefix = urlPrefix;
    this.migrations = migrations;
  }

  static Dialect of(String jdbcUrl) {
    for (Dialect d : values()) {
      if (jdbcUrl.startsWith(d.urlPrefix)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unsupported database (want jdbc:sqlite: or jdbc:postgresql:): " + jdbcUrl);
  }

  String migrations() {
    return migrations;
  }

  /** SQLite has one writer per database file: writers of this process queue in the JVM, not on the file lock. */
  boolean singleWriter() {
    return this == SQLITE;
  }

  abstract void configure(HikariConfig config);

  /** Reads a collection's last date_added and holds the collection's write lock until commit. */
  abstract String lockCollection();

  /**
   * A statement that holds, until commit, the lock that serialises every object write of the database (so that a
   * check of versions in other collections and the insert that follows it are atomic); null when writes are
   * serialised already.
   */
  abstract String lockObjectWrites();

  abstract String explain(String sql);

  /** A hint after the table name that makes a query by object id use the (collection, object id) index. */
  abstract String useObjectIndex();
}
