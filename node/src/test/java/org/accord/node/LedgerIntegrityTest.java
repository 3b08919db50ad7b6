package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.accord.ledger.Checkpoint;
import org.accord.ledger.Entry;
import org.accord.ledger.EntryKind;
import org.accord.ledger.HeadAnchor;
import org.accord.ledger.Ledger;
import org.accord.ledger.LedgerVerifier;
import org.accord.ledger.ObjectRef;
import org.accord.taxii.TransferListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, findings 6 and 7, against a node over real HTTP and SQLite, with a peer (party {@link TestNode#PEER}) whose
 * node posts, polls and hands over checkpoints as a hostile or careless partner would.
 */
class LedgerIntegrityTest {
  private final SpecClient peer = new SpecClient(TestNode.PEER_USER, TestNode.PASSWORD);
  private final SpecClient alice = new SpecClient("alice", TestNode.PASSWORD);
  private TestNode node;

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private String intel() {
    return node.baseUrl() + "/accord/collections/" + TestNode.INTEL + "/";
  }

  /** Finding 6: one POST wrote one ledger line that grew with the body, until the node could not read its ledger. */
  @Test
  void aPostOfMoreObjectsThanAnEntryHoldsIsRecordedInBoundedEntriesTheStatusStaysBoundedAndTheNodeRestarts()
      throws IOException {
    node = TestNode.withPeer();
    int n = 2 * TransferListener.VERSIONS_PER_RECORD + 500;
    List<String> objects = indicators(n, TestNode.PEER_IDENTITY);

    HttpResponse<String> r = peer.post(intel(), envelope(objects));

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    JsonNode status = peer.parse(r.body());
    assertThat(status.get("total_count").asInt()).isEqualTo(n);
    assertThat(status.get("success_count").asInt()).as(r.body().substring(0, 300)).isEqualTo(n);
    assertThat(status.get("successes").size()).as("the status lists a bounded number of objects").isEqualTo(1000);
    assertThat(r.body().length()).as("the status resource stays small").isLessThan(200_000);

    List<Entry> received = entries(EntryKind.RECEIVED);
    assertThat(received).as("one record per " + TransferListener.VERSIONS_PER_RECORD + " versions").hasSize(3);
    assertThat(received).allSatisfy(
        e -> assertThat(e.objects()).hasSizeLessThanOrEqualTo(TransferListener.VERSIONS_PER_RECORD));
    assertThat(received.stream().flatMap(e -> e.objects().stream()).map(ObjectRef::id).toList())
        .containsExactlyElementsOf(objects.stream().map(o -> peer.parse(o).get("id").asText()).toList());
    assertThat(received).extracting(Entry::payloadHash).containsOnly(
        TransferListener.sha256Hex(envelope(objects).getBytes(StandardCharsets.UTF_8)));

    Path dataDir = node.dataDir();
    node.stop();
    assertThat(LedgerVerifier.verify(Node.ledgerFile(node.node().config()), node.node().ledger().publicKey()).ok())
        .isTrue();
    TestNode again = TestNode.restartWithPeer(dataDir);
    try {
      assertThat(again.node().ledger().seq()).isEqualTo(node.node().ledger().seq());
    } finally {
      again.stop();
    }
  }

  /** Finding 7d: a POST whose tail is malformed answered 400 after 500 objects were committed, unrecorded. */
  @Test
  void aPostWithAMalformedTailStoresNothingAndRecordsNothing() {
    node = TestNode.withPeer();
    long before = node.node().ledger().seq();
    List<String> objects = indicators(1500, TestNode.PEER_IDENTITY);
    String body = envelope(objects);
    String broken = body.substring(0, body.length() - 2) + ",{\"type\":}]}";

    HttpResponse<String> r = peer.post(intel(), broken);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(peer.parse(r.body()).path("details").path("objects_stored_before_error").asInt()).isZero();
    assertThat(alice.allObjects(intel(), 50)).isEmpty();
    assertThat(node.node().ledger().seq()).isEqualTo(before);
  }

  /** Finding 7b: every page a peer GETs added a signed entry. */
  @Test
  void aThousandPollsOfTheSamePageAddAtMostOneEntry() {
    node = TestNode.withPeer();
    HttpResponse<String> seeded = alice.post(intel(), envelope(indicators(10, null)));
    assertThat(seeded.statusCode()).as(seeded.body()).isEqualTo(202);
    long before = node.node().ledger().seq();

    for (int i = 0; i < 1000; i++) {
      JsonNode page = peer.getOk(intel() + "objects/?limit=5");
      assertThat(page.path("objects").size()).isEqualTo(5);
    }

    assertThat(node.node().ledger().seq() - before).isEqualTo(1);
    JsonNode next = peer.getOk(intel() + "objects/?limit=10");
    assertThat(next.path("objects").size()).isEqualTo(10);
    assertThat(node.node().ledger().seq() - before).as("a page with other versions is a new record").isEqualTo(2);
  }

  /** A HEAD runs the GET handler (same status and headers) but sends no body: nothing crossed, nothing recorded. */
  @Test
  void aHeadByAPeerRecordsNoTransfer() {
    node = TestNode.withPeer();
    HttpResponse<String> seeded = alice.post(intel(), envelope(indicators(3, null)));
    assertThat(seeded.statusCode()).as(seeded.body()).isEqualTo(202);
    long before = node.node().ledger().seq();

    HttpResponse<String> head =
        peer.send(peer.request(intel() + "objects/").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("X-TAXII-Date-Added-Last")).isPresent();
    assertThat(node.node().ledger().seq()).isEqualTo(before);
    peer.getOk(intel() + "objects/");
    assertThat(node.node().ledger().seq()).as("the GET of the same page is recorded").isEqualTo(before + 1);
  }

  /** Finding 7b: the memory of what was recorded is rebuilt from the ledger at start. */
  @Test
  void afterARestartThePollsOfAPageAlreadyRecordedAddNothing() {
    node = TestNode.withPeer();
    alice.post(intel(), envelope(indicators(5, null)));
    peer.getOk(intel() + "objects/");
    long seq = node.node().ledger().seq();
    Path dataDir = node.dataDir();
    node.stop();
    TestNode again = TestNode.restartWithPeer(dataDir);
    try {
      SpecClient p = new SpecClient(TestNode.PEER_USER, TestNode.PASSWORD);
      p.getOk(again.baseUrl() + "/accord/collections/" + TestNode.INTEL + "/objects/");
      assertThat(again.node().ledger().seq()).isEqualTo(seq);
    } finally {
      again.stop();
    }
  }

  /** Finding 7a: a stale or replayed peer checkpoint (seq 5 after 7) was appended. */
  @Test
  void aStaleOrReplayedCheckpointFromThePeerIsRefusedWith409() throws IOException {
    node = TestNode.withPeer();
    Path peerDir = Files.createTempDirectory("peer-ledger-");
    try (Ledger peerLedger =
        Ledger.open(peerDir.resolve("ledger.jsonl"), TestNode.peerKeys(node.dataDir()), TestNode.PEER,
            Clock.systemUTC())) {
      Checkpoint five = null;
      for (int i = 1; i <= 7; i++) {
        peerLedger.append(Entry.Draft.sent(TestNode.HOME, List.of(new ObjectRef("indicator--" + UUID.randomUUID(),
            null)), null, Entry.Draft.payloadHash(new byte[] {(byte) i})));
        if (i == 5) {
          five = peerLedger.checkpoint();
        }
      }
      Checkpoint seven = peerLedger.checkpoint();

      assertThat(postCheckpoint(seven).statusCode()).isEqualTo(200);
      long seq = node.node().ledger().seq();
      HttpResponse<String> stale = postCheckpoint(five);
      assertThat(stale.statusCode()).as(stale.body()).isEqualTo(409);
      assertThat(peer.parse(stale.body()).get("description").asText())
          .contains("at seq 5 is older").contains("(seq 7 of");
      HttpResponse<String> replay = postCheckpoint(seven);
      assertThat(replay.statusCode()).as(replay.body()).isEqualTo(409);
      assertThat(peer.parse(replay.body()).get("description").asText()).contains("already recorded");
      assertThat(node.node().ledger().seq()).as("nothing appended").isEqualTo(seq);
    } finally {
      TestNode.deleteRecursively(peerDir);
    }
  }

  /** Finding 7c: a ledger cut at a line boundary, or emptied, passed verify and the node started silently. */
  @Test
  void aNodeWhoseLedgerWasCutOrEmptiedRefusesToStartNamingTheCut() throws IOException {
    node = TestNode.withPeer();
    peer.post(intel(), envelope(indicators(3, TestNode.PEER_IDENTITY)));
    alice.post(intel(), envelope(indicators(3, null)));
    peer.getOk(intel() + "objects/");
    long seq = node.node().ledger().seq();
    assertThat(seq).isGreaterThanOrEqualTo(3);
    Path dataDir = node.dataDir();
    Path file = Node.ledgerFile(node.node().config());
    node.stop();

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Files.writeString(file, String.join("\n", lines.subList(0, lines.size() - 1)) + "\n");
    assertThatThrownBy(() -> TestNode.restartWithPeer(dataDir))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("refusing to start")
        .hasMessageContaining("the ledger ends at seq " + (seq - 1))
        .hasMessageContaining("commits to seq " + seq);
    assertThat(LedgerVerifier.verify(file, node.node().ledger().publicKey(),
        HeadAnchor.file(HeadAnchor.besideFile(file)).read()).ok()).isFalse();

    Files.write(file, new byte[0]);
    assertThatThrownBy(() -> TestNode.restartWithPeer(dataDir)).hasMessageContaining("the ledger is empty");
  }

  /**
   * Finding 7c, the head file is no help against whoever can write the data directory: the ledger and its head file
   * deleted together are still noticed, through the head the node keeps in its database.
   */
  @Test
  void aLedgerDeletedWithItsHeadFileStillStopsTheNodeThroughTheHeadInTheDatabase() throws IOException {
    node = TestNode.withPeer();
    peer.post(intel(), envelope(indicators(3, TestNode.PEER_IDENTITY)));
    long seq = node.node().ledger().seq();
    Path dataDir = node.dataDir();
    Path file = Node.ledgerFile(node.node().config());
    node.stop();

    Files.delete(file);
    Files.delete(HeadAnchor.besideFile(file));

    assertThatThrownBy(() -> TestNode.restartWithPeer(dataDir))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("refusing to start")
        .hasMessageContaining("database")
        .hasMessageContaining("commits to seq " + seq);
  }

  private HttpResponse<String> postCheckpoint(Checkpoint cp) {
    return peer.send(
        peer.request(node.baseUrl() + LedgerEndpoints.CHECKPOINT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(cp.toJson()))
            .build());
  }

  private List<Entry> entries(EntryKind kind) throws IOException {
    List<Entry> out = new ArrayList<>();
    node.node().ledger().replay(e -> {
      if (e.kind() == kind) {
        out.add(e);
      }
      return true;
    });
    return out;
  }

  static List<String> indicators(int n, String createdBy) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(
          "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--" + UUID.randomUUID() + "\","
              + (createdBy == null ? "" : "\"created_by_ref\":\"" + createdBy + "\",")
              + "\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\","
              + "\"name\":\"ledger test " + i + "\",\"pattern\":\"[ipv4-addr:value = '198.51.100." + (i % 256)
              + "']\",\"pattern_type\":\"stix\",\"valid_from\":\"2026-01-01T00:00:00.000Z\"}");
    }
    return out;
  }

  static String envelope(List<String> objects) {
    return "{\"objects\":[" + String.join(",", objects) + "]}";
  }
}
