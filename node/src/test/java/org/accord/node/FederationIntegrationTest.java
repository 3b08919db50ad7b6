package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Validator;
import org.accord.store.FederationState;
import org.accord.store.ObjectQuery;
import org.accord.store.ObjectStore;
import org.accord.store.Page;
import org.accord.store.StoredObject;
import org.accord.store.Stores;
import org.accord.store.VersionMatch;
import org.accord.taxii.client.Credentials;
import org.accord.taxii.client.Federation;
import org.accord.taxii.client.InboundCheck;
import org.accord.taxii.client.Peer;
import org.accord.taxii.client.PushFilter;
import org.accord.taxii.client.Puller;
import org.accord.taxii.client.Pusher;
import org.accord.taxii.client.RetryPolicy;
import org.accord.taxii.client.Sleeper;
import org.accord.taxii.client.TaxiiClient;
import org.accord.taxii.TransferListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Federation between two nodes over real HTTP: node B pulls node A's {@code intel} collection and pushes its own
 * {@code private} collection to A's, while either node is stopped and restarted mid-transfer. Afterwards both sides
 * hold the same object versions, none twice, and the cursors are persisted.
 *
 * <p>Restarts are deterministic, not timed: the pulling or pushing side "crashes" through a {@link FederationState}
 * that fails after a given number of saves (after a page is stored, before its cursor is saved: the worst moment);
 * the serving side is stopped from a {@link TransferListener} after a given number of pages and restarted on the same
 * port and data directory from the client's {@link Sleeper}, i.e. during the client's backoff.
 */
class FederationIntegrationTest {
  private static final int VERSIONS_PER_SIDE = 150;
  private static final int PAGE = 20;
  private static final Credentials ALICE = new Credentials("alice", TestNode.PASSWORD);

  private TestNode a;
  /** A's address, fixed at its first start: a restart binds the same port. */
  private String baseA;
  private TestNode restartedA;
  private TestNode b;
  private TestNode restartedB;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final Recorder recorder = new Recorder();

  @BeforeEach
  void startNodes() {
    a = TestNode.start();
    baseA = a.baseUrl();
    b = TestNode.start();
  }

  @AfterEach
  void stopNodes() {
    for (TestNode n : new TestNode[] {restartedA, restartedB}) {
      if (n != null) {
        n.stop();
      }
    }
    a.close(); // idempotent stop, then the data directory goes
    b.close();
  }

  private ObjectStore storeA() {
    return (restartedA != null ? restartedA : a).node().store();
  }

  private ObjectStore storeB() {
    return (restartedB != null ? restartedB : b).node().store();
  }

  private URI apiRootA() {
    return URI.create(baseA + "/accord/");
  }

  @Test
  void pullResumesAfterThePullingNodeRestartsMidTransfer() {
    seed(storeA(), TestNode.INTEL);
    Peer.CollectionLink link = new Peer.CollectionLink(TestNode.INTEL, TestNode.INTEL);
    FederationState crashing = new CrashingState(Stores.federationState(storeB()), 3);
    Puller first = new Puller(storeB(), crashing, InboundCheck.stix(new Validator()), recorder, PAGE);

    assertThatThrownBy(() -> first.pull(client(), "node-a", apiRootA(), link)).isInstanceOf(SimulatedCrash.class);
    assertThat(versions(storeB(), TestNode.INTEL)).hasSize(3 * PAGE); // the third page is stored, not its cursor

    b.stop();
    restartedB = TestNode.restart(b.dataDir());
    FederationState state = Stores.federationState(storeB());
    Puller.PullResult result =
        new Puller(storeB(), state, InboundCheck.stix(new Validator()), recorder, PAGE)
            .pull(client(), "node-a", apiRootA(), link);

    assertThat(result.duplicates()).isEqualTo(PAGE); // exactly the page whose cursor was lost
    assertThat(result.added()).isEqualTo(VERSIONS_PER_SIDE - 3L * PAGE);
    assertThat(result.rejected()).isZero();
    assertSameVersionsNoDuplicates(TestNode.INTEL);
    FederationState.PullKey key = new FederationState.PullKey("node-a", apiRootA().toString(), TestNode.INTEL);
    assertThat(state.pullCursor(key)).contains(lastDateAdded(storeA(), TestNode.INTEL));
    assertThat(recorder.received()).isEqualTo(VERSIONS_PER_SIDE + PAGE);
    assertThat(recorder.transfers).allSatisfy(t -> assertThat(t.sha256()).hasSize(64));
  }

  @Test
  void pullRidesOutTheServingNodesRestartWithBackoff() {
    seed(storeA(), TestNode.INTEL);
    recorder.stopAfter(TransferListener.Direction.RECEIVED, 2, () -> a.stop());
    FederationState state = Stores.federationState(storeB());

    Puller.PullResult result =
        new Puller(storeB(), state, InboundCheck.stix(new Validator()), recorder, PAGE)
            .pull(restartingClient(), "node-a", apiRootA(),
                new Peer.CollectionLink(TestNode.INTEL, TestNode.INTEL));

    assertThat(restartedA).as("A was restarted during the client's backoff").isNotNull();
    assertThat(sleeps).isNotEmpty();
    assertThat(result.added()).isEqualTo(VERSIONS_PER_SIDE);
    assertThat(result.duplicates()).isZero();
    assertSameVersionsNoDuplicates(TestNode.INTEL);
  }

  @Test
  void pushResumesAfterTheReceiverAndThenThePusherRestartMidTransfer() {
    seed(storeB(), TestNode.PRIVATE);
    Peer.CollectionLink link = new Peer.CollectionLink(TestNode.PRIVATE, TestNode.PRIVATE);
    recorder.stopAfter(TransferListener.Direction.SENT, 2, () -> a.stop());
    FederationState crashing = new CrashingState(Stores.federationState(storeB()), 5);
    Pusher first = new Pusher(storeB(), crashing, PushFilter.RELEASE_ALL, recorder, PAGE);

    // A goes away after two envelopes and comes back during the backoff; then B "crashes" on its fifth save.
    assertThatThrownBy(() -> first.push(restartingClient(), "node-a", apiRootA(), link))
        .isInstanceOf(SimulatedCrash.class);
    assertThat(restartedA).isNotNull();
    assertThat(versions(storeA(), TestNode.PRIVATE)).hasSize(5 * PAGE);

    b.stop();
    restartedB = TestNode.restart(b.dataDir());
    FederationState state = Stores.federationState(storeB());
    Pusher.PushResult result =
        new Pusher(storeB(), state, PushFilter.RELEASE_ALL, recorder, PAGE)
            .push(client(), "node-a", apiRootA(), link);

    assertThat(result.complete()).isTrue();
    assertThat(result.refused()).isZero();
    assertThat(result.sent()).isEqualTo(VERSIONS_PER_SIDE - 4L * PAGE); // the fifth envelope is posted again
    assertSameVersionsNoDuplicates(TestNode.PRIVATE);
    FederationState.PushKey key =
        new FederationState.PushKey("node-a", TestNode.PRIVATE, apiRootA().toString(), TestNode.PRIVATE);
    assertThat(state.pushPosition(key)).contains(lastDateAdded(storeB(), TestNode.PRIVATE));
  }

  @Test
  void invalidObjectFromThePeerIsRejectedNotStoredAndPassed() {
    seed(storeA(), TestNode.INTEL);
    ObjectNode invalid = indicator("indicator--" + UUID.randomUUID(), 1, "2026-01-03T00:00:00.000Z").json();
    invalid.remove("pattern"); // STIX 2.1 §4.7: pattern is required
    storeA().add(TestNode.INTEL, List.of(StixObject.adopt(invalid)));
    FederationState state = Stores.federationState(storeB());

    Puller.PullResult result =
        new Puller(storeB(), state, InboundCheck.stix(new Validator()), recorder, PAGE)
            .pull(client(), "node-a", apiRootA(), new Peer.CollectionLink(TestNode.INTEL, TestNode.INTEL));

    assertThat(result.rejected()).isEqualTo(1);
    assertThat(recorder.rejections).singleElement()
        .satisfies(r -> assertThat(r.version().id()).isEqualTo(invalid.get("id").asText()));
    assertThat(versions(storeB(), TestNode.INTEL)).hasSize(VERSIONS_PER_SIDE).doesNotHaveDuplicates();
    FederationState.PullKey key = new FederationState.PullKey("node-a", apiRootA().toString(), TestNode.INTEL);
    assertThat(state.pullCursor(key)).contains(lastDateAdded(storeA(), TestNode.INTEL));
  }

  @Test
  void pushFilterWithholdsVersionsFromThePeer() {
    seed(storeB(), TestNode.PRIVATE);
    PushFilter onlyFirstVersions =
        (party, collection, stored) ->
            stored.entry().version().equals(Instant.parse("2026-01-01T00:00:00Z"))
                ? Optional.of(stored) : Optional.empty();

    Pusher.PushResult result =
        new Pusher(storeB(), Stores.federationState(storeB()), onlyFirstVersions, recorder, PAGE)
            .push(client(), "node-a", apiRootA(), new Peer.CollectionLink(TestNode.PRIVATE, TestNode.PRIVATE));

    assertThat(result.withheld()).isEqualTo(VERSIONS_PER_SIDE / 3);
    assertThat(versions(storeA(), TestNode.PRIVATE)).hasSize(VERSIONS_PER_SIDE - VERSIONS_PER_SIDE / 3);
    assertThat(result.position()).contains(lastDateAdded(storeB(), TestNode.PRIVATE));
  }

  @Test
  void scheduledFederationPullsAndPushesUntilBothSidesAgree() throws InterruptedException {
    seed(storeA(), TestNode.INTEL);
    seed(storeB(), TestNode.PRIVATE);
    Peer peerA =
        new Peer(
            "node-a", URI.create(baseA), null, ALICE,
            List.of(new Peer.CollectionLink(TestNode.INTEL, TestNode.INTEL)),
            List.of(new Peer.CollectionLink(TestNode.PRIVATE, TestNode.PRIVATE)));
    FederationState state = Stores.federationState(storeB());
    try (Federation federation =
        new Federation(
            List.of(peerA), peer -> client(),
            new Puller(storeB(), state, InboundCheck.stix(new Validator()), recorder, PAGE),
            new Pusher(storeB(), state, PushFilter.RELEASE_ALL, recorder, PAGE))) {
      federation.start(Duration.ofMillis(100));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline
          && (versions(storeB(), TestNode.INTEL).size() < VERSIONS_PER_SIDE
              || versions(storeA(), TestNode.PRIVATE).size() < VERSIONS_PER_SIDE)) {
        Thread.sleep(50);
      }
    }
    assertSameVersionsNoDuplicates(TestNode.INTEL);
    assertSameVersionsNoDuplicates(TestNode.PRIVATE);
  }

  @Test
  void failingPeerIsReportedAndTheRunGoesOnWithTheNext() {
    seed(storeA(), TestNode.INTEL);
    Peer.CollectionLink intel = new Peer.CollectionLink(TestNode.INTEL, TestNode.INTEL);
    Peer wrongPassword =
        new Peer("impostor", URI.create(baseA), "accord", new Credentials("alice", "wrong"), List.of(intel), List.of());
    Peer right = new Peer("node-a", URI.create(baseA), "accord", ALICE, List.of(intel), List.of());
    FederationState state = Stores.federationState(storeB());
    Federation federation =
        new Federation(
            List.of(wrongPassword, right), peer -> clientFor(peer.credentials(), sleeps::add),
            new Puller(storeB(), state, InboundCheck.ACCEPT_ALL, recorder, PAGE),
            new Pusher(storeB(), state, PushFilter.RELEASE_ALL, recorder, PAGE));

    List<Federation.Outcome> outcomes = federation.runOnce();

    assertThat(outcomes).hasSize(2);
    assertThat(outcomes.get(0)).isInstanceOfSatisfying(
        Federation.Failed.class,
        f -> {
          assertThat(f.party()).isEqualTo("impostor");
          assertThat(f.retriable()).isFalse();
          assertThat(f.error()).contains("401").doesNotContain("wrong");
        });
    assertThat(outcomes.get(1)).isInstanceOfSatisfying(
        Federation.Pulled.class, p -> assertThat(p.result().added()).isEqualTo(VERSIONS_PER_SIDE));
    assertThat(sleeps).as("401 is not retried").isEmpty();
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  private TaxiiClient client() {
    return clientFor(ALICE, sleeps::add);
  }

  /** A client whose backoff restarts node A (same port, same data) when A is down: a restart during the retries. */
  private TaxiiClient restartingClient() {
    return clientFor(
        ALICE,
        d -> {
          sleeps.add(d);
          if (restartedA == null && !isUp()) {
            restartedA = TestNode.restart(a.dataDir(), URI.create(baseA).getPort());
          }
        });
  }

  private TaxiiClient clientFor(Credentials credentials, Sleeper sleeper) {
    TaxiiClient.Settings settings =
        TaxiiClient.Settings.DEFAULT.withRetry(
            new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, 0.5));
    return new TaxiiClient(credentials, settings, sleeper, Clock.systemUTC());
  }

  private boolean isUp() {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", URI.create(baseA).getPort())) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** 100 indicators, a third of them with a second version: 150 versions, all valid STIX 2.1. */
  private static void seed(ObjectStore store, String collection) {
    List<StixObject> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String id = "indicator--" + UUID.randomUUID();
      batch.add(indicator(id, i, "2026-01-01T00:00:00.000Z"));
      if (i % 2 == 0) {
        batch.add(indicator(id, i, "2026-01-02T00:00:00.000Z"));
      }
    }
    assertThat(batch).hasSize(VERSIONS_PER_SIDE);
    for (int from = 0; from < batch.size(); from += 7) { // small batches: many date_added values
      store.add(collection, batch.subList(from, Math.min(from + 7, batch.size())));
    }
  }

  private static StixObject indicator(String id, int i, String modified) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", "indicator");
    o.put("spec_version", "2.1");
    o.put("id", id);
    o.put("created", "2026-01-01T00:00:00.000Z");
    o.put("modified", modified);
    o.put("name", "C2 address " + i);
    o.put("pattern", "[ipv4-addr:value = '198.51.100." + (i % 250) + "']");
    o.put("pattern_type", "stix");
    o.put("valid_from", "2026-01-01T00:00:00Z");
    return StixObject.adopt(o);
  }

  /** Every version in the collection, as "id@version", in date_added order. */
  private static List<String> versions(ObjectStore store, String collection) {
    List<String> out = new ArrayList<>();
    ObjectQuery query =
        new ObjectQuery(Optional.empty(), 100, Optional.empty(), Set.of(), Set.of(), VersionMatch.ALL, Set.of("2.1"));
    Page<StoredObject> page = store.objects(collection, query);
    while (true) {
      page.items().forEach(o -> out.add(o.entry().id() + "@" + o.entry().version()));
      if (!page.more()) {
        return out;
      }
      page = store.objects(collection, query.withAfter(page.next().orElseThrow()));
    }
  }

  private static Instant lastDateAdded(ObjectStore store, String collection) {
    ObjectQuery query =
        new ObjectQuery(Optional.empty(), 1000, Optional.empty(), Set.of(), Set.of(), VersionMatch.ALL, Set.of("2.1"));
    List<StoredObject> items = store.objects(collection, query).items();
    return items.get(items.size() - 1).entry().dateAdded();
  }

  private void assertSameVersionsNoDuplicates(String collection) {
    List<String> onA = versions(storeA(), collection);
    List<String> onB = versions(storeB(), collection);
    assertThat(onA).hasSize(VERSIONS_PER_SIDE).doesNotHaveDuplicates();
    assertThat(onB).hasSize(VERSIONS_PER_SIDE).doesNotHaveDuplicates();
    assertThat(new HashSet<>(onB)).isEqualTo(new HashSet<>(onA));
  }

  /** The process "dies" here. */
  static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SimulatedCrash() {
      super("simulated crash");
    }
  }

  /** Federation state whose {@code crashOnSave}-th save throws instead of saving (a crash just before it). */
  static final class CrashingState implements FederationState {
    private final FederationState delegate;
    private final int crashOnSave;
    private final AtomicInteger saves = new AtomicInteger();

    CrashingState(FederationState delegate, int crashOnSave) {
      this.delegate = delegate;
      this.crashOnSave = crashOnSave;
    }

    private void maybeCrash() {
      if (saves.incrementAndGet() == crashOnSave) {
        throw new SimulatedCrash();
      }
    }

    @Override
    public Optional<Instant> pullCursor(PullKey key) {
      return delegate.pullCursor(key);
    }

    @Override
    public void savePullCursor(PullKey key, Instant dateAddedLast) {
      maybeCrash();
      delegate.savePullCursor(key, dateAddedLast);
    }

    @Override
    public Optional<Instant> pushPosition(PushKey key) {
      return delegate.pushPosition(key);
    }

    @Override
    public void savePushPosition(PushKey key, Instant dateAdded) {
      maybeCrash();
      delegate.savePushPosition(key, dateAdded);
    }
  }

  /** The ledger's stand-in: records transfers; may run an action once after the n-th transfer of a direction. */
  static final class Recorder implements TransferListener {
    final List<Transfer> transfers = new CopyOnWriteArrayList<>();
    final List<Rejection> rejections = new CopyOnWriteArrayList<>();
    private TransferListener.Direction direction;
    private int after;
    private Runnable action;

    void stopAfter(TransferListener.Direction d, int n, Runnable then) {
      direction = d;
      after = n;
      action = then;
    }

    @Override
    public void transferred(Transfer transfer) {
      transfers.add(transfer);
      if (action != null
          && transfer.direction() == direction
          && transfers.stream().filter(t -> t.direction() == direction).count() == after) {
        Runnable run = action;
        action = null;
        run.run();
      }
    }

    @Override
    public void rejected(Rejection rejection) {
      rejections.add(rejection);
    }

    long received() {
      return transfers.stream()
          .filter(t -> t.direction() == TransferListener.Direction.RECEIVED)
          .mapToLong(t -> t.versions().size())
          .sum();
    }
  }
}
