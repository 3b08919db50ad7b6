package org.accord.cases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.accord.stix.StixJson;
import org.accord.stix.Timestamps;
import org.accord.stix.Tlp;

/**
 * The JSON form of requests and of what a transition carries, as stored (and, next, as exchanged between nodes):
 * snake_case names, RFC 3339 UTC timestamps with millisecond precision (STIX 2.1 §3.2), durations in seconds. Reading
 * validates as the constructors do, so a stored or received document is held to the same rules as a new one. Public
 * for the node, whose REST API and command line speak the same form of a request ({@link #write}, {@link
 * #readRequest}); the rest stays the module's own.
 */
public final class CaseJson {
  private static final ObjectMapper MAPPER = StixJson.mapper();

  /** The fields of a request's JSON, as {@link #write} writes them; no other is part of a request. */
  public static final List<String> REQUEST_FIELDS =
      List.of("id", "kind", "requester", "requested", "legal_basis", "offence", "facts", "data_sought", "custodian",
          "location", "urgency", "sector", "objects", "tlp", "created");

  /** The fields of a request's {@code legal_basis}. */
  public static final List<String> LEGAL_BASIS_FIELDS = List.of("clause", "treaty_article");

  private CaseJson() {}

  /** The request as JSON. */
  public static String write(AssistanceRequest r) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", r.id());
    n.put("kind", r.kind().wire());
    n.put("requester", r.requester());
    n.put("requested", r.requested());
    ObjectNode basis = n.putObject("legal_basis");
    basis.put("clause", r.legalBasis().clauseId());
    if (r.legalBasis().treatyArticle() != null) {
      basis.put("treaty_article", r.legalBasis().treatyArticle());
    }
    n.put("offence", r.offence());
    n.put("facts", r.facts());
    ArrayNode data = n.putArray("data_sought");
    r.dataSought().forEach(data::add);
    putIf(n, "custodian", r.custodian());
    putIf(n, "location", r.location());
    n.put("urgency", r.urgency().wire());
    putIf(n, "sector", r.sector());
    ArrayNode objects = n.putArray("objects");
    r.objectIds().forEach(objects::add);
    n.put("tlp", r.tlp().v2Name());
    n.put("created", Timestamps.format(r.created(), 3));
    return text(n);
  }

  /**
   * The request in {@code json}, validated whole.
   *
   * @throws CaseException naming the field that is missing, of the wrong type or invalid, or saying it is not JSON
   */
  public static AssistanceRequest readRequest(String json) {
    JsonNode n = parse(json);
    JsonNode basis = n.path("legal_basis");
    return new AssistanceRequest(
        str(n, "id"),
        enumOf(n, "kind", w -> RequestKind.fromWire(w).orElse(null)),
        str(n, "requester"),
        str(n, "requested"),
        new LegalBasis(str(basis, "clause"), str(basis, "treaty_article")),
        str(n, "offence"),
        str(n, "facts"),
        strings(n, "data_sought"),
        str(n, "custodian"),
        str(n, "location"),
        enumOf(n, "urgency", w -> Urgency.fromWire(w).orElse(null)),
        str(n, "sector"),
        strings(n, "objects"),
        enumOf(n, "tlp", w -> Tlp.fromName(w).orElse(null)),
        n.hasNonNull("created") ? Timestamps.parse(n.get("created").asText()).instant() : null);
  }

  /** What a transition carries besides its columns: grounds, note, and the clocks set at receipt. */
  static String writeStep(Step s, Deadlines deadlines) {
    ObjectNode n = MAPPER.createObjectNode();
    if (!s.grounds().isEmpty()) {
      ArrayNode g = n.putArray("grounds");
      s.grounds().forEach(x -> g.add(x.wire()));
    }
    putIf(n, "note", s.note());
    if (deadlines != null) {
      ObjectNode d = n.putObject("deadlines");
      d.put("clause", deadlines.clauseId());
      d.put("received", Timestamps.format(deadlines.received(), 3));
      d.put("acknowledge_within", deadlines.acknowledgeWithin().toSeconds());
      putIf(d, "answer_within", deadlines.answerWithin());
      putIf(d, "preserve_for", deadlines.preserveFor());
      putIf(d, "extension", deadlines.extension());
    }
    return text(n);
  }

  static Step readStep(String requestId, int seq, String transition, String party, Instant at, String body) {
    JsonNode n = parse(body);
    List<DeclineGround> grounds = new ArrayList<>();
    for (JsonNode g : n.path("grounds")) {
      grounds.add(DeclineGround.fromWire(g.asText()).orElseThrow(() -> new CaseException("unknown ground " + g)));
    }
    Transition t =
        Transition.fromWire(transition).orElseThrow(() -> new CaseException("unknown transition " + transition));
    return new Step(requestId, seq, t, party, at, grounds, str(n, "note"));
  }

  /** The clocks a receive transition recorded, or null. */
  static Deadlines readDeadlines(String body) {
    JsonNode d = parse(body).get("deadlines");
    if (d == null) {
      return null;
    }
    return new Deadlines(
        str(d, "clause"),
        Timestamps.parse(str(d, "received")).instant(),
        Duration.ofSeconds(d.get("acknowledge_within").asLong()),
        seconds(d, "answer_within"),
        seconds(d, "preserve_for"),
        seconds(d, "extension"));
  }

  private static Duration seconds(JsonNode n, String field) {
    return n.hasNonNull(field) ? Duration.ofSeconds(n.get(field).asLong()) : null;
  }

  private static void putIf(ObjectNode n, String field, String value) {
    if (value != null) {
      n.put(field, value);
    }
  }

  private static void putIf(ObjectNode n, String field, Duration value) {
    if (value != null) {
      n.put(field, value.toSeconds());
    }
  }

  private static String str(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new CaseException(field + ": expected a string, found " + v.getNodeType().toString().toLowerCase());
    }
    return v.asText();
  }

  private static List<String> strings(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new CaseException(field + ": expected a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : v) {
      if (!item.isTextual()) {
        throw new CaseException(field + ": expected a list of strings, found " + item);
      }
      out.add(item.asText());
    }
    return out;
  }

  private static <E> E enumOf(JsonNode n, String field, Function<String, E> lookup) {
    String w = str(n, field);
    if (w == null) {
      return null; // the constructor names the missing field
    }
    E e = lookup.apply(w);
    if (e == null) {
      throw new CaseException(field + ": unknown value '" + w + "'");
    }
    return e;
  }

  private static JsonNode parse(String json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n == null || !n.isObject()) {
        throw new CaseException("expected a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new CaseException("not JSON: " + e.getOriginalMessage());
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
