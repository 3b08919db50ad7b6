package org.accord.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The SQL of the read and delete queries, built from an {@link ObjectQuery}. Every filter becomes a predicate on the
 * version row, and a row is selected when it satisfies all of them (TAXII 2.1 §3.4: filters are combined with AND,
 * the values of one filter with OR).
 *
 * <p>Pages are {@code date_added > cursor ORDER BY date_added LIMIT n+1}: with the index on {@code (collection_pk,
 * date_added)} (or its partial twin for {@code is_last = 1}) that is a range scan that stops after n+1 rows, however
 * large the collection. The flags are written as literals, not parameters, so that the planner can match the partial
 * indexes.
 */
final class QuerySql {
  static final String ENTRY_COLUMNS = "object_id, date_added, version, media_type, spec_version";

  private final StringBuilder sql = new StringBuilder();
  private final List<Object> params = new ArrayList<>();

  private QuerySql() {}

  String sql() {
    return sql.toString();
  }

  void bind(PreparedStatement ps) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object p = params.get(i);
      if (p instanceof Long l) {
        ps.setLong(i + 1, l);
      } else {
        ps.setString(i + 1, (String) p);
      }
    }
  }

  /**
   * A page of Get Objects / Get Object Manifests (TAXII 2.1 §5.3, §5.4), or of Get Object Versions (§5.8) when
   * {@code objectId} is given: then the query's ids and versions filters do not apply.
   *
   * <p>Plans: by object id, the {@code (collection_pk, object_id, version)} index and a sort of those objects'
   * versions (SQLite is told so with INDEXED BY: without statistics it would walk the date_added index instead);
   * by several types, one {@code (collection_pk, type, date_added)} range scan with LIMIT per type, merged; else
   * one range scan of a date_added index with LIMIT.
   */
  static QuerySql page(Dialect dialect, long collectionPk, ObjectQuery q, String objectId, boolean withJson) {
    QuerySql s = new QuerySql();
    String columns = ENTRY_COLUMNS + (withJson ? ", json" : "");
    boolean byObject = objectId != null || !q.ids().isEmpty();
    if (byObject || q.types().size() <= 1) {
      s.branch(dialect, columns, collectionPk, q, objectId, q.types());
      return s;
    }
    List<String> types = q.types().stream().sorted().toList();
    for (int i = 0; i < types.size(); i++) {
      s.sql.append(i == 0 ? "SELECT " : " UNION ALL SELECT ").append(columns).append(" FROM (");
      s.branch(dialect, columns, collectionPk, q, null, List.of(types.get(i)));
      s.sql.append(") AS p").append(i);
    }
    s.limit(q);
    return s;
  }

  private void branch(
      Dialect dialect, String columns, long collectionPk, ObjectQuery q, String objectId, Collection<String> types) {
    boolean byObject = objectId != null || !q.ids().isEmpty();
    sql.append("SELECT ").append(columns).append(" FROM object_versions");
    sql.append(byObject ? dialect.useObjectIndex() : "");
    sql.append(" WHERE collection_pk = ?");
    params.add(collectionPk);
    long after = Long.MIN_VALUE;
    if (q.addedAfter().isPresent()) {
      after = Micros.of(q.addedAfter().get()); // added_after is exclusive (TAXII 2.1 §3.4)
    }
    if (q.after().isPresent()) {
      after = Math.max(after, q.after().get().dateAddedMicros());
    }
    sql.append(" AND date_added > ?");
    params.add(after);
    if (objectId != null) {
      sql.append(" AND object_id = ?");
      params.add(objectId);
    } else {
      in("object_id", q.ids());
      versions(q.versions());
    }
    in("type", types);
    specVersions(q.specVersions(), true);
    limit(q);
  }

  /** One row more than asked tells whether there is more (TAXII 2.1 §3.5, "more"). */
  private void limit(ObjectQuery q) {
    sql.append(" ORDER BY date_added LIMIT ?");
    params.add((long) q.limit() + 1);
  }

  /**
   * Delete An Object (TAXII 2.1 §5.7) with its match[version] and match[spec_version] filters. Unlike a read, no
   * spec_version filter means every spec_version: the caller asked to delete the object, and keeping its older
   * spec_versions would make them visible again as the "latest" one.
   */
  static QuerySql delete(long collectionPk, String objectId, ObjectQuery q) {
    QuerySql s = new QuerySql();
    s.sql.append("DELETE FROM object_versions WHERE collection_pk = ? AND object_id = ?");
    s.params.add(collectionPk);
    s.params.add(objectId);
    s.versions(q.versions());
    s.specVersions(q.specVersions(), false);
    return s;
  }

  private void in(String column, Collection<String> values) {
    if (values.isEmpty()) {
      return;
    }
    sql.append(" AND ").append(column);
    if (values.size() == 1) {
      sql.append(" = ?");
    } else {
      sql.append(" IN (").append(String.join(", ", Collections.nCopies(values.size(), "?"))).append(')');
    }
    params.addAll(values.stream().sorted().toList());
  }

  /** match[spec_version]; when absent on a read, only each object's newest spec_version (TAXII 2.1 §3.4). */
  private void specVersions(Collection<String> values, boolean defaultToLatest) {
    if (!values.isEmpty()) {
      in("spec_version", values);
    } else if (defaultToLatest) {
      sql.append(" AND is_latest_spec = 1");
    }
  }

  /** match[version] (TAXII 2.1 §3.4): first, last, all or exact version timestamps, any combination. */
  private void versions(VersionMatch v) {
    if (v.all()) {
      return;
    }
    List<String> terms = new ArrayList<>();
    if (v.first()) {
      terms.add("is_first = 1");
    }
    if (v.last()) {
      terms.add("is_last = 1");
    }
    if (!v.timestamps().isEmpty()) {
      terms.add(
          "version IN (" + String.join(", ", Collections.nCopies(v.timestamps().size(), "?")) + ")");
      v.timestamps().stream().map(Micros::of).sorted().forEach(params::add);
    }
    sql.append(terms.size() == 1 ? " AND " + terms.get(0) : " AND (" + String.join(" OR ", terms) + ")");
  }
}
