package org.accord.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.accord.stix.StixObject;

/**
 * What would be shared differently, object by object, if a new rulebook version took effect: for {@code accord rules
 * dry-run}. Both versions are judged by the same node settings and transforms at the same instant, so every
 * difference comes from the rulebooks. Decisions for a party include the reference checks, with the given objects as
 * the node's holdings, so a change of {@code defaults.references} shows too.
 */
public final class DryRun {
  private DryRun() {}

  /** An object the node holds, with how it came to the node. */
  public record Item(StixObject object, Provenance provenance) {
    public Item {
      Objects.requireNonNull(object, "object");
      Objects.requireNonNull(provenance, "provenance");
    }
  }

  /** One (object, recipient) whose decision changes. */
  public record Difference(String objectId, String recipient, Decision before, Decision after) {
    /** {@code indicator--... to us: DENY default-deny -> ALLOW A1.S1}. */
    public String describe() {
      return objectId + " to " + recipient + ": " + before.explain() + "  ->  " + after.explain();
    }
  }

  /**
   * The decisions that differ. A decision differs when its kind, its clause, or what would leave differs; a changed
   * reason alone is not a difference.
   *
   * @param recipients party ids, and {@link Egress#PUBLIC_FEED} for the public feed
   * @throws IllegalArgumentException when either rulebook does not bind {@code settings.selfParty()}
   */
  public static List<Difference> compare(
      Rulebook active,
      Rulebook next,
      Egress.Settings settings,
      Transforms transforms,
      List<Item> objects,
      List<String> recipients) {
    Egress before = new Egress(active, settings, transforms);
    Egress after = new Egress(next, settings, transforms);
    Holdings holdings = holdings(objects);
    List<Difference> out = new ArrayList<>();
    for (Item item : objects) {
      for (String r : recipients) {
        Decision b = decide(before, item, r, holdings);
        Decision a = decide(after, item, r, holdings);
        if (b.getClass() != a.getClass()
            || !b.clauseId().equals(a.clauseId())
            || !b.released().equals(a.released())) {
          out.add(new Difference(item.object().id(), r, b, a));
        }
      }
    }
    return out;
  }

  private static Decision decide(Egress gate, Item item, String recipient, Holdings holdings) {
    return Egress.PUBLIC_FEED.equals(recipient)
        ? gate.decidePublic(item.object(), item.provenance())
        : gate.decide(item.object(), item.provenance(), recipient, holdings);
  }

  /** The objects as the node's holdings, for the reference checks: the newest version of each id. */
  private static Holdings holdings(List<Item> objects) {
    Map<String, Item> newest = new HashMap<>();
    Map<String, Set<String>> senders = new HashMap<>();
    for (Item i : objects) {
      newest.merge(i.object().id(), i, (a, b) -> version(b).compareTo(version(a)) > 0 ? b : a);
      if (i.provenance() instanceof Provenance.Received r) {
        senders.computeIfAbsent(i.object().id(), k -> new HashSet<>()).add(r.party());
      }
    }
    Map<String, Holdings.Held> held = new HashMap<>();
    newest.forEach((id, i) -> held.put(id,
        new Holdings.Held(i.object(), i.provenance(), senders.getOrDefault(id, Set.of()))));
    return ids -> {
      Map<String, Holdings.Held> out = new HashMap<>();
      ids.forEach(id -> {
        if (held.containsKey(id)) {
          out.put(id, held.get(id));
        }
      });
      return out;
    };
  }

  private static Instant version(Item i) {
    return i.object().version().orElse(Instant.MIN);
  }
}
