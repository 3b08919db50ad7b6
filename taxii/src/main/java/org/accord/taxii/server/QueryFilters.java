package org.accord.taxii.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.accord.store.ObjectQuery;
import org.accord.store.VersionMatch;

/**
 * The URL query parameters of one request (TAXII 2.1 §3.4), parsed and checked: any malformed parameter is a 400
 * ("If any of the URL query parameters are malformed, the TAXII Server MUST return an HTTP 400", §3.4).
 *
 * <p>Each endpoint names the parameters it supports ({@link Param}); others are ignored, as §3.4 lets servers ignore
 * match fields they do not understand. The {@link #fingerprint()} is the canonical text of the endpoint (which names
 * the user too) and all filters but {@code limit} and {@code next}, which {@link NextTokens} binds a token to.
 */
record QueryFilters(
    Optional<Instant> addedAfter,
    Optional<Integer> limit,
    Optional<String> next,
    Set<String> ids,
    Set<String> types,
    VersionMatch versions,
    Set<String> specVersions,
    String fingerprint) {

  /** The parameters an endpoint may support. */
  enum Param {
    ADDED_AFTER("added_after"),
    LIMIT("limit"),
    NEXT("next"),
    MATCH_ID("match[id]"),
    MATCH_TYPE("match[type]"),
    MATCH_VERSION("match[version]"),
    MATCH_SPEC_VERSION("match[spec_version]");

    final String key;

    Param(String key) {
      this.key = key;
    }
  }

  /** Get Objects and Get Object Manifests (TAXII 2.1 §5.3, §5.4). */
  static final Set<Param> COLLECTION_QUERY = Set.of(Param.values());
  /** Get An Object (§5.6). */
  static final Set<Param> OBJECT_QUERY =
      Set.of(Param.ADDED_AFTER, Param.LIMIT, Param.NEXT, Param.MATCH_VERSION, Param.MATCH_SPEC_VERSION);
  /** Delete An Object (§5.7). */
  static final Set<Param> DELETE_QUERY = Set.of(Param.MATCH_VERSION, Param.MATCH_SPEC_VERSION);
  /** Get Object Versions (§5.8): every version, so no match[version]. */
  static final Set<Param> VERSIONS_QUERY =
      Set.of(Param.ADDED_AFTER, Param.LIMIT, Param.NEXT, Param.MATCH_SPEC_VERSION);

  /**
   * @param params the raw query parameters (name to all its values)
   * @param supported what this endpoint understands
   * @param endpoint canonical endpoint text for the fingerprint, e.g. {@code objects:<collection-id>}
   * @param defaultVersions the version selection when {@code match[version]} is absent
   */
  static QueryFilters parse(
      Map<String, List<String>> params,
      Set<Param> supported,
      String endpoint,
      VersionMatch defaultVersions) {
    Optional<String> addedAfterText = single(params, supported, Param.ADDED_AFTER);
    Optional<Instant> addedAfter = addedAfterText.map(t -> Timestamps.parseTaxii("added_after", t));
    Optional<Integer> limit = single(params, supported, Param.LIMIT).map(QueryFilters::parseLimit);
    Optional<String> next = single(params, supported, Param.NEXT);
    Set<String> ids = list(params, supported, Param.MATCH_ID);
    Set<String> types = list(params, supported, Param.MATCH_TYPE);
    Set<String> specVersions = list(params, supported, Param.MATCH_SPEC_VERSION);
    Optional<String> versionText = single(params, supported, Param.MATCH_VERSION);
    VersionMatch versions = versionText.map(QueryFilters::parseVersions).orElse(defaultVersions);
    String fingerprint =
        String.join(
            "|",
            endpoint,
            addedAfter.map(Instant::toString).orElse(""),
            String.join(",", new TreeSet<>(ids)),
            String.join(",", new TreeSet<>(types)),
            canonical(versions),
            String.join(",", new TreeSet<>(specVersions)));
    return new QueryFilters(
        addedAfter, limit, next, ids, types, versions, specVersions, fingerprint);
  }

  /** The store query: client limit capped by the server maximum, resumed after the token's cursor. */
  ObjectQuery toQuery(int maxPageSize, NextTokens tokens) {
    int pageSize = Math.min(limit.orElse(maxPageSize), maxPageSize);
    ObjectQuery query =
        new ObjectQuery(addedAfter, pageSize, Optional.empty(), ids, types, versions, specVersions);
    return next.map(token -> query.withAfter(tokens.decode(token, fingerprint))).orElse(query);
  }

  private static Optional<String> single(
      Map<String, List<String>> params, Set<Param> supported, Param param) {
    if (!supported.contains(param)) {
      return Optional.empty();
    }
    List<String> values = params.get(param.key);
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      // §3.4: added_after, limit and next are single-valued; a match field MUST NOT occur more than once.
      throw TaxiiException.badRequest(param.key + " must not occur more than once in a request");
    }
    String value = values.get(0);
    if (value.isEmpty()) {
      throw TaxiiException.badRequest(param.key + " must not be empty");
    }
    return Optional.of(value);
  }

  private static Set<String> list(Map<String, List<String>> params, Set<Param> supported, Param param) {
    Optional<String> value = single(params, supported, param);
    if (value.isEmpty()) {
      return Set.of();
    }
    // §3.4: several values are separated by a comma without spaces and are ORed.
    List<String> parts = Arrays.asList(value.get().split(",", -1));
    if (parts.stream().anyMatch(p -> p.isEmpty() || !p.equals(p.strip()))) {
      throw TaxiiException.badRequest(
          param.key + " must be a comma-separated list without empty values or spaces");
    }
    return Set.copyOf(new HashSet<>(parts));
  }

  /**
   * §3.4: "The value of the limit MUST be a positive integer greater than zero." Any such integer is accepted, however
   * large (it is capped by the server maximum later); anything else is a 400.
   */
  private static int parseLimit(String text) {
    if (!text.matches("[0-9]{1,18}") || Long.parseLong(text) == 0) {
      throw TaxiiException.badRequest("limit must be a positive integer, was '" + text + "'");
    }
    return (int) Math.min(Long.parseLong(text), Integer.MAX_VALUE);
  }

  /** §3.4.1 {@code version}: first, last, all (alone) and timestamps, each at most once. */
  private static VersionMatch parseVersions(String text) {
    boolean first = false;
    boolean last = false;
    boolean all = false;
    List<Instant> timestamps = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String[] parts = text.split(",", -1);
    for (String part : parts) {
      if (!seen.add(part)) {
        throw TaxiiException.badRequest("match[version] must not repeat '" + part + "'");
      }
      switch (part) {
        case "first" -> first = true;
        case "last" -> last = true;
        case "all" -> all = true;
        default -> timestamps.add(Timestamps.parse("match[version]", part));
      }
    }
    if (all && parts.length > 1) {
      throw TaxiiException.badRequest("match[version]=all must not be combined with other versions");
    }
    if (new HashSet<>(timestamps).size() != timestamps.size()) {
      throw TaxiiException.badRequest("match[version] names the same timestamp twice");
    }
    return new VersionMatch(first, last, all, Set.copyOf(timestamps));
  }

  private static String canonical(VersionMatch v) {
    TreeSet<String> parts = new TreeSet<>();
    if (v.first()) {
      parts.add("first");
    }
    if (v.last()) {
      parts.add("last");
    }
    if (v.all()) {
      parts.add("all");
    }
    v.timestamps().forEach(t -> parts.add(t.toString()));
    return String.join(",", parts);
  }
}
