package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.junit.jupiter.api.Test;

class DryRunTest {
  @Test
  void listsExactlyTheDecisionsThatChange() {
    Rulebook v3 = Fixtures.example();
    // v4 stops sharing AMBER under A1.S1 and starts publishing malware; nothing else changes.
    Rulebook v4 =
        Fixtures.exampleWith(
            "tlp: [clear, green, amber]\n          sectors", "tlp: [clear, green]\n          sectors");
    StixObject amber = Fixtures.marked(Fixtures.indicator(Fixtures.US_IDENTITY), Tlp.AMBER);
    StixObject green = Fixtures.marked(Fixtures.indicator(Fixtures.US_IDENTITY), Tlp.GREEN);
    List<DryRun.Item> items =
        List.of(new DryRun.Item(amber, Provenance.own()), new DryRun.Item(green, Provenance.own()));
    List<DryRun.Difference> diff =
        DryRun.compare(
            v3,
            v4,
            new Egress.Settings("us", Tlp.AMBER, Fixtures.CLOCK),
            new Transforms(Fixtures.SECRET),
            items,
            List.of("cn", "eu", Egress.PUBLIC_FEED));
    assertThat(diff).hasSize(1);
    DryRun.Difference d = diff.get(0);
    assertThat(d.objectId()).isEqualTo(amber.id());
    assertThat(d.recipient()).isEqualTo("cn");
    assertThat(d.before().clauseId()).isEqualTo("A1.S1");
    assertThat(d.after().clauseId()).isEqualTo(Egress.DEFAULT_DENY);
    assertThat(d.describe()).startsWith(amber.id() + " to cn: TRANSFORM A1.S1");
  }

  @Test
  void aChangedReferencePolicyShowsInTheDryRun() {
    Rulebook v3 = Fixtures.example();
    Rulebook v4 = Fixtures.exampleWith("unmarked: amber", "unmarked: amber\n  references: drop");
    com.fasterxml.jackson.databind.node.ObjectNode red = Fixtures.indicator(Fixtures.US_IDENTITY);
    red.put("id", "indicator--1d4b3f5e-8c2a-4f7d-9e6b-0a1c2d3e4f50");
    com.fasterxml.jackson.databind.node.ObjectNode sighting = Fixtures.indicator(Fixtures.US_IDENTITY);
    sighting.retain("id", "created", "modified", "created_by_ref", "x_accord_sectors");
    sighting.put("type", "sighting");
    sighting.put("spec_version", "2.1");
    sighting.put("id", "sighting--4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b");
    sighting.put("sighting_of_ref", Fixtures.indicator(null).get("id").asText());
    sighting.putArray("where_sighted_refs").add(red.get("id").asText());
    List<DryRun.Item> items = List.of(
        new DryRun.Item(Fixtures.marked(red, Tlp.RED), Provenance.own()),
        new DryRun.Item(Fixtures.marked(Fixtures.indicator(Fixtures.US_IDENTITY), Tlp.AMBER), Provenance.own()),
        new DryRun.Item(Fixtures.marked(sighting, Tlp.AMBER), Provenance.own()));

    List<DryRun.Difference> diff =
        DryRun.compare(v3, v4, new Egress.Settings("us", Tlp.AMBER, Fixtures.CLOCK),
            new Transforms(Fixtures.SECRET), items, List.of("cn"));

    assertThat(diff).singleElement().satisfies(d -> {
      assertThat(d.objectId()).isEqualTo(sighting.get("id").asText());
      assertThat(d.before().clauseId()).isEqualTo(Egress.WITHHELD_REFERENCE);
      assertThat(d.after().released().orElseThrow().jsonView().has("where_sighted_refs")).isFalse();
    });
  }

  @Test
  void identicalRulebooksHaveNoDifferences() {
    Rulebook v3 = Fixtures.example();
    StixObject green = Fixtures.marked(Fixtures.indicator(Fixtures.US_IDENTITY), Tlp.GREEN);
    assertThat(
            DryRun.compare(
                v3,
                v3,
                new Egress.Settings("us", Tlp.AMBER, Fixtures.CLOCK),
                new Transforms(Fixtures.SECRET),
                List.of(new DryRun.Item(green, Provenance.own())),
                List.of("cn", "eu", Egress.PUBLIC_FEED)))
        .isEmpty();
  }

  @Test
  void diffNamesChangedClausesByTheirIds() {
    Rulebook v3 = Fixtures.example();
    Rulebook v4 =
        RulebookParser.parse(
            Fixtures.exampleYaml()
                .replace("version: 3\nsupersedes: 2", "version: 4\nsupersedes: 3")
                .replace("min_confidence: 80", "min_confidence: 90")
                .replace(
                    "      - id: A3.S2",
                    "      - id: A3.S3\n        kind: share\n        from: [eu]\n        to: [us]\n"
                        + "        what: { types: [malware] }\n        purpose: research\n      - id: A3.S2"),
            "v4.yaml");
    List<String> lines = RulebookDiff.between(v3, v4);
    assertThat(lines)
        .contains("~ version: 3 -> 4", "~ supersedes: 2 -> 3", "~ clause A1.S3.what.min_confidence: 80 -> 90")
        .contains("+ clause A3.S3.purpose: \"research\"");
    assertThat(lines).noneMatch(l -> l.contains("A3.S2"));
  }
}
