package org.accord.taxii.client;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A peer node as this node federates with it.
 *
 * @param party the peer's party name (as in the rulebook): keys its cursors and names it in the ledger
 * @param server the peer's TAXII server, e.g. {@code https://cert.example:9440}
 * @param apiRoot the name of the API root on that server (e.g. {@code accord} for {@code /accord/}); null for the
 *     discovery resource's default (TAXII 2.1 §4.1.1)
 * @param credentials this node's user at the peer
 * @param pulls the peer's collections to pull, each into a local collection
 * @param pushes local collections to push, each to a collection of the peer
 */
public record Peer(
    String party,
    URI server,
    String apiRoot,
    Credentials credentials,
    List<CollectionLink> pulls,
    List<CollectionLink> pushes) {
  public Peer {
    Objects.requireNonNull(party, "party");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(credentials, "credentials");
    if (!server.isAbsolute()) {
      throw new IllegalArgumentException("a peer's server URL must be absolute, was " + server);
    }
    if (server.getRawUserInfo() != null) {
      // URLs are logged and named in exceptions: credentials belong in the credentials, never in the URL.
      throw new IllegalArgumentException("a peer's server URL must not carry credentials; use credentials");
    }
    pulls = List.copyOf(pulls);
    pushes = List.copyOf(pushes);
  }

  /** The API root URL, resolved against the server; asks the discovery resource when none is configured. */
  URI apiRootUrl(TaxiiClient client) {
    if (apiRoot != null) {
      return server.resolve("/" + apiRoot + "/");
    }
    return client
        .discover(server)
        .defaultApiRoot()
        .orElseThrow(() -> new TaxiiClientException.Protocol(party + " names no default API root (TAXII 2.1 §4.1)"));
  }

  /**
   * A remote collection and the local collection paired with it.
   *
   * @param remote the peer's collection id
   * @param local this node's collection id
   */
  public record CollectionLink(String remote, String local) {
    public CollectionLink {
      Objects.requireNonNull(remote, "remote");
      Objects.requireNonNull(local, "local");
    }
  }
}
