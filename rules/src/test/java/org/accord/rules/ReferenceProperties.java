package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.accord.stix.ScoIds;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;

/**
 * Released objects never point at withheld ones (issue 8, finding 5): over random object graphs (relationships,
 * sightings, notes, SDOs and SCOs naming each other, ids the node does not hold, objects received from the
 * recipient, cycles) and random gate decisions (random TLP levels, provenance and producers under the example
 * rulebook, with either reference policy), every id a released object names is one the recipient may receive: the
 * object itself, a TLP marking, a party's identity, an object the recipient sent, or the id under which the gate,
 * asked about that object on its own, releases it (so a reference to a pseudonymised SCO names the pseudonymised id).
 */
class ReferenceProperties {
  private static final String SELF = "us";
  private static final String TO = "cn";
  private static final List<String> TYPES =
      List.of("indicator", "malware", "identity", "relationship", "sighting", "note", "ipv4-addr");
  private static final Egress WITHHOLD = gate("");
  private static final Egress DROP = gate("\n  references: drop");

  /** The example rulebook, A1.S1 widened to notes and identities and without max_age (SCOs have no timestamp). */
  private static Egress gate(String policy) {
    String yaml =
        Fixtures.exampleYaml()
            .replace("          max_age: 30d\n", "")
            .replace("types: [indicator, incident,", "types: [note, identity, indicator, incident,")
            .replace("unmarked: amber", "unmarked: amber" + policy);
    return Fixtures.gate(RulebookParser.parse(yaml, "references.yaml"), SELF);
  }

  /** An in-memory node store. */
  private record Store(Map<String, Holdings.Held> held) implements Holdings {
    @Override
    public Map<String, Held> latest(Collection<String> ids) {
      Map<String, Held> out = new HashMap<>();
      ids.forEach(id -> {
        if (held.containsKey(id)) {
          out.put(id, held.get(id));
        }
      });
      return out;
    }
  }

  @net.jqwik.api.statistics.StatisticsReport(onFailureOnly = true) // the coverage shows when it fails
  @Property(tries = 3_000, edgeCases = EdgeCasesMode.NONE)
  void nothingReleasedNamesAnIdTheRecipientMayNotReceive(@ForAll long seed, @ForAll boolean drop) {
    Random rnd = new Random(seed);
    Egress gate = drop ? DROP : WITHHOLD;
    List<ObjectNode> graph = graph(rnd);
    Map<String, Holdings.Held> held = new HashMap<>();
    for (ObjectNode o : graph) {
      boolean fromRecipient = rnd.nextInt(6) == 0;
      if (fromRecipient) {
        o.put("created_by_ref", Fixtures.CN_IDENTITY);
      }
      if (rnd.nextInt(10) > 0) { // one in ten is named but not held
        held.put(o.get("id").asText(), new Holdings.Held(StixObject.of(o),
            fromRecipient ? Provenance.receivedFrom(TO, "A1") : Provenance.own(),
            fromRecipient ? Set.of(TO) : Set.of()));
      }
    }
    Store store = new Store(held);
    // What the gate releases of each held object when asked about it on its own: the oracle's ground truth.
    Map<String, String> releasedAs = new HashMap<>();
    for (Holdings.Held h : held.values()) {
      gate.decide(h.object(), h.provenance(), TO, store).released()
          .ifPresent(r -> releasedAs.put(h.object().id(), r.id()));
    }
    Set<String> mayName = new java.util.HashSet<>(releasedAs.values());
    held.values().stream().filter(h -> h.sentBy().contains(TO)).forEach(h -> mayName.add(h.object().id()));
    mayName.add(Fixtures.CN_IDENTITY);
    mayName.add(Fixtures.US_IDENTITY);
    mayName.add("identity--5b7a0c2e-9d41-4f3a-8e6b-1c2d3e4f5a6b");

    for (Holdings.Held h : held.values()) {
      Decision d = gate.decide(h.object(), h.provenance(), TO, store);
      if (d.released().isEmpty()) {
        continue;
      }
      StixObject out = d.released().get();
      net.jqwik.api.statistics.Statistics.label("released").collect(
          out.type(), d.reason().contains("; references: ") ? "references rewritten or dropped" : "references kept");
      for (String ref : refs(out.jsonView())) {
        assertThat(ref.equals(out.id()) || Tlp.isTlpMarkingId(ref) || mayName.contains(ref))
            .as("%s released by %s names %s (%s)", out.id(), d.clauseId(), ref, d.reason())
            .isTrue();
      }
      assertThat(releasedAs).containsEntry(h.object().id(), out.id());
    }
  }

  private static List<ObjectNode> graph(Random rnd) {
    int n = 2 + rnd.nextInt(10);
    List<ObjectNode> out = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String type = TYPES.get(rnd.nextInt(TYPES.size()));
      ObjectNode o = StixJson.mapper().createObjectNode();
      o.put("type", type);
      o.put("spec_version", "2.1");
      if (type.equals("ipv4-addr")) {
        o.put("value", rnd.nextBoolean() ? "10.0.0." + i : "198.51.100." + i);
        o.put("id", ScoIds.deterministicId(o).orElseThrow());
      } else {
        o.put("id", String.format("%s--00000000-0000-4000-8000-%012d", type, i));
        o.put("created", "2026-05-31T12:00:00.000Z");
        o.put("modified", "2026-05-31T12:00:00.000Z");
        o.put("created_by_ref", Fixtures.US_IDENTITY);
        int tlp = rnd.nextInt(5);
        if (tlp < 4) {
          o.putArray("object_marking_refs").add(Tlp.values()[tlp].v2MarkingId());
        }
      }
      o.putArray("x_accord_sectors").add("energy");
      out.add(o);
      ids.add(o.get("id").asText());
    }
    ids.add("malware--00000000-0000-4000-8000-999999999999"); // named, never held
    for (ObjectNode o : out) {
      switch (o.get("type").asText()) {
        case "relationship" -> {
          o.put("relationship_type", "related-to");
          o.put("source_ref", pick(rnd, ids));
          o.put("target_ref", pick(rnd, ids));
        }
        case "sighting" -> {
          o.put("sighting_of_ref", pick(rnd, ids));
          list(rnd, o.putArray("where_sighted_refs"), ids);
          if (rnd.nextBoolean()) {
            list(rnd, o.putArray("observed_data_refs"), ids);
          }
        }
        case "note" -> {
          o.put("content", "a note");
          list(rnd, o.putArray("object_refs"), ids);
        }
        case "indicator" -> {
          o.put("pattern", "[ipv4-addr:value = '198.51.100.1']");
          o.put("pattern_type", "stix");
          o.put("valid_from", "2026-05-31T12:00:00Z");
        }
        default -> {}
      }
      if (!o.get("type").asText().equals("ipv4-addr") && rnd.nextInt(4) == 0) {
        o.put("created_by_ref", pick(rnd, ids));
      }
    }
    return out;
  }

  private static String pick(Random rnd, List<String> ids) {
    return ids.get(rnd.nextInt(ids.size()));
  }

  private static void list(Random rnd, ArrayNode into, List<String> ids) {
    int k = 1 + rnd.nextInt(3);
    for (int i = 0; i < k; i++) {
      into.add(pick(rnd, ids));
    }
  }

  /** Every {@code *_ref} and {@code *_refs} value in the tree. */
  private static List<String> refs(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.properties().forEach(e -> {
      JsonNode v = e.getValue();
      if (e.getKey().endsWith("_ref") && v.isTextual()) {
        out.add(v.asText());
      } else if (e.getKey().endsWith("_refs") && v.isArray()) {
        v.forEach(x -> out.add(x.asText()));
      } else if (v.isObject()) {
        out.addAll(refs(v));
      } else if (v.isArray()) {
        v.forEach(x -> {
          if (x.isObject()) {
            out.addAll(refs(x));
          }
        });
      }
    });
    return out;
  }
}
