package org.accord.sensor.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.accord.sensor.detect.Attack;
import org.accord.sensor.enrich.Asset;
import org.accord.sensor.enrich.Sector;
import org.accord.stix.AccordExtension;
import org.accord.stix.Tlp;
import org.accord.stix.ValidationReport;
import org.accord.stix.Validator;
import org.junit.jupiter.api.Test;

/** The sensor's STIX objects: valid STIX 2.1 (checked by the validator), aggregated honestly, stable ids. */
class OutputsTest {
  private static final String CN = "identity--fb7c2360-72de-4f0a-9d28-35f2bce8a792";
  private static final OutputSettings SETTINGS = new OutputSettings(CN, Tlp.AMBER, 60_000, "CN");
  private static final long T0 = 1_795_000_000_000L; // 2026-11-18
  private static final Asset BANK =
      new Asset("bank-web", "Online banking", "Example Commercial Bank", Sector.FINANCE, 5, "finance-web",
          List.of("192.0.2.0/28"), List.of("bank.example"));
  private final Validator validator = new Validator();

  private void assertValid(List<ObjectNode> objects) {
    for (ObjectNode o : objects) {
      ValidationReport r = validator.validate(o);
      assertThat(r.violations()).as(o.toString()).isEmpty();
    }
  }

  @Test
  void matchesBecomeOneSightingPerIndicatorAndWindow() {
    SightingAggregator sightings = new SightingAggregator(SETTINGS);
    String indicator = "indicator--3d30cfba-3553-4f53-99d3-bbc635fb09c1";
    long window = T0 - Math.floorMod(T0, 60_000);
    sightings.sighted(indicator, window + 1_000, null);
    sightings.sighted(indicator, window + 30_000, BANK);
    sightings.sighted(indicator, window + 59_999, null);
    sightings.sighted(indicator, window + 60_000, null); // the next window

    assertThat(sightings.close(window + 59_999)).isEmpty(); // the first window is not over yet
    List<ObjectNode> closed = sightings.close(window + 60_000);
    List<ObjectNode> rest = sightings.closeAll();

    assertThat(closed).singleElement().satisfies(s -> {
      assertThat(s.get("count").asLong()).isEqualTo(3);
      assertThat(s.get("sighting_of_ref").asText()).isEqualTo(indicator);
      assertThat(s.get("first_seen").asText()).endsWith(":01.000Z");
      assertThat(s.get("last_seen").asText()).endsWith(":59.999Z");
      assertThat(s.get("where_sighted_refs").get(0).asText()).isEqualTo(CN);
      assertThat(AccordExtension.sectors(s).get(0).asText()).isEqualTo("finance");
      assertThat(s.get("object_marking_refs").get(0).asText()).isEqualTo(Tlp.AMBER.v2MarkingId());
    });
    assertThat(rest).singleElement().satisfies(s -> assertThat(s.get("count").asLong()).isEqualTo(1));
    assertValid(closed);
    assertValid(rest);
  }

  @Test
  void theSameMatchesGiveTheSameSightingIds() {
    SightingAggregator a = new SightingAggregator(SETTINGS);
    SightingAggregator b = new SightingAggregator(SETTINGS);
    a.sighted("indicator--3d30cfba-3553-4f53-99d3-bbc635fb09c1", T0, null);
    b.sighted("indicator--3d30cfba-3553-4f53-99d3-bbc635fb09c1", T0, null);
    assertThat(a.closeAll()).isEqualTo(b.closeAll());
  }

  @Test
  void eachVectorIsReportedAndEveryIndicatorCarriesTheEvidenceThatMadeIt() {
    Attack.Source bot = new Attack.Source("203.0.113.7", 600, 36_000, "US", 64500);
    Attack.Source reflector = new Attack.Source("198.51.100.9", 300, 1_404_000, "DE", 64501);
    Attack.Source botReflecting = new Attack.Source("203.0.113.7", 100, 46_800, "US", 64500);
    List<Attack.Vector> vectors = List.of(
        new Attack.Vector("syn-flood", "TCP SYN without ACK", 5e4, 2.4e7, 1_000, 60_000, List.of(bot)),
        new Attack.Vector("ntp-reflection", "UDP from source port 123 (ntp)", 3e4, 1.1e8, 2_000, 9_360_000,
            List.of(reflector, botReflecting)));
    Attack attack = new Attack(Attack.Kind.SYN_FLOOD, "192.0.2.10", "finance-web", T0, T0 + 60_000, false, 8e4, 1.3e8,
        900, 2, List.of(bot, reflector), 0.9, "", vectors);

    List<ObjectNode> objects = new IncidentBuilder(SETTINGS).build(attack, BANK, T0 + 60_000);
    assertValid(objects);

    ObjectNode incident = objects.stream().filter(o -> o.get("type").asText().equals("incident")).findFirst()
        .orElseThrow();
    assertThat(incident.get("name").asText())
        .startsWith("Multi-vector DDoS (syn-flood, ntp-reflection) on Online banking");
    assertThat(AccordExtension.attack(incident).get("vectors")).extracting(v -> v.get("name").asText())
        .containsExactly("syn-flood", "ntp-reflection");
    assertThat(AccordExtension.attack(incident).get("vectors").get(1).get("peak_pps").asLong()).isEqualTo(30_000);

    List<ObjectNode> indicators = objects.stream().filter(o -> o.get("type").asText().equals("indicator")).toList();
    assertThat(indicators).hasSize(2); // one per address, whatever the number of its vectors
    ObjectNode both = indicators.stream().filter(i -> i.get("pattern").asText().contains("203.0.113.7")).findFirst()
        .orElseThrow();
    assertThat(both.get("name").asText()).startsWith("syn-flood + ntp-reflection source 203.0.113.7");
    assertThat(AccordExtension.evidence(both)).hasSize(2);
    assertThat(AccordExtension.evidence(both).get(0).get("vector").asText()).isEqualTo("syn-flood");
    assertThat(AccordExtension.evidence(both).get(0).get("packets").asLong()).isEqualTo(600);
    assertThat(AccordExtension.evidence(both).get(0).get("bytes").asLong()).isEqualTo(36_000);
    assertThat(AccordExtension.evidence(both).get(0).get("share").asDouble()).isEqualTo(0.6);
    assertThat(AccordExtension.evidence(both).get(1).get("share").asDouble()).isEqualTo(0.05);
    assertThat(both.get("description").asText())
        .contains("syn-flood (TCP SYN without ACK) 600 packets, 36000 bytes, 60.00% of the vector's packets")
        .contains("ntp-reflection (UDP from source port 123 (ntp)) 100 packets, 46800 bytes, 5.00%");
  }

  @Test
  void anAttackOnARegisteredAssetBecomesAValidIncidentWithSourcesAggregatedOnlyWhereDense() {
    List<Attack.Source> sources = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      sources.add(new Attack.Source("203.0.113." + i, 1000 - i, "US", 64500)); // dense: one /24
    }
    sources.add(new Attack.Source("198.51.100.7", 500, "DE", 64501)); // alone in its /24
    sources.add(new Attack.Source("2001:db8::5", 400, "", 0));
    Attack attack =
        new Attack(Attack.Kind.VOLUMETRIC_DDOS, "192.0.2.10", "finance-web", T0, T0 + 120_000, false, 2.5e6, 3.8e10,
            9000, 4200, sources, 0.91, "UDP flood");

    List<ObjectNode> objects = new IncidentBuilder(SETTINGS).build(attack, BANK, T0 + 130_000);

    assertValid(objects);
    Map<String, List<ObjectNode>> byType =
        objects.stream().collect(Collectors.groupingBy(o -> o.get("type").asText()));
    ObjectNode incident = byType.get("incident").get(0);
    assertThat(incident.get("name").asText()).isEqualTo("Volumetric DDoS on Online banking (Example Commercial Bank)");
    assertThat(AccordExtension.attack(incident).get("foreign_share").asDouble()).isEqualTo(0.91);
    assertThat(AccordExtension.sectors(incident).get(0).asText()).isEqualTo("finance");
    List<String> patterns = byType.get("indicator").stream().map(i -> i.get("pattern").asText()).sorted().toList();
    assertThat(patterns)
        .containsExactly(
            "[ipv4-addr:value = '198.51.100.7']",
            "[ipv4-addr:value ISSUBSET '203.0.113.0/24']",
            "[ipv6-addr:value = '2001:db8::5']");
    assertThat(byType.get("identity")).singleElement()
        .satisfies(i -> assertThat(i.get("sectors").get(0).asText()).isEqualTo("financial-services"));
    assertThat(byType.get("observed-data").get(0).get("object_refs")).hasSize(1 + sources.size());
    assertThat(byType.get("relationship")).extracting(r -> r.get("relationship_type").asText())
        .contains("indicates", "targets", "related-to");
    // Every reference points at an object of the report (or at this node's identity).
    List<String> ids = objects.stream().map(o -> o.get("id").asText()).toList();
    for (ObjectNode r : byType.get("relationship")) {
      assertThat(ids).contains(r.get("source_ref").asText(), r.get("target_ref").asText());
    }
    for (JsonNode ref : byType.get("observed-data").get(0).get("object_refs")) {
      assertThat(ids).contains(ref.asText());
    }
  }

  @Test
  void reportingTheSameAttackAgainKeepsTheIdsAndAddsNewerVersions() {
    Attack ongoing =
        new Attack(Attack.Kind.SYN_FLOOD, "192.0.2.10", "default", T0, T0 + 10_000, true, 1e5, 1e8, 100, 50,
            List.of(new Attack.Source("203.0.113.9", 10, "", 0)), -1, "");
    Attack ended =
        new Attack(Attack.Kind.SYN_FLOOD, "192.0.2.10", "default", T0, T0 + 90_000, false, 2e5, 2e8, 200, 80,
            List.of(new Attack.Source("203.0.113.9", 10, "", 0)), -1, "");
    IncidentBuilder builder = new IncidentBuilder(SETTINGS);

    ObjectNode first = incident(builder.build(ongoing, null, T0 + 10_000));
    ObjectNode second = incident(builder.build(ended, null, T0 + 95_000));

    assertThat(second.get("id")).isEqualTo(first.get("id"));
    assertThat(second.get("modified").asText()).isGreaterThan(first.get("modified").asText());
    assertThat(AccordExtension.sectors(first)).isNull(); // not a registered asset
  }

  /** Issue 9, finding 7: the victim of an attack found in a syslog was an ipv4-addr holding a host name. */
  @Test
  void aTargetNamedByItsHostNameIsADomainNameNeverAnAddress() {
    Attack fromLog =
        new Attack(Attack.Kind.BRUTE_FORCE, "LabSZ", "default", T0, T0 + 600_000, false, 0, 0, 0, 0,
            List.of(new Attack.Source("203.0.113.9", 120, "", 0)), -1, "");

    List<ObjectNode> objects = new IncidentBuilder(SETTINGS).build(fromLog, null, T0 + 600_000);

    assertValid(objects);
    assertThat(objects).filteredOn(o -> o.path("value").asText().equals("LabSZ"))
        .singleElement().satisfies(o -> assertThat(o.get("type").asText()).isEqualTo("domain-name"));
    assertThat(objects).filteredOn(o -> o.get("type").asText().endsWith("-addr"))
        .extracting(o -> o.get("value").asText()).containsOnly("203.0.113.9");
  }

  private static ObjectNode incident(List<ObjectNode> objects) {
    return objects.stream().filter(o -> o.get("type").asText().equals("incident")).findFirst().orElseThrow();
  }
}
