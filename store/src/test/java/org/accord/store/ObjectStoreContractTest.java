package org.accord.store;

import static org.accord.store.StixFixtures.T0;
import static org.accord.store.StixFixtures.indicator;
import static org.accord.store.StixFixtures.ipv4;
import static org.accord.store.StixFixtures.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ObjectStore} must have, run against each database by a subclass. Each test gets a store
 * of its own (fresh database state) and a {@link MutableClock}.
 *
 * <p>Paging over a large history is checked against a reference model ({@link History}): exhaustively for every
 * limit, and as a jqwik property for random combinations of filters. jqwik runs properties outside JUnit Jupiter's
 * lifecycle, so they open their store in {@code @BeforeProperty}; subclasses must not rely on Jupiter injection
 * (such as {@code @TempDir}) in {@link #openStore}.
 */
public abstract class ObjectStoreContractTest {
  protected static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  protected MutableClock clock;
  protected ObjectStore store;
  protected String collection;

  /** Opens a store on fresh database state, stamping date_added from {@code clock}. */
  protected abstract ObjectStore openStore(Clock clock);

  /** Closes a store opened by {@link #openStore} and drops whatever it created. */
  protected void closeStore(ObjectStore store) {
    store.close();
  }

  /**
   * Why this store cannot be tested here (e.g. no database configured), or empty. Jupiter tests handle that in
   * {@link #openStore}; jqwik properties are skipped by {@link SkipWithoutDatabase} before their setup runs.
   */
  protected Optional<String> unavailable() {
    return Optional.empty();
  }

  /** Skips a jqwik property of a contract subclass whose {@link #unavailable()} gives a reason. */
  public static final class SkipWithoutDatabase implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      return context
          .optionalContainerClass()
          .filter(ObjectStoreContractTest.class::isAssignableFrom)
          .flatMap(c -> ((ObjectStoreContractTest) context.newInstance(c)).unavailable())
          .map(SkipResult::skip)
          .orElse(SkipResult.doNotSkip());
    }
  }

  /** Makes the database reject every insert of a version of {@code objectId} (a trigger), for failure tests. */
  protected abstract void failInsertsOf(ObjectStore store, String objectId);

  /** Checks that a plan of the default page query is an index range scan with no sort and no table scan. */
  protected abstract void assertIndexRangeScan(List<String> plan);

  @BeforeEach
  void openFreshStore() {
    clock = new MutableClock(NOW);
    store = openStore(clock);
    collection = newCollection();
  }

  @AfterEach
  void closeTheStore() {
    if (store != null) {
      closeStore(store);
    }
  }

  protected String newCollection() {
    String id = UUID.randomUUID().toString();
    store.createCollection(new CollectionInfo(id, "Test " + id, null, null, null));
    return id;
  }

  protected static ObjectQuery query(VersionMatch versions, int limit) {
    return new ObjectQuery(Optional.empty(), limit, Optional.empty(), Set.of(), Set.of(), versions, Set.of());
  }

  /** Every entry of a manifest query, following the cursor page by page. */
  protected List<ManifestEntry> manifestPaged(ObjectQuery first) {
    List<ManifestEntry> all = new ArrayList<>();
    ObjectQuery q = first;
    while (true) {
      Page<ManifestEntry> page = store.manifest(collection, q);
      all.addAll(page.items());
      if (!page.more()) {
        assertThat(page.next()).isEmpty();
        return all;
      }
      assertThat(page.items()).hasSize(q.limit());
      q = q.withAfter(page.next().orElseThrow());
    }
  }

  // ---- ledger heads --------------------------------------------------------------------------------------------

  @Test
  void aLedgerHeadIsKeptPerPartyAndReplacedByTheNextOne() {
    LedgerHeads heads = Stores.ledgerHeads(store);
    String party = "party-" + UUID.randomUUID(); // the PostgreSQL database is shared by the suite's runs

    assertThat(heads.read(party)).isEmpty();
    heads.write(party, "{\"seq\":1}");
    heads.write(party, "{\"seq\":2}");
    heads.write(party + "-other", "{\"seq\":9}");

    assertThat(heads.read(party)).contains("{\"seq\":2}");
    assertThat(heads.read(party + "-other")).contains("{\"seq\":9}");
  }

  // ---- collections -------------------------------------------------------------------------------------------

  @Test
  void collectionIsFoundByIdAndByAlias() {
    String id = UUID.randomUUID().toString();
    CollectionInfo info =
        new CollectionInfo(id, "Indicators", "Shared indicators", "ind-" + id, List.of(CollectionInfo.STIX_21));
    store.createCollection(info);

    assertThat(store.collection(id)).contains(info);
    assertThat(store.collection("ind-" + id)).contains(info);
    assertThat(store.collections()).contains(info);
    assertThat(store.collection("no-such-collection")).isEmpty();
  }

  @Test
  void takenIdOrAliasIsRejected() {
    String alias = "alias-" + UUID.randomUUID();
    store.createCollection(new CollectionInfo(UUID.randomUUID().toString(), "A", null, alias, null));

    assertThatThrownBy(() -> store.createCollection(new CollectionInfo(collection, "again", null, null, null)))
        .isInstanceOf(StoreException.class);
    assertThatThrownBy(
            () -> store.createCollection(new CollectionInfo(UUID.randomUUID().toString(), "B", null, alias, null)))
        .isInstanceOf(StoreException.class);
  }

  @Test
  void ensureCollectionReturnsTheStoredOne() {
    CollectionInfo other = new CollectionInfo(collection, "Another title", null, null, null);

    CollectionInfo stored = store.ensureCollection(other);

    assertThat(stored.title()).isEqualTo("Test " + collection);
    String fresh = UUID.randomUUID().toString();
    CollectionInfo created = store.ensureCollection(new CollectionInfo(fresh, "Fresh", null, null, null));
    assertThat(store.collection(fresh)).contains(created);
  }

  @Test
  void concurrentEnsuresOfOneCollectionAllSucceed() throws Exception {
    String id = UUID.randomUUID().toString();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<CollectionInfo>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String title = "Title " + i;
        results.add(pool.submit(() -> store.ensureCollection(new CollectionInfo(id, title, null, null, null))));
      }
      List<CollectionInfo> returned = new ArrayList<>();
      for (Future<CollectionInfo> f : results) {
        returned.add(f.get());
      }
      CollectionInfo stored = store.collection(id).orElseThrow();
      assertThat(returned).hasSize(8).containsOnly(stored);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unknownCollectionIsReportedByEveryOperation() {
    String unknown = UUID.randomUUID().toString();
    ObjectQuery q = ObjectQuery.all(10);
    List<StixObject> batch = List.of(indicator(newId("indicator"), T0));

    assertThatThrownBy(() -> store.add(unknown, batch)).isInstanceOf(StoreException.UnknownCollection.class);
    assertThatThrownBy(() -> store.objects(unknown, q)).isInstanceOf(StoreException.UnknownCollection.class);
    assertThatThrownBy(() -> store.manifest(unknown, q)).isInstanceOf(StoreException.UnknownCollection.class);
    assertThatThrownBy(() -> store.versions(unknown, "x", q))
        .isInstanceOf(StoreException.UnknownCollection.class);
    assertThatThrownBy(() -> store.delete(unknown, "x", q)).isInstanceOf(StoreException.UnknownCollection.class);
  }

  @Test
  void addingThroughTheAliasWritesToTheCollection() {
    String id = UUID.randomUUID().toString();
    store.createCollection(new CollectionInfo(id, "Aliased", null, "a-" + id, null));

    store.add("a-" + id, List.of(indicator(newId("indicator"), T0)));

    assertThat(store.objects(id, ObjectQuery.all(10)).items()).hasSize(1);
  }

  // ---- add and date_added ------------------------------------------------------------------------------------

  @Test
  void storedObjectComesBackWholeWithItsManifestEntry() {
    StixObject o = indicator(newId("indicator"), T0.plusMillis(1234));

    AddResult result = store.add(collection, List.of(o));

    StoredObject stored = store.objects(collection, ObjectQuery.all(10)).items().get(0);
    assertThat(stored.object()).isEqualTo(o);
    assertThat(stored.object().toJson()).isEqualTo(o.toJson());
    assertThat(stored.entry())
        .isEqualTo(new ManifestEntry(o.id(), NOW, T0.plusMillis(1234), BatchWriter.mediaType("2.1"), "2.1"));
    assertThat(result.outcomes())
        .containsExactly(new AddResult.Outcome(o.id(), T0.plusMillis(1234), AddResult.Status.ADDED, NOW));
  }

  @Test
  void eachVersionKeepsItsOriginAndADuplicateKeepsTheFirst() {
    StixObject own = indicator(newId("indicator"), T0);
    StixObject received = indicator(newId("indicator"), T0);
    Origin fromUs = Origin.receivedFrom("us", "A1");

    store.add(collection, List.of(own, received), List.of(Origin.OWN, fromUs));
    AddResult again = store.add(collection, List.of(received), List.of(Origin.receivedFrom("eu", "A3")));

    assertThat(again.duplicates()).isEqualTo(1);
    Map<String, Origin> origins = new HashMap<>();
    store.objects(collection, ObjectQuery.all(10)).items().forEach(o -> origins.put(o.entry().id(), o.origin()));
    assertThat(origins).containsEntry(own.id(), Origin.OWN).containsEntry(received.id(), fromUs).hasSize(2);
  }

  @Test
  void aPassedOnVersionKeepsItsChainOfHopsOnEveryReadPath() {
    String id = newId("indicator");
    Origin chain =
        Origin.received(
            "cn", "A1",
            List.of(new Origin.Hop("cn", "us", "A1.S1"), new Origin.Hop("us", "fr", "A1.S1.F1")));
    StixObject own = indicator(newId("indicator"), T0);
    StixObject direct = indicator(newId("indicator"), T0);

    store.add(collection, List.of(indicator(id, T0), own, direct),
        List.of(chain, Origin.OWN, Origin.receivedFrom("cn", "A1")));

    Map<String, Origin> origins = new HashMap<>();
    store.objects(collection, ObjectQuery.all(10)).items().forEach(o -> origins.put(o.entry().id(), o.origin()));
    assertThat(origins)
        .containsEntry(id, chain)
        .containsEntry(own.id(), Origin.OWN)
        .containsEntry(direct.id(), Origin.receivedFrom("cn", "A1"));
    assertThat(origins.get(direct.id()).hops()).isEmpty(); // no chain stored: none read back
    List<Origin> removed = new ArrayList<>();
    store.delete(collection, id, ObjectQuery.all(10), whole -> whole.forEach(w -> removed.add(w.origin())));
    assertThat(removed).containsExactly(chain);
  }

  @Test
  void theOriginatorRuleComparesTheOriginatorWhateverRouteACopyTook() {
    String id = newId("indicator");
    Origin viaUs = Origin.received("cn", "A1", List.of(new Origin.Hop("cn", "us", "A1.S1"),
        new Origin.Hop("us", "fr", "A1.S1.F1")));
    Origin viaDe = Origin.received("cn", "A1", List.of(new Origin.Hop("cn", "de", "A1.S2"),
        new Origin.Hop("de", "fr", "A1.S2.F1")));
    store.add(collection, List.of(indicator(id, T0)), List.of(viaUs));

    AddResult sameOriginator = store.add(collection, List.of(indicator(id, T0.plusSeconds(1))), List.of(viaDe));
    AddResult forwarderAsOriginator =
        store.add(collection, List.of(indicator(id, T0.plusSeconds(2))), List.of(Origin.receivedFrom("us", "A1")));

    assertThat(sameOriginator.added()).isEqualTo(1);
    assertThat(forwarderAsOriginator.outcomes().get(0).status()).isEqualTo(AddResult.Status.REFUSED);
  }

  @Test
  void originsMustMatchTheBatch() {
    StixObject o = indicator(newId("indicator"), T0);

    assertThatThrownBy(() -> store.add(collection, List.of(o), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one origin per object");
  }

  @Test
  void dateAddedHasMicrosecondPrecision() {
    clock.set(NOW.plusNanos(123_456_789));

    AddResult result = store.add(collection, List.of(indicator(newId("indicator"), T0)));

    assertThat(result.outcomes().get(0).dateAdded()).isEqualTo(NOW.plusNanos(123_456_000));
  }

  @Test
  void dateAddedStrictlyIncreasesUnderAFrozenClock() {
    List<Instant> dates = new ArrayList<>();
    for (int batch = 0; batch < 3; batch++) {
      List<StixObject> objects = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        objects.add(indicator(newId("indicator"), T0));
      }
      store.add(collection, objects).outcomes().forEach(o -> dates.add(o.dateAdded()));
    }

    assertThat(dates).hasSize(150).doesNotHaveDuplicates().isSorted();
    assertThat(dates.get(0)).isEqualTo(NOW);
    assertThat(dates.get(149)).isEqualTo(NOW.plus(Duration.ofNanos(149_000)));
    assertThat(manifestPaged(query(VersionMatch.ALL, 1000)))
        .extracting(ManifestEntry::dateAdded)
        .containsExactlyElementsOf(dates);
  }

  @Test
  void dateAddedStrictlyIncreasesWhenTheClockGoesBack() {
    Instant first = store.add(collection, List.of(indicator(newId("indicator"), T0))).outcomes().get(0).dateAdded();
    clock.set(NOW.minus(Duration.ofHours(1)));

    Instant second =
        store.add(collection, List.of(indicator(newId("indicator"), T0))).outcomes().get(0).dateAdded();
    clock.set(NOW.plus(Duration.ofHours(1)));
    Instant third = store.add(collection, List.of(indicator(newId("indicator"), T0))).outcomes().get(0).dateAdded();

    assertThat(second).isEqualTo(first.plusNanos(1000));
    assertThat(third).isEqualTo(NOW.plus(Duration.ofHours(1)));
  }

  @Test
  void dateAddedIsCountedPerCollection() {
    String other = newCollection();
    store.add(collection, List.of(indicator(newId("indicator"), T0), indicator(newId("indicator"), T0)));

    Instant inOther = store.add(other, List.of(indicator(newId("indicator"), T0))).outcomes().get(0).dateAdded();

    assertThat(inOther).isEqualTo(NOW);
  }

  @Test
  void duplicateVersionIsIdempotent() {
    StixObject o = indicator(newId("indicator"), T0.plusSeconds(5));
    Instant added = store.add(collection, List.of(o)).outcomes().get(0).dateAdded();
    clock.advance(Duration.ofMinutes(1));

    AddResult again = store.add(collection, List.of(o));

    assertThat(again.outcomes())
        .containsExactly(new AddResult.Outcome(o.id(), T0.plusSeconds(5), AddResult.Status.DUPLICATE, added));
    assertThat(again.duplicates()).isEqualTo(1);
    assertThat(manifestPaged(query(VersionMatch.ALL, 10)))
        .extracting(ManifestEntry::dateAdded)
        .containsExactly(added);
  }

  @Test
  void duplicateInsideOneBatchIsStoredOnce() {
    StixObject o = indicator(newId("indicator"), T0.plusSeconds(5));
    StixObject p = indicator(newId("indicator"), T0.plusSeconds(5));

    AddResult result = store.add(collection, List.of(o, p, o));

    assertThat(result.outcomes())
        .extracting(AddResult.Outcome::status)
        .containsExactly(AddResult.Status.ADDED, AddResult.Status.ADDED, AddResult.Status.DUPLICATE);
    assertThat(result.outcomes().get(2).dateAdded()).isEqualTo(result.outcomes().get(0).dateAdded());
    assertThat(manifestPaged(query(VersionMatch.ALL, 10))).hasSize(2);
  }

  @Test
  void changedContentUnderTheSameVersionIsAConflictAndTheFirstIsKept() {
    StixObject o = indicator(newId("indicator"), T0.plusSeconds(5));
    Instant added = store.add(collection, List.of(o)).outcomes().get(0).dateAdded();
    clock.advance(Duration.ofMinutes(1));
    ObjectNode changed = o.json().deepCopy();
    changed.put("name", "Renamed without a new modified");

    AddResult again = store.add(collection, List.of(StixObject.adopt(changed)));

    AddResult.Outcome c = again.outcomes().get(0);
    assertThat(c.status()).isEqualTo(AddResult.Status.CONFLICT);
    assertThat(c.version()).isEqualTo(T0.plusSeconds(5));
    assertThat(c.dateAdded()).isEqualTo(added);
    assertThat(c.reason()).contains(o.id()).contains("first is kept");
    assertThat(again.conflicts()).isEqualTo(1);
    assertThat(again.duplicates()).isZero();
    assertThat(store.objects(collection, ObjectQuery.all(10)).items())
        .singleElement()
        .satisfies(stored -> assertThat(stored.object().text("name").orElseThrow()).isEqualTo(o.text("name").get()));
  }

  @Test
  void aConflictIsFoundAmongManyRepeatedVersionsAndOtherVersionsOfTheSameObject() {
    String id = newId("indicator");
    List<StixObject> first = new ArrayList<>();
    first.add(indicator(id, T0.plusSeconds(1)));
    first.add(indicator(id, T0.plusSeconds(2)));
    for (int i = 0; i < 600; i++) { // more repeated versions than one JSON query reads
      first.add(indicator(newId("indicator"), T0.plusSeconds(5)));
    }
    store.add(collection, first);
    List<StixObject> again = new ArrayList<>(first);
    ObjectNode changed = first.get(400).json().deepCopy();
    changed.put("description", "changed, same modified");
    again.set(400, StixObject.adopt(changed));
    ObjectNode olderChanged = first.get(0).json().deepCopy();
    olderChanged.put("description", "an older version changed");
    again.set(0, StixObject.adopt(olderChanged));

    AddResult result = store.add(collection, again);

    assertThat(result.conflicts()).isEqualTo(2);
    assertThat(result.duplicates()).isEqualTo(600);
    assertThat(result.outcomes().get(0).status()).isEqualTo(AddResult.Status.CONFLICT);
    assertThat(result.outcomes().get(400).status()).isEqualTo(AddResult.Status.CONFLICT);
  }

  @Test
  void aConflictIsFoundInABatchOfMoreVersionsOfOneObjectThanOneLookupBinds() {
    String id = newId("indicator");
    List<StixObject> history = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      history.add(indicator(id, T0.plusSeconds(1 + i)));
    }
    store.add(collection, history);
    List<StixObject> again = new ArrayList<>(history);
    ObjectNode changed = history.get(599).json().deepCopy();
    changed.put("description", "changed, same modified");
    again.set(599, StixObject.adopt(changed));

    AddResult result = store.add(collection, again);

    assertThat(result.duplicates()).isEqualTo(599);
    assertThat(result.outcomes().get(599).status()).isEqualTo(AddResult.Status.CONFLICT);
  }

  @Test
  void memberOrderAndSpacingDoNotMakeAConflict() throws Exception {
    StixObject o = indicator(newId("indicator"), T0.plusSeconds(5));
    store.add(collection, List.of(o));
    ObjectNode reordered = StixJson.mapper().createObjectNode();
    List<String> names = new ArrayList<>();
    o.json().fieldNames().forEachRemaining(names::add);
    Collections.reverse(names);
    names.forEach(n -> reordered.set(n, o.json().get(n)));
    // Re-read from spaced text whose members come in the other order: the same object, not a conflict.
    String spaced = StixJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(reordered);

    AddResult again =
        store.add(collection, List.of(StixObject.adopt((ObjectNode) StixJson.mapper().readTree(spaced))));

    assertThat(again.outcomes()).extracting(AddResult.Outcome::status).containsExactly(AddResult.Status.DUPLICATE);
  }

  @Test
  void conflictInsideOneBatchKeepsTheFirst() {
    StixObject o = indicator(newId("indicator"), T0.plusSeconds(5));
    ObjectNode changed = o.json().deepCopy();
    changed.put("pattern", "[domain-name:value = 'example.com']");

    AddResult result = store.add(collection, List.of(o, StixObject.adopt(changed)));

    assertThat(result.outcomes())
        .extracting(AddResult.Outcome::status)
        .containsExactly(AddResult.Status.ADDED, AddResult.Status.CONFLICT);
    assertThat(store.objects(collection, ObjectQuery.all(10)).items())
        .singleElement()
        .satisfies(stored -> assertThat(stored.object().text("pattern").orElseThrow()).contains("example.org"));
  }

  @Test
  void anotherOriginatorsChangedCopyIsRefusedNotAConflict() {
    StixObject o = indicator(newId("indicator"), T0.plusSeconds(5));
    store.add(collection, List.of(o), List.of(Origin.receivedFrom("us", "A1")));
    ObjectNode changed = o.json().deepCopy();
    changed.put("name", "Rewritten by another party");

    AddResult r = store.add(collection, List.of(StixObject.adopt(changed)), List.of(Origin.receivedFrom("eu", "A3")));

    assertThat(r.outcomes().get(0).status()).isEqualTo(AddResult.Status.REFUSED);
  }

  @Test
  void unversionedObjectWithIdenticalJsonIsADuplicate() {
    String id = newId("ipv4-addr");
    Instant first = store.add(collection, List.of(ipv4(id, "198.51.100.3"))).outcomes().get(0).dateAdded();
    clock.advance(Duration.ofSeconds(1));

    AddResult same = store.add(collection, List.of(ipv4(id, "198.51.100.3")));
    AddResult changed = store.add(collection, List.of(ipv4(id, "198.51.100.4")));

    assertThat(same.outcomes().get(0))
        .isEqualTo(new AddResult.Outcome(id, first, AddResult.Status.DUPLICATE, first));
    AddResult.Outcome c = changed.outcomes().get(0);
    assertThat(c.status()).isEqualTo(AddResult.Status.ADDED);
    assertThat(c.version()).isEqualTo(c.dateAdded()).isAfter(first);
    assertThat(store.versions(collection, id, ObjectQuery.all(10)).items())
        .extracting(ManifestEntry::version)
        .containsExactly(first, c.version());
  }

  @Test
  void failedBatchLeavesNothingOfTheBatch() {
    StixObject before = indicator(newId("indicator"), T0);
    Instant beforeAdded = store.add(collection, List.of(before)).outcomes().get(0).dateAdded();
    String poisoned = newId("indicator");
    failInsertsOf(store, poisoned);
    List<StixObject> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(indicator(i == 6 ? poisoned : newId("indicator"), T0));
    }
    // A newer version of an existing object: its flag update must be rolled back too.
    batch.add(indicator(before.id(), T0.plusSeconds(1)));

    assertThatThrownBy(() -> store.add(collection, batch)).isInstanceOf(StoreException.class);

    assertThat(manifestPaged(query(VersionMatch.ALL, 100)))
        .containsExactly(new ManifestEntry(before.id(), beforeAdded, T0, BatchWriter.mediaType("2.1"), "2.1"));
    assertThat(store.objects(collection, ObjectQuery.all(100)).items()).hasSize(1);
    Instant next =
        store.add(collection, List.of(indicator(newId("indicator"), T0))).outcomes().get(0).dateAdded();
    assertThat(next).isEqualTo(beforeAdded.plusNanos(1000));
  }

  @Test
  void concurrentWritersKeepDateAddedUniqueAndIncreasing() throws Exception {
    int threads = 4;
    int batches = 10;
    int perBatch = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Instant>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  List<Instant> mine = new ArrayList<>();
                  for (int b = 0; b < batches; b++) {
                    List<StixObject> batch = new ArrayList<>();
                    for (int i = 0; i < perBatch; i++) {
                      batch.add(indicator(newId("indicator"), T0));
                    }
                    store.add(collection, batch).outcomes().forEach(o -> mine.add(o.dateAdded()));
                  }
                  return mine;
                }));
      }
      List<Instant> all = new ArrayList<>();
      for (Future<List<Instant>> f : results) {
        List<Instant> mine = f.get();
        assertThat(mine).isSorted().doesNotHaveDuplicates();
        all.addAll(mine);
      }
      assertThat(all).hasSize(threads * batches * perBatch).doesNotHaveDuplicates();
      assertThat(manifestPaged(query(VersionMatch.ALL, 77)))
          .extracting(ManifestEntry::dateAdded)
          .containsExactlyElementsOf(all.stream().sorted().toList());
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- one originator per object (STIX 2.1 §3.6) ----------------------------------------------------------------

  private static final Origin CN = Origin.receivedFrom("cn", "cn-us");
  private static final Origin US = Origin.receivedFrom("us", "cn-us");

  private static StixObject withCreator(StixObject o, String createdByRef) {
    com.fasterxml.jackson.databind.node.ObjectNode json = o.json();
    if (createdByRef == null) {
      json.remove("created_by_ref");
    } else {
      json.put("created_by_ref", createdByRef);
    }
    return StixObject.adopt(json);
  }

  private List<StoredObject> allVersions(String collectionId, String id) {
    ObjectQuery q =
        new ObjectQuery(Optional.empty(), 100, Optional.empty(), Set.of(id), Set.of(), VersionMatch.ALL, Set.of());
    return store.objects(collectionId, q).items();
  }

  @Test
  void aNewVersionFromAnotherOriginatorIsRefusedInEveryCollection() {
    String id = newId("indicator");
    String other = newCollection();
    store.add(collection, List.of(indicator(id, T0)), List.of(Origin.OWN));

    AddResult sameCollection = store.add(collection, List.of(indicator(id, T0.plusSeconds(1))), List.of(US));
    AddResult otherCollection = store.add(other, List.of(indicator(id, T0.plusSeconds(2))), List.of(US));

    for (AddResult r : List.of(sameCollection, otherCollection)) {
      assertThat(r.outcomes()).singleElement().satisfies(o -> {
        assertThat(o.status()).isEqualTo(AddResult.Status.REFUSED);
        assertThat(o.reason()).contains(id).contains("from us").contains("another originator")
            .contains("STIX 2.1 §3.6");
        assertThat(o.dateAdded()).isNull();
      });
      assertThat(r.refused()).isEqualTo(1);
    }
    assertThat(allVersions(collection, id)).singleElement()
        .satisfies(v -> assertThat(v.entry().version()).isEqualTo(T0));
    assertThat(allVersions(other, id)).isEmpty();
  }

  @Test
  void ownWritersCannotAddVersionsOfAPeersObject() {
    String id = newId("indicator");
    store.add(collection, List.of(indicator(id, T0)), List.of(CN));

    AddResult r = store.add(newCollection(), List.of(indicator(id, T0.plusSeconds(1))));

    assertThat(r.outcomes().get(0).status()).isEqualTo(AddResult.Status.REFUSED);
    assertThat(r.outcomes().get(0).reason()).contains("from this node");
  }

  @Test
  void theOriginatorAddsVersionsOfItsOwnObjectAnywhere() {
    String id = newId("indicator");
    store.add(collection, List.of(indicator(id, T0)), List.of(US));

    AddResult same = store.add(collection, List.of(indicator(id, T0.plusSeconds(1))), List.of(US));
    // Another agreement, same originator: provenance is the party, not the agreement it came under.
    AddResult elsewhere =
        store.add(newCollection(), List.of(indicator(id, T0.plusSeconds(2))),
            List.of(Origin.receivedFrom("us", "another")));

    assertThat(same.added()).isEqualTo(1);
    assertThat(elsewhere.added()).isEqualTo(1);
  }

  @Test
  void aNewVersionWithADroppedOrChangedCreatorIsRefused() {
    String id = newId("indicator");
    StixObject first = indicator(id, T0);
    String creator = first.text("created_by_ref").orElseThrow();
    store.add(collection, List.of(first), List.of(US));

    AddResult dropped = store.add(collection, List.of(withCreator(indicator(id, T0.plusSeconds(1)), null)),
        List.of(US));
    AddResult changed = store.add(collection,
        List.of(withCreator(indicator(id, T0.plusSeconds(2)), "identity--" + UUID.randomUUID())), List.of(US));
    AddResult kept = store.add(collection, List.of(withCreator(indicator(id, T0.plusSeconds(3)), creator)),
        List.of(US));

    assertThat(dropped.outcomes().get(0).reason()).contains("created_by_ref is missing");
    assertThat(changed.outcomes().get(0).reason()).contains("created_by_ref is identity--")
        .doesNotContain(creator); // the stored creator is not told to whoever posted
    assertThat(kept.added()).isEqualTo(1);
    assertThat(allVersions(collection, id)).extracting(v -> v.entry().version())
        .containsExactlyInAnyOrder(T0, T0.plusSeconds(3));
  }

  @Test
  void aCreatorCannotBeAddedToAnObjectThatHadNone() {
    String id = newId("indicator");
    store.add(collection, List.of(withCreator(indicator(id, T0), null)), List.of(US));

    AddResult r = store.add(collection, List.of(indicator(id, T0.plusSeconds(1))), List.of(US));

    assertThat(r.refused()).isEqualTo(1);
  }

  @Test
  void withinOneBatchTheFirstOriginatorOfANewObjectWins() {
    String id = newId("indicator");

    AddResult r = store.add(collection, List.of(indicator(id, T0), indicator(id, T0.plusSeconds(1))),
        List.of(CN, US));

    assertThat(r.outcomes()).extracting(AddResult.Outcome::status)
        .containsExactly(AddResult.Status.ADDED, AddResult.Status.REFUSED);
  }

  @Test
  void aDuplicateIsNotANewVersionWhoeverSendsIt() {
    String id = newId("indicator");
    store.add(collection, List.of(indicator(id, T0)), List.of(CN));

    AddResult r = store.add(collection, List.of(indicator(id, T0)), List.of(US));

    assertThat(r.duplicates()).isEqualTo(1);
  }

  @Test
  void observablesWithoutVersionsMayBeHeldByEveryOriginator() {
    String id = "ipv4-addr--" + UUID.randomUUID();
    store.add(collection, List.of(ipv4(id, "198.51.100.7")), List.of(CN));

    AddResult r = store.add(newCollection(), List.of(ipv4(id, "198.51.100.7")), List.of(Origin.OWN));

    assertThat(r.added()).isEqualTo(1);
  }

  @Test
  void concurrentWritersOfANewObjectLeaveItOneOriginator() throws Exception {
    int writers = 4;
    int rounds = 15;
    List<String> collections = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      collections.add(newCollection());
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int round = 0; round < rounds; round++) {
        String id = newId("indicator");
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
        List<Future<AddResult>> results = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          int writer = w;
          // Each writer: its own originator, its own collection, its own version of the same new id.
          results.add(pool.submit(() -> {
            start.await();
            return store.add(collections.get(writer), List.of(indicator(id, T0.plusSeconds(writer))),
                List.of(Origin.receivedFrom("party" + writer, "a")));
          }));
        }
        int added = 0;
        for (Future<AddResult> f : results) {
          added += (int) f.get().added();
        }
        assertThat(added).as("round %d: exactly one writer wins", round).isEqualTo(1);
        Set<Origin> origins = new java.util.HashSet<>();
        for (String c : collections) {
          allVersions(c, id).forEach(v -> origins.add(v.origin()));
        }
        assertThat(origins).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- filters -----------------------------------------------------------------------------------------------

  /** Three versions of one indicator, added newest first, plus one other indicator and one SCO. */
  private String addHistory() {
    String id = newId("indicator");
    store.add(collection, List.of(indicator(id, T0.plusSeconds(30)), indicator(newId("indicator"), T0)));
    store.add(collection, List.of(indicator(id, T0.plusSeconds(10)), ipv4(newId("ipv4-addr"), "192.0.2.1")));
    store.add(collection, List.of(indicator(id, T0.plusSeconds(20))));
    return id;
  }

  private List<Instant> versionsOf(String id, VersionMatch match) {
    ObjectQuery q =
        new ObjectQuery(Optional.empty(), 100, Optional.empty(), Set.of(id), Set.of(), match, Set.of());
    return store.manifest(collection, q).items().stream().map(ManifestEntry::version).toList();
  }

  @Test
  void defaultIsTheLastVersionByVersionTimestampNotByDateAdded() {
    String id = addHistory();

    assertThat(versionsOf(id, VersionMatch.LAST)).containsExactly(T0.plusSeconds(30));
    assertThat(store.objects(collection, ObjectQuery.all(100)).items()).hasSize(3);
  }

  @Test
  void matchVersionFirstAllAndTimestamps() {
    String id = addHistory();

    assertThat(versionsOf(id, new VersionMatch(true, false, false, Set.of()))).containsExactly(T0.plusSeconds(10));
    // all: in date_added order, i.e. the order they were added.
    assertThat(versionsOf(id, VersionMatch.ALL))
        .containsExactly(T0.plusSeconds(30), T0.plusSeconds(10), T0.plusSeconds(20));
    assertThat(versionsOf(id, new VersionMatch(false, false, false, Set.of(T0.plusSeconds(20)))))
        .containsExactly(T0.plusSeconds(20));
    assertThat(versionsOf(id, new VersionMatch(true, true, false, Set.of())))
        .containsExactly(T0.plusSeconds(30), T0.plusSeconds(10));
    assertThat(versionsOf(id, new VersionMatch(true, false, false, Set.of(T0.plusSeconds(20)))))
        .containsExactly(T0.plusSeconds(10), T0.plusSeconds(20));
    assertThat(versionsOf(id, new VersionMatch(false, false, false, Set.of(T0.plusSeconds(99))))).isEmpty();
  }

  @Test
  void matchIdAndTypeCombineWithAnd() {
    String id = addHistory();
    String sco = store.manifest(collection, byTypes(Set.of("ipv4-addr"))).items().get(0).id();

    assertThat(store.manifest(collection, byTypes(Set.of("ipv4-addr"))).items())
        .extracting(ManifestEntry::id)
        .containsExactly(sco);
    assertThat(store.manifest(collection, byTypes(Set.of("ipv4-addr", "indicator"))).items()).hasSize(3);
    ObjectQuery both =
        new ObjectQuery(
            Optional.empty(), 10, Optional.empty(), Set.of(id, sco), Set.of("indicator"), VersionMatch.LAST,
            Set.of());
    assertThat(store.manifest(collection, both).items()).extracting(ManifestEntry::id).containsExactly(id);
  }

  private static ObjectQuery byTypes(Set<String> types) {
    return new ObjectQuery(Optional.empty(), 10, Optional.empty(), Set.of(), types, VersionMatch.LAST, Set.of());
  }

  @Test
  void specVersionDefaultsToTheNewestPerObject() {
    String mixed = newId("indicator");
    String old = newId("indicator");
    store.add(
        collection,
        List.of(
            indicator(mixed, T0.plusSeconds(1), "2.0"),
            indicator(mixed, T0.plusSeconds(2), "2.1"),
            indicator(mixed, T0.plusSeconds(3), "2.0"),
            indicator(old, T0.plusSeconds(1), "2.0")));

    List<ManifestEntry> byDefault = store.manifest(collection, query(VersionMatch.ALL, 10)).items();
    ObjectQuery only20 =
        new ObjectQuery(Optional.empty(), 10, Optional.empty(), Set.of(), Set.of(), VersionMatch.ALL, Set.of("2.0"));
    List<ManifestEntry> explicit = store.manifest(collection, only20).items();

    assertThat(byDefault)
        .extracting(ManifestEntry::id, ManifestEntry::specVersion, ManifestEntry::mediaType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(mixed, "2.1", "application/stix+json;version=2.1"),
            org.assertj.core.groups.Tuple.tuple(old, "2.0", "application/stix+json;version=2.0"));
    assertThat(explicit).extracting(ManifestEntry::version)
        .containsExactly(T0.plusSeconds(1), T0.plusSeconds(3), T0.plusSeconds(1));
    // Default spec_version first, then match[version] among those versions: the last 2.1 version of "mixed",
    // although a later 2.0 version exists.
    assertThat(store.manifest(collection, query(VersionMatch.LAST, 10)).items())
        .extracting(ManifestEntry::id, ManifestEntry::version)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(mixed, T0.plusSeconds(2)),
            org.assertj.core.groups.Tuple.tuple(old, T0.plusSeconds(1)));
    ObjectQuery last20 =
        new ObjectQuery(Optional.empty(), 10, Optional.empty(), Set.of(), Set.of(), VersionMatch.LAST, Set.of("2.0"));
    assertThat(store.manifest(collection, last20).items())
        .extracting(ManifestEntry::id, ManifestEntry::version)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(mixed, T0.plusSeconds(3)),
            org.assertj.core.groups.Tuple.tuple(old, T0.plusSeconds(1)));
    ObjectQuery lastOfBoth =
        new ObjectQuery(
            Optional.empty(), 10, Optional.empty(), Set.of(mixed), Set.of(),
            new VersionMatch(true, true, false, Set.of()), Set.of("2.0", "2.1"));
    assertThat(store.manifest(collection, lastOfBoth).items())
        .extracting(ManifestEntry::version)
        .containsExactly(T0.plusSeconds(1), T0.plusSeconds(3));
  }

  @Test
  void addedAfterIsExclusive() {
    List<AddResult.Outcome> added = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      added.addAll(store.add(collection, List.of(indicator(newId("indicator"), T0))).outcomes());
      clock.advance(Duration.ofSeconds(1));
    }
    ObjectQuery after2 =
        new ObjectQuery(
            Optional.of(added.get(2).dateAdded()), 10, Optional.empty(), Set.of(), Set.of(), VersionMatch.LAST,
            Set.of());

    assertThat(store.manifest(collection, after2).items())
        .extracting(ManifestEntry::id)
        .containsExactly(added.get(3).id(), added.get(4).id());
  }

  @Test
  void versionsListsEveryVersionOfOneObjectInDateAddedOrder() {
    String id = addHistory();
    ObjectQuery ignoredFilters =
        new ObjectQuery(
            Optional.empty(), 2, Optional.empty(), Set.of("indicator--other"), Set.of(), VersionMatch.LAST, Set.of());

    Page<ManifestEntry> first = store.versions(collection, id, ignoredFilters);
    Page<ManifestEntry> second = store.versions(collection, id, ignoredFilters.withAfter(first.next().orElseThrow()));

    assertThat(first.more()).isTrue();
    assertThat(first.items())
        .extracting(ManifestEntry::version)
        .containsExactly(T0.plusSeconds(30), T0.plusSeconds(10));
    assertThat(second.more()).isFalse();
    assertThat(second.items()).extracting(ManifestEntry::version).containsExactly(T0.plusSeconds(20));
  }

  @Test
  void moreIsFalseWhenThePageEndsExactlyAtTheLastEntry() {
    store.add(collection, List.of(indicator(newId("indicator"), T0), indicator(newId("indicator"), T0)));

    Page<StoredObject> page = store.objects(collection, ObjectQuery.all(2));

    assertThat(page.items()).hasSize(2);
    assertThat(page.more()).isFalse();
    assertThat(page.next()).isEmpty();
  }

  // ---- delete ------------------------------------------------------------------------------------------------

  @Test
  void deletingTheLastVersionMakesThePreviousOneLast() {
    String id = addHistory();

    int removed = store.delete(collection, id, query(VersionMatch.LAST, 1));

    assertThat(removed).isEqualTo(1);
    assertThat(versionsOf(id, VersionMatch.LAST)).containsExactly(T0.plusSeconds(20));
    assertThat(versionsOf(id, new VersionMatch(true, false, false, Set.of()))).containsExactly(T0.plusSeconds(10));
  }

  @Test
  void deletingTheFirstVersionMakesTheNextOneFirst() {
    String id = addHistory();

    store.delete(collection, id, query(new VersionMatch(true, false, false, Set.of()), 1));

    assertThat(versionsOf(id, new VersionMatch(true, false, false, Set.of()))).containsExactly(T0.plusSeconds(20));
    assertThat(versionsOf(id, VersionMatch.ALL)).containsExactly(T0.plusSeconds(30), T0.plusSeconds(20));
  }

  @Test
  void deleteWithSpecVersionFilterKeepsTheOthersAndTheirFlags() {
    String id = newId("indicator");
    store.add(
        collection,
        List.of(indicator(id, T0.plusSeconds(1), "2.0"), indicator(id, T0.plusSeconds(2), "2.1")));
    ObjectQuery only21 =
        new ObjectQuery(Optional.empty(), 1, Optional.empty(), Set.of(), Set.of(), VersionMatch.ALL, Set.of("2.1"));

    assertThat(store.delete(collection, id, only21)).isEqualTo(1);

    // The 2.0 version is now the newest spec_version and the last version: the default query returns it.
    assertThat(store.manifest(collection, ObjectQuery.all(10)).items())
        .extracting(ManifestEntry::version, ManifestEntry::specVersion)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(T0.plusSeconds(1), "2.0"));
  }

  @Test
  void deleteLastWithoutSpecVersionRemovesTheNewestVersionOfAnySpecVersion() {
    String id = newId("indicator");
    store.add(
        collection,
        List.of(
            indicator(id, T0.plusSeconds(1), "2.0"),
            indicator(id, T0.plusSeconds(2), "2.1"),
            indicator(id, T0.plusSeconds(3), "2.0")));

    assertThat(store.delete(collection, id, query(VersionMatch.LAST, 1))).isEqualTo(1);

    assertThat(versionsOf(id, VersionMatch.ALL)).containsExactly(T0.plusSeconds(2));
    ObjectQuery last20 =
        new ObjectQuery(
            Optional.empty(), 10, Optional.empty(), Set.of(id), Set.of(), VersionMatch.LAST, Set.of("2.0"));
    assertThat(store.manifest(collection, last20).items())
        .extracting(ManifestEntry::version)
        .containsExactly(T0.plusSeconds(1));
  }

  @Test
  void deleteAllRemovesEveryVersionAndSpecVersion() {
    String id = newId("indicator");
    store.add(
        collection,
        List.of(indicator(id, T0.plusSeconds(1), "2.0"), indicator(id, T0.plusSeconds(2), "2.1")));

    assertThat(store.delete(collection, id, query(VersionMatch.ALL, 1))).isEqualTo(2);
    assertThat(store.delete(collection, id, query(VersionMatch.ALL, 1))).isZero();
    assertThat(manifestPaged(query(VersionMatch.ALL, 10))).isEmpty();
  }

  // ---- statuses and plans ------------------------------------------------------------------------------------

  @Test
  void statusIsSavedAndReplaced() {
    String id = UUID.randomUUID().toString();
    store.putStatus(id, "{\"status\":\"pending\"}");
    store.putStatus(id, "{\"status\":\"complete\"}");

    assertThat(store.status(id)).contains("{\"status\":\"complete\"}");
    assertThat(store.status(UUID.randomUUID().toString())).isEmpty();
  }

  @Test
  void defaultPageQueryIsAnIndexRangeScan() {
    List<StixObject> batch = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      batch.add(indicator(newId("indicator"), T0.plusSeconds(i % 3)));
    }
    store.add(collection, batch);

    List<String> plan =
        ((SqlObjectStore) store).explainPage(collection, ObjectQuery.all(100).withAfter(new Page.Cursor(0)), null);

    assertIndexRangeScan(plan);
  }

  // ---- paging ------------------------------------------------------------------------------------------------

  @Test
  void pagingWithEveryLimitNeverSkipsOrRepeats() {
    History history = History.fill(store, collection, 1);
    List<ManifestEntry> everything = history.expected(everyVersion(1));
    List<ManifestEntry> lastOnes = history.expected(query(VersionMatch.LAST, 1));
    assertThat(everything).hasSize(history.versions().size()).hasSizeGreaterThan(1300);

    for (int limit = 1; limit <= everything.size() + 1; limit++) {
      assertThat(manifestPaged(everyVersion(limit))).as("limit %d", limit).isEqualTo(everything);
    }
    for (int limit = 1; limit <= lastOnes.size() + 1; limit++) {
      assertThat(manifestPaged(query(VersionMatch.LAST, limit))).as("limit %d", limit).isEqualTo(lastOnes);
    }
  }

  /** Every version of every spec_version. */
  private static ObjectQuery everyVersion(int limit) {
    return new ObjectQuery(
        Optional.empty(), limit, Optional.empty(), Set.of(), Set.of(), VersionMatch.ALL, Set.of("2.0", "2.1"));
  }

  @Test
  void objectPagesCarryTheSameEntriesAsManifestPages() {
    History history = History.fill(store, collection, 2);
    List<ManifestEntry> expected = history.expected(everyVersion(1));
    List<ManifestEntry> seen = new ArrayList<>();
    ObjectQuery q = everyVersion(97);
    while (true) {
      Page<StoredObject> page = store.objects(collection, q);
      for (StoredObject o : page.items()) {
        assertThat(o.object().id()).isEqualTo(o.entry().id());
        seen.add(o.entry());
      }
      if (!page.more()) {
        break;
      }
      q = q.withAfter(page.next().orElseThrow());
    }
    assertThat(seen).isEqualTo(expected);
  }

  private History propertyHistory;

  @BeforeProperty
  void openStoreWithHistory() {
    openFreshStore();
    propertyHistory = History.fill(store, collection, 3);
  }

  @AfterProperty
  void closeStoreWithHistory() {
    closeTheStore();
  }

  @Property(tries = 60)
  @AddLifecycleHook(SkipWithoutDatabase.class)
  void anyFilterCombinationPagesExactlyLikeTheModel(
      @ForAll @IntRange(min = 1, max = 120) int limit,
      @ForAll("versionMatches") VersionMatch versions,
      @ForAll("types") Set<String> types,
      @ForAll("specs") Set<String> specVersions,
      @ForAll @Size(max = 4) List<@IntRange(min = 0, max = 399) Integer> idIndexes,
      @ForAll @IntRange(min = -1, max = 1339) int addedAfterIndex) {
    List<String> ids = propertyHistory.ids();
    Set<String> idFilter =
        idIndexes.stream().map(i -> ids.get(i % ids.size())).collect(java.util.stream.Collectors.toSet());
    Optional<Instant> addedAfter =
        addedAfterIndex < 0
            ? Optional.empty()
            : Optional.of(propertyHistory.versions().get(addedAfterIndex).dateAdded());
    ObjectQuery q =
        new ObjectQuery(addedAfter, limit, Optional.empty(), idFilter, types, versions, specVersions);

    assertThat(manifestPaged(q)).isEqualTo(propertyHistory.expected(q));
  }

  @Provide
  Arbitrary<VersionMatch> versionMatches() {
    Arbitrary<Set<Instant>> stamps =
        Arbitraries.integers().between(0, 4).map(T0::plusSeconds).set().ofMaxSize(2);
    return net.jqwik.api.Combinators.combine(
            Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(true, false, false), stamps)
        .filter((first, last, all, ts) -> first || last || all || !ts.isEmpty())
        .as(VersionMatch::new);
  }

  @Provide
  Arbitrary<Set<String>> types() {
    return Arbitraries.of("indicator", "malware", "ipv4-addr", "tool").set().ofMaxSize(2);
  }

  @Provide
  Arbitrary<Set<String>> specs() {
    return Arbitraries.of("2.0", "2.1").set().ofMaxSize(2);
  }

  // ---- federation state (V2__federation.sql) -------------------------------------------------------------------

  @Test
  void pullCursorIsEmptyUntilSavedThenKeepsMicroseconds() {
    FederationState state = Stores.federationState(store);
    FederationState.PullKey key = new FederationState.PullKey("bank-b", "https://b.example/accord/", collection);
    assertThat(state.pullCursor(key)).isEmpty();

    Instant last = Instant.parse("2026-03-01T12:00:00.123456Z");
    state.savePullCursor(key, last);

    assertThat(state.pullCursor(key)).contains(last);
  }

  @Test
  void savingAPullCursorAgainReplacesItAndLeavesOtherKeysAlone() {
    FederationState state = Stores.federationState(store);
    FederationState.PullKey a = new FederationState.PullKey("bank-b", "https://b.example/accord/", collection);
    FederationState.PullKey otherPeer = new FederationState.PullKey("cert-c", "https://b.example/accord/", collection);
    FederationState.PullKey otherRoot = new FederationState.PullKey("bank-b", "https://b.example/other/", collection);
    state.savePullCursor(a, NOW);
    state.savePullCursor(otherPeer, NOW.plusSeconds(5));

    state.savePullCursor(a, NOW.plusSeconds(60));

    assertThat(state.pullCursor(a)).contains(NOW.plusSeconds(60));
    assertThat(state.pullCursor(otherPeer)).contains(NOW.plusSeconds(5));
    assertThat(state.pullCursor(otherRoot)).isEmpty();
  }

  @Test
  void pushPositionsAreKeptPerPeerLocalCollectionAndRemoteCollection() {
    FederationState state = Stores.federationState(store);
    FederationState.PushKey toB = new FederationState.PushKey("bank-b", collection, "https://b.example/accord/", "c1");
    FederationState.PushKey toB2 = new FederationState.PushKey("bank-b", collection, "https://b.example/accord/", "c2");
    assertThat(state.pushPosition(toB)).isEmpty();

    state.savePushPosition(toB, NOW.plusNanos(1_000));
    state.savePushPosition(toB, NOW.plusNanos(2_000));

    assertThat(state.pushPosition(toB)).contains(NOW.plusNanos(2_000));
    assertThat(state.pushPosition(toB2)).isEmpty();
  }
}
