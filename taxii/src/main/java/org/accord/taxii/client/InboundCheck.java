package org.accord.taxii.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.accord.stix.Validator;
import org.accord.stix.Violation;

/**
 * Checks each pulled object before it is stored: a peer is outside this node's trust boundary, so its objects pass
 * the same validation as a POST to this node's TAXII server would. An object with problems is not stored and is
 * reported as rejected.
 */
@FunctionalInterface
public interface InboundCheck {
  /** Stores anything with a type and an id. */
  InboundCheck ACCEPT_ALL = object -> List.of();

  /** The problems that keep {@code object} out; empty to store it. */
  List<String> problems(ObjectNode object);

  /** The STIX 2.1 validator's violations (MUST rules); a bundle is never an object of a collection. */
  static InboundCheck stix(Validator validator) {
    return object -> {
      if ("bundle".equals(object.path("type").asText())) {
        return List.of("a bundle cannot be stored as an object");
      }
      return validator.validate(object).violations().stream().map(Violation::toString).toList();
    };
  }
}
