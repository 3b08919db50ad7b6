package org.accord.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The asset store contract on the embedded SQLite store (the store's own test opens and deletes each database). */
class SqliteAssetStoreTest extends AssetStoreContractTest {
  private final SqliteObjectStoreTest stores = new SqliteObjectStoreTest();

  @Override
  protected ObjectStore openStore(Clock clock) {
    return stores.openStore(clock);
  }

  @Override
  protected void closeStore(ObjectStore store) {
    stores.closeStore(store);
  }

  @Test
  void assetsSurviveAReopenOfTheDatabase() throws IOException {
    Path dir = Files.createTempDirectory("accord-assets-test");
    try {
      try (ObjectStore first = Stores.open(StoreSettings.embedded(dir))) {
        Stores.assets(first).put(BANK);
      }
      try (ObjectStore again = Stores.open(StoreSettings.embedded(dir))) {
        assertThat(Stores.assets(again).list()).containsExactly(BANK);
      }
    } finally {
      SqliteObjectStoreTest.deleteRecursively(dir);
    }
  }
}
