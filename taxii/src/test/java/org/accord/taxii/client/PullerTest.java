package org.accord.taxii.client;

import org.accord.taxii.TransferListener;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.accord.store.FederationState;
import org.accord.stix.Violation;
import org.accord.store.Admission;
import org.accord.store.ObjectQuery;
import org.accord.store.Origin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The puller against a scripted peer and a real embedded store: cursors, withheld pages, rejections, failures. */
class PullerTest {
  private static final String T1 = "2026-03-01T12:00:00.000001Z";
  private static final String T2 = "2026-03-01T12:00:00.000002Z";

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
          TaxiiClient.Settings.DEFAULT.withRetry(RetryPolicy.NONE), time, time, () -> 0.0);
  private final Peer.CollectionLink link = new Peer.CollectionLink("remote-c", LocalStore.COLLECTION);
  private final FederationState.PullKey key =
      new FederationState.PullKey("bank-b", peer.apiRoot().toString(), "remote-c");

  @AfterEach
  void close() {
    peer.close();
    local.close();
  }

  private Puller puller(InboundCheck check) {
    return new Puller(local.store, local.state, check, listener, 10);
  }

  private static String envelope(boolean more, String next, int... indicators) {
    StringBuilder b = new StringBuilder("{\"more\":" + more);
    if (next != null) {
      b.append(",\"next\":\"").append(next).append('"');
    }
    if (indicators.length > 0) {
      b.append(",\"objects\":[");
      for (int i = 0; i < indicators.length; i++) {
        b.append(i > 0 ? "," : "").append(LocalStore.indicator(indicators[i]));
      }
      b.append(']');
    }
    return b.append('}').toString();
  }

  private static Map<String, String> last(String t) {
    return Map.of("X-TAXII-Date-Added-Last", t);
  }

  @Test
  void savedCursorIsSentAsAddedAfterWithEveryVersion() {
    local.state.savePullCursor(key, Instant.parse(T1));
    peer.then(200, "{}");

    Puller.PullResult result = puller(InboundCheck.ACCEPT_ALL).pull(client, "bank-b", peer.apiRoot(), link);

    URI sent = peer.requests.get(0).uri();
    assertThat(sent.getQuery())
        .isEqualTo("added_after=" + T1 + "&limit=10&match[version]=all&match[spec_version]=2.0,2.1");
    assertThat(result.pages()).isEqualTo(1);
    assertThat(result.cursor()).contains(Instant.parse(T1));
  }

  @Test
  void pageWithheldWholeIsPassedByNextWithoutMovingTheCursor() {
    peer.then(200, envelope(true, "t1"));
    peer.then(200, envelope(false, null, 1, 2), last(T2));

    Puller.PullResult result = puller(InboundCheck.ACCEPT_ALL).pull(client, "bank-b", peer.apiRoot(), link);

    assertThat(peer.requests).hasSize(2);
    assertThat(peer.requests.get(1).uri().getQuery()).contains("next=t1");
    assertThat(result.added()).isEqualTo(2);
    assertThat(local.state.pullCursor(key)).contains(Instant.parse(T2));
  }

  @Test
  void rejectedObjectIsReportedNotStoredAndTheCursorMovesPastIt() {
    peer.then(200, envelope(false, null, 1, 2, 3), last(T1));
    InboundCheck refuseTwo =
        (party, o) ->
            o.get("id").asText().endsWith("02")
                ? Admission.refused(List.of(new Violation("$", "test", "not wanted")))
                : Admission.admitted(Origin.receivedFrom(party, "A1"));

    Puller.PullResult result = puller(refuseTwo).pull(client, "bank-b", peer.apiRoot(), link);

    assertThat(result.received()).isEqualTo(3);
    assertThat(result.added()).isEqualTo(2);
    assertThat(result.rejected()).isEqualTo(1);
    assertThat(rejections).singleElement().satisfies(r -> assertThat(r.reason()).contains("not wanted"));
    // The ledger records what crossed the wire: all three, the refused one included.
    assertThat(transfers).singleElement().satisfies(t -> assertThat(t.versions()).hasSize(3));
    assertThat(local.store.objects(LocalStore.COLLECTION, ObjectQuery.all(10)).items())
        .hasSize(2)
        .allSatisfy(o -> assertThat(o.origin()).isEqualTo(Origin.receivedFrom("bank-b", "A1")));
    assertThat(local.state.pullCursor(key)).contains(Instant.parse(T1));
  }

  @Test
  void failureMidPullLeavesTheCursorAtTheLastStoredPage() {
    peer.then(200, envelope(true, "t1", 1), last(T1));
    peer.then(403, "{\"title\":\"Forbidden\"}");

    assertThatThrownBy(() -> puller(InboundCheck.ACCEPT_ALL).pull(client, "bank-b", peer.apiRoot(), link))
        .isInstanceOf(TaxiiClientException.Http.class);

    assertThat(local.state.pullCursor(key)).contains(Instant.parse(T1));
    assertThat(local.store.objects(LocalStore.COLLECTION, ObjectQuery.all(10)).items()).hasSize(1);
  }

  @Test
  void repeatedPageIsStoredOnceAndCountedAsDuplicates() {
    peer.then(200, envelope(false, null, 1, 2), last(T1));
    peer.then(200, envelope(false, null, 1, 2), last(T1));
    Puller puller = puller(InboundCheck.ACCEPT_ALL);

    puller.pull(client, "bank-b", peer.apiRoot(), link);
    Puller.PullResult again = puller.pull(client, "bank-b", peer.apiRoot(), link);

    assertThat(again.duplicates()).isEqualTo(2);
    assertThat(again.added()).isZero();
    assertThat(local.store.objects(LocalStore.COLLECTION, ObjectQuery.all(10)).items()).hasSize(2);
  }
}
