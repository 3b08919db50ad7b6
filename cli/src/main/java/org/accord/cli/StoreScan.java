package org.accord.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.accord.store.ObjectQuery;
import org.accord.store.ObjectStore;
import org.accord.store.Page;
import org.accord.store.StoredObject;
import org.accord.store.VersionMatch;

/** Reading whole collections (every version of every spec_version), page by page, for the demo and reports. */
final class StoreScan {
  private static final int PAGE = 1000;

  private StoreScan() {}

  /** Every version in the collection, in date_added order. */
  static List<StoredObject> allVersions(ObjectStore store, String collection) {
    List<StoredObject> all = new ArrayList<>();
    ObjectQuery q =
        new ObjectQuery(
            Optional.empty(), PAGE, Optional.empty(), Set.of(), Set.of(), VersionMatch.ALL, Set.of("2.0", "2.1"));
    while (true) {
      Page<StoredObject> page = store.objects(collection, q);
      all.addAll(page.items());
      if (!page.more() || page.next().isEmpty()) {
        return all;
      }
      q = q.withAfter(page.next().get());
    }
  }
}
