package org.accord.rules;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.accord.stix.StixObject;

/**
 * What a node holds, for the gate's reference checks ({@link Egress#references}): the latest version of an id, in
 * any collection, with how it came to the node. The node implements it over its store; the rules module knows no
 * storage.
 */
public interface Holdings {
  /**
   * One held object.
   *
   * @param object its latest version (the newest {@code modified}, in any collection)
   * @param provenance how that version came to this node
   * @param sentBy every party that sent this node a version of it: such a party knows the id already
   */
  record Held(StixObject object, Provenance provenance, Set<String> sentBy) {
    public Held {
      Objects.requireNonNull(object, "object");
      Objects.requireNonNull(provenance, "provenance");
      sentBy = Set.copyOf(sentBy);
    }
  }

  /** The held objects among {@code ids}; an id this node does not hold is absent from the map. */
  Map<String, Held> latest(Collection<String> ids);

  /** A node that holds nothing: every reference it is asked about is unknown. */
  static Holdings none() {
    return ids -> Map.of();
  }
}
