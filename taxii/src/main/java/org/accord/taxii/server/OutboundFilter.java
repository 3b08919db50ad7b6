package org.accord.taxii.server;

import java.util.Optional;
import org.accord.store.StoredObject;

/**
 * The one seam every STIX object leaving this server through a GET passes through: objects, single objects,
 * manifest entries and versions alike. For a manifest entry or a version the server fetches the whole object version
 * and asks about it, so a decision can never depend on which endpoint the client chose.
 *
 * <p>This is where the rulebook's egress gate plugs in (see DESIGN.md: "data leaves through one gate"). An
 * implementation returns the stored version to release it as stored, a version with a transformed object ({@link
 * StoredObject#withObject}, e.g. with personal data pseudonymised) to release that instead, or empty to withhold
 * it; withheld objects are silently left out of the page (TAXII 2.1 §8.2.2 lets a server omit objects a client may
 * not see). It must be thread-safe and should be fast: it is called once per object per response. An implementation
 * that looks inside the object calls {@link StoredObject#object()}, which parses the stored JSON once; one that
 * releases it untouched lets the server forward the stored bytes without parsing them.
 *
 * <p>What the filter returns is all a client learns: the server builds pages, {@code more}, {@code next}, the
 * X-TAXII-Date-Added-* headers and its 404s from the released versions only ({@link VisiblePages}), and lists a
 * transformed object under the id of the returned object. A filter that changes an SCO's identifying value must
 * therefore give it the id derived from the new value (STIX 2.1 §2.9), as rules/Transforms does. Returning the very
 * instance it was given tells the server that nothing changed (no parse is needed to list it).
 */
@FunctionalInterface
public interface OutboundFilter {
  /** Releases everything: the behaviour until the egress gate exists. */
  OutboundFilter RELEASE_ALL = (principal, collectionId, stored) -> Optional.of(stored);

  /**
   * @param principal who asks
   * @param collectionId the collection the object is read from
   * @param stored the stored object version
   * @return what may leave, or empty to withhold
   */
  Optional<StoredObject> release(Principal principal, String collectionId, StoredObject stored);
}
