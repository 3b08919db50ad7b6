package org.accord.taxii.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.accord.stix.Violation;
import org.accord.store.Admission;
import org.accord.store.Origin;
import org.accord.taxii.WireChain;

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

  /**
   * The same for a peer's object that came with a provenance chain ({@link WireChain}, already taken out of {@code
   * object}): {@code claimedHops} from the originator to the peer, empty for the peer's own object. A filter that
   * knows no chains refuses a passed-on object.
   */
  default Admission admit(Principal principal, String collectionId, ObjectNode object, List<Origin.Hop> claimedHops) {
    if (!claimedHops.isEmpty()) {
      return Admission.refused(List.of(new Violation("$." + WireChain.PROPERTY, "provenance-chain",
          "this node takes no objects passed on along a chain")));
    }
    return admit(principal, collectionId, object);
  }
}
