package org.accord.node;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.accord.rules.Holdings;
import org.accord.store.CollectionInfo;
import org.accord.store.ObjectQuery;
import org.accord.store.ObjectStore;
import org.accord.store.Page;
import org.accord.store.StoredObject;
import org.accord.store.VersionMatch;

/**
 * What the node holds, for the gate's reference checks: the latest version of each asked id in any collection (the
 * newest version timestamp; the later {@code date_added} between equal ones), and every party that sent a version
 * of it. One store query per collection for all the ids of one object, on the {@code (collection, object_id,
 * version)} index.
 */
public final class StoreHoldings implements Holdings {
  private final ObjectStore store;

  public StoreHoldings(ObjectStore store) {
    this.store = store;
  }

  @Override
  public Map<String, Held> latest(Collection<String> ids) {
    Map<String, StoredObject> newest = new HashMap<>();
    Map<String, Set<String>> senders = new HashMap<>();
    ObjectQuery query =
        new ObjectQuery(
            Optional.empty(), ids.size(), Optional.empty(), Set.copyOf(ids), Set.of(), VersionMatch.LAST, Set.of());
    for (CollectionInfo c : store.collections()) {
      ObjectQuery q = query;
      while (true) {
        Page<StoredObject> page = store.objects(c.id(), q);
        for (StoredObject s : page.items()) {
          String id = s.entry().id();
          if (!s.origin().isOwn()) {
            // Every party on the chain held this version before this node did: each knows the id already.
            Set<String> knowing = senders.computeIfAbsent(id, k -> new HashSet<>());
            knowing.add(s.origin().party());
            s.origin().hops().forEach(h -> knowing.add(h.from()));
          }
          newest.merge(id, s, StoreHoldings::newer);
        }
        if (!page.more() || page.next().isEmpty()) {
          break;
        }
        q = q.withAfter(page.next().get());
      }
    }
    Map<String, Held> out = new HashMap<>();
    newest.forEach(
        (id, s) ->
            out.put(id, new Held(s.object(), NodeGate.provenance(s.origin()), senders.getOrDefault(id, Set.of()))));
    return out;
  }

  private static StoredObject newer(StoredObject a, StoredObject b) {
    int byVersion = a.entry().version().compareTo(b.entry().version());
    if (byVersion != 0) {
      return byVersion > 0 ? a : b;
    }
    return a.entry().dateAdded().compareTo(b.entry().dateAdded()) >= 0 ? a : b;
  }
}
