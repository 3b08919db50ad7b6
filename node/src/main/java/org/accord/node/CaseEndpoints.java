package org.accord.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.CaseClock;
import org.accord.cases.CaseException;
import org.accord.cases.CaseFile;
import org.accord.cases.CaseJson;
import org.accord.cases.Cases;
import org.accord.cases.DeclineGround;
import org.accord.cases.IllegalTransitionException;
import org.accord.cases.Lifecycle;
import org.accord.cases.Responsiveness;
import org.accord.cases.State;
import org.accord.cases.Step;
import org.accord.cases.Transition;
import org.accord.stix.StixJson;
import org.accord.stix.Timestamps;
import org.accord.store.StoreException;
import org.accord.taxii.server.JsonErrors;
import org.accord.taxii.server.TaxiiException;
import org.accord.taxii.server.TaxiiServer;
import org.accord.taxii.server.User;

/**
 * The node's mutual-assistance requests over REST, under {@value #PATH}, authenticated like TAXII and answering errors
 * in the same JSON form:
 *
 * <ul>
 *   <li>{@code POST /api/cases/}: a new request, as a draft; the body is the request's JSON without {@code id},
 *       {@code requester} and {@code created}, which the node sets (its own party asks) — 201 with the request; a
 *       field the request does not have (a typo: {@code urgncy}) is a 400 naming it and the fields there are, and
 *       nothing is created;
 *   <li>{@code GET /api/cases/?state=&limit=&next=}: the requests, oldest first (by creation, then id), a page at a
 *       time, read from the store after the position the {@code next} token seals ({@link CasePageTokens});
 *   <li>{@code GET /api/cases/stats}: responsiveness per requested party and kind;
 *   <li>{@code GET /api/cases/{id}}: one request, where it stands, its transitions, its deadlines (with the clause
 *       that set each) and what each party may do now;
 *   <li>{@code POST /api/cases/{id}/transitions}: {@code {"transition": "decline", "grounds": [...], "note": ...}},
 *       made by this node's party now — 200 with the request after it; 409 with the lifecycle's message (what is
 *       allowed now, by whom) when it is refused, or when another transition was recorded first; 400 for a field
 *       other than these three.
 * </ul>
 *
 * <p>Ids. This node's own users never choose a request's id: the node makes a new random one (UUID v4), and a body
 * that names {@code id} is refused before anything is looked up, with the same answer whether or not the id exists.
 * Only the requester's node chooses an id, for the request it sends; a peer's request under an id held here is
 * refused in one message whoever the held request is between ({@link Cases#receive}).
 *
 * <p>Work. A page reads its own rows from the store (keyset paging on an index, migration V8), at most {@value
 * #MAX_PAGE}; statistics need every request the node's party is on with its transitions and deadlines, and read
 * them in three queries ({@link Cases#list}), so they stay in memory: it grows with that number, each request read
 * whole (its text is bounded by {@link AssistanceRequest}'s limits, some 200 KB at most, a few KB as written), and
 * this is the one route of this API whose work does.
 *
 * <p>Who. Only this node's own users (no party): a peer reaches requests through the federation channel, never this
 * API, and gets 403 on every path before anything is looked up, so it learns nothing of which ids exist. A request is
 * visible only when this node's party is its requester or its requested party; any other answers 404 exactly as an
 * unknown id does.
 */
final class CaseEndpoints {
  static final String PATH = TaxiiServer.NODE_API + "cases/";

  /** Largest page of {@code GET /api/cases/}, and the page when no {@code limit} is given. */
  static final int MAX_PAGE = 1000;

  static final int DEFAULT_PAGE = 100;

  /** The fields of a request the node sets on {@code POST /api/cases/}. */
  private static final List<String> SET_BY_NODE = List.of("id", "requester", "created");

  /** The fields of {@code POST /api/cases/{id}/transitions}. */
  private static final List<String> TRANSITION_FIELDS = List.of("transition", "grounds", "note");

  private final Cases cases;
  private final CaseClock clock;
  private final String party;
  private final CasePageTokens tokens;

  CaseEndpoints(Cases cases, CaseClock clock, String party, CasePageTokens tokens) {
    this.cases = Objects.requireNonNull(cases, "cases");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.party = Objects.requireNonNull(party, "party");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
  }

  void install(JavalinConfig config) {
    config.router.mount(
        router -> {
          router.post(PATH, TaxiiServer.readingBody(this::create));
          TaxiiServer.get(router, PATH, this::list); // each GET with its HEAD, through the same checks
          TaxiiServer.get(router, PATH + "stats", this::stats); // before {id}: the first route that matches answers
          TaxiiServer.get(router, PATH + "{id}", this::show);
          router.post(PATH + "{id}/transitions", TaxiiServer.readingBody(this::transition));
        });
  }

  private void create(Context ctx) throws IOException {
    own(ctx);
    ObjectNode body = object(ctx, "the request's fields (kind, requested, legal_basis, offence, facts, ...)");
    for (String set : SET_BY_NODE) {
      if (body.has(set)) {
        throw TaxiiException.badRequest("'" + set + "' is set by the node, leave it out");
      }
    }
    knownFields(body, "", CaseJson.REQUEST_FIELDS.stream().filter(f -> !SET_BY_NODE.contains(f)).toList());
    if (body.get("legal_basis") instanceof ObjectNode basis) {
      knownFields(basis, "legal_basis.", CaseJson.LEGAL_BASIS_FIELDS);
    }
    body.put("id", AssistanceRequest.TYPE + "--" + UUID.randomUUID());
    body.put("requester", party);
    body.put("created", Timestamps.format(clock.now(), 3));
    AssistanceRequest request;
    try {
      request = CaseJson.readRequest(body.toString());
    } catch (CaseException | NullPointerException e) {
      throw TaxiiException.badRequest(e.getMessage()); // each names the field
    }
    CaseFile created;
    try {
      created = cases.create(request);
    } catch (CaseException e) {
      throw TaxiiException.conflict(e.getMessage()); // the id is taken: a new random one never is, in practice
    }
    ctx.status(201).contentType("application/json").result(CaseViews.file(created).toString());
  }

  private void list(Context ctx) {
    own(ctx);
    for (String p : ctx.queryParamMap().keySet()) {
      if (!List.of("state", "limit", "next").contains(p)) {
        // A misspelt filter would otherwise list everything; "offset" was this listing's paging before next tokens.
        throw TaxiiException.badRequest("unknown parameter '" + p + "' (allowed: state, limit, next)");
      }
    }
    String stateParam = ctx.queryParam("state");
    State state = null;
    if (stateParam != null) {
      state = State.fromWire(stateParam).orElseThrow(() -> TaxiiException.badRequest(
          "state: one of draft, sent, received, acknowledged, in-progress, preserved, answered-partial,"
              + " answered-full, declined, closed; not '" + stateParam + "'"));
    }
    int limit = intParam(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
    String query = CasePageTokens.query(TaxiiServer.user(ctx).name(), stateParam);
    String next = ctx.queryParam("next");
    Cases.Page page = cases.page(party, state, next == null ? null : tokens.decode(next, query), limit);
    ArrayNode listed = StixJson.mapper().createArrayNode();
    page.files().forEach(f -> listed.add(CaseViews.summary(f)));
    ObjectNode out = StixJson.mapper().createObjectNode();
    out.set("cases", listed);
    out.put("more", page.next().isPresent());
    page.next().ifPresent(p -> out.put("next", tokens.encode(p, query)));
    ctx.status(200).contentType("application/json").result(out.toString());
  }

  private void show(Context ctx) {
    own(ctx);
    ctx.status(200).contentType("application/json").result(CaseViews.file(visible(ctx.pathParam("id"))).toString());
  }

  private void transition(Context ctx) throws IOException {
    own(ctx);
    String id = ctx.pathParam("id");
    CaseFile before = visible(id);
    ObjectNode body = object(ctx, "{\"transition\": \"<name>\"} with the transition's fields (grounds, note)");
    knownFields(body, "", TRANSITION_FIELDS);
    String name = text(body, "transition");
    if (name == null) {
      throw TaxiiException.badRequest("transition: name it (" + names() + ")");
    }
    Transition t = Transition.fromWire(name).orElseThrow(() -> TaxiiException.badRequest(
        "transition: unknown '" + name + "' (" + names() + ")"));
    List<DeclineGround> grounds = grounds(body);
    String note = text(body, "note");
    try {
      // The fields on their own (grounds only for a decline and at least one there, 'other' explained, the note's
      // length): bad input, 400, whatever the request's state.
      new Step(id, 1, t, party, Instant.EPOCH, grounds, note);
    } catch (CaseException e) {
      throw TaxiiException.badRequest(e.getMessage());
    }
    CaseFile after;
    try {
      after = cases.apply(id, t, party, grounds, note);
    } catch (IllegalTransitionException e) {
      throw TaxiiException.conflict(e.getMessage());
    } catch (CaseException e) {
      // The fields are checked above; what is left is the request's situation (no obligation applies to it, its
      // obligation grants no extension, or a send names objects the requested party may not receive).
      throw TaxiiException.conflict(e.getMessage());
    } catch (StoreException e) {
      // Another process (the command line, a second node process on the same database) recorded a transition of
      // this request between our read and our write: the store wrote nothing. Said as the request stands now.
      CaseFile now = cases.find(id).orElseThrow(() -> e);
      if (now.steps().size() == before.steps().size()) {
        throw e; // not a race: a fault of the database, answered 500 by the boundary
      }
      throw TaxiiException.conflict(
          "cannot " + name + " request " + id + ": another transition (" + now.steps().get(now.steps().size() - 1)
              .transition().wire() + ") was recorded first; it is now " + now.state() + "; allowed now: "
              + allowed(now));
    }
    ctx.status(200).contentType("application/json").result(CaseViews.file(after).toString());
  }

  private void stats(Context ctx) {
    own(ctx);
    Instant now = clock.now();
    ctx.status(200).contentType("application/json")
        .result(CaseViews.stats(Responsiveness.of(visible(), now), now).toString());
  }

  /** 403 for a peer (a user with a party), before anything about requests is looked up. */
  private static void own(Context ctx) {
    User user = TaxiiServer.user(ctx);
    if (user.party() != null) {
      throw TaxiiException.forbidden(
          "the cases API is for this node's own users; party " + user.party() + " reaches requests through federation");
    }
  }

  /**
   * 400 naming every field of {@code body} not in {@code allowed}, and those allowed: a typo ({@code urgncy}) would
   * otherwise be dropped without a word and the request made without what the user meant to say.
   */
  private static void knownFields(ObjectNode body, String prefix, List<String> allowed) {
    List<String> unknown = new ArrayList<>();
    body.fieldNames().forEachRemaining(f -> {
      if (!allowed.contains(f)) {
        unknown.add("'" + prefix + f + "'");
      }
    });
    if (!unknown.isEmpty()) {
      throw TaxiiException.badRequest("unknown field" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
          + " (allowed" + (prefix.isEmpty() ? "" : " in " + prefix.substring(0, prefix.length() - 1)) + ": "
          + String.join(", ", allowed) + ")");
    }
  }

  private List<CaseFile> visible() {
    return cases.list().stream().filter(f -> f.request().roleOf(party) != null).toList();
  }

  /** The request, or 404 when it is unknown or this node's party is not on it (the same answer for both). */
  private CaseFile visible(String id) {
    Optional<CaseFile> f = cases.find(id).filter(c -> c.request().roleOf(party) != null);
    return f.orElseThrow(() -> TaxiiException.notFound("no request " + id));
  }

  private static ObjectNode object(Context ctx, String what) throws IOException {
    JsonNode n;
    try {
      n = StixJson.mapper().readTree(ctx.bodyAsBytes());
    } catch (JsonProcessingException e) {
      throw TaxiiException.badRequest("the body is not JSON: " + JsonErrors.describe(e));
    }
    if (n == null || !n.isObject()) {
      throw TaxiiException.badRequest("the body must be a JSON object: " + what);
    }
    return (ObjectNode) n;
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw TaxiiException.badRequest(field + ": expected a string, found " + v.getNodeType().toString().toLowerCase());
    }
    return v.asText();
  }

  private static List<DeclineGround> grounds(JsonNode body) {
    JsonNode g = body.get("grounds");
    if (g == null || g.isNull()) {
      return List.of();
    }
    if (!g.isArray()) {
      throw TaxiiException.badRequest("grounds: expected a list of strings (" + groundNames() + ")");
    }
    List<DeclineGround> out = new ArrayList<>();
    for (JsonNode item : g) {
      String w = item.isTextual() ? item.asText() : item.toString();
      out.add(DeclineGround.fromWire(w).orElseThrow(() -> TaxiiException.badRequest(
          "grounds: unknown '" + w + "' (" + groundNames() + ")")));
    }
    return out;
  }

  private static int intParam(Context ctx, String name, int dflt, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return dflt;
    }
    try {
      int i = Integer.parseInt(v);
      if (i >= min && i <= max) {
        return i;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw TaxiiException.badRequest(name + ": an integer from " + min + " to " + max + ", not '" + v + "'");
  }

  private static String names() {
    return String.join(", ", java.util.Arrays.stream(Transition.values()).map(Transition::wire).toList());
  }

  private static String groundNames() {
    return String.join(", ", java.util.Arrays.stream(DeclineGround.values()).map(DeclineGround::wire).toList());
  }

  private static String allowed(CaseFile f) {
    List<String> moves = new ArrayList<>();
    for (Lifecycle.Move m : f.allowed()) {
      moves.add(m.transition().wire() + " (by " + f.request().party(m.role()) + ")");
    }
    return moves.isEmpty() ? "nothing" : String.join(", ", moves);
  }
}
