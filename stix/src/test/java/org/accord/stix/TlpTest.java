package org.accord.stix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class TlpTest {
  @Test
  void readsBothEncodings() {
    ObjectNode v1 = Fixtures.indicator();
    v1.putArray("object_marking_refs").add("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82");
    ObjectNode v2 = Fixtures.indicator();
    v2.putArray("object_marking_refs").add("marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003");
    assertThat(Tlp.of(v1)).hasValue(Tlp.AMBER);
    assertThat(Tlp.of(v2)).hasValue(Tlp.AMBER_STRICT);
  }

  @Test
  void tlp1WhiteIsClear() {
    assertThat(Tlp.ofMarkingId("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9")).hasValue(Tlp.CLEAR);
    assertThat(Tlp.CLEAR.v1Name()).hasValue("white");
    assertThat(Tlp.AMBER_STRICT.v1MarkingId()).isEmpty();
  }

  @Test
  void mostRestrictiveOfSeveralWins() {
    ObjectNode o = Fixtures.indicator();
    o.putArray("object_marking_refs")
        .add("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da")
        .add("marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1")
        .add("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421");
    assertThat(Tlp.of(o)).hasValue(Tlp.RED);
  }

  @Test
  void objectWithoutTlpMarkingHasNone() {
    ObjectNode o = Fixtures.indicator();
    assertThat(Tlp.of(o)).isEmpty();
    o.putArray("object_marking_refs").add("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41db");
    assertThat(Tlp.of(o)).isEmpty();
  }

  @Test
  void everyLevelsIdsAreTlpIdsAndMapBack() {
    for (Tlp t : Tlp.values()) {
      assertThat(Tlp.ofMarkingId(t.v2MarkingId())).hasValue(t);
      t.v1MarkingId().ifPresent(id -> assertThat(Tlp.ofMarkingId(id)).hasValue(t));
      assertThat(Tlp.isTlpMarkingId(t.v2MarkingId())).isTrue();
    }
  }
}
