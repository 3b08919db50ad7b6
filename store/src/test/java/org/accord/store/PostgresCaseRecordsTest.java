package org.accord.store;

import java.time.Clock;

/**
 * The case records contract on PostgreSQL, each store in a schema of its own (see {@link PostgresObjectStoreTest}:
 * needs {@code ACCORD_TEST_PG_*}, skipped without them, failed without them under {@code CI=true}).
 */
class PostgresCaseRecordsTest extends CaseRecordsContractTest {
  private final PostgresObjectStoreTest stores = new PostgresObjectStoreTest();

  @Override
  protected ObjectStore openStore(Clock clock) {
    return stores.openStore(clock);
  }

  @Override
  protected void closeStore(ObjectStore store) {
    stores.closeStore(store);
  }
}
