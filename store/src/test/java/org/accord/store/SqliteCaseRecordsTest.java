package org.accord.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The case records contract on the embedded SQLite store. */
class SqliteCaseRecordsTest extends CaseRecordsContractTest {
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
  void requestsMissesAndTheHighWaterMarkSurviveAReopen() throws IOException {
    Path dir = Files.createTempDirectory("accord-cases-test");
    try {
      try (ObjectStore first = Stores.open(StoreSettings.embedded(dir))) {
        CaseRecords c = Stores.cases(first);
        c.create(DRAFT);
        c.transition(step(1, "receive", "us", T0), "received", "none",
            List.of(deadline("acknowledge", T0.plusSeconds(5), "open")), List.of());
        c.recordMiss(new CaseRecords.MissRow(ID, "acknowledge", T0.plusSeconds(5), "A1.O1", T0.plusSeconds(6), false));
        c.advanceHighWater(T0.plusSeconds(6));
      }
      try (ObjectStore again = Stores.open(StoreSettings.embedded(dir))) {
        CaseRecords c = Stores.cases(again);
        assertThat(c.request(ID).orElseThrow().state()).isEqualTo("received");
        assertThat(c.misses()).hasSize(1);
        assertThat(c.openDeadlines()).isEmpty();
        assertThat(c.highWater()).contains(T0.plusSeconds(6));
      }
    } finally {
      SqliteObjectStoreTest.deleteRecursively(dir);
    }
  }
}
