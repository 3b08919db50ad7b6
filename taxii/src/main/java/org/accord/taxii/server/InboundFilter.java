package org.accord.taxii.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.accord.store.Admission;

/**
 * Decides, for each object a client posts that passed validation, whether it is stored and with which origin: the
 * inbound half of the rulebook. A node with a rulebook stores a peer's object as received from that peer's party under
 * the agreement whose clause let the party send it, and refuses it when no clause does. The default stores everything
 * as this node's own. Must be thread-safe.
 */
@FunctionalInterface
public interface InboundFilter {
  /** Everything posted is this node's own. */
  InboundFilter OWN = (principal, collectionId, object) -> Admission.own();

  Admission admit(Principal principal, String collectionId, ObjectNode object);
}
