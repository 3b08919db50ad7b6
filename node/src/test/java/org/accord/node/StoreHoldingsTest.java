package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.accord.rules.Holdings;
import org.accord.rules.Provenance;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.store.CollectionInfo;
import org.accord.store.ObjectStore;
import org.accord.store.Origin;
import org.accord.store.StoreSettings;
import org.accord.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the gate's reference checks learn from the store about a held object (real SQLite). */
class StoreHoldingsTest {
  private static final String C = "3c1f0f7e-2b1d-4a6b-9a0e-5c1d2e3f4a50";

  @TempDir Path dir;
  private ObjectStore store;

  @AfterEach
  void close() throws Exception {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void everyPartyOnAPassedOnObjectsChainKnowsItsIdAndTheGateSeesTheChain() throws Exception {
    store = Stores.open(StoreSettings.embedded(dir));
    store.ensureCollection(new CollectionInfo(C, "c", null, "c", List.of()));
    ObjectNode o = (ObjectNode) StixJson.mapper().readTree(
        "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--6f1a3b5c-2d4e-4f60-8a1b-9c0d1e2f3a4b\","
            + "\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\","
            + "\"pattern\":\"[ipv4-addr:value = '192.0.2.1']\",\"pattern_type\":\"stix\","
            + "\"valid_from\":\"2026-01-01T00:00:00Z\"}");
    List<Origin.Hop> hops = List.of(new Origin.Hop("cn", "us", "A1.S1"), new Origin.Hop("us", "fr", "A1.S1.F1"));
    store.add(C, List.of(StixObject.of(o)), List.of(Origin.received("cn", "A1", hops)));

    Holdings.Held held = new StoreHoldings(store).latest(List.of(o.get("id").asText())).get(o.get("id").asText());

    assertThat(held.sentBy()).containsExactlyInAnyOrder("cn", "us");
    assertThat(held.provenance())
        .isEqualTo(Provenance.received("cn", "A1",
            List.of(new Provenance.Hop("cn", "us", "A1.S1"), new Provenance.Hop("us", "fr", "A1.S1.F1"))));
  }
}
