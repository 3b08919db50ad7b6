package org.accord.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The SQL of the read queries, built from an {@link ObjectQuery}. How the filters combine (TAXII 2.1 §3.4):
 *
 * <ol>
 *   <li>match[spec_version] chooses each object's candidate versions: those with a listed spec_version, or by
 *       default those with the object's newest spec_version;
 *   <li>match[version] picks among the candidates: first or last by version timestamp, exact timestamps, or all;
 *   <li>match[id], match[type] and added_after then filter (AND); they never change which version is first or last.
 * </ol>
 *
 * <p>With no or one spec_version, step 2 is a test of the per-spec_version flags; with several, a NOT EXISTS probe
 * of the object's other versions through the (collection, object id) index.
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
    String columns = ENTRY_COLUMNS + (withJson ? ", json, origin_party, origin_agreement, origin_hops" : "");
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
      versions(q.versions(), q.specVersions());
    }
    in("type", types);
    specVersions(q.specVersions());
    limit(q);
  }

  /** One row more than asked tells whether there is more (TAXII 2.1 §3.5, "more"). */
  private void limit(ObjectQuery q) {
    sql.append(" ORDER BY date_added LIMIT ?");
    params.add((long) q.limit() + 1);
  }

  private void in(String column, Collection<String> values) {
    if (values.isEmpty()) {
      return;
    }
    sql.append(" AND ").append(column);
    if (values.size() == 1) {
      sql.append(" = ?");
    } else {
      sql.append(" IN (").append(placeholders(values.size())).append(')');
    }
    params.addAll(values.stream().sorted().toList());
  }

  /** match[spec_version]; when absent, only each object's newest spec_version (TAXII 2.1 §3.4). */
  private void specVersions(Collection<String> values) {
    if (values.isEmpty()) {
      sql.append(" AND is_latest_spec = 1");
    } else {
      in("spec_version", values);
    }
  }

  /** match[version] (TAXII 2.1 §3.4) among the candidates that {@code specs} chooses: any combination. */
  private void versions(VersionMatch v, Collection<String> specs) {
    if (v.all()) {
      return;
    }
    List<String> terms = new ArrayList<>();
    List<Object> termParams = new ArrayList<>();
    if (v.first()) {
      firstOrLast(terms, termParams, "is_first = 1", "<", specs);
    }
    if (v.last()) {
      firstOrLast(terms, termParams, "is_last = 1", ">", specs);
    }
    if (!v.timestamps().isEmpty()) {
      terms.add("version IN (" + placeholders(v.timestamps().size()) + ")");
      v.timestamps().stream().map(Micros::of).sorted().forEach(termParams::add);
    }
    sql.append(terms.size() == 1 ? " AND " + terms.get(0) : " AND (" + String.join(" OR ", terms) + ")");
    params.addAll(termParams);
  }

  /**
   * The first or last candidate: the per-spec_version flag when the candidates share one spec_version (no filter:
   * the newest; or one listed), else no other candidate is earlier ({@code <}) or later ({@code >}).
   */
  private static void firstOrLast(
      List<String> terms, List<Object> termParams, String flag, String comparison, Collection<String> specs) {
    if (specs.size() <= 1) {
      terms.add(flag);
      return;
    }
    terms.add(
        "NOT EXISTS (SELECT 1 FROM object_versions o WHERE o.collection_pk = object_versions.collection_pk"
            + " AND o.object_id = object_versions.object_id AND o.spec_version IN ("
            + placeholders(specs.size())
            + ") AND o.version "
            + comparison
            + " object_versions.version)");
    termParams.addAll(specs.stream().sorted().toList());
  }

  private static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }
}
