package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.Transition;
import org.accord.cases.evidence.PackageVerifier;
import org.accord.cases.evidence.VerifyReport;
import org.accord.ledger.Entry;
import org.accord.ledger.EntryKind;
import org.accord.stix.StixJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence over real HTTP on a real node: uploads by the answering party's own users, streamed into the store with
 * their declared length and hash checked; downloads by the requesting party's peer, each a custody and ledger entry;
 * nobody else; and an export that verifies against the node's pinned key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceEndpointsTest {
  private static final int LIMIT = 4096;

  private CaseNode n;
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path out;

  @BeforeAll
  void start() {
    n = CaseNode.start(new CaseNode.MovingClock(CaseNode.t0()),
        "  tick_seconds: 0\n  evidence_max_bytes: " + LIMIT);
  }

  @AfterAll
  void stop() {
    n.close();
  }

  /** A request of the peer's that this node's party (home) answers, received. */
  private String requestToHome() {
    AssistanceRequest r = CaseNode.request("peer", "home", n.clock.instant());
    n.node.cases().create(r);
    n.node.cases().apply(r.id(), Transition.SEND, "peer");
    n.node.cases().apply(r.id(), Transition.RECEIVE, "home");
    return r.id();
  }

  private static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + CaseNode.PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<byte[]> upload(String id, String user, byte[] body, String sha256) throws Exception {
    URI uri = URI.create(n.node.baseUrl() + "/api/cases/" + id + "/evidence?name=logs.txt");
    HttpRequest r = HttpRequest.newBuilder(uri)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", "text/plain")
        .header("X-Content-SHA256", sha256)
        .header("Authorization", basic(user))
        .build();
    return http.send(r, HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> get(String path, String user) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create(n.node.baseUrl() + path))
        .GET().header("Authorization", basic(user)).build();
    return http.send(r, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
    return StixJson.mapper().readTree(r.body());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private List<Entry> ledger() throws Exception {
    List<Entry> all = new ArrayList<>();
    n.node.ledger().replay(e -> all.add(e));
    return all;
  }

  /** Nothing half-way: no file with this hash and no temporary file in the evidence store. */
  private void nothingStored(String sha256) throws Exception {
    Path blobs = n.dir.resolve("evidence").resolve("sha256");
    assertThat(Files.exists(blobs.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2)))).isFalse();
    try (Stream<Path> s = Files.walk(blobs)) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(f -> f.startsWith(".tmp-")).toList()).isEmpty();
    }
  }

  @Test
  void anOwnUserUploadsEvidenceIntoTheRequestsPackageAndEachUploadIsInTheLedger() throws Exception {
    String id = requestToHome();
    byte[] logs = bytes("2026-12-01 203.0.113.7 -> 198.51.100.2 443\n");
    long before = n.node.ledger().seq();

    HttpResponse<byte[]> r = upload(id, "alice", logs, sha256(logs));

    assertThat(r.statusCode()).as(text(r)).isEqualTo(201);
    JsonNode p = json(r);
    assertThat(p.at("/manifest/request_id").asText()).isEqualTo(id);
    assertThat(p.at("/manifest/recipient").asText()).isEqualTo("peer");
    assertThat(p.at("/manifest/files/0/sha256").asText()).isEqualTo(sha256(logs));
    assertThat(p.at("/manifest/files/0/name").asText()).isEqualTo("logs.txt");
    assertThat(p.get("custody")).hasSize(2); // collected, stored
    assertThat(n.node.ledger().seq()).isEqualTo(before + 2);

    byte[] more = bytes("subscriber: Example Hosting customer 4711\n");
    HttpResponse<byte[]> second = upload(id, "alice", more, sha256(more));
    assertThat(second.statusCode()).as(text(second)).isEqualTo(201);
    assertThat(json(second).at("/manifest/files")).hasSize(2);
    HttpResponse<byte[]> shown = get("/api/cases/" + id + "/evidence", "alice");
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(json(shown).at("/manifest/files")).hasSize(2);
  }

  @Test
  void anUploadDeclaredOverTheLimitIs413BeforeAByteIsStored() throws Exception {
    String id = requestToHome();
    byte[] big = new byte[LIMIT + 1];
    HttpResponse<byte[]> r = upload(id, "alice", big, sha256(big));
    assertThat(r.statusCode()).as(text(r)).isEqualTo(413);
    assertThat(json(r).get("description").asText()).contains("cases.evidence_max_bytes of " + LIMIT);
    nothingStored(sha256(big));
    assertThat(get("/api/cases/" + id + "/evidence", "alice").statusCode()).isEqualTo(404);
  }

  @Test
  void anUploadWithAnotherHashIs400WithBothHashesAndNothingStored() throws Exception {
    String id = requestToHome();
    byte[] body = bytes("the bytes that arrive");
    String declared = sha256(bytes("the bytes that were meant"));
    HttpResponse<byte[]> r = upload(id, "alice", body, declared);
    assertThat(r.statusCode()).as(text(r)).isEqualTo(400);
    assertThat(json(r).get("description").asText()).contains(declared).contains(sha256(body));
    nothingStored(sha256(body));
  }

  @Test
  void aTruncatedUploadIs400AndNothingIsStored() throws Exception {
    String id = requestToHome();
    byte[] whole = bytes("x".repeat(1000));
    String declared = sha256(whole);
    String head = "POST /api/cases/" + id + "/evidence HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n"
        + "Authorization: " + basic("alice") + "\r\n"
        + "Content-Type: text/plain\r\n"
        + "X-Content-SHA256: " + declared + "\r\n"
        + "Content-Length: " + whole.length + "\r\n"
        + "Connection: close\r\n\r\n";
    String answer;
    try (Socket s = new Socket("127.0.0.1", n.node.port())) {
      s.setSoTimeout(30_000);
      OutputStream o = s.getOutputStream();
      o.write(bytes(head));
      o.write(whole, 0, 400); // 400 of the 1000 bytes declared, then the sender stops
      o.flush();
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      in.transferTo(got);
      answer = got.toString(StandardCharsets.UTF_8);
    }
    assertThat(answer).startsWith("HTTP/1.1 400");
    assertThat(answer).contains("truncated");
    nothingStored(declared);
    nothingStored(sha256(bytes("x".repeat(400))));
  }

  @Test
  void onlyTheRequestedPartysOwnUsersUpload() throws Exception {
    String id = requestToHome();
    byte[] b = bytes("evidence");
    assertThat(upload(id, "peer-node", b, sha256(b)).statusCode()).isEqualTo(403);
    assertThat(upload(id, "third-node", b, sha256(b)).statusCode()).isEqualTo(403);

    AssistanceRequest own = CaseNode.request("home", "peer", n.clock.instant());
    n.node.cases().create(own);
    HttpResponse<byte[]> r = upload(own.id(), "alice", b, sha256(b));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).get("description").asText()).contains("only the requested party (peer)");
    String unknown = "assistance-request--" + java.util.UUID.randomUUID();
    assertThat(upload(unknown, "alice", b, sha256(b)).statusCode()).isEqualTo(404);
    assertThat(upload(unknown, "peer-node", b, sha256(b)).statusCode()).isEqualTo(403); // before any lookup
  }

  @Test
  void theHashMayBeDeclaredAsAnRfc3230DigestAndAMissingOneIs400() throws Exception {
    String id = requestToHome();
    byte[] b = bytes("registration record of example-c2.test\n");
    String b64 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(b));
    HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(n.node.baseUrl() + "/api/cases/" + id + "/evidence"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(b)).header("Authorization", basic("alice"));
    HttpResponse<byte[]> none = http.send(post.build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(json(none).get("description").asText()).contains("X-Content-SHA256");

    HttpResponse<byte[]> r =
        http.send(post.header("Digest", "SHA-256=" + b64).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(text(r)).isEqualTo(201);
    assertThat(json(r).at("/manifest/files/0/sha256").asText()).isEqualTo(sha256(b));
    assertThat(json(r).at("/manifest/files/0/media_type").asText()).isEqualTo("application/octet-stream");
  }

  @Test
  void evidenceIsRefusedBeforeReceiptAndOnceTheRequestIsClosedStoringNothing() throws Exception {
    AssistanceRequest sent = CaseNode.request("peer", "home", n.clock.instant());
    n.node.cases().create(sent);
    n.node.cases().apply(sent.id(), Transition.SEND, "peer"); // not received by home yet
    String closed = requestToHome();
    n.node.cases().apply(closed, Transition.WITHDRAW, "peer"); // the requester withdrew it: closed
    byte[] logs = bytes("netflow 203.0.113.7 2026-12-01\n");

    for (String id : List.of(sent.id(), closed)) {
      HttpResponse<byte[]> r = upload(id, "alice", logs, sha256(logs));
      assertThat(r.statusCode()).as(text(r)).isEqualTo(409);
      assertThat(text(r)).contains("evidence is added from its receipt on");
      assertThat(get("/api/cases/" + id + "/evidence", "alice").statusCode()).isEqualTo(404); // no package made
    }
  }

  @Test
  void theRecipientPeerDownloadsAndTheDownloadIsACustodyAndLedgerEntry() throws Exception {
    String id = requestToHome();
    byte[] logs = bytes("netflow 203.0.113.7 2026-12-01\n");
    assertThat(upload(id, "alice", logs, sha256(logs)).statusCode()).isEqualTo(201);
    long before = n.node.ledger().seq();

    // HEAD answers what GET would (status, length, hash) but sends nothing, so it is no access: no custody entry
    HttpResponse<Void> head = http.send(HttpRequest.newBuilder(
            URI.create(n.node.baseUrl() + "/api/cases/" + id + "/evidence/" + sha256(logs)))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Authorization", basic("peer-node")).build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("X-Content-SHA256")).hasValue(sha256(logs));
    assertThat(n.node.ledger().seq()).isEqualTo(before);

    HttpResponse<byte[]> r = get("/api/cases/" + id + "/evidence/" + sha256(logs), "peer-node");

    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    assertThat(r.body()).isEqualTo(logs);
    assertThat(r.headers().firstValue("X-Content-SHA256")).hasValue(sha256(logs));
    assertThat(n.node.ledger().seq()).isEqualTo(before + 1);
    // the uploader's media type is never sniffed, and the file never shown inline on the node's origin
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).startsWith(
        "attachment"));
    List<Entry> ledger = ledger();
    Entry last = ledger.get(ledger.size() - 1);
    assertThat(last.kind()).isEqualTo(EntryKind.EVIDENCE_ACCESSED);
    assertThat(last.counterparty()).isEqualTo("peer");
    JsonNode chain = json(get("/api/cases/" + id + "/evidence", "peer-node")).get("custody");
    JsonNode downloaded = chain.get(chain.size() - 1);
    assertThat(downloaded.get("action").asText()).isEqualTo("downloaded");
    assertThat(downloaded.get("counterparty").asText()).isEqualTo("peer");
    assertThat(downloaded.get("hash").asText()).isEqualTo(last.payloadHash());
  }

  /**
   * Evidence goes with an answer: once the request is declined, the requesting peer reads nothing more (404, as for
   * an unknown request), while the node's own users still see what they hold.
   */
  @Test
  void theRecipientPeerReadsNothingOnceTheRequestIsDeclined() throws Exception {
    String id = requestToHome();
    byte[] logs = bytes("netflow 203.0.113.7 2026-12-01\n");
    assertThat(upload(id, "alice", logs, sha256(logs)).statusCode()).isEqualTo(201);
    assertThat(get("/api/cases/" + id + "/evidence", "peer-node").statusCode()).isEqualTo(200);
    n.node.cases().apply(id, Transition.DECLINE, "home",
        List.of(org.accord.cases.DeclineGround.LEGAL_IMPEDIMENT), "a court order is needed first");
    long before = n.node.ledger().seq();

    for (String path : List.of("/api/cases/" + id + "/evidence", "/api/cases/" + id + "/evidence/" + sha256(logs),
        "/api/cases/" + id + "/evidence/export")) {
      assertThat(get(path, "peer-node").statusCode()).as(path).isEqualTo(404);
    }
    assertThat(n.node.ledger().seq()).as("nothing was accessed").isEqualTo(before);
    assertThat(get("/api/cases/" + id + "/evidence", "alice").statusCode()).isEqualTo(200);
  }

  @Test
  void aThirdPartyCannotSeeOrDownloadEvidence() throws Exception {
    String id = requestToHome();
    byte[] logs = bytes("whois 203.0.113.7\n");
    assertThat(upload(id, "alice", logs, sha256(logs)).statusCode()).isEqualTo(201);
    long before = n.node.ledger().seq();

    HttpResponse<byte[]> file = get("/api/cases/" + id + "/evidence/" + sha256(logs), "third-node");
    HttpResponse<byte[]> manifest = get("/api/cases/" + id + "/evidence", "third-node");
    HttpResponse<byte[]> export = get("/api/cases/" + id + "/evidence/export", "third-node");
    HttpResponse<byte[]> unknown =
        get("/api/cases/assistance-request--" + java.util.UUID.randomUUID() + "/evidence", "third-node");

    assertThat(file.statusCode()).isEqualTo(404);
    assertThat(manifest.statusCode()).isEqualTo(404);
    assertThat(export.statusCode()).isEqualTo(404);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(text(file)).doesNotContain(sha256(logs));
    assertThat(n.node.ledger().seq()).isEqualTo(before); // nothing was accessed
  }

  @Test
  void theExportedPackageVerifiesAgainstTheNodesPinnedKey() throws Exception {
    String id = requestToHome();
    byte[] logs = bytes("preserved: connection logs of 203.0.113.7, 60 days\n");
    assertThat(upload(id, "alice", logs, sha256(logs)).statusCode()).isEqualTo(201);

    HttpResponse<byte[]> r = get("/api/cases/" + id + "/evidence/export", "peer-node");

    assertThat(r.statusCode()).as(text(r)).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
        "application/zip"));
    Path zip = out.resolve("package.zip");
    Files.write(zip, r.body());
    VerifyReport report =
        PackageVerifier.verify(zip, Map.of("home", NodeKeys.loadOrCreate(n.dir).getPublic()), true);
    assertThat(report.intact()).as(String.join("\n", report.lines())).isTrue();
    JsonNode chain = json(get("/api/cases/" + id + "/evidence", "alice")).get("custody");
    assertThat(chain.get(chain.size() - 2).get("action").asText()).isEqualTo("transferred");
    assertThat(chain.get(chain.size() - 1).get("action").asText()).isEqualTo("exported");
  }
}
