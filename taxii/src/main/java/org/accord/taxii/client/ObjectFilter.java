package org.accord.taxii.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The URL parameters of Get Objects and Get Object Manifests (TAXII 2.1 §3.4, §5.3, §5.4). Empty sets mean "no
 * filter"; {@code versions} empty means the server's default ({@code last}).
 *
 * @param addedAfter {@code added_after}
 * @param limit {@code limit}, or 0 for the server's default
 * @param next {@code next}, from the previous page's envelope
 * @param ids {@code match[id]}
 * @param types {@code match[type]}
 * @param versions {@code match[version]}: {@code first}, {@code last}, {@code all} or version timestamps
 * @param specVersions {@code match[spec_version]}
 */
public record ObjectFilter(
    Optional<Instant> addedAfter,
    int limit,
    Optional<String> next,
    Set<String> ids,
    Set<String> types,
    Set<String> versions,
    Set<String> specVersions) {
  /** TAXII timestamps carry microseconds (TAXII 2.1 §2); the store keeps that precision. */
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  public ObjectFilter {
    Objects.requireNonNull(addedAfter, "addedAfter");
    Objects.requireNonNull(next, "next");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be positive (or 0 for the server's default), was " + limit);
    }
    ids = Set.copyOf(ids);
    types = Set.copyOf(types);
    versions = Set.copyOf(versions);
    specVersions = Set.copyOf(specVersions);
  }

  /** No filter: the server's defaults. */
  public static ObjectFilter none() {
    return new ObjectFilter(Optional.empty(), 0, Optional.empty(), Set.of(), Set.of(), Set.of(), Set.of());
  }

  /**
   * Every version ({@code match[version]=all}) of every spec_version (the default would be only each object's newest,
   * §3.4) added after {@code addedAfter} (empty: from the start): what replication needs.
   */
  public static ObjectFilter everyVersionAfter(Optional<Instant> addedAfter, int limit) {
    return new ObjectFilter(
        addedAfter, limit, Optional.empty(), Set.of(), Set.of(), Set.of("all"), Set.of("2.0", "2.1"));
  }

  public ObjectFilter withNext(String token) {
    return new ObjectFilter(addedAfter, limit, Optional.of(token), ids, types, versions, specVersions);
  }

  public ObjectFilter withTypes(Set<String> newTypes) {
    return new ObjectFilter(addedAfter, limit, next, ids, newTypes, versions, specVersions);
  }

  public ObjectFilter withIds(Set<String> newIds) {
    return new ObjectFilter(addedAfter, limit, next, newIds, types, versions, specVersions);
  }

  /** The query string, {@code ?...} or empty; lists in a stable order, comma-separated (§3.4). */
  String queryString() {
    List<String> params = new ArrayList<>();
    addedAfter.ifPresent(t -> params.add("added_after=" + encode(MICROS.format(t))));
    if (limit > 0) {
      params.add("limit=" + limit);
    }
    next.ifPresent(n -> params.add("next=" + encode(n)));
    list(params, "match[id]", ids);
    list(params, "match[type]", types);
    list(params, "match[version]", versions);
    list(params, "match[spec_version]", specVersions);
    return params.isEmpty() ? "" : "?" + String.join("&", params);
  }

  private static void list(List<String> params, String name, Set<String> values) {
    if (!values.isEmpty()) {
      params.add(encode(name) + "=" + encode(String.join(",", new TreeSet<>(values))));
    }
  }

  /** Percent-encodes; a space as %20, which every server decodes (a '+' is a space only in form decoding). */
  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
