package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.accord.ledger.Ed25519;
import org.accord.rules.Rulebook;
import org.accord.rules.RulebookParser;
import org.accord.rules.RulebookSigner;
import org.accord.rules.SignedRulebook;
import org.accord.stix.ScoIds;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Timestamps;
import org.accord.stix.Tlp;
import org.accord.store.ObjectQuery;
import org.accord.store.Origin;
import org.accord.store.Page;
import org.accord.store.StoredObject;
import org.accord.store.VersionMatch;
import org.accord.taxii.server.PasswordHash;

/**
 * What a peer can observe of a node equals the gate's output, and what it can change is only its own objects: over
 * random stores (objects of several types and TLP levels, own and received, with custom properties, private
 * addresses, relationships and sightings between them), random signed rulebooks (which types, levels and transforms
 * each clause covers) and random request sequences (object pages with every filter and page size, manifests, single
 * objects, versions, posts of new versions crafted every way, deletes), against a real node over real HTTP.
 *
 * <p>The oracle is the store queried without paging, each version passed through the node's own gate ({@link
 * Node#gate}): that list, in order, ids as released, is what a full walk of any paged route must return. It knows
 * nothing of how the server pages, filters or maps ids.
 */
class PeerViewProperties {
  private static final String MEDIA = "application/taxii+json;version=2.1";
  private static final String CN_IDENTITY = "identity--fb7c2360-72de-4f0a-9d28-35f2bce8a792";
  private static final String US_IDENTITY = "identity--2f0c7e51-6b1d-4e8a-a0c4-77d1b0c9e6f2";
  private static final String COLLECTION = "0d3f7e2a-9c41-4b8e-a5d6-1e2f3a4b5c6d";
  private static final String INBOX = "6b5a4c3d-2e1f-4a9b-8c7d-6e5f4a3b2c1d";
  private static final String PASSWORD = "peer password";
  private static final KeyPair US_KEYS = Ed25519.generate();
  private static final List<String> TYPES =
      List.of("indicator", "malware", "identity", "campaign", "relationship", "sighting", "ipv4-addr");
  private static final List<String> LEVELS = List.of("clear", "green", "amber", "amber+strict", "red");
  private static final List<Tlp> TLPS = List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED);

  private final HttpClient http = HttpClient.newHttpClient();

  @Property(tries = 20)
  void aPeerObservesExactlyTheGatesOutputAndChangesOnlyItsOwnObjects(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    Path dir = Files.createTempDirectory("peer-view-");
    try {
      NodeConfig config = NodeConfigReader.parse(yaml(dir), "property config");
      KeyPair cnKeys = NodeKeys.loadOrCreate(config.dataDir());
      Rulebook rulebook = RulebookParser.parse(rulebook(random, cnKeys), "random rulebook");
      SignedRulebook signed =
          RulebookSigner.sign(RulebookSigner.sign(rulebook, "cn", cnKeys.getPrivate()), "us", US_KEYS.getPrivate());
      Node.activate(config, signed);
      try (RunningNode node = Node.start(config)) {
        List<ObjectNode> stored = seed(random, node);
        NodeGate gate = Node.gate(config, Clock.systemUTC(), node.store());

        for (int i = 0; i < 6; i++) {
          Set<String> types = randomSubset(random, TYPES);
          int limit = 1 + random.nextInt(4);
          boolean all = random.nextBoolean();
          String query = "limit=" + limit + (all ? "&match[version]=all" : "")
              + (types.isEmpty() ? "" : "&match[type]=" + String.join(",", types));
          List<StoredObject> expected = expected(node, gate, types, all ? VersionMatch.ALL : VersionMatch.LAST);
          assertThat(walk(node, "objects/?" + query, "objects"))
              .as("objects/?" + query)
              .containsExactlyElementsOf(expected.stream().map(o -> (JsonNode) o.object().json()).toList());
          assertThat(walk(node, "manifest/?" + query, "objects").stream().map(m -> m.get("id").asText()).toList())
              .as("manifest/?" + query)
              .containsExactlyElementsOf(expected.stream().map(o -> o.object().id()).toList());
        }
        List<StoredObject> released = expected(node, gate, Set.of(), VersionMatch.LAST);
        Map<String, StoredObject> releasedById = new LinkedHashMap<>();
        // A version released under another id (a pseudonymised SCO) is listed under it but not found by it: the node
        // keeps no reverse index from pseudonyms (README, "What a peer can observe"); by its stored id it is unknown.
        released.stream().filter(o -> o.object().id().equals(o.entry().id()))
            .forEach(o -> releasedById.put(o.object().id(), o));
        Set<String> asked = new LinkedHashSet<>();
        stored.forEach(o -> asked.add(o.get("id").asText()));
        released.forEach(o -> asked.add(o.object().id())); // pseudonym ids too: listed, but 404 by id
        asked.add("indicator--" + UUID.randomUUID());
        for (String id : asked) {
          HttpResponse<String> r = get(node, "objects/" + id + "/");
          HttpResponse<String> v = get(node, "objects/" + id + "/versions/?limit=1");
          StoredObject seen = releasedById.get(id);
          if (seen == null) {
            assertThat(r.statusCode()).as("objects/%s/ (not released under this id)", id).isEqualTo(404);
            assertThat(v.statusCode()).as("objects/%s/versions/ (not released under this id)", id).isEqualTo(404);
          } else {
            assertThat(r.statusCode()).as("objects/%s/", id).isEqualTo(200);
            assertThat(json(r).get("objects").get(0)).isEqualTo(seen.object().json());
            assertThat(v.statusCode()).isEqualTo(200);
          }
        }

        Map<String, List<String>> ownBefore = versionsByOrigin(node, true);
        peerWrites(random, node, stored);
        assertThat(versionsByOrigin(node, true)).as("the node's own objects after the peer's writes")
            .isEqualTo(ownBefore);
      }
    } finally {
      TestNode.deleteRecursively(dir);
    }
  }

  /**
   * The oracle: every matching version, unpaged, through the node's gate for party us. For a peer, {@code last} is the
   * last version it may receive (not the store's last, which may be withheld while older ones are not).
   */
  private static List<StoredObject> expected(RunningNode node, NodeGate gate, Set<String> types, VersionMatch v) {
    Page<StoredObject> all =
        node.store().objects(COLLECTION,
            new ObjectQuery(Optional.empty(), 100_000, Optional.empty(), Set.of(), types, VersionMatch.ALL,
                Set.of()));
    List<StoredObject> out = new ArrayList<>();
    for (StoredObject o : all.items()) {
      gate.releaseTo("us", o).ifPresent(out::add);
    }
    if (v.all()) {
      return out;
    }
    Map<String, StoredObject> last = new LinkedHashMap<>();
    for (StoredObject o : out) {
      last.remove(o.entry().id()); // re-inserted at the later version's place in date_added order
      last.put(o.entry().id(), o);
    }
    return new ArrayList<>(last.values());
  }

  /** Follows {@code next} to the end; every page's {@code more} must agree with whether a next page exists. */
  private List<JsonNode> walk(RunningNode node, String first, String member) throws Exception {
    List<JsonNode> seen = new ArrayList<>();
    String path = first;
    for (int pages = 0; pages < 1_000; pages++) {
      HttpResponse<String> r = get(node, path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      JsonNode body = json(r);
      body.path(member).forEach(seen::add);
      if (!body.path("more").asBoolean(false)) {
        assertThat(body.has("next")).as("next without more on " + path).isFalse();
        return seen;
      }
      assertThat(body.path(member).size()).as("a page with more=true but nothing on it: " + path).isPositive();
      String next = body.get("next").asText();
      path = first.replaceAll("&next=[^&]*", "") + "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
    }
    throw new AssertionError("no end after 1,000 pages of " + first);
  }

  /** Random peer writes: new objects of its own, new versions of the node's objects crafted every way, deletes. */
  private void peerWrites(Random random, RunningNode node, List<ObjectNode> stored) throws Exception {
    for (int i = 0; i < 8; i++) {
      ObjectNode target = stored.get(random.nextInt(stored.size()));
      switch (random.nextInt(4)) {
        case 0 -> post(node, random.nextBoolean() ? COLLECTION : INBOX, object(random, "indicator", US_IDENTITY));
        case 1 -> {
          if (target.has("modified")) {
            ObjectNode newer = target.deepCopy();
            newer.put("modified", Timestamps.format(Instant.now().plusSeconds(60 + i), 3));
            newer.put("revoked", true);
            switch (random.nextInt(3)) {
              case 0 -> newer.remove("created_by_ref");
              case 1 -> newer.put("created_by_ref", US_IDENTITY);
              default -> { } // kept: the node's own producer, posted by the peer
            }
            post(node, random.nextBoolean() ? COLLECTION : INBOX, newer);
          }
        }
        case 2 -> delete(node, target.get("id").asText());
        default -> delete(node, "indicator--" + UUID.randomUUID());
      }
    }
  }

  /** The JSON of every stored version of the node's own ({@code own}) or received objects, by id. */
  private static Map<String, List<String>> versionsByOrigin(RunningNode node, boolean own) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String c : List.of(COLLECTION, INBOX)) {
      for (StoredObject o : node.store().objects(c,
          new ObjectQuery(Optional.empty(), 100_000, Optional.empty(), Set.of(), Set.of(), VersionMatch.ALL,
              Set.of())).items()) {
        if (o.origin().isOwn() == own) {
          out.computeIfAbsent(c + "/" + o.entry().id(), k -> new ArrayList<>()).add(o.json());
        }
      }
    }
    return out;
  }

  /** 4 to 14 objects, own and received from us, some with a second version; relationships and sightings among them. */
  private static List<ObjectNode> seed(Random random, RunningNode node) {
    List<ObjectNode> objects = new ArrayList<>();
    List<Origin> origins = new ArrayList<>();
    int n = 4 + random.nextInt(11);
    for (int i = 0; i < n; i++) {
      String type = TYPES.get(random.nextInt(TYPES.size()));
      boolean received = random.nextInt(4) == 0 && !type.equals("ipv4-addr");
      ObjectNode o = object(random, type, received ? US_IDENTITY : CN_IDENTITY);
      if (type.equals("relationship") || type.equals("sighting")) {
        if (objects.isEmpty()) {
          o = object(random, "malware", CN_IDENTITY);
        } else {
          String a = objects.get(random.nextInt(objects.size())).get("id").asText();
          String b = objects.get(random.nextInt(objects.size())).get("id").asText();
          if (type.equals("relationship")) {
            o.put("relationship_type", "related-to");
            o.put("source_ref", a);
            o.put("target_ref", b);
          } else {
            o.put("sighting_of_ref", a);
          }
        }
      }
      objects.add(o);
      origins.add(received ? Origin.receivedFrom("us", "A1") : Origin.OWN);
      if (o.has("modified") && random.nextInt(3) == 0) {
        ObjectNode v2 = o.deepCopy();
        v2.put("modified", Timestamps.format(Instant.parse(o.get("modified").asText()).plusMillis(5), 3));
        v2.put("description", "second version");
        objects.add(v2);
        origins.add(origins.get(origins.size() - 1));
      }
    }
    List<StixObject> batch = objects.stream().map(StixObject::of).toList();
    node.store().add(COLLECTION, batch, origins);
    return objects;
  }

  private static ObjectNode object(Random random, String type, String producer) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", type);
    o.put("spec_version", "2.1");
    Tlp tlp = TLPS.get(random.nextInt(TLPS.size()));
    if (type.equals("ipv4-addr")) {
      o.put("value", random.nextBoolean() ? "10.0." + random.nextInt(256) + "." + random.nextInt(256)
          : "203.0.113." + random.nextInt(256));
      o.put("id", ScoIds.deterministicId(o).orElseThrow());
      o.putArray("object_marking_refs").add(tlp.v2MarkingId());
      return o;
    }
    String now = Timestamps.format(Instant.now(), 3);
    o.put("id", type + "--" + UUID.randomUUID());
    o.put("created", now);
    o.put("modified", now);
    o.put("created_by_ref", producer);
    o.putArray("object_marking_refs").add(tlp.v2MarkingId());
    if (random.nextBoolean()) {
      o.put("x_internal_ticket", "INC-" + random.nextInt(10_000));
    }
    switch (type) {
      case "indicator" -> {
        o.put("pattern", "[ipv4-addr:value = '203.0.113." + random.nextInt(256) + "']");
        o.put("pattern_type", "stix");
        o.put("valid_from", now);
        o.put("confidence", random.nextInt(101));
      }
      case "malware" -> {
        o.put("name", "malware " + random.nextInt(100));
        o.put("is_family", false);
      }
      case "identity" -> {
        o.put("name", "organisation " + random.nextInt(100));
        o.put("identity_class", "organization");
      }
      case "campaign" -> o.put("name", "campaign " + random.nextInt(100));
      default -> { }
    }
    return o;
  }

  /** Parties cn (this node) and us; 1 to 3 random share clauses each way. */
  private static String rulebook(Random random, KeyPair cnKeys) {
    StringBuilder clauses = new StringBuilder();
    int n = 0;
    for (String[] way : new String[][] {{"cn", "us"}, {"us", "cn"}}) {
      int count = 1 + random.nextInt(3);
      for (int i = 0; i < count; i++) {
        Set<String> types = randomSubset(random, TYPES);
        Set<String> levels = randomSubset(random, LEVELS);
        List<String> transforms = new ArrayList<>();
        if (random.nextBoolean()) {
          transforms.add("pseudonymise-personal-data");
        }
        if (random.nextBoolean()) {
          transforms.add("strip-custom-properties");
        }
        clauses.append("      - id: A1.S").append(++n).append('\n')
            .append("        kind: share\n")
            .append("        from: [").append(way[0]).append("]\n")
            .append("        to: [").append(way[1]).append("]\n")
            .append("        what: { ")
            .append(types.isEmpty() ? "" : "types: [" + String.join(", ", types) + "], ")
            .append("tlp: [").append(String.join(", ", levels.isEmpty() ? Set.of("green") : levels)).append("] }\n")
            .append("        purpose: incident-response\n")
            .append(transforms.isEmpty() ? "" : "        transforms: [" + String.join(", ", transforms) + "]\n");
      }
    }
    return "rulebook: random\nversion: 1\nsupersedes: 0\n"
        + "parties:\n"
        + "  cn: { name: CN, identity: " + CN_IDENTITY + ", key: \"" + NodeKeys.publicKeyText(cnKeys) + "\" }\n"
        + "  us: { name: US, identity: " + US_IDENTITY + ", key: \"" + Ed25519.encodePublic(US_KEYS.getPublic())
        + "\" }\n"
        + "defaults: { unmarked: amber }\n"
        + "agreements:\n"
        + "  - id: A1\n    title: random\n    parties: [cn, us]\n    legal_basis: test\n    clauses:\n"
        + clauses;
  }

  private static Set<String> randomSubset(Random random, List<String> from) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : from) {
      if (random.nextInt(3) == 0) {
        out.add(s);
      }
    }
    return out;
  }

  private static String yaml(Path dir) {
    String hash = PasswordHash.hash(PASSWORD.toCharArray(), 1_000);
    return String.join("\n",
        "name: cn-node",
        "party: cn",
        "port: 0",
        "data_dir: " + dir.resolve("data").toAbsolutePath(),
        "taxii:",
        "  max_page_size: 50",
        "  api_roots:",
        "    - name: accord",
        "      collections:",
        "        - { id: " + COLLECTION + ", alias: shared, title: Shared }",
        "        - { id: " + INBOX + ", alias: inbox, title: Inbox }",
        "  users:",
        "    - name: us-node",
        "      party: us",
        "      password_hash: \"" + hash + "\"",
        "");
  }

  private HttpResponse<String> get(RunningNode node, String path) throws Exception {
    return send(node, "GET", "/accord/collections/" + COLLECTION + "/" + path, null);
  }

  private void post(RunningNode node, String collection, ObjectNode object) throws Exception {
    ObjectNode envelope = StixJson.mapper().createObjectNode();
    envelope.putArray("objects").add(object);
    send(node, "POST", "/accord/collections/" + collection + "/objects/", envelope.toString());
  }

  private void delete(RunningNode node, String id) throws Exception {
    send(node, "DELETE", "/accord/collections/" + COLLECTION + "/objects/" + id + "/", null);
  }

  private HttpResponse<String> send(RunningNode node, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
        .header("Accept", MEDIA)
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            ("us-node:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    if (body != null) {
      b.header("Content-Type", MEDIA);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return StixJson.mapper().readTree(r.body());
  }
}
