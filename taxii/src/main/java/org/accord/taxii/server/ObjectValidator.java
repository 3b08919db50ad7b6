package org.accord.taxii.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.accord.stix.Violation;

/**
 * Checks one posted object before it is stored (the node plugs in the STIX {@code Validator}). An empty list means
 * the object may be stored; otherwise the violations become the reason in the status resource's {@code failures}.
 */
@FunctionalInterface
public interface ObjectValidator {
  List<Violation> validate(ObjectNode object);
}
