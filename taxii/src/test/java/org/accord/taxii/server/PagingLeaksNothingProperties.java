package org.accord.taxii.server;

import static org.accord.taxii.server.TestServer.INTEL;
import static org.accord.taxii.server.TestServer.OTHER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;

/**
 * Paging leaks nothing (issue 8, finding 4): for random collections with random withheld and pseudonymised versions
 * ({@link Fates} as the gate), random page sizes and filters, a peer's walk following {@code next} over the
 * collection is indistinguishable from the same walk over a collection that never held the withheld versions (the
 * same versions, stamped with the same {@code date_added}): every response's status, body (but the {@code next}
 * token, sealed under each server's own secret) and X-TAXII-Date-Added-* headers are equal, and {@code next} is
 * present in the same responses. And a full walk returns exactly the released sequence, ids as released.
 */
class PagingLeaksNothingProperties {
  private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
  private static final String PEER = "peer";

  /** One stored version: an indicator (object index, version index) or an e-mail address SCO, and its fate. */
  record Entry(boolean sco, int index, int version, String fate) {
    String json() {
      if (sco) {
        return Fates.emailAddr("user" + index + "@bank.example", fate.equals("release") ? null : fate);
      }
      String id = String.format(Locale.ROOT, "%08d-0000-4000-8000-000000000000", index);
      String indicator = TestServer.indicator(id, (2016 + version) + "-01-01T00:00:00.000Z");
      return fate.equals("release") ? indicator
          : indicator.substring(0, indicator.length() - 1) + ",\"x_fate\":\"" + fate + "\"}";
    }

    String storedId() {
      return Fates.idOf(json());
    }

    String releasedId() {
      return fate.equals("pseudonymise") ? Fates.pseudonymised(object()).id() : storedId();
    }

    StixObject object() {
      try {
        return StixObject.adopt((ObjectNode) StixJson.mapper().readTree(json()));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** One request of a walk, before paging: the route and its filters. */
  record Query(String route, Optional<Integer> limit, Optional<String> versions, Optional<String> type,
      List<Integer> ids, Optional<Integer> addedAfterSecond) {}

  @Property(tries = 25)
  void aPeersWalkIsTheWalkOfACollectionThatNeverHeldWhatIsWithheld(
      @ForAll("collections") List<Entry> entries, @ForAll("queries") List<Query> queries) {
    Fates.SettableClock clock = new Fates.SettableClock(T0);
    try (TestServer server = new TestServer(TaxiiServer.Policies.open().withOutbound(new Fates()), clock)) {
      for (int i = 0; i < entries.size(); i++) {
        Entry e = entries.get(i);
        clock.now = T0.plusSeconds(i + 1);
        server.store.add(INTEL, List.of(e.object()));
        if (!e.fate().equals("withhold")) {
          server.store.add(OTHER, List.of(e.object()));
        }
      }
      List<String> universe = universe(entries);
      for (Query q : queries) {
        List<String> full = walk(server, INTEL, q, universe);
        List<String> clean = walk(server, OTHER, q, universe);
        assertThat(full).as(q.toString()).containsExactlyElementsOf(clean);
      }
      List<String> released = new ArrayList<>();
      for (Entry e : entries) {
        if (!e.fate().equals("withhold")) {
          released.add(e.releasedId());
        }
      }
      for (int limit = 1; limit <= 3; limit++) {
        assertThat(ids(server, limit)).containsExactlyElementsOf(released);
      }
    }
  }

  // ---- walks -----------------------------------------------------------------------------------------------------

  /** Every response of the walk, as what a peer observes (the next token replaced by whether it is there). */
  private static List<String> walk(TestServer server, String collection, Query q, List<String> universe) {
    String base = "/accord/collections/" + collection + "/" + route(q, universe) + query(q, universe);
    List<String> seen = new ArrayList<>();
    String next = null;
    for (int step = 0; step < 200; step++) {
      HttpResponse<String> r =
          server.get(base + (next == null ? "" : (base.contains("?") ? "&" : "?") + "next=" + enc(next)), PEER);
      JsonNode body = server.body(r);
      next = r.statusCode() == 200 && body.path("more").asBoolean() ? body.path("next").asText(null) : null;
      if (body instanceof ObjectNode o && o.has("next")) {
        o.put("next", "present");
      }
      TreeMap<String, List<String>> headers = new TreeMap<>();
      r.headers().map().forEach((k, v) -> {
        if (k.toLowerCase(Locale.ROOT).startsWith("x-taxii-date-added")) {
          headers.put(k.toLowerCase(Locale.ROOT), v);
        }
      });
      String text =
          body.toString().replace(collection, "C").replaceAll("\"error_id\":\"[^\"]*\"", "\"error_id\":\"\"");
      seen.add(r.statusCode() + " " + headers + " " + text);
      if (next == null) {
        return seen;
      }
    }
    throw new AssertionError("the walk does not end: " + seen);
  }

  private static List<String> ids(TestServer server, int limit) {
    List<String> ids = new ArrayList<>();
    String base = "/accord/collections/" + INTEL + "/objects/?match[version]=all&limit=" + limit;
    String next = null;
    do {
      JsonNode page = server.body(server.get(base + (next == null ? "" : "&next=" + enc(next)), PEER));
      page.path("objects").forEach(o -> ids.add(o.get("id").asText()));
      next = page.path("more").asBoolean() ? page.get("next").asText() : null;
    } while (next != null);
    return ids;
  }

  private static String route(Query q, List<String> universe) {
    String id = q.ids().isEmpty() ? universe.get(0) : universe.get(q.ids().get(0) % universe.size());
    return switch (q.route()) {
      case "object" -> "objects/" + id + "/";
      case "versions" -> "objects/" + id + "/versions/";
      default -> q.route() + "/";
    };
  }

  private static String query(Query q, List<String> universe) {
    List<String> params = new ArrayList<>();
    q.limit().ifPresent(l -> params.add("limit=" + l));
    q.addedAfterSecond().ifPresent(s -> params.add("added_after=" + T0.plusSeconds(s)));
    if (!q.route().equals("versions")) {
      q.versions().ifPresent(v -> params.add("match[version]=" + v));
    }
    if (q.route().equals("objects") || q.route().equals("manifest")) {
      q.type().ifPresent(t -> params.add("match[type]=" + t));
      Set<String> ids = new LinkedHashSet<>();
      q.ids().forEach(i -> ids.add(universe.get(i % universe.size())));
      if (!ids.isEmpty()) {
        params.add("match[id]=" + String.join(",", ids));
      }
    }
    return params.isEmpty() ? "" : "?" + String.join("&", params);
  }

  /** Ids a peer might ask for: stored ids (withheld or pseudonymised ones too), pseudonyms, an unknown id. */
  private static List<String> universe(List<Entry> entries) {
    Set<String> ids = new LinkedHashSet<>();
    for (Entry e : entries) {
      ids.add(e.storedId());
      ids.add(e.releasedId());
    }
    ids.add("indicator--99999999-0000-4000-8000-000000000000");
    return new ArrayList<>(ids);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // ---- generators ------------------------------------------------------------------------------------------------

  @Provide
  Arbitrary<List<Entry>> collections() {
    Arbitrary<Entry> indicators =
        Combinators.combine(
                Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 3),
                Arbitraries.of("release", "release", "withhold"))
            .as((o, v, fate) -> new Entry(false, o, v, fate));
    Arbitrary<Entry> scos =
        Combinators.combine(
                Arbitraries.integers().between(0, 9), Arbitraries.of("release", "withhold", "pseudonymise"))
            .as((o, fate) -> new Entry(true, o, 0, fate));
    return Arbitraries.oneOf(indicators, scos).list().ofMinSize(1).ofMaxSize(30)
        .map(PagingLeaksNothingProperties::unique);
  }

  /** A version is stored once: later duplicates of the same (object, version) are dropped. */
  private static List<Entry> unique(List<Entry> entries) {
    Set<String> seen = new HashSet<>();
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (seen.add(e.sco() + ":" + e.index() + ":" + e.version())) {
        out.add(e);
      }
    }
    return out;
  }

  @Provide
  Arbitrary<List<Query>> queries() {
    return query().list().ofMinSize(3).ofMaxSize(6);
  }

  private static Arbitrary<Query> query() {
    return Combinators.combine(
            Arbitraries.of("objects", "manifest", "object", "versions"),
            Arbitraries.integers().between(1, 6).optional(),
            Arbitraries.of("all", "first", "last", "first,last").optional(),
            Arbitraries.of("indicator", "email-addr").optional(),
            Arbitraries.integers().between(0, 40).list().ofMaxSize(3),
            Arbitraries.integers().between(0, 30).optional())
        .as(Query::new);
  }
}
