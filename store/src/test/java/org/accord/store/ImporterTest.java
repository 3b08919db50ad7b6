package org.accord.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.accord.stix.StixJson;
import org.accord.stix.Validator;
import org.accord.stix.Violation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImporterTest {
  private static final String COLLECTION = "importer-test";

  @TempDir Path dataDir;
  private ObjectStore store;

  @BeforeEach
  void open() {
    store = Stores.open(StoreSettings.embedded(dataDir));
    store.ensureCollection(new CollectionInfo(COLLECTION, "Importer test", null, null, List.of()));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void rejectionNamesTheRefusedObjectsIdAndVersion() {
    Importer importer = new Importer(store, new Validator(), COLLECTION, 10, true);
    ObjectNode bad = StixFixtures.indicator(StixFixtures.newId("indicator"), Instant.parse("2026-02-03T04:05:06.789Z"))
        .json();
    bad.remove("pattern"); // STIX 2.1 §4.7: pattern is required
    importer.accept("$.objects[0]", bad);

    Importer.Summary s = importer.finish();

    assertThat(s.rejected()).isEqualTo(1);
    Importer.Rejection r = s.rejections().get(0);
    assertThat(r.path()).isEqualTo("$.objects[0]");
    assertThat(r.id()).isEqualTo(bad.get("id").asText());
    assertThat(r.version()).isEqualTo(bad.get("modified").asText());
    assertThat(r.reason()).contains("pattern");
  }

  @Test
  void itemThatIsNotAnObjectIsRejectedWithoutIdOrVersion() {
    Importer importer = new Importer(store, new Validator(), COLLECTION, 10, true);
    ObjectNode numericId = StixJson.mapper().createObjectNode().put("type", "indicator").put("id", 7);
    importer.accept("$.objects[0]", StixJson.mapper().getNodeFactory().textNode("indicator"));
    importer.accept("$.objects[1]", numericId);

    Importer.Summary s = importer.finish();

    assertThat(s.rejected()).isEqualTo(2);
    assertThat(s.rejections()).extracting(Importer.Rejection::id).containsOnlyNulls();
    assertThat(s.rejections()).extracting(Importer.Rejection::version).containsOnlyNulls();
  }

  @Test
  void pluggedCheckRefusesObjectsTheValidatorWouldStore() {
    Importer.Check noMalware =
        (object, path) ->
            object.path("type").asText().equals("malware")
                ? List.of(new Violation(path, "no-malware", "malware is refused here"))
                : List.of();
    Importer importer =
        new Importer(
            store,
            Importer.Admit.of(
                (object, path) -> {
                  List<Violation> v =
                      new java.util.ArrayList<>(Importer.Check.of(new Validator()).violations(object, path));
                  v.addAll(noMalware.violations(object, path));
                  return v;
                }),
            COLLECTION, 10, true);
    ObjectNode malware = valid(StixFixtures.newId("malware"));
    malware.put("is_family", false);
    importer.accept("$.objects[0]", malware);
    importer.accept("$.objects[1]", valid(StixFixtures.newId("indicator")));

    Importer.Summary s = importer.finish();

    assertThat(s.added()).isEqualTo(1);
    assertThat(s.rejections()).singleElement().satisfies(r -> {
      assertThat(r.id()).isEqualTo(malware.get("id").asText());
      assertThat(r.reason()).contains("no-malware");
    });
  }

  @Test
  void storedRecordsFollowInputOrderAcrossBatchesAndMarkDuplicates() {
    Importer importer = new Importer(store, new Validator(), COLLECTION, 2, true);
    String a = StixFixtures.newId("indicator");
    String b = StixFixtures.newId("indicator");
    importer.accept("$.objects[0]", valid(a));
    importer.accept("$.objects[1]", valid(b));
    importer.accept("$.objects[2]", valid(a));

    Importer.Summary s = importer.finish();

    assertThat(s.stored()).extracting(Importer.Stored::path)
        .containsExactly("$.objects[0]", "$.objects[1]", "$.objects[2]");
    assertThat(s.stored()).extracting(x -> x.outcome().status())
        .containsExactly(AddResult.Status.ADDED, AddResult.Status.ADDED, AddResult.Status.DUPLICATE);
    assertThat(s.added()).isEqualTo(2);
    assertThat(s.duplicates()).isEqualTo(1);
  }

  @Test
  void aReimportWithChangedContentButTheSameModifiedIsCountedAndNamedAsAConflict() {
    String a = StixFixtures.newId("indicator");
    String b = StixFixtures.newId("indicator");
    Importer first = new Importer(store, new Validator(), COLLECTION, 10, false);
    first.accept("$.objects[0]", valid(a));
    first.accept("$.objects[1]", valid(b));
    first.finish();

    Importer again = new Importer(store, new Validator(), COLLECTION, 10, false);
    again.accept("$.objects[0]", valid(a).put("name", "changed, same modified"));
    again.accept("$.objects[1]", valid(b));
    Importer.Summary s = again.finish();

    assertThat(s.conflicts()).isEqualTo(1);
    assertThat(s.conflictIds()).containsExactly(a);
    assertThat(s.duplicates()).isEqualTo(1);
    assertThat(s.accepted()).isEqualTo(2);
    assertThat(s.rejected()).isZero();
  }

  @Test
  void aStix20BundleIsConvertedWhereLosslessAndItsMalwareIsRefusedWithTheReason() throws Exception {
    Importer importer = new Importer(store, new Validator(), COLLECTION, 10, true);
    Importer.Summary s;
    try (var in = getClass().getResourceAsStream("/stix20/poison-ivy-bundle-2.0.json")) {
      s = importer.importStream(in, x -> {});
    }

    assertThat(s.added()).as(s.rejections().toString()).isEqualTo(4);
    assertThat(s.rejections()).singleElement().satisfies(r -> {
      assertThat(r.id()).isEqualTo("malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b");
      assertThat(r.reason()).contains("STIX 2.0 malware").contains("is_family");
    });
    List<StoredObject> stored = store.objects(COLLECTION, ObjectQuery.all(10)).items();
    assertThat(stored).allSatisfy(o -> assertThat(o.object().specVersion()).isEqualTo("2.1"));
    StoredObject indicator =
        stored.stream().filter(o -> o.object().type().equals("indicator")).findFirst().orElseThrow();
    assertThat(indicator.object().text("pattern_type")).hasValue("stix");
    assertThat(indicator.object().jsonView().get("labels").get(0).asText()).isEqualTo("malicious-activity");
  }

  @Test
  void objectsWithoutSpecVersionOutsideA20BundleAreRefusedWithAReasonNamingStix20() {
    Importer importer = new Importer(store, new Validator(), COLLECTION, 10, false);
    ObjectNode o = valid(StixFixtures.newId("indicator"));
    o.remove("spec_version");
    importer.accept("line 1", o);

    assertThat(importer.finish().rejections()).singleElement()
        .satisfies(r -> assertThat(r.reason()).contains("spec_version").contains("STIX 2.0"));
  }

  /** A valid indicator (STIX 2.1 §3.2: timestamps of created and modified carry milliseconds). */
  private static ObjectNode valid(String id) {
    ObjectNode o = StixFixtures.indicator(id, StixFixtures.T0).json();
    o.put("created", "2026-01-01T00:00:00.000Z");
    o.put("modified", "2026-01-01T00:00:00.000Z");
    o.put("valid_from", "2026-01-01T00:00:00.000Z");
    return o;
  }
}
