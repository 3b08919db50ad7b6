package org.accord.taxii.client;

import org.accord.taxii.TransferListener;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.accord.stix.StixJson;
import org.accord.store.FederationState;
import org.accord.store.ObjectQuery;
import org.accord.store.StoredObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pusher against a scripted peer and a real embedded store: envelope sizes, statuses, refusals. */
class PusherTest {
  private final ScriptedServer peer = new ScriptedServer();
  private final LocalStore local = new LocalStore();
  private final List<TransferListener.Rejection> rejections = new CopyOnWriteArrayList<>();
  private final List<TransferListener.Transfer> transfers = new CopyOnWriteArrayList<>();
  private final TransferListener listener =
      new TransferListener() {
        @Override
        public void transferred(Transfer transfer) {
          transfers.add(transfer);
        }

        @Override
        public void rejected(Rejection rejection) {
          rejections.add(rejection);
        }
      };
  private final FakeTime time = new FakeTime();
  private final TaxiiClient client =
      new TaxiiClient(
          HttpClient.newHttpClient(), new Credentials("bank-a", "pw"),
          new TaxiiClient.Settings(
              Duration.ofSeconds(2), Duration.ofSeconds(5), RetryPolicy.NONE, Duration.ofSeconds(1),
              Duration.ofSeconds(3), 1 << 20),
          time, time, () -> 0.0);
  private final Peer.CollectionLink link = new Peer.CollectionLink("remote-c", LocalStore.COLLECTION);
  private final FederationState.PushKey key =
      new FederationState.PushKey("bank-b", LocalStore.COLLECTION, peer.apiRoot().toString(), "remote-c");

  @AfterEach
  void close() {
    peer.close();
    local.close();
  }

  private Pusher pusher(PushFilter filter) {
    return new Pusher(local.store, local.state, filter, listener, 100);
  }

  private void apiRoot(long maxContentLength) {
    peer.then(200, "{\"title\":\"R\",\"versions\":[],\"max_content_length\":" + maxContentLength + "}");
  }

  private void complete(int times) {
    for (int i = 0; i < times; i++) {
      peer.then(202, "{\"id\":\"s" + i + "\",\"status\":\"complete\",\"total_count\":1,\"success_count\":1}");
    }
  }

  private List<StoredObject> stored() {
    return local.store.objects(LocalStore.COLLECTION, ObjectQuery.all(100)).items();
  }

  private Instant lastDateAdded() {
    List<StoredObject> all = stored();
    return all.get(all.size() - 1).entry().dateAdded();
  }

  private List<JsonNode> posted() throws Exception {
    List<JsonNode> envelopes = new ArrayList<>();
    for (ScriptedServer.Request r : peer.requests) {
      if (r.method().equals("POST")) {
        envelopes.add(StixJson.mapper().readTree(r.body()));
      }
    }
    return envelopes;
  }

  @Test
  void envelopesStayUnderThePeersMaxContentLengthAndCarryEveryVersionOnce() throws Exception {
    local.seed(10);
    int one = stored().get(0).jsonUtf8().length;
    long limit = 3L * one + 20; // room for three objects and the envelope around them
    apiRoot(limit);
    complete(10);

    Pusher.PushResult result = pusher(PushFilter.RELEASE_ALL).push(client, "bank-b", peer.apiRoot(), link);

    List<String> ids = new ArrayList<>();
    for (ScriptedServer.Request r : peer.requests) {
      if (r.method().equals("POST")) {
        assertThat((long) r.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(limit);
        assertThat(r.contentType()).isEqualTo(TaxiiClient.TAXII_21);
      }
    }
    posted().forEach(e -> e.get("objects").forEach(o -> ids.add(o.get("id").asText())));
    assertThat(ids).hasSize(10).doesNotHaveDuplicates();
    assertThat(result.envelopes()).isEqualTo(4); // 3 + 3 + 3 + 1
    assertThat(result.complete()).isTrue();
    assertThat(local.state.pushPosition(key)).contains(lastDateAdded());
    assertThat(transfers).hasSize(4).allSatisfy(t -> assertThat(t.sha256()).hasSize(64));
  }

  @Test
  void positionStaysWhenTheStatusNeverCompletes() {
    local.seed(2);
    apiRoot(1_000_000);
    peer.then(202, "{\"id\":\"s1\",\"status\":\"pending\",\"total_count\":2,\"pending_count\":2}");
    for (int i = 0; i < 10; i++) {
      peer.then(200, "{\"id\":\"s1\",\"status\":\"pending\",\"total_count\":2,\"pending_count\":2}");
    }

    Pusher.PushResult result = pusher(PushFilter.RELEASE_ALL).push(client, "bank-b", peer.apiRoot(), link);

    assertThat(result.complete()).isFalse();
    assertThat(result.position()).isEmpty();
    assertThat(local.state.pushPosition(key)).isEmpty();
    assertThat(time.sleeps).hasSize(3); // statusMaxWait 3 s, one poll a second
  }

  @Test
  void versionsThePeerRefusesAreReportedAndPassed() {
    local.seed(2);
    apiRoot(1_000_000);
    peer.then(
        202,
        "{\"id\":\"s1\",\"status\":\"complete\",\"total_count\":2,\"success_count\":1,\"failure_count\":1,"
            + "\"successes\":[{\"id\":\"indicator--a\",\"version\":\"v\"}],"
            + "\"failures\":[{\"id\":\"indicator--b\",\"version\":\"v\",\"message\":\"invalid here\"}]}");

    Pusher.PushResult result = pusher(PushFilter.RELEASE_ALL).push(client, "bank-b", peer.apiRoot(), link);

    assertThat(result.refused()).isEqualTo(1);
    assertThat(result.sent()).isEqualTo(1);
    assertThat(rejections).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo("invalid here"));
    assertThat(local.state.pushPosition(key)).contains(lastDateAdded());
  }

  @Test
  void versionLargerThanThePeersLimitIsRefusedWithoutAPost() {
    local.seed(1);
    apiRoot(50);

    Pusher.PushResult result = pusher(PushFilter.RELEASE_ALL).push(client, "bank-b", peer.apiRoot(), link);

    assertThat(result.refused()).isEqualTo(1);
    assertThat(peer.requests).extracting(ScriptedServer.Request::method).containsExactly("GET");
    assertThat(rejections).singleElement().satisfies(r -> assertThat(r.reason()).contains("max_content_length"));
    assertThat(local.state.pushPosition(key)).contains(lastDateAdded());
  }

  @Test
  void withheldVersionsAreNeverPostedAndNothingPostedWhenAllAreWithheld() {
    local.seed(3);
    apiRoot(1_000_000);

    Pusher.PushResult result =
        pusher((party, collection, stored) -> Optional.empty()).push(client, "bank-b", peer.apiRoot(), link);

    assertThat(result.withheld()).isEqualTo(3);
    assertThat(peer.requests).as("nothing released: not even the API root is asked").isEmpty();
    assertThat(local.state.pushPosition(key)).contains(lastDateAdded());
  }

  @Test
  void secondPushSendsOnlyWhatIsNew() throws Exception {
    local.seed(2);
    apiRoot(1_000_000);
    complete(1);
    pusher(PushFilter.RELEASE_ALL).push(client, "bank-b", peer.apiRoot(), link);
    local.store.add(LocalStore.COLLECTION, List.of(org.accord.stix.StixObject.adopt(LocalStore.indicator(7))));
    apiRoot(1_000_000);
    complete(1);

    pusher(PushFilter.RELEASE_ALL).push(client, "bank-b", peer.apiRoot(), link);

    List<JsonNode> envelopes = posted();
    assertThat(envelopes).hasSize(2);
    assertThat(envelopes.get(1).get("objects")).hasSize(1);
    assertThat(envelopes.get(1).get("objects").get(0).get("id").asText()).endsWith("07");
  }

  @Test
  void pushWithNothingNewForThePeerMakesNoRequest() {
    local.seed(2);
    apiRoot(1_000_000);
    complete(1);
    pusher(PushFilter.RELEASE_ALL).push(client, "bank-b", peer.apiRoot(), link);
    int afterFirst = peer.requests.size();

    for (int run = 0; run < 3; run++) {
      Pusher.PushResult idle = pusher(PushFilter.RELEASE_ALL).push(client, "bank-b", peer.apiRoot(), link);
      assertThat(idle.envelopes()).isZero();
    }

    assertThat(afterFirst).as("API root and one POST").isEqualTo(2);
    assertThat(peer.requests).as("an idle push asks the peer nothing").hasSize(afterFirst);
  }
}
