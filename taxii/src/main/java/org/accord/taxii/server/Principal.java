package org.accord.taxii.server;

import java.util.Objects;

/**
 * The authenticated TAXII client of a request: who is asking. It carries no secret, so it can be handed to the
 * {@link OutboundFilter} and written to logs.
 *
 * @param name the user name from the node configuration
 * @param party the rulebook party the user acts for (a peer node), or null for a user of this node's own party
 */
public record Principal(String name, String party) {
  public Principal {
    Objects.requireNonNull(name, "name");
  }

  /** A user of this node's own party. */
  public Principal(String name) {
    this(name, null);
  }

  public static Principal of(User user) {
    return new Principal(user.name(), user.party());
  }

  /** True for a peer: another party's node, whose reads and writes the rulebook governs. */
  public boolean isPeer() {
    return party != null;
  }
}
