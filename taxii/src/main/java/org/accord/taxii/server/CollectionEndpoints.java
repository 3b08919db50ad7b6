package org.accord.taxii.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.accord.stix.StixJson;
import org.accord.store.CollectionInfo;
import org.accord.store.ManifestEntry;
import org.accord.store.ObjectQuery;
import org.accord.store.ObjectStore;
import org.accord.store.StoredObject;
import org.accord.taxii.TransferListener;
import org.accord.store.VersionMatch;

/**
 * The read, list and delete endpoints of TAXII 2.1 §5 (everything but §5.5 Add Objects).
 *
 * <p>Every route shows exactly the {@link OutboundFilter}'s output, metadata included. Manifest entries and versions
 * are read as whole objects from the store ({@link ObjectStore#objects}) so that the filter decides on the object,
 * not on metadata; a manifest record or a version names the released object's id and version (a pseudonymised SCO's
 * new id, never the stored one, whose UUIDv5 would let a peer confirm a guessed address offline). Pages, {@code
 * more}, {@code next}, the X-TAXII-Date-Added-* headers and the 404 of a single object are computed from the
 * released items ({@link VisiblePages}), so that a withheld version changes nothing a recipient can observe.
 *
 * <p>Ids are matched as released: {@code match[id]}, {@code objects/<id>/} and {@code versions/} select a version
 * whose released id is the one asked for. The original id of a pseudonymised SCO is therefore answered as an id that
 * does not exist. Its pseudonym is not found either: finding it would need a reverse index from pseudonyms to stored
 * ids (pseudonyms are keyed per agreement), which this server does not keep; the object is listed under its
 * pseudonym by Get Objects and Get Object Manifests only.
 *
 * <p>The manifest (§5.3.1) and versions (§5.8.1) resources define {@code more} but no {@code next}; this server adds
 * {@code next} to them as to the envelope, so that every paged endpoint pages the same way. Clients that ignore it
 * can page with {@code added_after} and X-TAXII-Date-Added-Last, as §3.5 describes. A {@code next} token is bound to
 * the user it was issued to ({@link NextTokens}).
 */
final class CollectionEndpoints {
  private final TaxiiSettings settings;
  private final Scopes scopes;
  private final ObjectStore store;
  private final OutboundFilter outbound;
  private final TransferListener transfers;
  private final NextTokens tokens;
  private final VisiblePages pages;

  CollectionEndpoints(
      TaxiiSettings settings,
      Scopes scopes,
      ObjectStore store,
      OutboundFilter outbound,
      TransferListener transfers,
      NextTokens tokens) {
    this.settings = settings;
    this.scopes = scopes;
    this.store = store;
    this.outbound = outbound;
    this.transfers = transfers;
    this.tokens = tokens;
    this.pages = new VisiblePages(store, outbound, settings.maxPageSize());
  }

  /** §5.1: the collections of the API root the user has any right on, in configuration order (§3.3). */
  void collections(Context ctx) {
    TaxiiSettings.ApiRoot root = scopes.apiRoot(ctx);
    ObjectNode body = StixJson.mapper().createObjectNode();
    List<CollectionInfo> visible =
        root.collections().stream().filter(c -> scopes.access(ctx, c).any()).toList();
    if (!visible.isEmpty()) { // §5.1.1: "collections" is optional; absent when there are none
      ArrayNode list = body.putArray("collections");
      visible.forEach(c -> list.add(collectionResource(ctx, c)));
    }
    Responses.write(ctx, 200, body);
  }

  /** §5.2: one collection resource. */
  void collection(Context ctx) {
    Responses.write(ctx, 200, collectionResource(ctx, scopes.visible(ctx)));
  }

  /** §5.3: manifest records of the matching object versions. */
  void manifest(Context ctx) {
    CollectionInfo c = scopes.readable(ctx);
    QueryFilters filters = filters(ctx, QueryFilters.COLLECTION_QUERY, "manifest:" + c.id(), VersionMatch.LAST);
    VisiblePages.Result page = release(ctx, c, filters.toQuery(settings.maxPageSize(), tokens), null);
    ObjectNode body = envelopeHead(page, filters);
    if (!page.items().isEmpty()) {
      ArrayNode records = body.putArray("objects");
      page.items().forEach(o -> records.add(manifestRecord(o.entry()))); // the released id and version
    }
    writePage(ctx, page, body);
  }

  /** §5.4: an envelope of the matching objects. */
  void objects(Context ctx) {
    CollectionInfo c = scopes.readable(ctx);
    QueryFilters filters = filters(ctx, QueryFilters.COLLECTION_QUERY, "objects:" + c.id(), VersionMatch.LAST);
    VisiblePages.Result page = release(ctx, c, filters.toQuery(settings.maxPageSize(), tokens), null);
    writeEnvelope(ctx, c, page, filters);
  }

  /** §5.6: an envelope of the versions of one object; 404 when it has none the client may see. */
  void object(Context ctx) {
    CollectionInfo c = scopes.readable(ctx);
    String objectId = ctx.pathParam("objectId");
    QueryFilters filters =
        filters(ctx, QueryFilters.OBJECT_QUERY, "object:" + c.id() + ":" + objectId, VersionMatch.LAST);
    VisiblePages.Result page = release(ctx, c, filters.toQuery(settings.maxPageSize(), tokens), objectId);
    requireFound(ctx, c, page, objectId, filters);
    writeEnvelope(ctx, c, page, filters);
  }

  /**
   * §5.7: deletes the selected versions; 200 with no body, 404 when nothing matched. Only this node's own users with
   * the delete right get past {@link Scopes#deletable} (a peer gets the same 403 whatever it names). The delete is
   * reported ({@link TransferListener#deleted}, the ledger's DELETED) inside the store's transaction, before it
   * commits: a delete that cannot be recorded does not happen.
   */
  void delete(Context ctx) {
    CollectionInfo c = scopes.deletable(ctx);
    String objectId = ctx.pathParam("objectId");
    QueryFilters filters =
        filters(ctx, QueryFilters.DELETE_QUERY, "delete:" + c.id() + ":" + objectId, VersionMatch.ALL);
    ObjectQuery query = onlyObject(filters.toQuery(settings.maxPageSize(), tokens), objectId);
    String user = TaxiiServer.user(ctx).name();
    ObjectStore.BeforeDelete record =
        removed -> {
          java.security.MessageDigest digest = TransferListener.sha256();
          List<TransferListener.VersionRef> refs = new ArrayList<>(removed.size());
          for (StoredObject o : removed) {
            refs.add(TransferListener.VersionRef.of(o.object().jsonView()));
            digest.update(o.jsonUtf8());
            digest.update((byte) '\n');
          }
          String sha256 = java.util.HexFormat.of().formatHex(digest.digest());
          transfers.deleted(new TransferListener.Deletion(user, c.id(), refs, sha256));
        };
    if (store.delete(c.id(), objectId, query, record) == 0) {
      throw TaxiiException.notFound("no object '" + objectId + "' matching the filters in collection " + c.id());
    }
    Responses.empty(ctx, 200);
  }

  /** §5.8: the version timestamps of one object. */
  void versions(Context ctx) {
    CollectionInfo c = scopes.readable(ctx);
    String objectId = ctx.pathParam("objectId");
    QueryFilters filters =
        filters(ctx, QueryFilters.VERSIONS_QUERY, "versions:" + c.id() + ":" + objectId, VersionMatch.ALL);
    VisiblePages.Result page = release(ctx, c, filters.toQuery(settings.maxPageSize(), tokens), objectId);
    requireFound(ctx, c, page, objectId, filters);
    ObjectNode body = envelopeHead(page, filters);
    if (!page.items().isEmpty()) { // §5.8.1: omitted when there are no versions
      ArrayNode versions = body.putArray("versions");
      page.items().forEach(o -> versions.add(Timestamps.format(o.entry().version())));
    }
    writePage(ctx, page, body);
  }

  /** One page of what this user may see ({@code objectId}: of one object's versions, else null). */
  private VisiblePages.Result release(Context ctx, CollectionInfo c, ObjectQuery query, String objectId) {
    return pages.page(Principal.of(TaxiiServer.user(ctx)), c.id(), query, objectId);
  }

  /**
   * §3.7 envelope of objects. The objects are copied as the UTF-8 JSON bytes the store holds (or the filter
   * produced), never re-parsed or re-encoded: this is the hot path of every TAXII poll. The envelope's own members
   * ({@code more}, {@code next}) are serialised by Jackson and the {@code objects} list is spliced in before its
   * closing brace.
   *
   * <p>A page released to a peer is reported ({@link TransferListener}, the ledger's SENT) with the SHA-256 of the
   * exact body, before the body is written: a decision that lets data out is recorded before the data leaves.
   */
  private void writeEnvelope(Context ctx, CollectionInfo c, VisiblePages.Result page, QueryFilters filters) {
    ObjectNode head = envelopeHead(page, filters);
    byte[] headJson;
    try {
      headJson = StixJson.mapper().writeValueAsBytes(head);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an envelope", e);
    }
    if (page.items().isEmpty()) { // §3.7: an empty response has no "objects"
      Responses.write(ctx, 200, headJson);
      return;
    }
    int size = headJson.length + 16;
    for (VisiblePages.Item o : page.items()) {
      size += o.object().jsonUtf8().length + 1;
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(size);
    body.write(headJson, 0, headJson.length - 1); // without the closing '}'
    if (head.size() > 0) {
      body.write(',');
    }
    body.writeBytes(OBJECTS_MEMBER);
    boolean first = true;
    for (VisiblePages.Item o : page.items()) {
      if (!first) {
        body.write(',');
      }
      first = false;
      body.writeBytes(o.object().jsonUtf8());
    }
    body.write(']');
    body.write('}');
    byte[] bytes = body.toByteArray();
    reportSent(ctx, c, page, bytes);
    dateAddedHeaders(ctx, page);
    Responses.writeDirect(ctx, 200, bytes);
  }

  private void reportSent(Context ctx, CollectionInfo c, VisiblePages.Result page, byte[] body) {
    Principal principal = Principal.of(TaxiiServer.user(ctx));
    if (!principal.isPeer() || ctx.method() == io.javalin.http.HandlerType.HEAD) {
      return; // a HEAD sends no body (RFC 9110 §9.3.2): nothing crossed, nothing to record
    }
    List<TransferListener.VersionRef> refs = new ArrayList<>(page.items().size());
    List<String> clauses = new ArrayList<>();
    for (VisiblePages.Item item : page.items()) {
      StoredObject o = item.object();
      refs.add(TransferListener.VersionRef.of(o.object().jsonView()));
      o.clause().ifPresent(clauses::add);
    }
    transfers.transferred(
        new TransferListener.Transfer(
            TransferListener.Direction.SENT, principal.party(), c.id(), null, null, refs,
            TransferListener.sha256Hex(body), clauses));
  }

  private static final byte[] OBJECTS_MEMBER = "\"objects\":[".getBytes(StandardCharsets.US_ASCII);

  /** {@code more} and {@code next} (§3.7); absent entirely for a last page without items. */
  private ObjectNode envelopeHead(VisiblePages.Result page, QueryFilters filters) {
    ObjectNode body = StixJson.mapper().createObjectNode();
    if (page.more() || !page.items().isEmpty()) {
      body.put("more", page.more());
    }
    if (page.more()) {
      page.next().ifPresent(cursor -> body.put("next", tokens.encode(cursor, filters.fingerprint())));
    }
    return body;
  }

  /** §3.2: X-TAXII-Date-Added-First/-Last name the first and last object of the response (released items only). */
  private static void writePage(Context ctx, VisiblePages.Result page, ObjectNode body) {
    dateAddedHeaders(ctx, page);
    Responses.write(ctx, 200, body);
  }

  private static void dateAddedHeaders(Context ctx, VisiblePages.Result page) {
    if (!page.items().isEmpty()) {
      Instant first = page.items().get(0).entry().dateAdded();
      Instant last = page.items().get(page.items().size() - 1).entry().dateAdded();
      ctx.header("X-TAXII-Date-Added-First", Timestamps.formatDateAdded(first));
      ctx.header("X-TAXII-Date-Added-Last", Timestamps.formatDateAdded(last));
    }
  }

  /**
   * 404 when the object has no version this client may see at all. When it has, but the filters leave nothing, the
   * answer is an empty envelope (§5.6: "If no STIX objects are returned, the response MUST include an empty
   * envelope"). Decided on released versions only ({@link VisiblePages#anyVersion}), so a withheld object, the
   * original id of a pseudonymised one and an id that never existed get the same 404. A request with a {@code next}
   * token continues a walk that was answered before: tokens are bound to the user and to this object's route.
   */
  private void requireFound(
      Context ctx, CollectionInfo c, VisiblePages.Result page, String objectId, QueryFilters filters) {
    if (!page.items().isEmpty() || filters.next().isPresent()) {
      return;
    }
    if (!pages.anyVersion(Principal.of(TaxiiServer.user(ctx)), c.id(), objectId)) {
      throw TaxiiException.notFound("no object '" + objectId + "' in collection " + c.id());
    }
  }

  private static ObjectQuery onlyObject(ObjectQuery q, String objectId) {
    return new ObjectQuery(
        q.addedAfter(), q.limit(), q.after(), Set.of(objectId), Set.of(), q.versions(), q.specVersions());
  }

  /** The request's filters; the endpoint text names the user too, so a {@code next} token works only for them. */
  private static QueryFilters filters(
      Context ctx, Set<QueryFilters.Param> supported, String endpoint, VersionMatch defaults) {
    String forUser = endpoint + "|user:" + TaxiiServer.user(ctx).name();
    return QueryFilters.parse(ctx.queryParamMap(), supported, forUser, defaults);
  }

  /** §5.2.1 collection resource, with this user's rights. */
  private ObjectNode collectionResource(Context ctx, CollectionInfo c) {
    User.Access access = scopes.access(ctx, c);
    ObjectNode node = StixJson.mapper().createObjectNode();
    node.put("id", c.id());
    node.put("title", c.title());
    ServerInformation.putIfPresent(node, "description", c.description());
    ServerInformation.putIfPresent(node, "alias", c.alias());
    node.put("can_read", access.canRead());
    node.put("can_write", access.canWrite());
    ArrayNode types = node.putArray("media_types");
    c.mediaTypes().forEach(types::add);
    return node;
  }

  /** §5.3.1 manifest-record. */
  private static ObjectNode manifestRecord(ManifestEntry e) {
    ObjectNode node = StixJson.mapper().createObjectNode();
    node.put("id", e.id());
    node.put("date_added", Timestamps.formatDateAdded(e.dateAdded()));
    node.put("version", Timestamps.format(e.version()));
    node.put("media_type", e.mediaType());
    return node;
  }

}
