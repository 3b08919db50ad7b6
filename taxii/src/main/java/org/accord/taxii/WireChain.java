package org.accord.taxii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.accord.store.Origin;

/**
 * The provenance chain of a passed-on object as it crosses the wire between two Accord nodes (issue 12, part 2).
 *
 * <p>Design note. A node that passes on an object it received sends, in the copy for the peer, the chain along which
 * it holds the object: the hops of its stored {@link Origin}, the first leaving the originator, the last arriving at
 * the sender. The receiving node takes the chain out of the object before anything else looks at it (validation, the
 * rulebook's {@code Ingress}, the store), so the stored content is the originator's whatever route it took, and
 * hands the claimed hops to its gate, which checks them against the rulebook. Own objects cross without a chain.
 *
 * <p>Form: a top-level custom property (STIX 2.1 §11.1; a valid custom property name, so a STIX validator accepts the
 * copy as it is) rather than a property of Accord's extension, whose definition is a fixed, predefined object with a
 * schema that would have to change:
 *
 * <pre>{@code
 * "x_accord_provenance": {"hops": [{"from": "cn", "to": "us", "clause": "A1.S1"}]}
 * }</pre>
 *
 * {@code clause} is the rulebook clause or onward grant of that hop, {@code ""} when the sender's store did not
 * record it (a version stored before chains were kept). The property appears only in copies sent to peers (TAXII GETs
 * by a peer, pushes): never stored, never shown to a node's own users, never in an export. It is not signed: the
 * receiving gate replays the sender's decision over the claimed chain under the shared rulebook, so a forged chain
 * gains nothing the rulebook would not allow from that sender (see {@code org.accord.rules.Ingress}).
 *
 * <p>Both ends of a transfer hash the wire bytes, chain included, for the ledger, and both read the chain from the
 * same wire copy ({@link TransferListener.VersionRef#of}), so their entries name the same chain and pair up.
 */
public final class WireChain {
  /** The property that carries the chain. */
  public static final String PROPERTY = "x_accord_provenance";

  /** Most hops a claimed chain may have: the rulebook allows at most 1 + 8 (a clause's send and 8 passings-on). */
  public static final int MAX_HOPS = 16;

  /** Longest party id or clause id in a claimed chain, in characters. */
  public static final int MAX_NAME = 256;

  private WireChain() {}

  /**
   * What a peer's object claimed: {@code hops} (empty: the sender's own object), or {@code problem} when the chain is
   * malformed (then the object is refused with it).
   */
  public record Claim(List<Origin.Hop> hops, String problem) {
    public static final Claim NONE = new Claim(List.of(), null);

    public Claim {
      hops = List.copyOf(hops);
    }

    public boolean malformed() {
      return problem != null;
    }
  }

  /** {@code copy} (modified in place: pass a copy) with {@code hops} as its chain. */
  public static ObjectNode attach(ObjectNode copy, List<Origin.Hop> hops) {
    ObjectNode p = copy.putObject(PROPERTY);
    ArrayNode a = p.putArray("hops");
    for (Origin.Hop h : hops) {
      ObjectNode o = a.addObject();
      o.put("from", h.from());
      o.put("to", h.to());
      o.put("clause", h.clause());
    }
    return copy;
  }

  /**
   * Removes the chain from {@code object} (in place) and reads it: what {@code sender} claims. A chain must be
   * consecutive from its first party, end at the sender, and name no party twice; whether the rulebook allowed each
   * hop is the gate's question, not this one's.
   */
  public static Claim take(ObjectNode object, String sender) {
    JsonNode p = object.remove(PROPERTY);
    if (p == null) {
      return Claim.NONE;
    }
    try {
      List<Origin.Hop> hops = read(p);
      Origin.Hop last = hops.get(hops.size() - 1);
      if (!last.to().equals(sender)) {
        throw new Malformed("the chain ends at " + last.to() + ", not at the sender " + sender);
      }
      return new Claim(hops, null);
    } catch (Malformed e) {
      return new Claim(List.of(), e.getMessage()); // the refusal's path names the property
    }
  }

  /** The chain {@code object} carries, without removing it: empty when it has none or it is malformed. */
  public static List<Origin.Hop> peek(JsonNode object) {
    JsonNode p = object.get(PROPERTY);
    if (p == null) {
      return List.of();
    }
    try {
      return read(p);
    } catch (Malformed e) {
      return List.of();
    }
  }

  /** "cn → us by A1.S1 → fr by A1.S1.F1"; a hop whose clause was not recorded: "cn → us (clause not recorded)". */
  public static String render(List<Origin.Hop> hops) {
    if (hops.isEmpty()) {
      return "";
    }
    StringBuilder s = new StringBuilder(hops.get(0).from());
    for (Origin.Hop h : hops) {
      s.append(" → ").append(h.to());
      s.append(h.clause().isEmpty() ? " (clause not recorded)" : " by " + h.clause());
    }
    return s.toString();
  }

  private static List<Origin.Hop> read(JsonNode p) throws Malformed {
    if (!p.isObject()) {
      throw new Malformed("must be an object with a list of hops");
    }
    for (Iterator<String> names = p.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("hops")) {
        throw new Malformed("unknown member '" + clip(name) + "'");
      }
    }
    JsonNode a = p.get("hops");
    if (a == null || !a.isArray() || a.isEmpty()) {
      throw new Malformed("'hops' must be a non-empty list");
    }
    if (a.size() > MAX_HOPS) {
      throw new Malformed("a chain has at most " + MAX_HOPS + " hops, this one " + a.size());
    }
    List<Origin.Hop> hops = new ArrayList<>(a.size());
    Set<String> parties = new HashSet<>();
    for (int i = 0; i < a.size(); i++) {
      JsonNode h = a.get(i);
      String at = "hop " + (i + 1);
      if (!h.isObject() || h.size() != 3) {
        throw new Malformed(at + " must be an object of exactly 'from', 'to' and 'clause'");
      }
      String from = name(h, "from", at, false);
      String to = name(h, "to", at, false);
      String clause = name(h, "clause", at, true);
      if (from.equals(to)) {
        throw new Malformed(at + " goes from " + from + " to itself");
      }
      if (i == 0) {
        parties.add(from);
      } else if (!from.equals(hops.get(i - 1).to())) {
        throw new Malformed(at + " leaves " + from + ", but hop " + i + " arrived at " + hops.get(i - 1).to());
      }
      if (!parties.add(to)) {
        throw new Malformed(at + " arrives at " + to + ", which is already on the chain");
      }
      hops.add(new Origin.Hop(from, to, clause));
    }
    return hops;
  }

  private static String name(JsonNode hop, String member, String at, boolean mayBeEmpty) throws Malformed {
    JsonNode v = hop.get(member);
    if (v == null || !v.isTextual()) {
      throw new Malformed(at + ": '" + member + "' must be a string");
    }
    String s = v.asText();
    if ((!mayBeEmpty && s.isBlank()) || s.length() > MAX_NAME || !s.strip().equals(s)) {
      throw new Malformed(at + ": '" + member + "' must be a " + (mayBeEmpty ? "" : "non-blank ")
          + "id of at most " + MAX_NAME + " characters without surrounding spaces");
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        throw new Malformed(at + ": '" + member + "' must not contain control characters");
      }
    }
    if (!java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(s)) {
      throw new Malformed(at + ": '" + member + "' is not valid Unicode (a lone surrogate)");
    }
    return s;
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  private static final class Malformed extends Exception {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }
}
