package org.accord.cli;

import static org.accord.cli.TwoNodeHttp.MEDIA;
import static org.accord.cli.TwoNodeHttp.basic;
import static org.accord.cli.TwoNodeHttp.json;
import static org.accord.cli.TwoNodeHttp.envelope;
import static org.accord.cli.TestObjects.CN_IDENTITY;
import static org.accord.cli.TestObjects.base;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.node.NodeKeys;
import org.accord.node.RunningNode;
import org.accord.rules.RulebookParser;
import org.accord.rules.RulebookSigner;
import org.accord.rules.SignedRulebook;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.accord.taxii.server.PasswordHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorisation matrix: every route of CN's node (TAXII 2.1, ledger, assets, cases) × every kind of caller
 * (nobody, a wrong password, CN's own analyst, CN's own operator allowed to delete, US's node — a peer under the demo
 * rulebook —, EU's node, a party the rulebook does not know, and JP's node, a party the rulebook knows (version 2
 * of the demo's, with an agreement under which CN shares indicators with JP) but which is on none of CN's requests)
 * × every HTTP method, with the exact status each must get.
 *
 * <p>The rule for requests and evidence, whoever the peer: the cases API and evidence uploads are for CN's own users,
 * so every peer gets 403 there before anything is looked up (the answer does not depend on the id); evidence is read
 * by the requesting party's peer alone, and any other peer gets the 404 an unknown request gets. A known third party
 * learns no more than an unknown one: JP's column equals EU's on every cases and evidence row.
 *
 * <p>Beyond the status, nothing a caller outside CN may not see is inferable: no withheld id appears in any body or
 * header a peer or an outsider receives, and asking for a withheld object answers exactly as asking for one that does
 * not exist (same status, same body but for the id echoed and the error's own id).
 *
 * <p>A route added to the node joins {@link #routes()}; a route missing from it fails {@link
 * #everyRouteOfTheNodeIsInTheMatrix}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {
  private static final String EU_PASSWORD = "eu-node password";
  private static final String JP_PASSWORD = "jp-node password";
  private static final String JP_IDENTITY = "identity--3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a98";
  private static final String OPERATOR_PASSWORD = "operator password";
  private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH");

  enum Who { NOBODY, WRONG_PASSWORD, ANALYST, OPERATOR, US, EU, JP }

  @TempDir static Path dir;
  private RunningNode cn;
  private TwoNodeSetup setup;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<Who, String> auth = new EnumMap<>(Who.class);

  /** Released to US under A1.S1. */
  private String released;
  /** Withheld from US: TLP:RED, an AMBER identity (A1.S4 shares only CLEAR ones), a relationship naming it. */
  private final List<String> withheld = new ArrayList<>();
  private String statusOfAnalyst;
  /** A request of CN's (to US), made by CN's analyst through the cases API. */
  private String caseId;
  /** A request of US's that CN answers, with one evidence file CN's analyst uploaded. */
  private String answeredId;
  private String evidenceSha256;

  @BeforeAll
  void start() throws Exception {
    setup = TwoNodeSetup.prepare(dir, 0, 0, 0, 100);
    Node.activate(setup.cn().config(), withThirdParty(setup));
    cn = Node.start(withMoreUsers(setup.cn().config()));
    auth.put(Who.NOBODY, null);
    auth.put(Who.WRONG_PASSWORD, basic(TwoNodeSetup.ANALYST, "not the password"));
    auth.put(Who.ANALYST, basic(TwoNodeSetup.ANALYST, setup.cn().analystPassword()));
    auth.put(Who.OPERATOR, basic("operator", OPERATOR_PASSWORD));
    auth.put(Who.US, basic("us-node", new String(setup.us().config().peer("cn").orElseThrow().secret())));
    auth.put(Who.EU, basic("eu-node", EU_PASSWORD));
    auth.put(Who.JP, basic("jp-node", JP_PASSWORD));

    ObjectNode shared = TestObjects.indicator(CN_IDENTITY, Tlp.GREEN, 80, "203.0.113.9");
    ObjectNode red = TestObjects.indicator(CN_IDENTITY, Tlp.RED, 95, "203.0.113.10");
    ObjectNode bank = base("identity", CN_IDENTITY, Tlp.AMBER);
    bank.put("name", "Example Commercial Bank");
    bank.put("identity_class", "organization");
    ObjectNode targets = base("relationship", CN_IDENTITY, Tlp.GREEN);
    targets.put("relationship_type", "indicates");
    targets.put("source_ref", shared.get("id").asText());
    targets.put("target_ref", bank.get("id").asText());
    cn.store().add(TwoNodeSetup.SHARED,
        List.of(StixObject.of(shared), StixObject.of(red), StixObject.of(bank), StixObject.of(targets)));
    released = shared.get("id").asText();
    withheld.add(red.get("id").asText());
    withheld.add(bank.get("id").asText());
    withheld.add(targets.get("id").asText());

    HttpResponse<String> posted = send("POST", "/accord/collections/shared/objects/", Who.ANALYST,
        envelope(TestObjects.indicator(CN_IDENTITY, Tlp.GREEN, 90, "203.0.113.11")));
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    statusOfAnalyst = json(posted).get("id").asText();

    HttpResponse<String> request = send("POST", "/api/cases/", Who.ANALYST,
        "{\"kind\": \"investigative-assistance\", \"requested\": \"us\", \"legal_basis\": {\"clause\": \"A1\"},"
            + " \"offence\": \"intrusion\", \"facts\": \"C2 at 203.0.113.7\", \"data_sought\": [\"operators\"],"
            + " \"urgency\": \"normal\", \"objects\": [], \"tlp\": \"amber\"}");
    assertThat(request.statusCode()).as(request.body()).isEqualTo(201);
    caseId = json(request).at("/request/id").asText();

    org.accord.cases.AssistanceRequest asked = new org.accord.cases.AssistanceRequest(
        org.accord.cases.AssistanceRequest.TYPE + "--" + UUID.randomUUID(), org.accord.cases.RequestKind.PRESERVATION,
        "us", "cn", new org.accord.cases.LegalBasis("A1", null), "intrusion", "C2 at 203.0.113.7",
        List.of("connection logs"), "Example Hosting Inc.", null, org.accord.cases.Urgency.NORMAL, null, List.of(),
        Tlp.AMBER,
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    cn.cases().create(asked);
    cn.cases().apply(asked.id(), org.accord.cases.Transition.SEND, "us");
    cn.cases().apply(asked.id(), org.accord.cases.Transition.RECEIVE, "cn");
    answeredId = asked.id();
    byte[] logs = "connection logs of 203.0.113.7\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    evidenceSha256 =
        java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(logs));
    HttpResponse<String> uploaded = http.send(
        HttpRequest.newBuilder(URI.create(cn.baseUrl() + "/api/cases/" + answeredId + "/evidence"))
            .header("Authorization", auth.get(Who.ANALYST)).header("X-Content-SHA256", evidenceSha256)
            .POST(HttpRequest.BodyPublishers.ofByteArray(logs)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
  }

  @AfterAll
  void stop() {
    if (cn != null) {
      cn.close();
    }
  }

  /**
   * Version 2 of the demo rulebook: the same parties and agreement A1, plus party jp with an agreement A2 under which
   * CN shares indicators with JP. Signed by all three parties, as activation requires.
   */
  private static SignedRulebook withThirdParty(TwoNodeSetup setup) throws Exception {
    KeyPair jp = NodeKeys.loadOrCreate(dir.resolve("jp"));
    String v1 = java.nio.file.Files.readString(setup.rulebookFile());
    String v2 = v1.replace("version: 1\n", "version: 2\n").replace("supersedes: 0\n", "supersedes: 1\n")
        .replace("\ndefaults:", "  jp:\n    name: JP-CERT (test)\n    identity: " + JP_IDENTITY + "\n    key: "
            + NodeKeys.publicKeyText(jp) + "\n\ndefaults:")
        + "  - id: A2\n"
        + "    title: Indicators for JP-CERT\n"
        + "    parties: [cn, jp]\n"
        + "    clauses:\n"
        + "      - id: A2.S1\n"
        + "        kind: share\n"
        + "        from: [cn]\n"
        + "        to: [jp]\n"
        + "        what: { types: [indicator], tlp: [clear, green], min_confidence: 70 }\n"
        + "        purpose: incident-response\n";
    SignedRulebook signed = RulebookSigner.sign(RulebookParser.parse(v2, "rulebook v2"), "cn",
        NodeKeys.loadOrCreate(setup.cn().config().dataDir()).getPrivate());
    signed = RulebookSigner.sign(signed, "us", NodeKeys.loadOrCreate(setup.us().config().dataDir()).getPrivate());
    return RulebookSigner.sign(signed, "jp", jp.getPrivate());
  }

  /** CN's configuration plus users of an unknown party and of a known third party, and an own user who deletes. */
  private static NodeConfig withMoreUsers(NodeConfig c) {
    List<NodeConfig.User> users = new ArrayList<>(c.taxii().users());
    users.add(new NodeConfig.User("eu-node", PasswordHash.hash(EU_PASSWORD.toCharArray(), 1_000), Map.of(), "eu"));
    users.add(new NodeConfig.User("jp-node", PasswordHash.hash(JP_PASSWORD.toCharArray(), 1_000), Map.of(), "jp"));
    users.add(new NodeConfig.User("operator", PasswordHash.hash(OPERATOR_PASSWORD.toCharArray(), 1_000),
        Map.of("*", new NodeConfig.Access(true, true, true)), null));
    // The matrix sends a wrong password on every route: login throttling (LoginThrottlingTest) would otherwise back
    // off the test's one address half-way through. Everything else is the demo's configuration.
    NodeConfig.Auth lenient = new NodeConfig.Auth(1_000, 1_000, null, null, null, null, null, null);
    return c.withTaxii(c.taxii().withUsers(users).withAuth(lenient));
  }

  /** One route: a method on a path, what each caller must get. */
  private record Route(String method, String path, String body, Map<Who, Integer> expected) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** Statuses in {@link Who} order: NOBODY, WRONG_PASSWORD, ANALYST, OPERATOR, US, EU, JP. */
  private static Map<Who, Integer> statuses(int... s) {
    Map<Who, Integer> m = new EnumMap<>(Who.class);
    for (Who w : Who.values()) {
      m.put(w, s[w.ordinal()]);
    }
    return m;
  }

  private List<Route> routes() {
    String objects = "/accord/collections/shared/objects/";
    String post = envelope(TestObjects.indicator(CN_IDENTITY, Tlp.GREEN, 85, "203.0.113.12"));
    List<Route> r = new ArrayList<>();
    r.add(new Route("GET", "/taxii2/", null, statuses(401, 401, 200, 200, 200, 200, 200)));
    r.add(new Route("GET", "/accord/", null, statuses(401, 401, 200, 200, 200, 200, 200)));
    r.add(new Route("GET", "/accord/collections/", null, statuses(401, 401, 200, 200, 200, 200, 200)));
    r.add(new Route("GET", "/accord/collections/shared/", null, statuses(401, 401, 200, 200, 200, 403, 200)));
    r.add(new Route("GET", "/accord/collections/shared/manifest/", null, statuses(401, 401, 200, 200, 200, 403, 200)));
    r.add(new Route("GET", objects, null, statuses(401, 401, 200, 200, 200, 403, 200)));
    // A peer writes only to its inbox, never to the collection CN offers; the inbox holds US's objects, so it is
    // read-only to CN's own users (only federation with US writes there).
    r.add(new Route("POST", objects, post, statuses(401, 401, 202, 202, 403, 403, 403)));
    r.add(new Route("POST", "/accord/collections/inbox/objects/", post, statuses(401, 401, 403, 403, 202, 403, 403)));
    r.add(new Route("GET", "/accord/collections/inbox/objects/", null, statuses(401, 401, 200, 200, 200, 403, 200)));
    r.add(new Route("GET", objects + released + "/", null, statuses(401, 401, 200, 200, 200, 403, 200)));
    r.add(new Route("GET", objects + released + "/versions/", null, statuses(401, 401, 200, 200, 200, 403, 200)));
    r.add(new Route("DELETE", objects + released + "/", null, statuses(401, 401, 403, 200, 403, 403, 403)));
    r.add(new Route("GET", "/accord/status/" + statusOfAnalyst + "/", null,
        statuses(401, 401, 200, 404, 404, 404, 404)));
    r.add(new Route("GET", "/_accord/assets/", null, statuses(401, 401, 200, 200, 403, 403, 403)));
    r.add(new Route("PUT", "/_accord/assets/x", "{}", statuses(401, 401, 400, 400, 403, 403, 403)));
    r.add(new Route("DELETE", "/_accord/assets/x", null, statuses(401, 401, 404, 404, 403, 403, 403)));
    r.add(new Route("POST", "/_accord/ledger/checkpoint/", "{}", statuses(401, 401, 403, 403, 400, 403, 400)));
    r.add(new Route("GET", "/_accord/ledger/entries/", null, statuses(401, 401, 403, 403, 200, 403, 200)));
    // JP (known, on none of CN's requests) reads what A2 shares with it, like any peer with a share clause; from
    // here on its column equals EU's.
    // The cases API is for CN's own users; a peer is refused before anything is looked up (it reaches requests
    // through federation), whether it is on the request (US) or not (JP, EU). An empty body is a 400 for an own user,
    // and nothing is created.
    r.add(new Route("GET", "/api/cases/", null, statuses(401, 401, 200, 200, 403, 403, 403)));
    r.add(new Route("POST", "/api/cases/", "{}", statuses(401, 401, 400, 400, 403, 403, 403)));
    r.add(new Route("GET", "/api/cases/stats", null, statuses(401, 401, 200, 200, 403, 403, 403)));
    r.add(new Route("GET", "/api/cases/" + caseId, null, statuses(401, 401, 200, 200, 403, 403, 403)));
    r.add(new Route("POST", "/api/cases/" + caseId + "/transitions", "{}",
        statuses(401, 401, 400, 400, 403, 403, 403)));
    // Evidence: uploaded by CN's own users only where CN answers (on CN's own request, 403; without the declared
    // hash, 400); read by CN's users and by US, the requesting party it goes to; JP and EU learn nothing (404).
    String answered = "/api/cases/" + answeredId + "/evidence";
    r.add(new Route("POST", "/api/cases/" + caseId + "/evidence", "{}", statuses(401, 401, 403, 403, 403, 403, 403)));
    r.add(new Route("POST", answered, "{}", statuses(401, 401, 400, 400, 403, 403, 403)));
    r.add(new Route("GET", answered, null, statuses(401, 401, 200, 200, 200, 404, 404)));
    r.add(new Route("GET", "/api/cases/" + caseId + "/evidence", null, statuses(401, 401, 404, 404, 404, 404, 404)));
    r.add(new Route("GET", answered + "/" + evidenceSha256, null, statuses(401, 401, 200, 200, 200, 404, 404)));
    r.add(new Route("GET", answered + "/export", null, statuses(401, 401, 200, 200, 200, 404, 404)));
    // Fetching now is for CN's own users on a request CN made, once answered: here a draft of CN's and a request CN
    // answers, each a 409 for them (no network involved); a peer is refused before any look-up.
    r.add(new Route("POST", "/api/cases/" + caseId + "/evidence/fetch", "{}",
        statuses(401, 401, 409, 409, 403, 403, 403)));
    r.add(new Route("POST", answered + "/fetch", "{}", statuses(401, 401, 409, 409, 403, 403, 403)));
    // Hash banks and matching: CN's own users only, a peer refused before anything is looked up; an empty or
    // malformed body is a 400, an unknown bank or entry a 404, for own users only.
    r.add(new Route("GET", "/api/hash/banks", null, statuses(401, 401, 200, 200, 403, 403, 403)));
    r.add(new Route("POST", "/api/hash/banks", "{}", statuses(401, 401, 400, 400, 403, 403, 403)));
    r.add(new Route("POST", "/api/hash/banks/x/entries", "[]", statuses(401, 401, 404, 404, 403, 403, 403)));
    r.add(new Route("POST", "/api/hash/entries/x/disable", "{}", statuses(401, 401, 404, 404, 403, 403, 403)));
    r.add(new Route("POST", "/api/hash/entries/x/enable", "{}", statuses(401, 401, 404, 404, 403, 403, 403)));
    r.add(new Route("POST", "/api/hash/match", "{}", statuses(401, 401, 400, 400, 403, 403, 403)));
    return r;
  }

  @Test
  void everyRouteAnswersEachCallerWithItsExactStatus() throws Exception {
    Map<String, String> wrong = new LinkedHashMap<>();
    for (Route route : routes()) {
      for (Who who : Who.values()) {
        if (route.method().equals("DELETE") && route.path().contains("/objects/") && who == Who.OPERATOR) {
          continue; // run last, below: it removes the object the other rows ask about
        }
        HttpResponse<String> r = send(route.method(), route.path(), who, route.body());
        int expected = route.expected().get(who);
        if (r.statusCode() != expected) {
          wrong.put(route + " as " + who, r.statusCode() + " (expected " + expected + "): " + r.body());
        }
        noWithheldIdIn(route + " as " + who, who, r, wrong);
      }
    }
    assertThat(wrong).isEmpty();
  }

  /**
   * HEAD answers every caller with the status GET gives it, on every GET row: Javalin's own HEAD would answer 200 to
   * anyone authenticated without running the handler (a peer "finding" any case id).
   */
  @Test
  void headAnswersEachCallerWithTheStatusOfGet() throws Exception {
    Map<String, String> wrong = new LinkedHashMap<>();
    for (Route route : routes()) {
      if (!route.method().equals("GET")) {
        continue;
      }
      for (Who who : Who.values()) {
        HttpResponse<String> r = send("HEAD", route.path(), who, null);
        int expected = route.expected().get(who);
        if (r.statusCode() != expected) {
          wrong.put("HEAD " + route.path() + " as " + who, r.statusCode() + " (expected " + expected + ")");
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  /** Every route the node serves (Javalin's own list) is exercised by at least one row of {@link #routes()}. */
  @Test
  void everyRouteOfTheNodeIsInTheMatrix() {
    List<String> rows = routes().stream().map(r -> r.method() + " " + r.path().replaceAll("\\?.*$", "")).toList();
    List<String> missing = new ArrayList<>();
    for (String route : cn.routes()) {
      String method = route.substring(0, route.indexOf(' '));
      if (method.equals("HEAD")) {
        method = "GET"; // HEAD runs the GET handler (TaxiiServer.get); the GET row covers it
      }
      String template = route.substring(route.indexOf(' ') + 1);
      String regex = method + " " + template.replaceAll("\\{[^}]+}", "[^/]+").replaceAll("/$", "") + "/?";
      if (rows.stream().noneMatch(row -> row.matches(regex))) {
        missing.add(route);
      }
    }
    assertThat(missing).as("routes the matrix does not cover").isEmpty();
  }

  @Test
  void everyOtherMethodOnEveryPathIs405ForCallersAnd401ForNobody() throws Exception {
    Map<String, List<String>> allowed = new LinkedHashMap<>();
    for (Route route : routes()) {
      allowed.computeIfAbsent(route.path(), p -> new ArrayList<>()).add(route.method());
      if (route.method().equals("GET")) {
        allowed.get(route.path()).add("HEAD");
      }
    }
    Map<String, String> wrong = new LinkedHashMap<>();
    allowed.forEach((path, methods) -> {
      for (String method : METHODS) {
        if (methods.contains(method)) {
          continue;
        }
        for (Who who : List.of(Who.NOBODY, Who.ANALYST, Who.US)) {
          try {
            HttpResponse<String> r = send(method, path, who, method.equals("GET") ? null : "{}");
            int expected = who == Who.NOBODY ? 401 : 405;
            if (r.statusCode() != expected) {
              wrong.put(method + " " + path + " as " + who, r.statusCode() + " (expected " + expected + ")");
            }
          } catch (Exception e) {
            wrong.put(method + " " + path + " as " + who, e.toString());
          }
        }
      }
    });
    assertThat(wrong).isEmpty();
  }

  /**
   * For every route that names an object, a withheld id and an id that was never stored get the same status and the
   * same body, once the echoed id and the error's own id are masked.
   */
  @Test
  void aWithheldObjectIsIndistinguishableFromOneThatDoesNotExist() throws Exception {
    String objects = "/accord/collections/shared/objects/";
    List<String> templates = List.of(
        "GET " + objects + "{id}/",
        "HEAD " + objects + "{id}/",
        "GET " + objects + "{id}/versions/",
        "GET " + objects + "{id}/versions/?limit=1",
        "GET " + objects + "?match[id]={id}",
        "GET " + objects + "?match[id]={id}," + released + "&limit=1",
        "GET /accord/collections/shared/manifest/?match[id]={id}",
        "DELETE " + objects + "{id}/");
    for (Who who : List.of(Who.US, Who.EU, Who.JP)) {
      for (String w : withheld) {
        String absent = w.substring(0, w.indexOf("--") + 2) + UUID.randomUUID();
        for (String t : templates) {
          String method = t.substring(0, t.indexOf(' '));
          String path = t.substring(t.indexOf(' ') + 1);
          HttpResponse<String> a = send(method, path.replace("{id}", w), who, null);
          HttpResponse<String> b = send(method, path.replace("{id}", absent), who, null);
          assertThat(a.statusCode()).as(t + " as " + who).isEqualTo(b.statusCode());
          assertThat(masked(a, w)).as(t + " as " + who).isEqualTo(masked(b, absent));
          assertThat(headersOf(a, w)).as(t + " as " + who).isEqualTo(headersOf(b, absent));
        }
      }
    }
  }

  @Test
  void theOperatorDeletesWhereConfiguredAndTheDeleteIsInTheLedger() throws Exception {
    ObjectNode doomed = TestObjects.indicator(CN_IDENTITY, Tlp.GREEN, 80, "203.0.113.77");
    cn.store().add(TwoNodeSetup.SHARED, List.of(StixObject.of(doomed)));
    String id = doomed.get("id").asText();

    HttpResponse<String> byAnalyst = send("DELETE", "/accord/collections/shared/objects/" + id + "/", Who.ANALYST, null);
    HttpResponse<String> byOperator =
        send("DELETE", "/accord/collections/shared/objects/" + id + "/", Who.OPERATOR, null);

    assertThat(byAnalyst.statusCode()).isEqualTo(403);
    assertThat(byOperator.statusCode()).as(byOperator.body()).isEqualTo(200);
    assertThat(java.nio.file.Files.readString(Node.ledgerFile(setup.cn().config()))).contains(id);
  }

  private void noWithheldIdIn(String what, Who who, HttpResponse<String> r, Map<String, String> wrong) {
    if (who == Who.ANALYST || who == Who.OPERATOR) {
      return;
    }
    String seen = r.body() + "\n" + r.headers().map();
    for (String w : withheld) {
      if (seen.contains(w)) {
        wrong.put(what + " names withheld " + w, seen);
      }
    }
  }

  private static String masked(HttpResponse<String> r, String id) throws Exception {
    if (r.body().isEmpty()) {
      return "";
    }
    JsonNode body = StixJson.mapper().readTree(r.body());
    if (body instanceof ObjectNode o) {
      o.remove("error_id");
    }
    return body.toString().replace(id, "{id}");
  }

  private static Map<String, List<String>> headersOf(HttpResponse<String> r, String id) {
    Map<String, List<String>> h = new LinkedHashMap<>(r.headers().map());
    h.remove("date");
    h.remove("content-length"); // the masked bodies are compared; lengths differ only by the id's spelling
    h.replaceAll((k, v) -> v.stream().map(s -> s.replace(id, "{id}")).toList());
    return h;
  }

  private HttpResponse<String> send(String method, String path, Who who, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cn.baseUrl() + path)).header("Accept", MEDIA);
    if (auth.get(who) != null) {
      b.header("Authorization", auth.get(who));
    }
    if (body != null) {
      boolean plain = path.startsWith("/_accord/") || path.startsWith("/api/");
      b.header("Content-Type", plain ? "application/json" : MEDIA);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String envelope(ObjectNode... objects) {
    ObjectNode e = StixJson.mapper().createObjectNode();
    for (ObjectNode o : objects) {
      e.withArray("objects").add(o);
    }
    return e.toString();
  }


}
