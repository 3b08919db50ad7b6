package org.accord.taxii.server;

import java.util.Objects;

/**
 * The authenticated TAXII client of a request: who is asking. It carries no secret, so it can be handed to the
 * {@link OutboundFilter} and written to logs.
 *
 * @param name the user name from the node configuration
 */
public record Principal(String name) {
  public Principal {
    Objects.requireNonNull(name, "name");
  }
}
