package org.accord.node;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.accord.ledger.Checkpoint;
import org.accord.ledger.Entry;
import org.accord.ledger.LedgerVerifier;
import org.accord.rules.Party;
import org.accord.taxii.client.Credentials;

/**
 * This node's side of a peer's {@link LedgerEndpoints}: hands over a checkpoint and takes the peer's back, or reads
 * the peer's entries about this node. Everything the peer returns is checked with the peer's key from the rulebook
 * before it is believed.
 */
public final class PeerLedger {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final NodeConfig.PeerConfig peer;
  private final Party party;
  private final HttpClient http;

  /**
   * @param peer where the peer is and how to log in
   * @param party the peer's party in the active rulebook (its key checks what it returns)
   */
  public PeerLedger(NodeConfig.PeerConfig peer, Party party) {
    this(peer, party, httpClient());
  }

  /** @param http the HTTP client to use, shared by a node's exchanges with all its peers ({@link #httpClient()}) */
  public PeerLedger(NodeConfig.PeerConfig peer, Party party, HttpClient http) {
    this.peer = Objects.requireNonNull(peer, "peer");
    this.party = Objects.requireNonNull(party, "party");
    if (!party.id().equals(peer.party())) {
      throw new IllegalArgumentException("peer " + peer.party() + " paired with party " + party.id());
    }
    this.http = Objects.requireNonNull(http, "http");
  }

  /** An HTTP client with this class's connect timeout. */
  public static HttpClient httpClient() {
    return HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** Posts {@code mine}; returns the peer's own checkpoint, its signature checked. */
  public Checkpoint exchange(Checkpoint mine) throws IOException {
    String body = send(
        request(LedgerEndpoints.CHECKPOINT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(mine.toJson()))
            .build());
    Checkpoint theirs;
    try {
      theirs = Checkpoint.parse(body);
    } catch (IllegalArgumentException e) {
      throw new IOException("peer " + peer.party() + " answered with something that is not a checkpoint: "
          + e.getMessage(), e);
    }
    if (!theirs.party().equals(party.id()) || !theirs.verify(party.publicKey())) {
      throw new IOException("peer " + peer.party() + " answered with a checkpoint that is not signed by "
          + party.id() + "'s key in the rulebook");
    }
    return theirs;
  }

  /** The peer's ledger entries about this node, each entry's hash and signature checked with the peer's key. */
  public List<Entry> entries() throws IOException {
    String body = send(request(LedgerEndpoints.ENTRIES).GET().build());
    try {
      return LedgerVerifier.readExport(new ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          party.publicKey());
    } catch (IllegalArgumentException e) {
      throw new IOException("peer " + peer.party() + "'s ledger export does not verify: " + e.getMessage(), e);
    }
  }

  private HttpRequest.Builder request(String path) {
    String authorization = new Credentials(peer.user(), new String(peer.secret())).authorization();
    return HttpRequest.newBuilder(URI.create(stripSlash(peer.url().toString()) + path))
        .timeout(TIMEOUT)
        .header("Authorization", authorization)
        .header("Accept", "application/json, " + LedgerEndpoints.JSON_LINES);
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private String send(HttpRequest request) throws IOException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while talking to peer " + peer.party(), e);
    }
    if (response.statusCode() != 200) {
      // The URL and status only: the body is the peer's error message, the request's credentials never appear.
      throw new IOException(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": "
          + abbreviate(response.body()));
    }
    return response.body();
  }

  private static String abbreviate(String s) {
    return s.length() > 500 ? s.substring(0, 500) + "..." : s;
  }
}
