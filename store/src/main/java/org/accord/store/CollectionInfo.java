package org.accord.store;

import java.util.List;
import java.util.Objects;

/**
 * A TAXII collection as the store knows it (TAXII 2.1 §5.2). Who may read or write it is the node's business, not
 * the store's.
 *
 * @param id collection identifier (a UUID string for TAXII)
 * @param title human-readable title
 * @param description optional description, may be null
 * @param alias optional short name usable instead of the id, may be null
 * @param mediaTypes media types of the objects it holds, e.g. {@code application/stix+json;version=2.1}
 */
public record CollectionInfo(
    String id, String title, String description, String alias, List<String> mediaTypes) {
  public static final String STIX_21 = "application/stix+json;version=2.1";

  public CollectionInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    mediaTypes = mediaTypes == null || mediaTypes.isEmpty() ? List.of(STIX_21) : List.copyOf(mediaTypes);
  }
}
