package org.accord.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.accord.stix.StixObject;

/**
 * The child process of {@link SqliteCrashSafetyTest}: writes batches of {@value #BATCH} indicators to an embedded
 * store, each named {@code batch-<n>}, and prints {@code ACK <n>} once batch n is committed, until it is killed.
 *
 * <p>Arguments: the data directory, the number of the first batch.
 */
public final class CrashWriter {
  static final String COLLECTION = "crash-collection";
  static final int BATCH = 100;

  private CrashWriter() {}

  public static void main(String[] args) {
    Path dataDir = Path.of(args[0]);
    int first = Integer.parseInt(args[1]);
    try (ObjectStore store = Stores.open(StoreSettings.embedded(dataDir))) {
      store.ensureCollection(new CollectionInfo(COLLECTION, "Crash test", null, null, null));
      for (int n = first; ; n++) {
        store.add(COLLECTION, batch(n));
        System.out.println("ACK " + n);
        System.out.flush();
      }
    }
  }

  static List<StixObject> batch(int n) {
    List<StixObject> objects = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      ObjectNode json = StixFixtures.typicalIndicator(i).json();
      json.put("name", "batch-" + n);
      objects.add(StixObject.adopt(json));
    }
    return objects;
  }
}
