package org.accord.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
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
   * The critical-infrastructure asset registry kept in the same database as {@code store}, through the store's
   * connection pool: it lives and dies with the store. {@code store} must come from {@link #open}.
   */
  public static AssetStore assets(ObjectStore store) {
    if (!(store instanceof SqlObjectStore sql)) {
      throw new IllegalArgumentException("the asset registry lives in an SQL store, not in " + store.getClass());
    }
    return new SqlAssetStore(sql, sql.clock());
  }
}
