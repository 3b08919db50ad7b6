package org.accord.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.accord.sensor.detect.Attack;
import org.accord.sensor.detect.DetectorConfig;
import org.accord.sensor.detect.Detectors;
import org.accord.sensor.enrich.Asset;
import org.accord.sensor.enrich.AssetRegistry;
import org.accord.sensor.enrich.GeoLookup;
import org.accord.sensor.enrich.Sector;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.generate.AddressPlan;
import org.accord.sensor.generate.TrafficGenerator;
import org.accord.sensor.generate.TrafficGenerator.Config;
import org.accord.sensor.generate.TrafficGenerator.Scenario;
import org.accord.sensor.output.IncidentBuilder;
import org.accord.sensor.output.OutputSettings;
import org.accord.stix.AccordExtension;
import org.accord.stix.ScoIds;
import org.accord.stix.Tlp;
import org.accord.stix.ValidationReport;
import org.accord.stix.Validator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, finding 10: STIX that strict validators accept. The sensor runs the demo's multi-vector DDoS on a
 * registered bank, with one bot's address as a known indicator (so sightings are made too), and every object it
 * produces is checked against an independent reference: the OASIS STIX 2.1 JSON schemas (oasis-open/
 * cti-stix2-json-schemas, BSD-3-Clause, copied with their licence into {@code oasis-stix2-json-schemas/}, see its
 * PROVENANCE.md) under networknt's JSON-schema validator, Accord's extension against its own published schema, and
 * the rules the schemas cannot say: no custom {@code x_} property, a description on every object that may have one,
 * and ids that are the UUIDv5 they claim to be (STIX 2.1 §2.9), computed here without Accord's code.
 */
class OasisSchemasTest {
  private static final String OASIS_ID_BASE =
      "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/";
  private static final String NODE_IDENTITY = "identity--fb7c2360-72de-4f0a-9d28-35f2bce8a792";
  private static final Asset BANK =
      new Asset("bank-web", "Online banking", "Example Commercial Bank", Sector.FINANCE, 5, "finance-web",
          List.of("198.51.100.0/26"), List.of("bank.example"));
  private static final String KNOWN_BOT_INDICATOR = "indicator--3d30cfba-3553-4f53-99d3-bbc635fb09c1";

  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
          b -> b.schemaIdResolvers(r -> r.mapPrefix(OASIS_ID_BASE, "classpath:oasis-stix2-json-schemas/schemas/")));

  private static List<ObjectNode> objects;
  private static List<Attack> attacks;

  /** The demo's scenario (cli DemoTelemetry): 3,000 flows/s of background, 4,000 attack flows/s for 20 s. */
  private static Config demo(double backgroundRate) {
    return new Config(Scenario.DDOS_FINANCE, backgroundRate, Duration.ofSeconds(90), 2026, Config.DEFAULT_START,
        AddressPlan.DEFAULT, 4_000, Duration.ofSeconds(45), Duration.ofSeconds(20));
  }

  @BeforeAll
  static void runTheSensorOnTheDemoDdos() {
    Config config = demo(3_000);
    long bank = Addresses.parseV4(AddressPlan.DEFAULT.target());
    long[] bot = {-1};
    new TrafficGenerator(demo(0)).flows(r -> {
          if (bot[0] < 0 && r.dstLo == bank) {
            bot[0] = r.srcLo;
          }
        });
    Sensor.Matcher oneBot = new Sensor.Matcher() {
      @Override
      public int matchIpv4(long v4, boolean source) {
        return source && v4 == bot[0] ? 0 : -1;
      }

      @Override
      public int matchIpv6(long hi, long lo, boolean source) {
        return -1;
      }

      @Override
      public String indicatorId(int handle) {
        return KNOWN_BOT_INDICATOR;
      }
    };
    Detectors detectors = new Detectors(DetectorConfig.builder()
        .group("finance-web", new DetectorConfig.Thresholds(20_000, 80e6, 2_000, 5_000, 5_000)).build(),
        AssetRegistry.of(List.of(BANK)), GeoLookup.NONE, "CN");
    objects = new ArrayList<>();
    Sensor sensor = new Sensor(oneBot, AssetRegistry.of(List.of(BANK)), Sensor.Detection.of(detectors),
        new OutputSettings(NODE_IDENTITY, Tlp.AMBER, 60_000, "CN"), objects::addAll);
    new TrafficGenerator(config).flows(sensor);
    sensor.finish();
    attacks = sensor.attacks();
  }

  @Test
  void everyObjectTheSensorMakesMeetsTheOasisStix21Schemas() {
    Set<String> types = new TreeSet<>();
    for (ObjectNode o : objects) {
      String type = o.get("type").asText();
      types.add(type);
      List<Error> errors = SCHEMAS.getSchema(SchemaLocation.of(OASIS_ID_BASE + schemaPath(type))).validate(o);
      assertThat(errors).as("%s against the OASIS schema of %s", o, type).isEmpty();
    }
    assertThat(types).contains("extension-definition", "identity", "incident", "indicator", "sighting",
        "observed-data", "attack-pattern", "relationship", "ipv4-addr");
  }

  /** A log-based attack on a host name (a domain-name target) from IPv4 and IPv6 sources: the other SCO types. */
  @Test
  void aBruteForceOnAHostNameFromIpv6SourcesMeetsTheSchemasToo() {
    Attack fromLog = new Attack(Attack.Kind.BRUTE_FORCE, "LabSZ", "default", Config.DEFAULT_START,
        Config.DEFAULT_START + 600_000, false, 0, 0, 0, 2, List.of(new Attack.Source("2001:db8::9", 120, "", 0),
            new Attack.Source("203.0.113.9", 80, "", 0)), -1, "");
    List<ObjectNode> made = new IncidentBuilder(
        new OutputSettings(NODE_IDENTITY, Tlp.AMBER, 60_000, "CN")).build(fromLog, null, Config.DEFAULT_START);
    Set<String> types = new TreeSet<>();
    for (ObjectNode o : made) {
      types.add(o.get("type").asText());
      assertThat(SCHEMAS.getSchema(SchemaLocation.of(OASIS_ID_BASE + schemaPath(o.get("type").asText())))
          .validate(o)).as(o.toString()).isEmpty();
      assertThat(customProperties(o, "$")).isEmpty();
    }
    assertThat(types).contains("domain-name", "ipv6-addr", "ipv4-addr", "incident", "indicator");
  }

  /** Every kind a detector reports (web ones included) is a kind Accord's extension schema names. */
  @Test
  void anIncidentOfEveryAttackKindMeetsTheSchemasAndAccordsExtensionSchema() {
    for (Attack.Kind kind : Attack.Kind.values()) {
      long samplingRate = kind == Attack.Kind.VOLUMETRIC_DDOS ? 100 : 1; // a sampled one states its rate
      Attack a = new Attack(kind, "203.0.113.80", "default", Config.DEFAULT_START, Config.DEFAULT_START + 60_000,
          false, 10, 8_000, 1, 1, List.of(new Attack.Source("198.51.100.7", 10, "", 0)), -1, "", List.of(),
          samplingRate);
      List<ObjectNode> made = new IncidentBuilder(
          new OutputSettings(NODE_IDENTITY, Tlp.AMBER, 60_000, "CN")).build(a, null, Config.DEFAULT_START);
      ObjectNode incident = made.stream().filter(o -> o.get("type").asText().equals("incident")).findFirst()
          .orElseThrow();
      assertThat(SCHEMAS.getSchema(SchemaLocation.of(OASIS_ID_BASE + "sdos/incident.json")).validate(incident))
          .as(kind.name()).isEmpty();
      assertThat(SCHEMAS.getSchema(SchemaLocation.of("classpath:" + AccordExtension.SCHEMA_RESOURCE))
          .validate(AccordExtension.properties(incident))).as(kind.name()).isEmpty();
    }
  }

  /** The reference is not vacuous: the schemas, loaded from the copy, refuse a broken indicator and extension. */
  @Test
  void theSchemasRefuseABrokenIndicatorAndABrokenExtension() {
    ObjectNode indicator = objects.stream().filter(o -> o.get("type").asText().equals("indicator")).findFirst()
        .orElseThrow().deepCopy();
    indicator.remove("pattern");
    indicator.put("created", "yesterday");
    assertThat(SCHEMAS.getSchema(SchemaLocation.of(OASIS_ID_BASE + "sdos/indicator.json")).validate(indicator))
        .hasSizeGreaterThanOrEqualTo(2);
    ObjectNode extension = AccordExtension.properties(indicator);
    extension.putArray(AccordExtension.EVIDENCE).addObject().put("vector", "syn-flood");
    extension.put("x_extra", 1);
    assertThat(SCHEMAS.getSchema(SchemaLocation.of("classpath:" + AccordExtension.SCHEMA_RESOURCE))
        .validate(extension)).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void everyObjectMeetsAccordsOwnValidatorWithNoWarningButTheNameBasedIds() {
    Validator validator = new Validator();
    for (ObjectNode o : objects) {
      ValidationReport r = validator.validate(o);
      assertThat(r.violations()).as(o.toString()).isEmpty();
      // The one SHOULD not followed, deliberately: name-based ids (see idsAreTheNameBasedUuidsTheyClaimToBe).
      assertThat(r.warnings()).as(o.toString()).allSatisfy(w -> assertThat(w.rule()).isEqualTo("uuid-version"));
    }
  }

  @Test
  void accordsDataIsInItsPropertyExtensionAndNoCustomPropertyRemains() {
    Schema extension = SCHEMAS.getSchema(SchemaLocation.of("classpath:" + AccordExtension.SCHEMA_RESOURCE));
    int extended = 0;
    for (ObjectNode o : objects) {
      assertThat(customProperties(o, "$")).as("x_ properties of %s", o.get("id")).isEmpty();
      JsonNode exts = o.get("extensions");
      if (exts != null) {
        assertThat(exts.properties()).extracting(Map.Entry::getKey).as("extensions of %s", o.get("id"))
            .containsExactly(AccordExtension.ID);
        assertThat(extension.validate(exts.get(AccordExtension.ID))).as("Accord's extension on %s", o).isEmpty();
        extended++;
      }
    }
    assertThat(extended).as("objects using the extension").isGreaterThan(10);
    ObjectNode definition = only("extension-definition");
    assertThat(definition.get("id").asText()).isEqualTo(AccordExtension.ID);
    assertThat(definition.get("extension_types")).extracting(JsonNode::asText).containsExactly("property-extension");
    assertThat(definition.get("created_by_ref").asText()).isEqualTo(only("identity", AccordExtension.IDENTITY_ID)
        .get("id").asText());
    assertThat(definition.get("object_marking_refs").get(0).asText()).isEqualTo(Tlp.CLEAR.v2MarkingId());
    JsonNode incident = only("incident").get("extensions").get(AccordExtension.ID);
    assertThat(incident.get(AccordExtension.ATTACK).get("vectors")).hasSizeGreaterThan(1);
    assertThat(incident.get(AccordExtension.SECTORS)).extracting(JsonNode::asText).containsExactly("finance");
    for (ObjectNode o : objects) {
      if (o.get("type").asText().equals("indicator")) {
        assertThat(AccordExtension.evidence(o)).as("evidence of %s", o.get("name")).isNotEmpty();
      }
    }
  }

  @Test
  void everyObjectThatMayHaveADescriptionSaysWhatItIsAndWhy() {
    for (ObjectNode o : objects) {
      // SCOs (§6) and observed-data (§4.14) have no description in STIX 2.1: one would be a custom property. The
      // relationship from the incident to its observed data says what that holds.
      if (o.has("created") && !o.get("type").asText().equals("observed-data")) {
        assertThat(o.path("description").asText()).as("description of %s", o.get("id")).hasSizeGreaterThan(40);
      } else {
        assertThat(o.has("description")).as("description of %s", o.get("id")).isFalse();
      }
    }
    for (ObjectNode o : objects) {
      if (o.get("type").asText().equals("indicator")) {
        assertThat(o.get("description").asText()).as("why %s exists", o.get("name"))
            .contains(AccordExtension.attack(only("incident")).get("target").asText()).contains("evidence:")
            .contains("packets");
      }
    }
    ObjectNode sighting = objects.stream().filter(o -> o.get("type").asText().equals("sighting")).findFirst()
        .orElseThrow();
    assertThat(sighting.get("description").asText()).contains(KNOWN_BOT_INDICATOR).contains("Online banking")
        .contains("times between");
  }

  /**
   * STIX 2.1 §2.9: SCO ids are UUIDv5 in the OASIS namespace of the JCS form of their id-contributing properties
   * (for addresses and domain names, {@code {"value":"..."}}); the sensor's SDOs and SROs are UUIDv5 in the node's
   * own namespace (its identity's UUID) by design, so replays are idempotent; Accord's fixed objects in Accord's.
   */
  @Test
  void idsAreTheNameBasedUuidsTheyClaimToBe() {
    for (ObjectNode o : objects) {
      String id = o.get("id").asText();
      UUID uuid = UUID.fromString(id.substring(id.indexOf("--") + 2));
      assertThat(uuid.version()).as("version of %s", id).isEqualTo(5);
      assertThat(uuid.variant()).as("variant of %s", id).isEqualTo(2);
      if (!o.has("created")) {
        String json = "{\"value\":\"" + o.get("value").asText() + "\"}";
        assertThat(uuid).as("SCO id of %s", o).isEqualTo(uuid5(UUID.fromString(ScoIds.NAMESPACE), json));
      }
    }
    Attack attack = attacks.stream().filter(a -> a.target().equals(AddressPlan.DEFAULT.target())).findFirst()
        .orElseThrow();
    UUID node = UUID.fromString(NODE_IDENTITY.substring("identity--".length()));
    String name = "incident|" + attack.kind() + "|" + attack.target() + "|" + attack.startMillis();
    assertThat(only("incident").get("id").asText()).isEqualTo("incident--" + uuid5(node, name));
    UUID accord = UUID.fromString(AccordExtension.NAMESPACE);
    assertThat(AccordExtension.ID).isEqualTo("extension-definition--" + uuid5(accord, "extension-definition|accord"));
    assertThat(AccordExtension.IDENTITY_ID).isEqualTo("identity--" + uuid5(accord, "identity|accord"));
  }

  private static String schemaPath(String type) {
    return switch (type) {
      case "extension-definition", "marking-definition", "language-content" -> "common/" + type + ".json";
      case "relationship", "sighting" -> "sros/" + type + ".json";
      case "ipv4-addr", "ipv6-addr", "domain-name", "url", "network-traffic" -> "observables/" + type + ".json";
      default -> "sdos/" + type + ".json";
    };
  }

  private static List<String> customProperties(JsonNode node, String path) {
    List<String> found = new ArrayList<>();
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getKey().startsWith("x_")) {
          found.add(path + "." + e.getKey());
        }
        found.addAll(customProperties(e.getValue(), path + "." + e.getKey()));
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        found.addAll(customProperties(item, path + "[]"));
      }
    }
    return found;
  }

  private static ObjectNode only(String type) {
    List<ObjectNode> of = objects.stream().filter(o -> o.get("type").asText().equals(type)).toList();
    Map<String, ObjectNode> latest = new HashMap<>();
    of.forEach(o -> latest.merge(o.get("id").asText(), o,
        (a, b) -> a.get("modified").asText().compareTo(b.get("modified").asText()) >= 0 ? a : b));
    assertThat(latest).as("objects of type %s", type).hasSize(1);
    return latest.values().iterator().next();
  }

  private static ObjectNode only(String type, String id) {
    return objects.stream().filter(o -> o.get("id").asText().equals(id) && o.get("type").asText().equals(type))
        .findFirst().orElseThrow();
  }

  /** RFC 4122 §4.3, written out here so the check does not rest on the code it checks. */
  private static UUID uuid5(UUID namespace, String name) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits())
          .putLong(namespace.getLeastSignificantBits()).array());
      byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
      h[6] = (byte) ((h[6] & 0x0f) | 0x50);
      h[8] = (byte) ((h[8] & 0x3f) | 0x80);
      ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
      return new UUID(b.getLong(), b.getLong());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
