package org.accord.hash.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.accord.hash.PdqHash;
import org.accord.stix.AccordExtension;
import org.accord.stix.StixJson;
import org.accord.stix.Timestamps;
import org.accord.stix.Tlp;

/**
 * Banks and their entries as STIX 2.1 objects, so that the egress gate, the ingress check and the ledger govern them
 * like any other object a node shares.
 *
 * <p>Design note. Both are new SDOs (STIX 2.1 §7.3) of Accord's hash banks extension definition ({@link
 * AccordExtension#HASHES_ID}), each with {@code extensions: {"<definition id>": {"extension_type": "new-sdo"}}}:
 *
 * <ul>
 *   <li>{@value AccordExtension#BANK_TYPE}: {@code name}, {@code category}, optional {@code source} and {@code
 *       description}; the owner is {@code created_by_ref} (the store keeps one creator per id, and the ingress check
 *       refuses an object a peer claims for another party), the marking one TLP {@code object_marking_refs}.
 *   <li>{@value AccordExtension#ENTRY_TYPE}: {@code bank_ref}, {@code algorithm} ({@code pdq} or {@code vpdq}),
 *       {@code hash} (64 hex digits, the reference's text form) or {@code frames} ({@code [{timestamp, hash,
 *       quality}]}), {@code label}, {@code disabled}; the same creator and marking as its bank, so the gate decides
 *       every entry on its own and a recipient that may not see the bank's TLP sees none of its entries. Disabling
 *       is a new version ({@code modified}), not a deletion: a partner that holds the entry learns of it by the
 *       next pull, and the latest version wins.
 * </ul>
 *
 * Entries name their bank with a {@code _ref}, so the gate's reference check releases an entry only to a
 * recipient that receives its bank too.
 */
public final class BankStix {
  private BankStix() {}

  /** The bank as a STIX object. */
  public static ObjectNode bank(Bank b) {
    ObjectNode o = head(AccordExtension.BANK_TYPE, b.id(), b.owner(), b.created(), b.modified());
    o.put("name", b.name());
    o.put("category", b.category());
    if (b.source() != null) {
      o.put("source", b.source());
    }
    if (b.description() != null) {
      o.put("description", b.description());
    }
    tail(o, b.tlp());
    return o;
  }

  /** The entry as a STIX object. */
  public static ObjectNode entry(BankEntry e) {
    ObjectNode o = head(AccordExtension.ENTRY_TYPE, e.id(), e.owner(), e.created(), e.modified());
    o.put("bank_ref", e.bankRef());
    o.put("algorithm", e.algorithm().wire());
    if (e.algorithm() == Algorithm.PDQ) {
      o.put("hash", e.hash().toHex());
    } else {
      ArrayNode frames = o.putArray("frames");
      for (BankEntry.Frame f : e.frames()) {
        frames.addObject().put("timestamp", f.timestamp()).put("hash", f.hash().toHex()).put("quality", f.quality());
      }
    }
    o.put("label", e.label());
    o.put("disabled", e.disabled());
    tail(o, e.tlp());
    return o;
  }

  /**
   * The bank in a STIX object, validated whole.
   *
   * @throws BankException naming the property that is missing or invalid
   */
  public static Bank readBank(JsonNode o) {
    expectType(o, AccordExtension.BANK_TYPE);
    String id = text(o, "id");
    try {
      return new Bank(id, required(o, "name"), required(o, "created_by_ref"), required(o, "category"), tlp(o),
          text(o, "source"), text(o, "description"), time(o, "created"), time(o, "modified"));
    } catch (BankException e) {
      throw new BankException(id + ": " + e.getMessage());
    }
  }

  /**
   * The entry in a STIX object, validated whole.
   *
   * @throws BankException naming the property that is missing or invalid
   */
  public static BankEntry readEntry(JsonNode o) {
    expectType(o, AccordExtension.ENTRY_TYPE);
    String id = text(o, "id");
    try {
      String wire = required(o, "algorithm");
      Algorithm algorithm = Algorithm.fromWire(wire)
          .orElseThrow(() -> new BankException("algorithm: 'pdq' or 'vpdq', got '" + wire + "'"));
      PdqHash hash = null;
      List<BankEntry.Frame> frames = new ArrayList<>();
      if (algorithm == Algorithm.PDQ) {
        hash = hex(required(o, "hash"), "hash");
      } else {
        JsonNode list = o.get("frames");
        if (list == null || !list.isArray()) {
          throw new BankException("frames: a list of {timestamp, hash, quality}");
        }
        if (list.size() > BankEntry.MAX_FRAMES) {
          throw new BankException("frames: at most " + BankEntry.MAX_FRAMES + ", got " + list.size());
        }
        for (JsonNode f : list) {
          JsonNode t = f.get("timestamp");
          JsonNode q = f.get("quality");
          if (t == null || !t.isNumber() || q == null || !q.canConvertToInt() || !q.isIntegralNumber()) {
            throw new BankException("frames[" + frames.size() + "]: timestamp (seconds) and quality (0..100)");
          }
          frames.add(new BankEntry.Frame(t.doubleValue(), hex(required(f, "hash"), "frames[].hash"), q.intValue()));
        }
      }
      JsonNode disabled = o.get("disabled");
      if (disabled != null && !disabled.isBoolean()) {
        throw new BankException("disabled: true or false");
      }
      return new BankEntry(id, required(o, "bank_ref"), required(o, "created_by_ref"), tlp(o), algorithm, hash,
          frames, text(o, "label"), disabled != null && disabled.booleanValue(), time(o, "created"),
          time(o, "modified"));
    } catch (BankException e) {
      throw new BankException(id + ": " + e.getMessage());
    }
  }

  private static ObjectNode head(String type, String id, String owner, Instant created, Instant modified) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", type);
    o.put("spec_version", "2.1");
    o.put("id", id);
    o.put("created_by_ref", owner);
    o.put("created", Timestamps.format(created, 3));
    o.put("modified", Timestamps.format(modified, 3));
    return o;
  }

  private static void tail(ObjectNode o, Tlp tlp) {
    o.putArray("object_marking_refs").add(tlp.v2MarkingId());
    o.putObject("extensions").putObject(AccordExtension.HASHES_ID).put("extension_type", "new-sdo");
  }

  private static void expectType(JsonNode o, String type) {
    if (o == null || !o.isObject()) {
      throw new BankException("expected a " + type + " object");
    }
    if (!type.equals(o.path("type").asText())) {
      throw new BankException("expected type " + type + ", found '" + o.path("type").asText() + "'");
    }
    JsonNode ext = o.path("extensions").path(AccordExtension.HASHES_ID);
    if (!"new-sdo".equals(ext.path("extension_type").asText())) {
      throw new BankException(
          o.path("id").asText() + ": extensions: names no new-sdo of " + AccordExtension.HASHES_ID);
    }
  }

  private static Tlp tlp(JsonNode o) {
    Tlp tlp = null;
    for (JsonNode m : o.path("object_marking_refs")) {
      Tlp t = Tlp.ofMarkingId(m.asText()).orElse(null);
      if (t != null) {
        if (tlp != null && tlp != t) {
          throw new BankException("object_marking_refs: two TLP markings (" + tlp.v2Name() + ", " + t.v2Name() + ")");
        }
        tlp = t;
      }
    }
    if (tlp == null) {
      throw new BankException("object_marking_refs: the TLP marking is missing");
    }
    return tlp;
  }

  private static PdqHash hex(String text, String property) {
    try {
      return PdqHash.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw new BankException(property + ": " + e.getMessage());
    }
  }

  private static Instant time(JsonNode o, String property) {
    String t = required(o, property);
    try {
      return Timestamps.parse(t).instant();
    } catch (RuntimeException e) {
      throw new BankException(property + ": not an RFC 3339 timestamp: '" + t + "'");
    }
  }

  private static String required(JsonNode n, String property) {
    String v = text(n, property);
    if (v == null) {
      throw new BankException(property + ": missing");
    }
    return v;
  }

  private static String text(JsonNode n, String property) {
    JsonNode v = n.get(property);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new BankException(property + ": expected a string");
    }
    return v.asText();
  }
}
