package org.accord.taxii.server;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.accord.store.CollectionInfo;

/**
 * What the TAXII server publishes about itself (TAXII 2.1 §4.1 discovery, §4.2 API roots) and its limits.
 *
 * @param title discovery {@code title} (required by §4.1)
 * @param description discovery {@code description}, may be null
 * @param contact discovery {@code contact}, may be null
 * @param apiRoots the API roots; the first is the {@code default}
 * @param maxContentLength largest POST body accepted, in bytes (§4.2 {@code max_content_length})
 * @param maxPageSize most objects in one response, whatever {@code limit} the client asks for (§3.4)
 * @param spoolDirectory where a POST body is spooled while it is checked and ingested ({@link AddObjects}); the node's
 *     data directory, so a peer's data never lands in a shared temporary directory; null for the JVM's temporary one
 */
public record TaxiiSettings(
    String title,
    String description,
    String contact,
    List<ApiRoot> apiRoots,
    long maxContentLength,
    int maxPageSize,
    java.nio.file.Path spoolDirectory) {

  /** The name ending of spooled bodies: what a node removes at start (a body spooled when the process died). */
  public static final String SPOOL_SUFFIX = ".post-spool";

  /** Bodies spooled in the JVM's temporary directory. */
  public TaxiiSettings(
      String title, String description, String contact, List<ApiRoot> apiRoots, long maxContentLength,
      int maxPageSize) {
    this(title, description, contact, apiRoots, maxContentLength, maxPageSize, null);
  }

  public TaxiiSettings {
    Objects.requireNonNull(title, "title");
    apiRoots = List.copyOf(apiRoots);
    if (apiRoots.isEmpty()) {
      throw new IllegalArgumentException("at least one API root is required (TAXII 2.1 §8.2.1)");
    }
    Set<String> names = new HashSet<>();
    for (ApiRoot root : apiRoots) {
      if (!names.add(root.name())) {
        throw new IllegalArgumentException("API root '" + root.name() + "' is defined twice");
      }
    }
    if (maxContentLength < 1) {
      throw new IllegalArgumentException("max_content_length must be positive");
    }
    if (maxPageSize < 1) {
      throw new IllegalArgumentException("the page size maximum must be positive");
    }
  }

  /**
   * One API root (TAXII 2.1 §4.2) and its collections.
   *
   * @param name the URL path segment, e.g. {@code accord} for {@code /accord/}
   * @param title API root {@code title}
   * @param description may be null
   * @param collections the collections it serves
   */
  public record ApiRoot(
      String name, String title, String description, List<CollectionInfo> collections) {
    public ApiRoot {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(title, "title");
      if (!name.matches("[A-Za-z0-9._~-]+") || name.equals("taxii2")) {
        throw new IllegalArgumentException(
            "API root name '" + name + "' must be one URL path segment other than taxii2");
      }
      collections = List.copyOf(collections);
    }
  }
}
