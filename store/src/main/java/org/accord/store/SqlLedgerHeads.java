package org.accord.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Optional;

/** {@link LedgerHeads} in the store's own database ({@code ledger_heads}, migration V5): one upsert per write. */
final class SqlLedgerHeads implements LedgerHeads {
  private final SqlObjectStore store;
  private final Clock clock;

  SqlLedgerHeads(SqlObjectStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Optional<String> read(String party) {
    return store.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT head FROM ledger_heads WHERE party = ?")) {
            ps.setString(1, party);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  @Override
  public void write(String party, String head) {
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO ledger_heads (party, head, updated_at) VALUES (?, ?, ?)"
                      + " ON CONFLICT (party) DO UPDATE SET head = excluded.head, updated_at = excluded.updated_at")) {
            ps.setString(1, party);
            ps.setString(2, head);
            ps.setLong(3, Micros.of(clock.instant()));
            ps.executeUpdate();
          }
          return null;
        });
  }
}
