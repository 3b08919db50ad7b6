package org.accord.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.accord.rules.References.Released;
import org.accord.rules.References.Resolution;
import org.accord.rules.References.Transformed;
import org.accord.rules.References.Withheld;
import org.accord.stix.AccordExtension;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;

/**
 * The reference stage of the egress gate: for an object a clause releases, every id it names must be one the
 * recipient receives or already knows; otherwise the object is withheld, or (policy {@code drop}) loses the entry.
 * See {@link Egress}, "References", for what counts as a reference and what a recipient knows.
 */
final class ReferenceCheck {
  /** Types whose {@code object_refs} STIX 2.1 requires (§4.6 grouping, §4.10 note, §4.12 observed-data, ...). */
  private static final Set<String> REQUIRES_OBJECT_REFS =
      Set.of("report", "grouping", "note", "opinion", "observed-data");

  private final Decision decision;
  private final StixObject released;
  private final String recipient;
  private final ReferencePolicy policy;
  private final Set<String> partyIdentities;

  private ReferenceCheck(
      Decision decision, String recipient, ReferencePolicy policy, Set<String> partyIdentities) {
    this.decision = decision;
    this.released = decision.released().orElseThrow();
    this.recipient = recipient;
    this.policy = policy;
    this.partyIdentities = partyIdentities;
  }

  /**
   * The decision after the references of what {@code decision} releases are checked: the same decision when every
   * reference is known to the recipient under its own id; a Transform when references were rewritten or dropped; a
   * Deny [{@value Egress#WITHHELD_REFERENCE}] naming the reference that decided.
   */
  static Decision check(
      Decision decision, String recipient, ReferencePolicy policy, Set<String> partyIdentities, References refs) {
    return new ReferenceCheck(decision, recipient, policy, partyIdentities).check(refs);
  }

  /** One reference in the object: where (for explain), the id, and whether policy drop may remove it. */
  private record Occurrence(String path, String id, boolean droppable) {}

  private Decision check(References refs) {
    List<Occurrence> found = new ArrayList<>();
    collect(released.jsonView(), "", true, found);
    if (found.isEmpty()) {
      return decision;
    }
    Set<String> ask = new LinkedHashSet<>();
    for (Occurrence o : found) {
      if (!knownToEveryParty(o.id())) {
        ask.add(o.id());
      }
    }
    if (ask.isEmpty()) {
      return decision;
    }
    refs.prepare(ask);
    Map<String, Resolution> resolved = new LinkedHashMap<>();
    boolean edit = false;
    for (Occurrence o : found) {
      if (!ask.contains(o.id())) {
        continue;
      }
      Resolution r = resolved.computeIfAbsent(o.id(), refs::resolve);
      if (r instanceof Released) {
        continue;
      }
      if (r instanceof Transformed) {
        edit = true;
        continue;
      }
      if (!o.droppable() || policy == ReferencePolicy.WITHHOLD) {
        return deny(o, r);
      }
      edit = true;
    }
    if (!edit) {
      return decision;
    }
    ObjectNode copy = released.json();
    Edits edits = new Edits(resolved);
    edits.apply(copy, "", true);
    if (edits.emptiedRequired != null) {
      return new Decision.Deny(
          Egress.WITHHELD_REFERENCE,
          "every entry of " + edits.emptiedRequired + " is withheld from " + recipient + ", and a "
              + released.type() + " needs at least one (first: " + edits.firstDropped + ")");
    }
    String why = decision.reason() + "; references: " + edits.describe();
    List<Transform> applied = decision instanceof Decision.Transform t ? t.applied() : List.of();
    return new Decision.Transform(decision.clauseId(), why, StixObject.adopt(copy), applied);
  }

  /**
   * Ids every party of the rulebook knows, whatever the gate decides: the object itself, the predefined TLP marking
   * definitions (STIX 2.1 §7.2.1.4, TLP 2.0) and the identities of the rulebook's parties (named in the signed
   * rulebook).
   */
  private boolean knownToEveryParty(String id) {
    return id.equals(released.id()) || Tlp.isTlpMarkingId(id) || partyIdentities.contains(id)
        || AccordExtension.isPredefined(id);
  }

  private Decision deny(Occurrence o, Resolution r) {
    String what = o.path() + " " + o.id() + " is not released to " + recipient;
    String why;
    if (r instanceof Withheld w) {
      why = what + " (" + w.clauseId() + ": " + w.reason() + ")";
    } else {
      why = o.path() + " " + o.id() + " is not in this node's store, so nothing shows that " + recipient
          + " may receive it (an unknown reference counts as withheld)";
    }
    if (o.droppable()) {
      why += "; the rulebook withholds an object naming one (defaults.references: withhold)";
    }
    return new Decision.Deny(Egress.WITHHELD_REFERENCE, why);
  }

  /**
   * Every reference in the tree: properties named {@code *_ref} (a string) or {@code *_refs} (a list of strings) at
   * any depth (granular markings, extensions, SCO properties), except inside the deprecated {@code observed-data}
   * {@code objects} dictionary, whose references are its own keys, not ids. A value that is not a STIX id names
   * nothing and is left alone. The keys of {@code extensions} ({@code extension-definition--...}) name the extension
   * an object uses, not an object it refers to (STIX 2.1 §7.3): they are never references, so an object of Accord's
   * sensor is not withheld for lack of the definition.
   */
  private void collect(JsonNode node, String path, boolean top, List<Occurrence> out) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String name = f.getKey();
      JsonNode v = f.getValue();
      if (top && name.equals("objects") && released.type().equals("observed-data")) {
        continue;
      }
      if (name.endsWith("_ref") && v.isTextual()) {
        if (isId(v.asText())) {
          out.add(new Occurrence(path + name, v.asText(), false));
        }
      } else if (name.endsWith("_refs") && v.isArray()) {
        boolean droppable = !name.equals("object_marking_refs");
        for (JsonNode item : v) {
          if (item.isTextual() && isId(item.asText())) {
            out.add(new Occurrence(path + name, item.asText(), droppable));
          }
        }
      } else if (v.isObject()) {
        collect(v, path + name + ".", false, out);
      } else if (v.isArray()) {
        for (int i = 0; i < v.size(); i++) {
          if (v.get(i).isObject()) {
            collect(v.get(i), path + name + "[" + i + "].", false, out);
          }
        }
      }
    }
  }

  private static boolean isId(String s) {
    return s.indexOf("--") > 0;
  }

  /** Rewrites references to transformed objects and drops withheld list entries, in place, the same walk. */
  private final class Edits {
    private final Map<String, Resolution> resolved;
    private final List<String> rewritten = new ArrayList<>();
    private int dropped;
    private final Set<String> droppedFrom = new LinkedHashSet<>();
    private String firstDropped;
    private String emptiedRequired;

    Edits(Map<String, Resolution> resolved) {
      this.resolved = resolved;
    }

    void apply(ObjectNode node, String path, boolean top) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
      List<String> emptied = new ArrayList<>();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        String name = f.getKey();
        JsonNode v = f.getValue();
        if (top && name.equals("objects") && released.type().equals("observed-data")) {
          continue;
        }
        if (name.endsWith("_ref") && v.isTextual()) {
          String to = releasedId(v.asText());
          if (to != null) {
            f.setValue(com.fasterxml.jackson.databind.node.TextNode.valueOf(to));
            rewritten.add(path + name);
          }
        } else if (name.endsWith("_refs") && v.isArray()) {
          ArrayNode kept = ((ArrayNode) v).arrayNode();
          for (JsonNode item : v) {
            Resolution r = item.isTextual() ? resolved.get(item.asText()) : null;
            if (r instanceof Transformed t) {
              kept.add(t.releasedId());
              rewritten.add(path + name);
            } else if (r == null || r instanceof Released) {
              kept.add(item);
            } else {
              // Only a droppable list reaches here with a withheld entry: check() denied everything else.
              dropped++;
              droppedFrom.add(path + name);
              if (firstDropped == null) {
                firstDropped = item.asText();
              }
            }
          }
          if (kept.isEmpty()) {
            emptied.add(name);
            if (top && name.equals("object_refs") && REQUIRES_OBJECT_REFS.contains(released.type())) {
              emptiedRequired = name;
            }
          } else {
            f.setValue(kept);
          }
        } else if (v.isObject()) {
          apply((ObjectNode) v, path + name + ".", false);
        } else if (v.isArray()) {
          for (int i = 0; i < v.size(); i++) {
            if (v.get(i).isObject()) {
              apply((ObjectNode) v.get(i), path + name + "[" + i + "].", false);
            }
          }
        }
      }
      // STIX lists are never empty (§3.1): a list that lost every entry goes.
      node.remove(emptied);
    }

    private String releasedId(String id) {
      return resolved.get(id) instanceof Transformed t ? t.releasedId() : null;
    }

    String describe() {
      List<String> parts = new ArrayList<>();
      if (!rewritten.isEmpty()) {
        parts.add(String.join(", ", new LinkedHashSet<>(rewritten)) + " rewritten to the ids " + recipient
            + " receives");
      }
      if (dropped > 0) {
        parts.add(dropped + " withheld entr" + (dropped == 1 ? "y" : "ies") + " dropped from "
            + String.join(", ", droppedFrom) + " (defaults.references: drop)");
      }
      return String.join("; ", parts);
    }
  }
}
