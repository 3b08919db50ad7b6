package org.accord.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.accord.rules.Holdings.Held;
import org.accord.stix.StixObject;

/**
 * {@link References} for one decision: a referenced id is looked up in the node's {@link Holdings} and decided by the
 * same gate for the same recipient, references included, recursively.
 *
 * <p>Bounded and cycle-safe, and never more permissive than the top-level decision of the referenced object: an id
 * already being decided higher up (a cycle), or one more than {@value #MAX_DEPTH} references deep, counts as withheld.
 * Both only ever withhold more, so an object resolved as released here is released when it is decided on its own
 * (with fewer objects in progress and more depth left). Each id is looked up and decided at most once per decision
 * (memoised), and the ids of one object are looked up in one call ({@link #prepare}).
 *
 * <p>Not thread-safe: one instance serves one decision on one thread.
 */
final class GateReferences implements References {
  /** How deep references are followed; a chain of STIX objects is rarely longer than note, report, SRO, SDO. */
  static final int MAX_DEPTH = 8;

  private final Egress gate;
  private final Holdings holdings;
  private final String recipient;
  private final Map<String, Held> held = new HashMap<>();
  private final Set<String> missing = new HashSet<>();
  private final Map<String, Resolution> resolved = new HashMap<>();
  private final List<String> inProgress = new ArrayList<>();

  GateReferences(Egress gate, Holdings holdings, String recipient) {
    this.gate = gate;
    this.holdings = holdings;
    this.recipient = recipient;
  }

  /** The decision for {@code object}, with its references resolved through this instance. */
  Decision decide(StixObject object, Provenance provenance) {
    inProgress.add(object.id());
    try {
      return gate.decide(object, provenance, recipient, this);
    } finally {
      inProgress.remove(inProgress.size() - 1);
    }
  }

  @Override
  public void prepare(Collection<String> ids) {
    List<String> ask = new ArrayList<>();
    for (String id : ids) {
      if (!held.containsKey(id) && !missing.contains(id) && !resolved.containsKey(id)) {
        ask.add(id);
      }
    }
    if (ask.isEmpty()) {
      return;
    }
    Map<String, Held> found = holdings.latest(ask);
    for (String id : ask) {
      Held h = found.get(id);
      if (h != null) {
        held.put(id, h);
      } else {
        missing.add(id);
      }
    }
  }

  @Override
  public Resolution resolve(String id) {
    Resolution known = resolved.get(id);
    if (known != null) {
      return known;
    }
    if (inProgress.contains(id)) {
      // Not remembered: the answer holds only while the id is being decided higher up.
      return new Withheld(
          Egress.WITHHELD_REFERENCE, "it names, through its references, an object still being decided (a cycle"
              + " counts as withheld)");
    }
    if (inProgress.size() > MAX_DEPTH) {
      return new Withheld(
          Egress.WITHHELD_REFERENCE, "references are followed " + MAX_DEPTH + " deep, and this one is deeper");
    }
    prepare(List.of(id));
    Held h = held.get(id);
    Resolution r;
    if (h == null) {
      r = new Unknown();
    } else if (h.sentBy().contains(recipient)) {
      r = new Released("received from " + recipient);
    } else {
      Decision d = decide(h.object(), h.provenance());
      if (d instanceof Decision.Deny) {
        r = new Withheld(d.clauseId(), d.reason());
      } else {
        String releasedId = d.released().orElseThrow().id();
        r = releasedId.equals(id) ? new Released("released by " + d.clauseId())
            : new Transformed(releasedId, d.clauseId());
      }
    }
    resolved.put(id, r);
    return r;
  }
}
