package org.accord.taxii.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.store.CollectionInfo;
import org.accord.store.FederationState;
import org.accord.store.ObjectStore;
import org.accord.store.StoreSettings;
import org.accord.store.Stores;

/** A real embedded store in a temporary directory, with one collection, for the puller's and pusher's tests. */
final class LocalStore implements AutoCloseable {
  static final String COLLECTION = "11111111-2222-3333-4444-555555555555";

  final Path dir;
  final ObjectStore store;
  final FederationState state;

  LocalStore() {
    try {
      dir = Files.createTempDirectory("accord-client-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    store = Stores.open(StoreSettings.embedded(dir));
    store.ensureCollection(new CollectionInfo(COLLECTION, "Local", null, null, List.of()));
    state = Stores.federationState(store);
  }

  static ObjectNode indicator(int i) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", "indicator");
    o.put("spec_version", "2.1");
    o.put("id", String.format("indicator--00000000-0000-4000-8000-%012d", i));
    o.put("created", "2026-01-01T00:00:00.000Z");
    o.put("modified", "2026-01-01T00:00:00.000Z");
    o.put("pattern", "[ipv4-addr:value = '198.51.100." + (i % 250) + "']");
    o.put("pattern_type", "stix");
    o.put("valid_from", "2026-01-01T00:00:00Z");
    return o;
  }

  void seed(int count) {
    for (int i = 0; i < count; i++) {
      store.add(COLLECTION, List.of(StixObject.adopt(indicator(i))));
    }
  }

  @Override
  public void close() {
    store.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
