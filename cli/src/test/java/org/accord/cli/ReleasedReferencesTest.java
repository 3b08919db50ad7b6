package org.accord.cli;

import static org.accord.cli.TwoNodeHttp.MEDIA;
import static org.accord.cli.TestObjects.CN_IDENTITY;
import static org.accord.cli.TestObjects.US_IDENTITY;
import static org.accord.cli.TestObjects.base;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.accord.node.Node;
import org.accord.node.NodeKeys;
import org.accord.node.RunningNode;
import org.accord.rules.RulebookParser;
import org.accord.rules.RulebookSigner;
import org.accord.rules.SignedRulebook;
import org.accord.stix.ScoIds;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.accord.store.StoredObject;
import org.accord.taxii.client.Federation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 8, finding 5: what CN's node releases to US over real HTTP never names an id US may not receive, under the
 * demo's rulebook with {@code defaults.references} left at withhold and set to drop; {@code accord explain} names the
 * reference that decided; and the demo's story, US's sightings of CN's indicators going back to CN, still holds.
 */
class ReleasedReferencesTest {

  @TempDir Path dir;
  private TwoNodeSetup setup;
  private RunningNode cn;
  private RunningNode us;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    for (RunningNode n : new RunningNode[] {cn, us}) {
      if (n != null) {
        n.close();
      }
    }
  }

  /** CN's node under the demo rulebook, or under a version 2 of it with {@code defaults.references: drop}. */
  private void startCn(String policy) throws Exception {
    setup = TwoNodeSetup.prepare(dir, 0, 0, 0, 100);
    if (policy.equals("drop")) {
      String v2 =
          Files.readString(setup.rulebookFile())
              .replace("version: 1\nsupersedes: 0", "version: 2\nsupersedes: 1")
              .replace("  unmarked: amber\n", "  unmarked: amber\n  references: drop\n");
      SignedRulebook signed =
          RulebookSigner.sign(
              RulebookSigner.sign(
                  RulebookParser.parse(v2, "v2.yaml"), "cn",
                  NodeKeys.loadOrCreate(setup.cn().config().dataDir()).getPrivate()),
              "us", NodeKeys.loadOrCreate(setup.us().config().dataDir()).getPrivate());
      assertThat(signed.rulebook().canonicalJson()).contains("\"references\":\"drop\"");
      Node.activate(setup.cn().config(), signed);
    }
    cn = Node.start(setup.cn().config());
  }

  @ParameterizedTest
  @ValueSource(strings = {"withhold", "drop"})
  void aRelationshipToAWithheldIdentityIsNotReleased(String policy) throws Exception {
    startCn(policy);
    ObjectNode bank = base("identity", CN_IDENTITY, Tlp.AMBER); // A1.S4 shares CLEAR identities only
    bank.put("name", "Example Commercial Bank");
    ObjectNode malware = malware();
    ObjectNode targets = relationship("targets", malware, bank);
    ObjectNode uses = relationship("related-to", malware, malware);
    add(bank, malware, targets, uses);

    String body = get("/collections/shared/objects/");

    assertThat(ids(body)).contains(malware.get("id").asText(), uses.get("id").asText())
        .doesNotContain(targets.get("id").asText());
    assertThat(body).doesNotContain(bank.get("id").asText());
    CliTest.Run explain =
        CliTest.run("explain", targets.get("id").asText(), "--to", "us", "--config", setup.cn().configFile().toString());
    assertThat(explain.out())
        .contains("DENY withheld-reference: target_ref " + bank.get("id").asText() + " is not released to us"
            + " (default-deny: TLP:AMBER: nearest clause A1.S4: TLP:AMBER is not among its levels)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"withhold", "drop"})
  void aSightingOfAWithheldIndicatorIsNotReleasedAndWhereSightedFollowsThePolicy(String policy) throws Exception {
    startCn(policy);
    ObjectNode weak = TestObjects.indicator(CN_IDENTITY, Tlp.GREEN, 40, "203.0.113.7"); // below A1.S1's 70
    ObjectNode strong = TestObjects.indicator(CN_IDENTITY, Tlp.GREEN, 90, "203.0.113.8");
    ObjectNode bank = base("identity", CN_IDENTITY, Tlp.AMBER);
    bank.put("name", "Example Commercial Bank");
    ObjectNode ofWeak = sighting(weak);
    ObjectNode atTheBank = sighting(strong);
    atTheBank.putArray("where_sighted_refs").add(bank.get("id").asText()).add(CN_IDENTITY);
    add(weak, strong, bank, ofWeak, atTheBank);

    String body = get("/collections/shared/objects/");

    assertThat(ids(body)).contains(strong.get("id").asText()).doesNotContain(ofWeak.get("id").asText());
    assertThat(body).doesNotContain(weak.get("id").asText()).doesNotContain(bank.get("id").asText());
    JsonNode released = object(body, atTheBank.get("id").asText());
    if (policy.equals("withhold")) {
      assertThat(released).isNull();
    } else {
      assertThat(released.get("where_sighted_refs").toString()).isEqualTo("[\"" + CN_IDENTITY + "\"]");
      assertThat(released.get("sighting_of_ref").asText()).isEqualTo(strong.get("id").asText());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"withhold", "drop"})
  void aRelationshipToAPseudonymisedScoNamesTheIdTheScoIsReleasedUnder(String policy) throws Exception {
    startCn(policy);
    ObjectNode address = StixJson.mapper().createObjectNode();
    address.put("type", "ipv4-addr");
    address.put("spec_version", "2.1");
    address.put("value", "10.20.30.40"); // private: A1.S2 pseudonymises it
    String original = ScoIds.deterministicId(address).orElseThrow();
    address.put("id", original);
    ObjectNode infrastructure = base("infrastructure", CN_IDENTITY, Tlp.AMBER);
    infrastructure.put("name", "C2 server");
    ObjectNode consists = relationship("consists-of", infrastructure, address);
    add(address, infrastructure, consists);

    String body = get("/collections/shared/objects/");

    assertThat(body).doesNotContain(original).doesNotContain("10.20.30.40");
    JsonNode sco = objectOfType(body, "ipv4-addr");
    JsonNode rel = object(body, consists.get("id").asText());
    assertThat(rel.get("target_ref").asText()).isEqualTo(sco.get("id").asText());
    assertThat(rel.get("source_ref").asText()).isEqualTo(infrastructure.get("id").asText());
  }

  @Test
  void usSightingsOfCnIndicatorsStillGoBackToCn() throws Exception {
    startCn("withhold");
    us = Node.start(setup.us().config());
    ObjectNode indicator = TestObjects.indicator(CN_IDENTITY, Tlp.AMBER, 90, "198.51.100.23");
    add(indicator);
    assertThat(us.federate()).noneMatch(o -> o instanceof Federation.Failed);
    ObjectNode seen = base("sighting", US_IDENTITY, Tlp.AMBER);
    seen.put("sighting_of_ref", indicator.get("id").asText());
    seen.putArray("where_sighted_refs").add(US_IDENTITY);
    ObjectNode ofUnknown = base("sighting", US_IDENTITY, Tlp.AMBER);
    ofUnknown.put("sighting_of_ref", "indicator--0d7c1c55-1f1e-4c57-9a3c-6b9f6c0f1f11"); // US holds no such id
    us.store().add(TwoNodeSetup.OUTBOX, List.of(StixObject.of(seen), StixObject.of(ofUnknown)));

    assertThat(us.federate()).noneMatch(o -> o instanceof Federation.Failed);

    List<StoredObject> inbox = StoreScan.allVersions(cn.store(), TwoNodeSetup.INBOX);
    assertThat(inbox).extracting(o -> o.entry().id()).containsExactly(seen.get("id").asText());
  }

  private static ObjectNode malware() {
    ObjectNode m = base("malware", CN_IDENTITY, Tlp.AMBER);
    m.put("name", "botnet agent");
    m.put("is_family", true);
    return m;
  }

  private static ObjectNode relationship(String type, ObjectNode source, ObjectNode target) {
    ObjectNode r = base("relationship", CN_IDENTITY, Tlp.AMBER);
    r.put("relationship_type", type);
    r.put("source_ref", source.get("id").asText());
    r.put("target_ref", target.get("id").asText());
    return r;
  }

  private static ObjectNode sighting(ObjectNode of) {
    ObjectNode s = base("sighting", CN_IDENTITY, Tlp.AMBER);
    s.put("sighting_of_ref", of.get("id").asText());
    return s;
  }

  private void add(ObjectNode... objects) {
    List<StixObject> batch = new ArrayList<>();
    for (ObjectNode o : objects) {
      batch.add(StixObject.of(o));
    }
    cn.store().add(TwoNodeSetup.SHARED, batch);
  }

  /** A GET by US's node user, the way US's node reads CN's collection. */
  private String get(String path) throws Exception {
    String password = new String(setup.us().config().peer("cn").orElseThrow().secret());
    String auth = Base64.getEncoder().encodeToString(("us-node:" + password).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(cn.baseUrl() + "/accord" + path))
                .header("Authorization", "Basic " + auth).header("Accept", MEDIA).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static List<String> ids(String body) throws Exception {
    List<String> out = new ArrayList<>();
    StixJson.mapper().readTree(body).path("objects").forEach(o -> out.add(o.get("id").asText()));
    return out;
  }

  private static JsonNode object(String body, String id) throws Exception {
    for (JsonNode o : StixJson.mapper().readTree(body).path("objects")) {
      if (o.get("id").asText().equals(id)) {
        return o;
      }
    }
    return null;
  }

  private static JsonNode objectOfType(String body, String type) throws Exception {
    for (JsonNode o : StixJson.mapper().readTree(body).path("objects")) {
      if (o.get("type").asText().equals(type)) {
        return o;
      }
    }
    throw new AssertionError("no " + type + " in " + body);
  }
}
