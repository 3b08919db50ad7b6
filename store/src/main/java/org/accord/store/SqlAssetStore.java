package org.accord.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AssetStore} in the store's own database, through the store's connection pool and write path (SQLite writes
 * queue on the same JVM lock as object writes). A put is an upsert of the asset's row and a rewrite of its CIDR and
 * domain rows, in one transaction: same SQL in both dialects.
 */
final class SqlAssetStore implements AssetStore {
  private static final String SELECT_ASSETS =
      "SELECT id, name, operator, sector, criticality, asset_group FROM ci_assets";

  private final SqlObjectStore store;
  private final Clock clock;

  SqlAssetStore(SqlObjectStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void put(StoredAsset asset) {
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO ci_assets (id, name, operator, sector, criticality, asset_group, updated_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, operator = excluded.operator,"
                      + " sector = excluded.sector, criticality = excluded.criticality,"
                      + " asset_group = excluded.asset_group, updated_at = excluded.updated_at")) {
            ps.setString(1, asset.id());
            ps.setString(2, asset.name());
            ps.setString(3, asset.operator());
            ps.setString(4, asset.sector());
            ps.setInt(5, asset.criticality());
            ps.setString(6, asset.group());
            ps.setLong(7, Micros.of(clock.instant()));
            ps.executeUpdate();
          }
          replaceList(c, "ci_asset_cidrs", "cidr", asset.id(), asset.cidrs());
          replaceList(c, "ci_asset_domains", "domain", asset.id(), asset.domains());
          return null;
        });
  }

  private static void replaceList(Connection c, String table, String column, String id, List<String> values)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE asset_id = ?")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
    if (values.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO " + table + " (asset_id, ordinal, " + column + ") VALUES (?, ?, ?)")) {
      for (int i = 0; i < values.size(); i++) {
        ps.setString(1, id);
        ps.setInt(2, i);
        ps.setString(3, values.get(i));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public boolean remove(String id) {
    return store.inTransaction(
        c -> {
          // The list rows go by ON DELETE CASCADE; deleting them here too keeps that true on a connection without
          // foreign keys enforced.
          for (String table : List.of("ci_asset_cidrs", "ci_asset_domains")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE asset_id = ?")) {
              ps.setString(1, id);
              ps.executeUpdate();
            }
          }
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM ci_assets WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
          }
        });
  }

  @Override
  public Optional<StoredAsset> get(String id) {
    return store.withConnection(c -> read(c, id).stream().findFirst());
  }

  @Override
  public List<StoredAsset> list() {
    return store.withConnection(c -> read(c, null));
  }

  /** The asset {@code id}, or all assets when {@code id} is null, ordered by id. */
  private static List<StoredAsset> read(Connection c, String id) throws SQLException {
    String where = id == null ? "" : " WHERE id = ?";
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(SELECT_ASSETS + where + " ORDER BY id")) {
      if (id != null) {
        ps.setString(1, id);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Row(
                  rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                  rs.getString(6)));
        }
      }
    }
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<String, List<String>> cidrs = lists(c, "ci_asset_cidrs", "cidr", id);
    Map<String, List<String>> domains = lists(c, "ci_asset_domains", "domain", id);
    List<StoredAsset> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(
          new StoredAsset(
              r.id, r.name, r.operator, r.sector, r.criticality, r.group,
              cidrs.getOrDefault(r.id, List.of()), domains.getOrDefault(r.id, List.of())));
    }
    return out;
  }

  /** A row of ci_assets, before its lists are read. */
  private record Row(String id, String name, String operator, String sector, int criticality, String group) {}

  private static Map<String, List<String>> lists(Connection c, String table, String column, String id)
      throws SQLException {
    String where = id == null ? "" : " WHERE asset_id = ?";
    Map<String, List<String>> out = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT asset_id, " + column + " FROM " + table + where + " ORDER BY asset_id, ordinal")) {
      if (id != null) {
        ps.setString(1, id);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
      }
    }
    return out;
  }
}
