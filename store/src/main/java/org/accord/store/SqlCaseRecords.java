package org.accord.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link CaseRecords} in the store's own database (migrations V6 and V7), through the store's connection pool and
 * write path (SQLite writes queue on the same JVM lock as object writes). Same SQL in both dialects: {@code ON
 * CONFLICT} upserts (SQLite 3.24+, PostgreSQL 9.5+) and {@code CASE} for the rules that only move one way.
 */
final class SqlCaseRecords implements CaseRecords {
  private static final String REQUEST_COLUMNS =
      "id, requester, requested, kind, urgency, state, extension, seq, body, created_at";
  private static final String DEADLINE_COLUMNS = "request_id, deadline, due, warn_at, clause_id, status, warned";
  private static final String MISS_COLUMNS = "request_id, deadline, due, clause_id, recorded_at, notified";
  private static final String SELECT_REQUESTS = "SELECT " + REQUEST_COLUMNS + " FROM case_requests";
  private static final String SELECT_TRANSITIONS =
      "SELECT request_id, seq, transition, party, at, body FROM case_transitions";
  private static final String SELECT_DEADLINES = "SELECT " + DEADLINE_COLUMNS + " FROM case_deadlines";

  private final SqlObjectStore store;

  SqlCaseRecords(SqlObjectStore store) {
    this.store = store;
  }

  @Override
  public boolean create(RequestRow r) {
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO case_requests (" + REQUEST_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (id) DO NOTHING")) {
            ps.setString(1, r.id());
            ps.setString(2, r.requester());
            ps.setString(3, r.requested());
            ps.setString(4, r.kind());
            ps.setString(5, r.urgency());
            ps.setString(6, r.state());
            ps.setString(7, r.extension());
            ps.setInt(8, r.seq());
            ps.setString(9, r.body());
            ps.setLong(10, Micros.of(r.createdAt()));
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public Optional<RequestRow> request(String id) {
    return store.withConnection(
        c -> {
          List<RequestRow> rows = list(c, SELECT_REQUESTS + " WHERE id = ?", SqlCaseRecords::request, id);
          return rows.isEmpty() ? Optional.<RequestRow>empty() : Optional.of(rows.get(0));
        });
  }

  @Override
  public List<RequestRow> requests() {
    return store.withConnection(c -> list(c, SELECT_REQUESTS + " ORDER BY created_at, id", SqlCaseRecords::request));
  }

  @Override
  public List<RequestRow> requests(String party, String state, Position after, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
    StringBuilder sql = new StringBuilder(" WHERE (requester = ? OR requested = ?)");
    List<Object> args = new ArrayList<>(List.of(party, party));
    if (state != null) {
      sql.append(" AND state = ?");
      args.add(state);
    }
    if (after != null) {
      // Row-value comparison spelled out: both dialects use the (created_at, id) index for it.
      sql.append(" AND (created_at > ? OR (created_at = ? AND id > ?))");
      long micros = Micros.of(after.createdAt());
      args.add(micros);
      args.add(micros);
      args.add(after.id());
    }
    sql.append(" ORDER BY created_at, id LIMIT ?");
    args.add(limit);
    return store.withConnection(c -> list(c, SELECT_REQUESTS + sql, SqlCaseRecords::request, args.toArray()));
  }

  private static RequestRow request(ResultSet rs) throws SQLException {
    return new RequestRow(
        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
        rs.getString(7), rs.getInt(8), rs.getString(9), Micros.toInstant(rs.getLong(10)));
  }

  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** The rows of a query, each mapped; {@code args} bound in order. */
  private static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... args)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
      }
      return out;
    }
  }

  @Override
  public List<MissRow> transition(
      TransitionRow t, String state, String extension, List<DeadlineRow> deadlines, List<MissRow> misses) {
    return store.inTransaction(
        c -> {
          // The sequence check is the update's own condition: of two writers at the same seq, one updates a row.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE case_requests SET state = ?, extension = ?, seq = ? WHERE id = ? AND seq = ?")) {
            ps.setString(1, state);
            ps.setString(2, extension);
            ps.setInt(3, t.seq());
            ps.setString(4, t.requestId());
            ps.setInt(5, t.seq() - 1);
            if (ps.executeUpdate() != 1) {
              throw new StoreException(
                  "request " + t.requestId() + " is not at transition " + (t.seq() - 1)
                      + " (unknown, or another transition was recorded first): nothing written");
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO case_transitions (request_id, seq, transition, party, at, body)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, t.requestId());
            ps.setInt(2, t.seq());
            ps.setString(3, t.transition());
            ps.setString(4, t.party());
            ps.setLong(5, Micros.of(t.at()));
            ps.setString(6, t.body());
            ps.executeUpdate();
          }
          for (DeadlineRow d : deadlines) {
            upsertDeadline(c, d);
          }
          List<MissRow> recorded = new ArrayList<>();
          for (MissRow m : misses) {
            if (insertMiss(c, m)) {
              recorded.add(m);
            }
          }
          return recorded;
        });
  }

  private static void upsertDeadline(Connection c, DeadlineRow d) throws SQLException {
    // A missed deadline stays missed (and keeps the due it was missed at): a later write never makes it kept.
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO case_deadlines (" + DEADLINE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (request_id, deadline) DO UPDATE SET"
                + " due = CASE WHEN case_deadlines.status = 'missed' THEN case_deadlines.due ELSE excluded.due END,"
                + " warn_at = CASE WHEN case_deadlines.status = 'missed' THEN case_deadlines.warn_at"
                + " ELSE excluded.warn_at END,"
                + " clause_id = excluded.clause_id,"
                + " status = CASE WHEN case_deadlines.status = 'missed' THEN 'missed' ELSE excluded.status END,"
                + " warned = excluded.warned")) {
      ps.setString(1, d.requestId());
      ps.setString(2, d.deadline());
      ps.setLong(3, Micros.of(d.due()));
      if (d.warnAt() == null) {
        ps.setNull(4, java.sql.Types.BIGINT);
      } else {
        ps.setLong(4, Micros.of(d.warnAt()));
      }
      ps.setString(5, d.clauseId());
      ps.setString(6, d.status());
      ps.setInt(7, d.warned() ? 1 : 0);
      ps.executeUpdate();
    }
  }

  private static boolean insertMiss(Connection c, MissRow m) throws SQLException {
    boolean inserted;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO case_misses (" + MISS_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (request_id, deadline) DO NOTHING")) {
      ps.setString(1, m.requestId());
      ps.setString(2, m.deadline());
      ps.setLong(3, Micros.of(m.due()));
      ps.setString(4, m.clauseId());
      ps.setLong(5, Micros.of(m.recordedAt()));
      ps.setInt(6, m.notified() ? 1 : 0);
      inserted = ps.executeUpdate() == 1;
    }
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE case_deadlines SET status = 'missed' WHERE request_id = ? AND deadline = ?")) {
      ps.setString(1, m.requestId());
      ps.setString(2, m.deadline());
      ps.executeUpdate();
    }
    return inserted;
  }

  @Override
  public List<TransitionRow> transitions(String requestId) {
    return store.withConnection(
        c -> list(c, SELECT_TRANSITIONS + " WHERE request_id = ? ORDER BY seq", SqlCaseRecords::transition, requestId));
  }

  @Override
  public List<TransitionRow> allTransitions() {
    return store.withConnection(
        c -> list(c, SELECT_TRANSITIONS + " ORDER BY request_id, seq", SqlCaseRecords::transition));
  }

  private static TransitionRow transition(ResultSet rs) throws SQLException {
    return new TransitionRow(
        rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), Micros.toInstant(rs.getLong(5)),
        rs.getString(6));
  }

  @Override
  public List<DeadlineRow> deadlines(String requestId) {
    return store.withConnection(
        c -> list(c, SELECT_DEADLINES + " WHERE request_id = ? ORDER BY due, deadline", SqlCaseRecords::deadline,
            requestId));
  }

  @Override
  public List<DeadlineRow> allDeadlines() {
    return store.withConnection(
        c -> list(c, SELECT_DEADLINES + " ORDER BY request_id, due, deadline", SqlCaseRecords::deadline));
  }

  @Override
  public List<DeadlineRow> openDeadlines() {
    return store.withConnection(
        c -> list(c, SELECT_DEADLINES + " WHERE status = 'open' ORDER BY due, request_id, deadline",
            SqlCaseRecords::deadline));
  }

  private static DeadlineRow deadline(ResultSet rs) throws SQLException {
    long warnAt = rs.getLong(4);
    Instant warn = rs.wasNull() ? null : Micros.toInstant(warnAt);
    return new DeadlineRow(
        rs.getString(1), rs.getString(2), Micros.toInstant(rs.getLong(3)), warn, rs.getString(5), rs.getString(6),
        rs.getInt(7) != 0);
  }

  @Override
  public boolean recordMiss(MissRow miss) {
    return store.inTransaction(c -> insertMiss(c, miss));
  }

  @Override
  public void markNotified(String requestId, String deadline) {
    update("UPDATE case_misses SET notified = 1 WHERE request_id = ? AND deadline = ?", requestId, deadline);
  }

  @Override
  public void markWarned(String requestId, String deadline) {
    update("UPDATE case_deadlines SET warned = 1 WHERE request_id = ? AND deadline = ?", requestId, deadline);
  }

  @Override
  public void closeDeadline(String requestId, String deadline, String status) {
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE case_deadlines SET status = ? WHERE request_id = ? AND deadline = ? AND status = 'open'")) {
            ps.setString(1, status);
            ps.setString(2, requestId);
            ps.setString(3, deadline);
            ps.executeUpdate();
          }
          return null;
        });
  }

  private void update(String sql, String requestId, String deadline) {
    store.inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, requestId);
            ps.setString(2, deadline);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public List<MissRow> misses() {
    return store.withConnection(
        c -> list(
            c, "SELECT " + MISS_COLUMNS + " FROM case_misses ORDER BY recorded_at, request_id, deadline",
            rs -> new MissRow(
                rs.getString(1), rs.getString(2), Micros.toInstant(rs.getLong(3)), rs.getString(4),
                Micros.toInstant(rs.getLong(5)), rs.getInt(6) != 0)));
  }

  @Override
  public Optional<Instant> highWater() {
    return store.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT high_water FROM case_clock WHERE id = 1");
              ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(Micros.toInstant(rs.getLong(1))) : Optional.<Instant>empty();
          }
        });
  }

  @Override
  public Instant advanceHighWater(Instant seen) {
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO case_clock (id, high_water) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET high_water ="
                      + " CASE WHEN excluded.high_water > case_clock.high_water THEN excluded.high_water"
                      + " ELSE case_clock.high_water END")) {
            ps.setLong(1, Micros.of(seen));
            ps.executeUpdate();
          }
          try (PreparedStatement ps = c.prepareStatement("SELECT high_water FROM case_clock WHERE id = 1");
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Micros.toInstant(rs.getLong(1));
          }
        });
  }

  // ---- held case objects (V7) ----------------------------------------------------------------------------------

  private static final String HELD_COLUMNS =
      "peer, object_id, request_id, seq, collection, body, reason, held_at, attempts";
  private static final String SELECT_HELD = "SELECT " + HELD_COLUMNS + " FROM case_inbox";
  private static final String SELECT_DELIVERIES =
      "SELECT request_id, seq, peer, outcome, reason, at FROM case_deliveries";

  @Override
  public boolean hold(HeldRow h, int limit) {
    return store.inTransaction(
        c -> {
          // The count and the insert in one transaction: a peer cannot grow the inbox past its limit by racing.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE case_inbox SET reason = ?, attempts = ? WHERE peer = ? AND object_id = ?")) {
            ps.setString(1, h.reason());
            ps.setInt(2, h.attempts());
            ps.setString(3, h.peer());
            ps.setString(4, h.objectId());
            if (ps.executeUpdate() == 1) {
              return true;
            }
          }
          try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM case_inbox WHERE peer = ?")) {
            ps.setString(1, h.peer());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              if (rs.getLong(1) >= limit) {
                return false;
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO case_inbox (" + HELD_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, h.peer());
            ps.setString(2, h.objectId());
            ps.setString(3, h.requestId());
            ps.setInt(4, h.seq());
            ps.setString(5, h.collection());
            ps.setString(6, h.body());
            ps.setString(7, h.reason());
            ps.setLong(8, Micros.of(h.heldAt()));
            ps.setInt(9, h.attempts());
            ps.executeUpdate();
          }
          return true;
        });
  }

  @Override
  public List<HeldRow> held(String requestId) {
    return store.withConnection(
        c -> list(c, SELECT_HELD + " WHERE request_id = ? ORDER BY seq, held_at, object_id", SqlCaseRecords::held,
            requestId));
  }

  @Override
  public List<HeldRow> held() {
    return store.withConnection(
        c -> list(c, SELECT_HELD + " ORDER BY held_at, request_id, seq, object_id", SqlCaseRecords::held));
  }

  private static HeldRow held(ResultSet rs) throws SQLException {
    return new HeldRow(
        rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6),
        rs.getString(7), Micros.toInstant(rs.getLong(8)), rs.getInt(9));
  }

  @Override
  public void release(String peer, String objectId) {
    store.inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM case_inbox WHERE peer = ? AND object_id = ?")) {
            ps.setString(1, peer);
            ps.setString(2, objectId);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void noteDelivery(DeliveryRow d) {
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO case_deliveries (request_id, seq, peer, outcome, reason, at) VALUES (?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (request_id, seq) DO UPDATE SET peer = excluded.peer,"
                      + " outcome = excluded.outcome, reason = excluded.reason, at = excluded.at")) {
            ps.setString(1, d.requestId());
            ps.setInt(2, d.seq());
            ps.setString(3, d.peer());
            ps.setString(4, d.outcome());
            ps.setString(5, d.reason());
            ps.setLong(6, Micros.of(d.at()));
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public List<DeliveryRow> deliveries(String requestId) {
    return store.withConnection(
        c -> list(c, SELECT_DELIVERIES + " WHERE request_id = ? ORDER BY seq", SqlCaseRecords::delivery, requestId));
  }

  @Override
  public List<DeliveryRow> deliveriesWith(String outcome) {
    return store.withConnection(
        c -> list(c, SELECT_DELIVERIES + " WHERE outcome = ? ORDER BY at, request_id, seq", SqlCaseRecords::delivery,
            outcome));
  }

  private static DeliveryRow delivery(ResultSet rs) throws SQLException {
    return new DeliveryRow(
        rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
        Micros.toInstant(rs.getLong(6)));
  }

  @Override
  public void forgetDeliveries(String requestId, int fromSeq, int toSeq) {
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM case_deliveries WHERE request_id = ? AND seq >= ? AND seq <= ?")) {
            ps.setString(1, requestId);
            ps.setInt(2, fromSeq);
            ps.setInt(3, toSeq);
            ps.executeUpdate();
          }
          return null;
        });
  }
}
