package org.accord.cases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.accord.ledger.Ed25519;
import org.accord.stix.AccordExtension;
import org.accord.stix.Jcs;
import org.accord.stix.StixJson;
import org.accord.stix.Timestamps;
import org.accord.stix.Tlp;

/**
 * Requests and transitions as STIX 2.1 objects, for the exchange between the two parties' nodes.
 *
 * <p>Design note. Both are new SDOs (STIX 2.1 §7.3) of Accord's cases extension definition ({@link
 * AccordExtension#CASES_ID}), so that any STIX tool can carry them: {@value AccordExtension#REQUEST_TYPE} and {@value
 * AccordExtension#TRANSITION_TYPE}, each with {@code extensions: {"<definition id>": {"extension_type": "new-sdo"}}}.
 *
 * <ul>
 *   <li>A request keeps its UUID ({@code assistance-request--u} travels as {@code x-accord-assistance-request--u});
 *       its properties are {@link CaseJson}'s, its marking the requester's TLP as {@code object_marking_refs}, and the
 *       STIX objects it concerns are {@code object_ids}, not {@code *_refs}: they are named, not sent along, and the
 *       gate decides each of them on its own.
 *   <li>A transition has a random UUIDv4 id (§2.7 wants v4 for SDOs; the store's sequence check, not the id, keeps
 *       a second n-th transition from forking the lifecycle). It names its request by {@code request_id} (not a
 *       {@code _ref}: the request is not a referenced object of the gate's) and its parties by {@code requester} and
 *       {@code requested} (for the gate, which sends it to the other of the two; unsigned, checked by the receiver
 *       against its own copy), and carries {@code seq}, {@code transition}, {@code party}, {@code created} (when it
 *       was made), decline {@code grounds}, {@code note} and {@code signature}: the acting node's Ed25519 signature
 *       over {@link #signedForm}, RFC 8785 JSON of what the transition says.
 * </ul>
 *
 * The request itself is not signed: it reaches the other party only over the authenticated federation channel, from
 * its requester (the inbound check), and its {@code send} transition is signed.
 */
public final class CaseStix {
  private static final ObjectMapper MAPPER = StixJson.mapper();
  private static final String REQUEST_PREFIX = AssistanceRequest.TYPE + "--";

  private CaseStix() {}

  /**
   * A transition as carried between nodes: what was done, the request's two parties as the sender named them (for the
   * gate; the receiver checks them against its own copy of the request) and the acting node's signature.
   */
  public record SignedStep(Step step, String requester, String requested, byte[] signature) {
    public SignedStep {
      signature = signature.clone();
    }

    /** Whether {@code key} (the acting party's pinned key) signed exactly this step. */
    public boolean signedBy(PublicKey key) {
      return Ed25519.verify(key, signedForm(step), signature);
    }
  }

  /** The STIX id of a request: its UUID under {@value AccordExtension#REQUEST_TYPE}. */
  public static String stixId(String requestId) {
    if (!requestId.startsWith(REQUEST_PREFIX)) {
      throw new CaseException("'" + requestId + "' is not a request id");
    }
    return AccordExtension.REQUEST_TYPE + "--" + requestId.substring(REQUEST_PREFIX.length());
  }


  /** The request as a STIX object. */
  public static ObjectNode request(AssistanceRequest r) {
    ObjectNode body = (ObjectNode) parse(CaseJson.write(r));
    ObjectNode o = MAPPER.createObjectNode();
    o.put("type", AccordExtension.REQUEST_TYPE);
    o.put("spec_version", "2.1");
    o.put("id", stixId(r.id()));
    String created = Timestamps.format(r.created(), 3);
    o.put("created", created);
    o.put("modified", created);
    body.remove(List.of("id", "created", "tlp"));
    o.set("object_ids", body.remove("objects"));
    o.setAll(body);
    o.putArray("object_marking_refs").add(r.tlp().v2MarkingId());
    newSdo(o);
    return o;
  }

  /**
   * The request in a STIX object, validated whole.
   *
   * @throws CaseException naming what is missing or invalid
   */
  public static AssistanceRequest readRequest(JsonNode o) {
    expectType(o, AccordExtension.REQUEST_TYPE);
    String id = text(o, "id");
    String prefix = AccordExtension.REQUEST_TYPE + "--";
    if (id == null || !id.startsWith(prefix)) {
      throw new CaseException("id: '" + id + "' is not " + prefix + "<uuid>");
    }
    ObjectNode body = ((ObjectNode) o).deepCopy();
    body.remove(List.of("type", "spec_version", "modified", "extensions", "object_marking_refs", "object_ids"));
    body.put("id", REQUEST_PREFIX + id.substring(prefix.length()));
    JsonNode objects = o.get("object_ids");
    if (objects != null) {
      body.set("objects", objects);
    }
    Tlp tlp = null;
    for (JsonNode m : o.path("object_marking_refs")) {
      tlp = Tlp.ofMarkingId(m.asText()).orElse(tlp);
    }
    if (tlp == null) {
      throw new CaseException("request " + id + ": object_marking_refs: the requester's TLP marking is missing");
    }
    body.put("tlp", tlp.v2Name());
    return CaseJson.readRequest(text(body));
  }

  /** The transition {@code s} of request {@code r} as a STIX object, signed with the acting node's key. */
  public static ObjectNode transition(AssistanceRequest r, Step s, PrivateKey key) {
    if (!r.id().equals(s.requestId())) {
      throw new IllegalArgumentException(s.requestId() + " is not " + r.id());
    }
    ObjectNode o = MAPPER.createObjectNode();
    o.put("type", AccordExtension.TRANSITION_TYPE);
    o.put("spec_version", "2.1");
    o.put("id", AccordExtension.TRANSITION_TYPE + "--" + UUID.randomUUID());
    String at = Timestamps.format(s.at(), 3);
    o.put("created", at);
    o.put("modified", at);
    o.put("request_id", s.requestId());
    o.put("seq", s.seq());
    o.put("transition", s.transition().wire());
    o.put("party", s.party());
    o.put("requester", r.requester());
    o.put("requested", r.requested());
    if (!s.grounds().isEmpty()) {
      ArrayNode g = o.putArray("grounds");
      s.grounds().forEach(x -> g.add(x.wire()));
    }
    if (s.note() != null) {
      o.put("note", s.note());
    }
    o.put("signature", Ed25519.encodeSignature(Ed25519.sign(key, signedForm(s))));
    newSdo(o);
    return o;
  }

  /**
   * The transition in a STIX object, with its signature (not yet verified: see {@link SignedStep#signedBy}).
   *
   * @throws CaseException naming what is missing or invalid
   */
  public static SignedStep readTransition(JsonNode o) {
    expectType(o, AccordExtension.TRANSITION_TYPE);
    String requestId = text(o, "request_id");
    if (requestId == null || !AssistanceRequest.ID.matcher(requestId).matches()) {
      throw new CaseException("transition " + o.path("id").asText() + ": request_id: '" + requestId
          + "' is not a request id");
    }
    JsonNode seqNode = o.get("seq");
    if (seqNode == null || !seqNode.canConvertToInt() || !seqNode.isIntegralNumber() || seqNode.intValue() < 1) {
      throw new CaseException("transition of " + requestId + ": seq: an integer from 1");
    }
    int seq = seqNode.intValue();
    String at = "transition " + seq + " of " + requestId + ": ";
    String wire = text(o, "transition");
    Transition t =
        Transition.fromWire(wire == null ? "" : wire)
            .orElseThrow(() -> new CaseException(at + "transition: unknown '" + wire + "'"));
    String party = text(o, "party");
    if (party == null || !AssistanceRequest.PARTY.matcher(party).matches()) {
      throw new CaseException(at + "party: a party id of the rulebook");
    }
    String created = text(o, "created");
    if (created == null) {
      throw new CaseException(at + "created: when the transition was made");
    }
    Instant when = Timestamps.parse(created).instant();
    List<DeclineGround> grounds = new ArrayList<>();
    for (JsonNode g : o.path("grounds")) {
      grounds.add(
          DeclineGround.fromWire(g.asText())
              .orElseThrow(() -> new CaseException(at + "grounds: unknown '" + g.asText() + "'")));
    }
    String sig = text(o, "signature");
    if (sig == null) {
      throw new CaseException(at + "signature: missing (the acting node signs every transition)");
    }
    byte[] signature;
    try {
      signature = Ed25519.decodeSignature(sig);
    } catch (IllegalArgumentException e) {
      throw new CaseException(at + "signature: " + e.getMessage());
    }
    Step step = new Step(requestId, seq, t, party, when, grounds, text(o, "note"));
    return new SignedStep(step, text(o, "requester"), text(o, "requested"), signature);
  }

  /**
   * The bytes a transition's signature covers: RFC 8785 JSON of {@code request_id}, {@code seq}, {@code transition},
   * {@code party}, {@code at} (RFC 3339, milliseconds), and {@code grounds} and {@code note} when present. The same
   * bytes on both nodes whatever the STIX object's other properties or member order.
   */
  public static byte[] signedForm(Step s) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("request_id", s.requestId());
    n.put("seq", s.seq());
    n.put("transition", s.transition().wire());
    n.put("party", s.party());
    n.put("at", Timestamps.format(s.at(), 3));
    if (!s.grounds().isEmpty()) {
      ArrayNode g = n.putArray("grounds");
      s.grounds().forEach(x -> g.add(x.wire()));
    }
    if (s.note() != null) {
      n.put("note", s.note());
    }
    return Jcs.canonicalize(n).getBytes(StandardCharsets.UTF_8);
  }

  private static void newSdo(ObjectNode o) {
    o.putObject("extensions").putObject(AccordExtension.CASES_ID).put("extension_type", "new-sdo");
  }

  private static void expectType(JsonNode o, String type) {
    if (o == null || !o.isObject()) {
      throw new CaseException("expected a " + type + " object");
    }
    if (!type.equals(o.path("type").asText())) {
      throw new CaseException("expected type " + type + ", found '" + o.path("type").asText() + "'");
    }
    JsonNode ext = o.path("extensions").path(AccordExtension.CASES_ID);
    if (!"new-sdo".equals(ext.path("extension_type").asText())) {
      throw new CaseException(
          o.path("id").asText() + ": extensions: names no new-sdo of " + AccordExtension.CASES_ID);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new CaseException(field + ": expected a string");
    }
    return v.asText();
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(JsonNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
