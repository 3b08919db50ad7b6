package org.accord.taxii.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.accord.stix.Validator;
import org.accord.stix.Violation;
import org.accord.store.Admission;
import org.accord.store.Origin;
import org.accord.taxii.WireChain;

/**
 * Checks each pulled object before it is stored, and says where it comes from: a peer is outside this node's trust
 * boundary, so its objects pass the same validation as a POST to this node's TAXII server would, and the node's
 * rulebook decides under which agreement (if any) the peer was allowed to send it. An object that is not admitted is
 * not stored and is reported as rejected; an admitted one is stored with the admission's {@link
 * org.accord.store.Origin}.
 */
@FunctionalInterface
public interface InboundCheck {
  /** Stores anything with a type and an id, as this node's own (tests and tools without a rulebook). */
  InboundCheck ACCEPT_ALL = (party, object) -> Admission.own();

  /**
   * @param party the peer the object was pulled from
   * @param object the object as received
   */
  Admission admit(String party, ObjectNode object);

  /**
   * The same, knowing the local collection the object is pulled into (the node holds back a case object it cannot
   * apply yet, and stores its copy there later).
   *
   * @param localCollection the local collection the pull stores into
   */
  default Admission admit(String party, String localCollection, ObjectNode object) {
    return admit(party, object);
  }

  /**
   * The same for an object that came with a provenance chain ({@link WireChain}, already taken out of {@code
   * object}): {@code claimedHops} from the originator to the peer, empty for the peer's own object. A check that
   * knows no chains refuses a passed-on object.
   */
  default Admission admit(String party, String localCollection, ObjectNode object, List<Origin.Hop> claimedHops) {
    if (!claimedHops.isEmpty()) {
      return Admission.refused(List.of(new Violation("$." + WireChain.PROPERTY, "provenance-chain",
          "this node takes no objects passed on along a chain")));
    }
    return admit(party, localCollection, object);
  }

  /** The STIX 2.1 validator's violations (MUST rules); a bundle is never an object of a collection. */
  static InboundCheck stix(Validator validator) {
    return (party, object) -> {
      if ("bundle".equals(object.path("type").asText())) {
        return Admission.refused(
            List.of(new Violation("$.type", "bundle-in-collection", "a bundle cannot be stored as an object")));
      }
      List<Violation> violations = validator.validate(object).violations();
      return violations.isEmpty() ? Admission.own() : Admission.refused(violations);
    };
  }
}
