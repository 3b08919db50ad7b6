package org.accord.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;

/**
 * The {@link ObjectStore} on JDBC: SQLite (embedded default) or PostgreSQL, same schema, same SQL but for the
 * collection lock.
 *
 * <p>Design. Every STIX version is one row holding the object whole as JSON text plus the columns that the TAXII
 * filters test (TAXII 2.1 §3.4). Three flags per row, {@code is_latest_spec} (the object's newest spec_version) and
 * {@code is_first}/{@code is_last} (by version timestamp among the object's versions of the same spec_version), are
 * kept right by every add and delete (see {@link BatchWriter}, {@link #delete}), so that the defaults (newest
 * spec_version, then match[version]=last) are column tests and a page is an index range scan plus LIMIT (see
 * {@link QuerySql}). Nothing is cached but collection keys, which never change once created.
 *
 * <p>Writes to one collection are serialised: in SQLite by a JVM lock plus {@code BEGIN IMMEDIATE} (one writer per
 * file anyway), in PostgreSQL by {@code SELECT ... FOR UPDATE} of the collection row. That makes {@code date_added}
 * strictly increasing in commit order, which is what keeps {@code added_after} paging from skipping entries. Adds of
 * objects are moreover serialised across collections (PostgreSQL: one advisory lock), because the rule that an
 * object's versions have one originator reads every collection (see {@link BatchWriter}).
 */
public final class SqlObjectStore implements ObjectStore {
  private static final String COLLECTION_COLUMNS = "pk, id, title, description, alias, media_types";

  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final Clock clock;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  /** id or alias → primary key; collections are never renamed or dropped, so an entry never goes stale. */
  private final Map<String, Long> collectionKeys = new ConcurrentHashMap<>();

  SqlObjectStore(HikariDataSource dataSource, Dialect dialect, Clock clock) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.clock = clock;
  }

  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  // ---- collections -------------------------------------------------------------------------------------------

  @Override
  public CollectionInfo createCollection(CollectionInfo collection) {
    return write(
        c -> {
          if (taken(c, collection)) {
            throw new StoreException("collection id or alias already taken: " + collection.id());
          }
          insertCollection(c, collection, "");
          return collection;
        });
  }

  @Override
  public CollectionInfo ensureCollection(CollectionInfo collection) {
    return write(
        c -> {
          if (findCollection(c, collection.id(), false).isEmpty() && !taken(c, collection)) {
            insertCollection(c, collection, " ON CONFLICT DO NOTHING");
          }
          // Nodes sharing a PostgreSQL database may ensure the same collection at once: whichever insert won, and
          // was committed between our statements, is the one to return. Absent, the alias belongs to another.
          return findCollection(c, collection.id(), false)
              .orElseThrow(() -> new StoreException("collection alias already taken: " + collection.alias()));
        });
  }

  @Override
  public List<CollectionInfo> collections() {
    return read(
        c -> {
          List<CollectionInfo> all = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement("SELECT " + COLLECTION_COLUMNS + " FROM collections ORDER BY pk");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              all.add(collectionInfo(rs));
            }
          }
          return all;
        });
  }

  @Override
  public Optional<CollectionInfo> collection(String idOrAlias) {
    return read(c -> findCollection(c, idOrAlias, true));
  }

  /** An id or alias that would clash with an existing collection's id or alias (the lookup accepts both). */
  private static boolean taken(Connection c, CollectionInfo info) throws SQLException {
    String alias = info.alias() == null ? info.id() : info.alias();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM collections WHERE id IN (?, ?) OR alias IN (?, ?)")) {
      ps.setString(1, info.id());
      ps.setString(2, alias);
      ps.setString(3, info.id());
      ps.setString(4, alias);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static void insertCollection(Connection c, CollectionInfo info, String onConflict) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO collections (id, alias, title, description, media_types) VALUES (?, ?, ?, ?, ?)"
                + onConflict)) {
      ps.setString(1, info.id());
      ps.setString(2, info.alias());
      ps.setString(3, info.title());
      ps.setString(4, info.description());
      ps.setString(5, json(info.mediaTypes()));
      ps.executeUpdate();
    }
  }

  private Optional<CollectionInfo> findCollection(Connection c, String idOrAlias, boolean byAlias)
      throws SQLException {
    String sql = "SELECT " + COLLECTION_COLUMNS + " FROM collections WHERE id = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, idOrAlias);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return Optional.of(collectionInfo(rs));
        }
      }
    }
    if (!byAlias) {
      return Optional.empty();
    }
    try (PreparedStatement ps = c.prepareStatement(sql.replace("WHERE id", "WHERE alias"))) {
      ps.setString(1, idOrAlias);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(collectionInfo(rs)) : Optional.empty();
      }
    }
  }

  private static CollectionInfo collectionInfo(ResultSet rs) throws SQLException {
    List<String> mediaTypes;
    try {
      mediaTypes = StixJson.mapper().readValue(rs.getString(6), new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new StoreException("stored media types do not parse", e);
    }
    return new CollectionInfo(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), mediaTypes);
  }

  /** The collection's primary key, by id or alias; {@link StoreException.UnknownCollection} if there is none. */
  private long collectionKey(Connection c, String idOrAlias) throws SQLException {
    Long cached = collectionKeys.get(idOrAlias);
    if (cached != null) {
      return cached;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT pk FROM collections WHERE id = ?"
                + " UNION ALL SELECT pk FROM collections WHERE alias = ?")) {
      ps.setString(1, idOrAlias);
      ps.setString(2, idOrAlias);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new StoreException.UnknownCollection(idOrAlias);
        }
        long pk = rs.getLong(1);
        collectionKeys.put(idOrAlias, pk);
        return pk;
      }
    }
  }

  // ---- objects -----------------------------------------------------------------------------------------------

  @Override
  public AddResult add(String collectionId, List<StixObject> batch, List<Origin> origins) {
    List<StixObject> objects = List.copyOf(batch);
    List<Origin> originList = List.copyOf(origins);
    if (originList.size() != objects.size()) {
      throw new IllegalArgumentException(
          "one origin per object: " + objects.size() + " objects, " + originList.size() + " origins");
    }
    return write(
        c -> {
          long pk = collectionKey(c, collectionId);
          // date_added is assigned inside the transaction that holds the collection's lock, from the clock read
          // after the lock is granted: a later commit never gets an earlier date_added.
          BatchWriter writer = new BatchWriter(c, pk, lockCollection(c, pk));
          lockObjectWrites(c);
          AddResult result = writer.write(objects, originList, Micros.of(clock.instant()));
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE collections SET last_date_added = ? WHERE pk = ?")) {
            ps.setLong(1, writer.lastDateAdded());
            ps.setLong(2, pk);
            ps.executeUpdate();
          }
          return result;
        });
  }

  private long lockCollection(Connection c, long pk) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(dialect.lockCollection())) {
      ps.setLong(1, pk);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** See {@link BatchWriter}: the originator rule spans collections, so object writes queue on one lock. */
  private void lockObjectWrites(Connection c) throws SQLException {
    String sql = dialect.lockObjectWrites();
    if (sql != null) {
      try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        rs.next();
      }
    }
  }

  @Override
  public Page<StoredObject> objects(String collectionId, ObjectQuery query) {
    return read(
        c -> {
          QuerySql q = QuerySql.page(dialect, collectionKey(c, collectionId), query, null, true);
          return page(c, q, query.limit(), rs -> StoredObject.fromJson(entry(rs), rs.getBytes(6), origin(rs, 7)));
        });
  }

  @Override
  public Page<ManifestEntry> manifest(String collectionId, ObjectQuery query) {
    return read(
        c -> {
          QuerySql q = QuerySql.page(dialect, collectionKey(c, collectionId), query, null, false);
          return page(c, q, query.limit(), SqlObjectStore::entry);
        });
  }

  @Override
  public Page<ManifestEntry> versions(String collectionId, String objectId, ObjectQuery query) {
    return read(
        c -> {
          QuerySql q = QuerySql.page(dialect, collectionKey(c, collectionId), query, objectId, false);
          return page(c, q, query.limit(), SqlObjectStore::entry);
        });
  }

  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private static <T> Page<T> page(Connection c, QuerySql q, int limit, RowMapper<T> mapper) throws SQLException {
    List<T> items = new ArrayList<>(Math.min(limit, 1024));
    long lastDateAdded = 0;
    boolean more = false;
    try (PreparedStatement ps = c.prepareStatement(q.sql())) {
      q.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (items.size() == limit) {
            more = true;
            break;
          }
          items.add(mapper.map(rs));
          lastDateAdded = rs.getLong(2);
        }
      }
    }
    return new Page<>(items, more, more ? Optional.of(new Page.Cursor(lastDateAdded)) : Optional.empty());
  }

  private static Origin origin(ResultSet rs, int at) throws SQLException {
    String party = rs.getString(at);
    // origin_hops (V9) is NULL for own versions and for versions stored before chains were kept: no hops.
    return party == null
        ? Origin.OWN
        : Origin.received(party, rs.getString(at + 1), OriginHops.fromColumn(rs.getString(at + 2)));
  }

  private static ManifestEntry entry(ResultSet rs) throws SQLException {
    return new ManifestEntry(
        rs.getString(1),
        Micros.toInstant(rs.getLong(2)),
        Micros.toInstant(rs.getLong(3)),
        rs.getString(4),
        rs.getString(5));
  }


  /**
   * Delete An Object (TAXII 2.1 §5.7). The versions to remove are chosen in memory from the object's versions (see
   * {@link VersionRow#selectForDelete}), read whole for {@code beforeCommit}, deleted; then the flags of the versions
   * that remain are recomputed.
   */
  @Override
  public int delete(String collectionId, String objectId, ObjectQuery query, BeforeDelete beforeCommit) {
    java.util.Objects.requireNonNull(beforeCommit, "beforeCommit");
    return write(
        c -> {
          long pk = collectionKey(c, collectionId);
          lockCollection(c, pk);
          List<VersionRow> rows = loadVersions(c, pk, objectId);
          List<VersionRow> doomed = VersionRow.selectForDelete(rows, query.versions(), query.specVersions());
          if (doomed.isEmpty()) {
            return 0;
          }
          beforeCommit.removing(loadWhole(c, pk, objectId, doomed));
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM object_versions WHERE collection_pk = ? AND object_id = ? AND version = ?")) {
            for (VersionRow r : doomed) {
              ps.setLong(1, pk);
              ps.setString(2, objectId);
              ps.setLong(3, r.version);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          rows.removeAll(doomed);
          updateFlags(c, pk, objectId, rows);
          return doomed.size();
        });
  }

  /** The versions {@code rows} of one object, whole, in date_added order. */
  private static List<StoredObject> loadWhole(Connection c, long pk, String objectId, List<VersionRow> rows)
      throws SQLException {
    java.util.Set<Long> wanted = new java.util.HashSet<>();
    rows.forEach(r -> wanted.add(r.version));
    List<StoredObject> whole = new ArrayList<>(rows.size());
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + QuerySql.ENTRY_COLUMNS + ", json, origin_party, origin_agreement, origin_hops"
                + " FROM object_versions"
                + " WHERE collection_pk = ? AND object_id = ? ORDER BY date_added")) {
      ps.setLong(1, pk);
      ps.setString(2, objectId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (wanted.contains(rs.getLong(3))) {
            whole.add(StoredObject.fromJson(entry(rs), rs.getBytes(6), origin(rs, 7)));
          }
        }
      }
    }
    return whole;
  }

  private static List<VersionRow> loadVersions(Connection c, long pk, String objectId) throws SQLException {
    List<VersionRow> rows = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT version, spec_version, is_first, is_last, is_latest_spec FROM object_versions"
                + " WHERE collection_pk = ? AND object_id = ?")) {
      ps.setLong(1, pk);
      ps.setString(2, objectId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          VersionRow r = new VersionRow(rs.getLong(1), rs.getString(2), 0, null, null);
          r.storedFirst = rs.getInt(3) == 1;
          r.storedLast = rs.getInt(4) == 1;
          r.storedLatestSpec = rs.getInt(5) == 1;
          rows.add(r);
        }
      }
    }
    return rows;
  }

  /** Recomputes the flags of the versions that remain of one object and writes those that changed. */
  private static void updateFlags(Connection c, long pk, String objectId, List<VersionRow> rows)
      throws SQLException {
    VersionRow.computeFlags(rows);
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE object_versions SET is_first = ?, is_last = ?, is_latest_spec = ?"
                + " WHERE collection_pk = ? AND object_id = ? AND version = ?")) {
      for (VersionRow r : rows) {
        if (r.flagsChanged()) {
          BatchWriter.bindFlags(ps, 1, r);
          ps.setLong(4, pk);
          ps.setString(5, objectId);
          ps.setLong(6, r.version);
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }

  // ---- statuses ----------------------------------------------------------------------------------------------

  @Override
  public void putStatus(String statusId, String json) {
    write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO statuses (id, json) VALUES (?, ?)"
                      + " ON CONFLICT (id) DO UPDATE SET json = excluded.json")) {
            ps.setString(1, statusId);
            ps.setString(2, json);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<String> status(String statusId) {
    return read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT json FROM statuses WHERE id = ?")) {
            ps.setString(1, statusId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
          }
        });
  }

  // ---- plumbing ----------------------------------------------------------------------------------------------

  /**
   * The database's plan (EXPLAIN QUERY PLAN / EXPLAIN), one line a step, for the page query of {@link #objects},
   * or of {@link #versions} when {@code objectId} is not null.
   */
  List<String> explainPage(String collectionId, ObjectQuery query, String objectId) {
    return read(
        c -> {
          QuerySql q = QuerySql.page(dialect, collectionKey(c, collectionId), query, objectId, true);
          List<String> plan = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(dialect.explain(q.sql()))) {
            q.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              int column = rs.getMetaData().getColumnCount(); // SQLite: id, parent, notused, detail
              while (rs.next()) {
                plan.add(rs.getString(column));
              }
            }
          }
          return plan;
        });
  }

  /** Runs {@code work} on a connection of the pool, outside any explicit transaction (tests, diagnostics). */
  <T> T withConnection(SqlWork<T> work) {
    return read(work);
  }

  /** Runs {@code work} in one write transaction, serialised with the object writes (federation state). */
  <T> T inTransaction(SqlWork<T> work) {
    return write(work);
  }

  Clock clock() {
    return clock;
  }

  private <T> T read(SqlWork<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException("store query failed: " + e.getMessage(), e);
    }
  }

  private <T> T write(SqlWork<T> work) {
    boolean serialise = dialect.singleWriter();
    if (serialise) {
      writeLock.lock();
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure); // the first failure is the one to report
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("store update failed: " + e.getMessage(), e);
    } finally {
      if (serialise) {
        writeLock.unlock();
      }
    }
  }

  private static String json(Object value) {
    try {
      return StixJson.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
