package org.accord.taxii.server;

import org.accord.stix.AddressRange;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.router.JavalinDefaultRouting;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.accord.stix.StixJson;
import org.accord.store.ObjectStore;
import org.accord.store.StoreException;
import org.accord.taxii.TransferListener;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TAXII 2.1 server: every endpoint of the specification's endpoint table (TAXII 2.1 §3.1), registered on a
 * Javalin app by {@link #install(JavalinConfig)}.
 *
 * <p><b>Request pipeline</b>, in order: (1) {@link Authenticator} checks HTTP Basic credentials, for every path,
 * known or not, so nothing is learnt without credentials (401; 429 while the user name or the client address is
 * backed off after failed logins; 503 when every PBKDF2 slot is busy); (2) the {@code Accept} header must allow
 * {@code application/taxii+json;version=2.1} (406); (3) the route's handler resolves API root and collection (404) and
 * checks {@code can_read}/{@code can_write} (403); (4) it parses the filters (400) and talks to the {@link
 * ObjectStore}; (5) on the way out every object passes the {@link OutboundFilter}. Every failure at any step is a
 * {@link TaxiiException} (or becomes one), turned into status + TAXII error message (§3.6.1) in one place: {@link
 * #mapErrors}. Unexpected exceptions become a 500 whose body names only an {@code error_id} under which the stack
 * trace is logged. Errors Jetty raises before any route (414, 431, a bad URI, broken framing) are written in the same
 * form by {@link TaxiiErrorHandler}.
 *
 * <p>Handlers live in {@link ServerInformation} (§4), {@link CollectionEndpoints} (§5.1–5.4, §5.6–5.8) and {@link
 * AddObjects} (§5.5).
 */
public final class TaxiiServer {
  private static final Logger LOG = LoggerFactory.getLogger(TaxiiServer.class);
  private static final String USER = "accord.taxii.user";

  /**
   * Where a node adds endpoints of its own next to TAXII's (ledger checkpoints and exports): authenticated like every
   * path, answered in plain JSON. No TAXII API root can be named {@code _accord}.
   */
  public static final String NODE_PATHS = "/_accord/";

  /**
   * Where a node serves its REST API for people and their tools (mutual-assistance requests, {@code /api/cases/}):
   * authenticated like every path, plain JSON like {@link #NODE_PATHS}. No API root may be named {@code api}.
   */
  public static final String NODE_API = "/api/";
  /** Where Javalin's 405 lists the methods the path supports ({@code MethodNotAllowedUtil}). */
  private static final String AVAILABLE_METHODS = "availableMethods";

  private final Authenticator authenticator;
  private final ServerInformation serverInformation;
  private final CollectionEndpoints collections;
  private final AddObjects addObjects;

  /**
   * @param settings what the server publishes and its limits
   * @param store where objects and status resources live
   * @param authenticator the users and their credentials
   * @param validator checks each posted object
   * @param outbound the egress seam every object leaving through a GET passes
   * @param tokens signs and checks {@code next} tokens
   * @param clock the time source (status {@code request_timestamp})
   */
  public TaxiiServer(
      TaxiiSettings settings,
      ObjectStore store,
      Authenticator authenticator,
      ObjectValidator validator,
      OutboundFilter outbound,
      NextTokens tokens,
      Clock clock) {
    this(settings, store, authenticator, validator, Policies.open().withOutbound(outbound), tokens, clock);
  }

  /**
   * @param policies who may do what, what may leave and what may enter, and who is told of transfers to peers
   */
  public TaxiiServer(
      TaxiiSettings settings,
      ObjectStore store,
      Authenticator authenticator,
      ObjectValidator validator,
      Policies policies,
      NextTokens tokens,
      Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(policies, "policies");
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    Scopes scopes = new Scopes(settings, policies.access());
    this.serverInformation = new ServerInformation(settings, scopes, store);
    this.collections =
        new CollectionEndpoints(settings, scopes, store, policies.outbound(), policies.transfers(), tokens);
    this.addObjects =
        new AddObjects(settings, scopes, store, validator, policies.inbound(), policies.transfers(), clock);
  }

  /**
   * The node's rules as the server applies them.
   *
   * @param access what each user may do on each collection
   * @param outbound what may leave, per object and principal
   * @param inbound what a posted, valid object is stored as (or why not)
   * @param transfers told of every page served to a peer (SENT) and every post a peer made (RECEIVED): the ledger
   */
  public record Policies(
      AccessPolicy access, OutboundFilter outbound, InboundFilter inbound, TransferListener transfers) {
    public Policies {
      Objects.requireNonNull(access, "access");
      Objects.requireNonNull(outbound, "outbound");
      Objects.requireNonNull(inbound, "inbound");
      Objects.requireNonNull(transfers, "transfers");
    }

    /** Configured rights, everything released, everything stored as own, nothing recorded: a node without rules. */
    public static Policies open() {
      return new Policies(AccessPolicy.CONFIGURED, OutboundFilter.RELEASE_ALL, InboundFilter.OWN, TransferListener.NONE);
    }

    public Policies withOutbound(OutboundFilter newOutbound) {
      return new Policies(access, newOutbound, inbound, transfers);
    }
  }

  /** Registers authentication, the routes and the error boundary on a Javalin configuration. */
  public void install(JavalinConfig config) {
    // Javalin answers 405 (not 404) for a known URL with the wrong method (TAXII 2.1 §3.1 lists the methods);
    // trailing slashes are required of clients by §3.1 but tolerated here.
    config.http.prefer405over404 = true;
    config.router.ignoreTrailingSlashes = true;
    // Errors Jetty answers before any route runs (414, 431, a bad URI or framing) in the same TAXII form.
    config.jetty.modifyServer(server -> server.setErrorHandler(new TaxiiErrorHandler()));
    config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new TaxiiErrorHandler()));
    config.router.mount(
        router -> {
          router.before(this::authenticate);
          routes(router);
          mapErrors(router);
        });
  }

  /** The endpoint table of TAXII 2.1 §3.1, section by section. */
  private void routes(JavalinDefaultRouting r) {
    get(r, "/taxii2/", serverInformation::discovery); // §4.1 Server Discovery
    get(r, "/{apiRoot}/", serverInformation::apiRoot); // §4.2 Get API Root Information
    get(r, "/{apiRoot}/status/{statusId}/", serverInformation::status); // §4.3 Get Status
    get(r, "/{apiRoot}/collections/", collections::collections); // §5.1 Get Collections
    get(r, "/{apiRoot}/collections/{id}/", collections::collection); // §5.2 Get A Collection
    get(r, "/{apiRoot}/collections/{id}/manifest/", collections::manifest); // §5.3 Get Object Manifests
    get(r, "/{apiRoot}/collections/{id}/objects/", collections::objects); // §5.4 Get Objects
    r.post("/{apiRoot}/collections/{id}/objects/", readingBody(addObjects::add)); // §5.5 Add Objects
    get(r, "/{apiRoot}/collections/{id}/objects/{objectId}/", collections::object); // §5.6 Get An Object
    r.delete("/{apiRoot}/collections/{id}/objects/{objectId}/", collections::delete); // §5.7 Delete An Object
    get(r, "/{apiRoot}/collections/{id}/objects/{objectId}/versions/", collections::versions); // §5.8
  }

  /**
   * A GET endpoint, and HEAD on the same path. TAXII 2.1 §3.1 lists only GET for these endpoints, but HTTP requires
   * HEAD wherever GET is supported (RFC 9110 §9.1) and HEAD must answer with the GET's status and headers (§9.3.2):
   * Javalin's own HEAD answers 200 text/plain without running the handler, which would report success for an
   * unknown collection or a request without read access. So HEAD runs the GET handler (same authentication, same
   * checks, same X-TAXII-Date-Added-* headers) and Jetty drops the body. Every GET route of the node, TAXII or not,
   * is registered through here; a handler with an effect beyond its answer (a custody entry) checks
   * {@code ctx.method()}.
   */
  public static void get(JavalinDefaultRouting r, String path, Handler handler) {
    r.get(path, handler);
    r.head(path, handler);
  }

  /**
   * A handler that reads the request body, with a body Jetty cannot read (broken chunked framing, a connection that
   * ends mid-body) answered 400 in TAXII form. Javalin would take any IOException for a client that went away and
   * answer an empty 500, before the error boundary sees it.
   */
  public static Handler readingBody(Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (IOException e) {
        LOG.debug("{} {}: the request body could not be read: {}", ctx.method(), ctx.path(), e.toString());
        throw TaxiiException.badRequest("the request body could not be read (broken framing or an early end)");
      }
    };
  }

  private void authenticate(Context ctx) {
    String client = clientAddress(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"),
        authenticator.trustedProxies());
    User user = authenticator.authenticate(ctx.header("Authorization"), client);
    ctx.attribute(USER, user);
    if (ctx.path().startsWith(NODE_PATHS) || ctx.path().startsWith(NODE_API)) {
      return; // the node's own endpoints speak plain JSON, not TAXII
    }
    String accept = ctx.header("Accept");
    if (!MediaTypes.acceptsTaxii(accept)) {
      throw TaxiiException.notAcceptable(accept);
    }
  }

  /**
   * The client's address for throttling and audit: the TCP peer as Jetty saw it, unless that peer is a configured
   * trusted proxy, in which case the right-most {@code X-Forwarded-For} entry that is not itself a trusted proxy (the
   * entries to its left are whatever the client chose to send, so they are never believed). A hop that is not an IP
   * literal makes the proxy itself the client: throttled as one, rather than under a name the client invented.
   */
  static String clientAddress(String remote, String forwardedFor, List<AddressRange> trusted) {
    String peer = remote.startsWith("[") && remote.endsWith("]") ? remote.substring(1, remote.length() - 1) : remote;
    if (trusted.isEmpty() || forwardedFor == null || !AddressRange.anyContains(trusted, AddressRange.literal(peer))) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      byte[] address = AddressRange.literal(hop);
      if (address == null) {
        return peer;
      }
      if (!AddressRange.anyContains(trusted, address)) {
        return hop;
      }
    }
    return peer;
  }

  /**
   * The authenticated user of a request (set by the before-handler, which runs first for every path, including the
   * routes a node adds next to TAXII's).
   */
  public static User user(Context ctx) {
    User user = ctx.attribute(USER);
    if (user == null) {
      throw TaxiiException.unauthorized();
    }
    return user;
  }

  /** The one boundary where exceptions become TAXII error messages (TAXII 2.1 §3.6.1). */
  private static void mapErrors(JavalinDefaultRouting r) {
    r.exception(TaxiiException.class, (e, ctx) -> writeError(ctx, e));
    r.exception(
        StoreException.UnknownCollection.class,
        (e, ctx) -> writeError(ctx, TaxiiException.notFound(e.getMessage())));
    r.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          String allowed = e.getDetails().get(AVAILABLE_METHODS);
          if (e.getStatus() == 405 && allowed != null) {
            ctx.header("Allow", allowed); // RFC 9110 §15.5.6: a 405 MUST name the methods the resource supports
          }
          writeError(ctx, fromJavalin(e, ctx));
        });
    // JSON a handler could not parse: where it broke, in the node's words, never Jackson's (JsonErrors).
    r.exception(
        JsonProcessingException.class, (e, ctx) -> writeError(ctx, TaxiiException.badRequest(JsonErrors.describe(e))));
    // A body Jetty could not read (broken chunked framing, early end): the client's fault, not a 500.
    r.exception(
        BadMessageException.class, (e, ctx) -> writeError(ctx, TaxiiException.http(e.getCode())));
    r.exception(
        Exception.class,
        (e, ctx) -> {
          if (badBody(e)) {
            writeError(ctx, TaxiiException.http(400));
            return;
          }
          String errorId = UUID.randomUUID().toString();
          // Method and path only: headers (Authorization) and bodies never reach the log.
          LOG.error("{} {} failed; error_id {}", ctx.method(), ctx.path(), errorId, e);
          writeError(ctx, TaxiiException.internal(errorId), errorId);
        });
  }

  private static TaxiiException fromJavalin(HttpResponseException e, Context ctx) {
    return switch (e.getStatus()) {
      case 404 -> TaxiiException.notFound("no TAXII endpoint at " + ctx.path());
      case 405 -> TaxiiException.methodNotAllowed(ctx.method() + " is not allowed on " + ctx.path());
      case 413 -> TaxiiException.tooLarge(ctx.req().getContentLengthLong());
      // Javalin's own messages may name classes (a body it could not map): the node's words instead.
      default -> TaxiiException.http(e.getStatus());
    };
  }

  private static void writeError(Context ctx, TaxiiException e) {
    writeError(ctx, e, UUID.randomUUID().toString());
  }

  /**
   * Whether {@code e} is a request body Jetty could not read (a {@link BadMessageException} wrapped by the servlet
   * input stream, or the client's connection ending mid-body): a 400, not a fault of the server.
   */
  private static boolean badBody(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BadMessageException || t instanceof EofException) {
        return true;
      }
    }
    return false;
  }

  private static void writeError(Context ctx, TaxiiException e, String errorId) {
    Object retryAfter = e.details().get(TaxiiException.RETRY_AFTER);
    if (retryAfter != null) {
      ctx.header("Retry-After", retryAfter.toString()); // RFC 9110 §10.2.3, with 429 (RFC 6585 §4) and 503
    }
    if (e.status() == 401) {
      // RFC 7235 §4.1: a 401 MUST carry a challenge.
      ctx.header("WWW-Authenticate", "Basic realm=\"accord\", charset=\"UTF-8\"");
    }
    Responses.write(ctx, e.status(), errorJson(e, errorId));
  }

  /** The TAXII error message (TAXII 2.1 §3.6.1) of {@code e}, serialised; also what Jetty's errors answer. */
  static byte[] errorJson(TaxiiException e, String errorId) {
    ObjectNode body = StixJson.mapper().createObjectNode();
    body.put("title", e.title());
    body.put("description", e.description());
    body.put("error_id", errorId);
    body.put("error_code", e.errorCode());
    body.put("http_status", Integer.toString(e.status()));
    if (!e.details().isEmpty()) {
      body.set("details", StixJson.mapper().valueToTree(e.details()));
    }
    try {
      return StixJson.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot serialise an error message", ex);
    }
  }

}
