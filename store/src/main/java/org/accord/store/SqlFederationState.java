package org.accord.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link FederationState} in the store's own database, through the store's connection pool and write path (so
 * SQLite writes queue on the same JVM lock as object writes). Each save is one upsert: same SQL in both dialects.
 */
final class SqlFederationState implements FederationState {
  private final SqlObjectStore store;
  private final Clock clock;

  SqlFederationState(SqlObjectStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Optional<Instant> pullCursor(PullKey key) {
    return store.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT date_added_last FROM federation_pull_cursors"
                      + " WHERE peer = ? AND api_root = ? AND collection_id = ?")) {
            ps.setString(1, key.peer());
            ps.setString(2, key.apiRoot());
            ps.setString(3, key.collectionId());
            return single(ps);
          }
        });
  }

  @Override
  public void savePullCursor(PullKey key, Instant dateAddedLast) {
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO federation_pull_cursors"
                      + " (peer, api_root, collection_id, date_added_last, updated_at) VALUES (?, ?, ?, ?, ?)"
                      + " ON CONFLICT (peer, api_root, collection_id) DO UPDATE"
                      + " SET date_added_last = excluded.date_added_last, updated_at = excluded.updated_at")) {
            ps.setString(1, key.peer());
            ps.setString(2, key.apiRoot());
            ps.setString(3, key.collectionId());
            ps.setLong(4, Micros.of(dateAddedLast));
            ps.setLong(5, Micros.of(clock.instant()));
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<Instant> pushPosition(PushKey key) {
    return store.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT date_added_last FROM federation_push_positions"
                      + " WHERE peer = ? AND local_collection = ? AND api_root = ? AND collection_id = ?")) {
            ps.setString(1, key.peer());
            ps.setString(2, key.localCollection());
            ps.setString(3, key.apiRoot());
            ps.setString(4, key.collectionId());
            return single(ps);
          }
        });
  }

  @Override
  public void savePushPosition(PushKey key, Instant dateAdded) {
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO federation_push_positions"
                      + " (peer, local_collection, api_root, collection_id, date_added_last, updated_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (peer, local_collection, api_root, collection_id) DO UPDATE"
                      + " SET date_added_last = excluded.date_added_last, updated_at = excluded.updated_at")) {
            ps.setString(1, key.peer());
            ps.setString(2, key.localCollection());
            ps.setString(3, key.apiRoot());
            ps.setString(4, key.collectionId());
            ps.setLong(5, Micros.of(dateAdded));
            ps.setLong(6, Micros.of(clock.instant()));
            ps.executeUpdate();
          }
          return null;
        });
  }

  private static Optional<Instant> single(PreparedStatement ps) throws java.sql.SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(Micros.toInstant(rs.getLong(1))) : Optional.empty();
    }
  }
}
