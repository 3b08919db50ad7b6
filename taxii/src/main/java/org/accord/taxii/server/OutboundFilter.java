package org.accord.taxii.server;

import java.util.Optional;
import org.accord.stix.StixObject;

/**
 * The one seam every STIX object leaving this server through a GET passes through: objects, single objects,
 * manifest entries and versions alike. For a manifest entry or a version the server fetches the whole object version
 * and asks about it, so a decision can never depend on which endpoint the client chose.
 *
 * <p>This is where the rulebook's egress gate plugs in (see DESIGN.md: "data leaves through one gate"). An
 * implementation returns the object to release it, a transformed copy (e.g. with personal data redacted) to release
 * that instead, or empty to withhold it; withheld objects are silently left out of the page (TAXII 2.1 §8.2.2 lets a
 * server omit objects a client may not see). It must be thread-safe and should be fast: it is called once per object
 * per response. Paging is unaffected: {@code more} and {@code next} still describe the underlying collection.
 */
@FunctionalInterface
public interface OutboundFilter {
  /** Releases everything: the behaviour until the egress gate exists. */
  OutboundFilter RELEASE_ALL = (principal, collectionId, object) -> Optional.of(object);

  /**
   * @param principal who asks
   * @param collectionId the collection the object is read from
   * @param object the stored object version
   * @return what may leave, or empty to withhold
   */
  Optional<StixObject> release(Principal principal, String collectionId, StixObject object);
}
