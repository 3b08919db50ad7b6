package org.accord.taxii.server;

import static org.accord.taxii.server.TestServer.INTEL;
import static org.accord.taxii.server.TestServer.envelope;
import static org.accord.taxii.server.TestServer.indicator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.accord.stix.Violation;
import org.accord.store.Admission;
import org.accord.store.ObjectQuery;
import org.accord.store.Origin;
import org.accord.store.StoredObject;
import org.accord.taxii.TransferListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seams a node's rulebook plugs into, seen from a peer (user "peer", party "us"): access from the policy with a
 * reason on refusal, each posted object admitted with an origin or refused with a reason, and every page served to a
 * peer and every post by a peer reported with the SHA-256 of the exact body, as the ledger needs.
 */
class PeerPoliciesTest {
  private final List<TransferListener.Transfer> transfers = new CopyOnWriteArrayList<>();
  private final TransferListener listener =
      new TransferListener() {
        @Override
        public void transferred(Transfer transfer) {
          transfers.add(transfer);
        }
      };
  private TestServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  private TaxiiServer.Policies policies(AccessPolicy access, InboundFilter inbound) {
    return new TaxiiServer.Policies(access, OutboundFilter.RELEASE_ALL, inbound, listener);
  }

  @Test
  void aPeerRefusedByThePolicyIsToldWhyWith403() {
    AccessPolicy noClause =
        (user, c) ->
            user.party() == null
                ? AccessPolicy.CONFIGURED.access(user, c)
                : new AccessPolicy.Grant(User.Access.NONE, "no clause lets cn send to " + user.party());
    server = new TestServer(policies(noClause, InboundFilter.OWN));

    HttpResponse<String> refused = server.get(server.objectsPath(INTEL), "peer");

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(server.body(refused).get("description").asText()).isEqualTo("no clause lets cn send to us");
    assertThat(server.get(server.objectsPath(INTEL), "alice").statusCode()).isEqualTo(200);
  }

  @Test
  void aPeersPostIsStoredWithTheOriginTheFilterGivesAndRefusalsCarryTheReason() {
    InboundFilter rulebook =
        (principal, c, object) -> {
          if (!principal.isPeer()) {
            return Admission.own();
          }
          return object.get("modified").asText().startsWith("2016")
              ? Admission.admitted(Origin.receivedFrom(principal.party(), "A1"))
              : Admission.refused(List.of(new Violation("$", "default-deny", "no clause lets us send this")));
        };
    server = new TestServer(policies(AccessPolicy.CONFIGURED, rulebook));
    String allowed = "indicator--" + UUID.randomUUID();
    String own = "indicator--" + UUID.randomUUID();

    JsonNode status =
        server.body(
            server.post(
                server.objectsPath(INTEL), "peer",
                envelope(
                    indicator(allowed.substring(11), "2016-01-01T00:00:00.000Z"),
                    indicator(UUID.randomUUID().toString(), "2017-01-01T00:00:00.000Z"))));
    server.post(server.objectsPath(INTEL), "alice", envelope(indicator(own.substring(11), "2018-01-01T00:00:00.000Z")));

    assertThat(status.get("success_count").asInt()).isEqualTo(1);
    assertThat(status.get("failures").get(0).get("message").asText()).contains("no clause lets us send this");
    List<StoredObject> stored = server.store.objects(INTEL, ObjectQuery.all(10)).items();
    assertThat(stored).extracting(o -> o.entry().id()).containsExactly(allowed, own);
    assertThat(stored).extracting(StoredObject::origin)
        .containsExactly(Origin.receivedFrom("us", "A1"), Origin.OWN);
  }

  @Test
  void pagesServedToAPeerAndPostsByAPeerAreReportedWithTheHashOfTheExactBody() {
    server = new TestServer(policies(AccessPolicy.CONFIGURED, InboundFilter.OWN));
    String uuid = UUID.randomUUID().toString();
    String body = envelope(indicator(uuid, "2016-01-01T00:00:00.000Z"));

    server.post(server.objectsPath(INTEL), "peer", body);
    HttpResponse<String> page = server.get(server.objectsPath(INTEL), "peer");
    server.get(server.objectsPath(INTEL), "alice"); // this node's own user: nothing crosses to another party

    assertThat(transfers).hasSize(2);
    TransferListener.Transfer received = transfers.get(0);
    assertThat(received.direction()).isEqualTo(TransferListener.Direction.RECEIVED);
    assertThat(received.party()).isEqualTo("us");
    assertThat(received.sha256()).isEqualTo(sha256(body));
    assertThat(received.versions())
        .containsExactly(new TransferListener.VersionRef("indicator--" + uuid, "2016-01-01T00:00:00.000Z"));
    TransferListener.Transfer sent = transfers.get(1);
    assertThat(sent.direction()).isEqualTo(TransferListener.Direction.SENT);
    assertThat(sent.localCollection()).isEqualTo(INTEL);
    assertThat(sent.sha256()).isEqualTo(sha256(page.body()));
    assertThat(sent.versions()).isEqualTo(received.versions());
  }

  private static String sha256(String text) {
    return TransferListener.sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }
}
