package org.accord.taxii.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.accord.stix.StixJson;
import org.accord.stix.Violation;
import org.accord.store.AddResult;
import org.accord.store.Admission;
import org.accord.store.CollectionInfo;
import org.accord.store.Importer;
import org.accord.store.ObjectStore;
import org.accord.taxii.TransferListener;

/**
 * §5.5 Add Objects: streams the posted envelope object by object, validates each, stores the valid ones in batches
 * and answers 202 with a status resource (§4.3.1) that is also persisted for {@code GET status/{id}}.
 *
 * <p><b>Design.</b> The body is never held whole: a Jackson streaming parser walks the top-level object, skips every
 * member but {@code objects} (so a STIX bundle, whose extra members are {@code type}, {@code id} and
 * {@code spec_version}, is read the same way as a TAXII envelope) and materialises one object at a time. The byte
 * count is capped by {@code max_content_length}: a declared Content-Length above it is refused before reading, a
 * chunked body is cut off once it crosses it (both 413). Each object goes to the shared {@link Importer} (the same
 * path as {@code accord import}), which checks it with the {@link ObjectValidator} and stores valid ones with
 * {@link ObjectStore#add} in batches of {@link #BATCH}; a duplicate version is a success (the store is idempotent).
 * Invalid objects become {@code failures} whose message lists the violations.
 *
 * <p><b>Status codes</b> (TAXII 2.1 §5.5's table). A body that is not JSON (a syntax error, duplicate member names,
 * content after the end) is 400: the server "did not understand the request" (RFC 9110 §15.5.1). Well-formed JSON
 * that is not an envelope (not an object, or {@code objects} not a list) is 422, which §5.5 names for "a malformed
 * body, or other unprocessable content". An object the server will not store (invalid, a STIX version or type it
 * does not support) does not fail the request: it is one of the status resource's {@code failures} (§4.3.1) beside
 * the stored ones, because the other objects of the envelope are fine and a producer needs to know which were kept.
 *
 * <p>A body that turns out malformed, or too large, part-way through gets 400, 422 or 413 although batches before
 * that point are already stored; the error's details say how many. Re-posting is safe because adding is idempotent.
 */
final class AddObjects {
  /** Objects per store transaction: large enough to amortise a commit, small enough to bound memory. */
  static final int BATCH = 500;

  /**
   * Reads one object of the stream: the shared configuration (duplicate member names fail, STIX 2.1 §3.1) minus
   * the trailing-token check, which would otherwise see the next array element as trailing content.
   */
  private static final ObjectReader ELEMENT_READER =
      StixJson.mapper().reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  static final String STATUS_API_ROOT = "api_root";
  static final String STATUS_OWNER = "owner";
  static final String STATUS_RESOURCE = "resource";

  private final TaxiiSettings settings;
  private final Scopes scopes;
  private final ObjectStore store;
  private final ObjectValidator validator;
  private final InboundFilter inbound;
  private final TransferListener transfers;
  private final Clock clock;

  AddObjects(
      TaxiiSettings settings,
      Scopes scopes,
      ObjectStore store,
      ObjectValidator validator,
      InboundFilter inbound,
      TransferListener transfers,
      Clock clock) {
    this.settings = settings;
    this.scopes = scopes;
    this.store = store;
    this.validator = validator;
    this.inbound = inbound;
    this.transfers = transfers;
    this.clock = clock;
  }

  void add(Context ctx) throws IOException {
    TaxiiSettings.ApiRoot root = scopes.apiRoot(ctx);
    CollectionInfo collection = scopes.writable(ctx);
    String contentType = ctx.header("Content-Type");
    if (!MediaTypes.isTaxiiContent(contentType)) {
      throw TaxiiException.unsupportedMediaType(contentType);
    }
    long max = settings.maxContentLength();
    if (ctx.req().getContentLengthLong() > max) {
      throw TaxiiException.tooLarge(max);
    }
    Instant requestTime = clock.instant();
    Principal principal = Principal.of(TaxiiServer.user(ctx));
    Importer importer = new Importer(store, admit(principal, collection.id()), collection.id(), BATCH, true);
    List<TransferListener.VersionRef> read = new ArrayList<>();
    MessageDigest digest = TransferListener.sha256();
    try (InputStream body =
            new DigestInputStream(new LimitedInputStream(ctx.req().getInputStream(), max), digest);
        JsonParser parser = StixJson.mapper().createParser(body)) {
      read(
          parser,
          (path, node) -> {
            if (principal.isPeer()) {
              read.add(TransferListener.VersionRef.of(node));
            }
            importer.accept(path, node);
          });
      body.transferTo(OutputStream.nullOutputStream()); // the payload hash covers the body to its last byte
    } catch (LimitedInputStream.TooLarge e) {
      throw TaxiiException.tooLarge(max);
    } catch (JsonProcessingException e) {
      throw malformed(e, importer);
    }
    Importer.Summary summary = importer.finish();
    ObjectNode resource = statusResource(UUID.randomUUID().toString(), summary, requestTime);
    reportReceived(principal, collection, read, HexFormat.of().formatHex(digest.digest()));
    ObjectNode record = StixJson.mapper().createObjectNode();
    record.put(STATUS_API_ROOT, root.name());
    record.put(STATUS_OWNER, TaxiiServer.user(ctx).name());
    record.set(STATUS_RESOURCE, resource);
    store.putStatus(resource.get("id").asText(), record.toString());
    Responses.write(ctx, 202, resource);
  }

  /** Validation first; then the {@link InboundFilter} decides whether and as what a valid object is stored. */
  private Importer.Admit admit(Principal principal, String collectionId) {
    return (object, path) -> {
      List<Violation> violations = validator.validate(object);
      if (!violations.isEmpty()) {
        return Admission.refused(violations);
      }
      return inbound.admit(principal, collectionId, object);
    };
  }

  /**
   * A peer's post is reported ({@link TransferListener}, the ledger's RECEIVED) with every version the body held,
   * stored or refused, as the pusher reported its SENT, and the SHA-256 of the body as read; before the 202 is
   * written.
   */
  private void reportReceived(
      Principal principal, CollectionInfo c, List<TransferListener.VersionRef> refs, String sha256) {
    if (!principal.isPeer() || refs.isEmpty()) {
      return;
    }
    transfers.transferred(
        new TransferListener.Transfer(
            TransferListener.Direction.RECEIVED, principal.party(), c.id(), null, null, refs, sha256));
  }

  /** Walks {@code { ..., "objects": [ {...}, ... ], ... }}. */
  private static void read(JsonParser parser, java.util.function.BiConsumer<String, JsonNode> element)
      throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw TaxiiException.unprocessable("the body must be a JSON object: a TAXII envelope (TAXII 2.1 §3.7)");
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (!name.equals("objects")) {
        parser.skipChildren();
        continue;
      }
      if (value != JsonToken.START_ARRAY) {
        throw TaxiiException.unprocessable("\"objects\" must be a list of STIX objects (TAXII 2.1 §3.7)");
      }
      for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
        JsonNode node = ELEMENT_READER.readTree(parser);
        element.accept("$.objects[" + i + "]", node);
      }
    }
    if (parser.nextToken() != null) {
      throw TaxiiException.badRequest("unexpected content after the end of the JSON object");
    }
  }

  private static TaxiiException malformed(JsonProcessingException e, Importer importer) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return TaxiiException.badRequest(
        "malformed JSON" + where + ": " + e.getOriginalMessage(),
        Map.of(
            "line", at == null ? -1 : at.getLineNr(),
            "column", at == null ? -1 : at.getColumnNr(),
            "objects_stored_before_error", importer.summary().accepted()));
  }

  /**
   * §4.3.1; processing is synchronous, so the status is always complete with nothing pending. The three lists are
   * optional and left out when empty: TAXII 2.1 §2 prohibits empty lists. A refused object is named by its id (its
   * place in the envelope when it has none) and its version (the request time when it states none: §4.3.2 requires
   * one). {@code failure_count} counts every refusal; {@code failures} lists those the {@link Importer} keeps (the
   * first 10,000), which bounds the status resource of a huge body full of errors.
   */
  private static ObjectNode statusResource(String id, Importer.Summary summary, Instant requestTime) {
    ObjectNode s = StixJson.mapper().createObjectNode();
    s.put("id", id);
    s.put("status", "complete");
    s.put("request_timestamp", Timestamps.formatDateAdded(requestTime)); // a TAXII timestamp: microseconds (§2)
    s.put("total_count", summary.accepted() + summary.rejected());
    s.put("success_count", summary.accepted());
    if (!summary.stored().isEmpty()) {
      ArrayNode successes = s.putArray("successes");
      for (Importer.Stored stored : summary.stored()) {
        AddResult.Outcome o = stored.outcome();
        String message = o.status() == AddResult.Status.DUPLICATE ? "already in the collection" : null;
        successes.add(detail(o.id(), Timestamps.format(o.version()), message));
      }
    }
    s.put("failure_count", summary.rejected());
    if (!summary.rejections().isEmpty()) {
      ArrayNode failures = s.putArray("failures");
      for (Importer.Rejection r : summary.rejections()) {
        String version = r.version() != null ? r.version() : Timestamps.format(requestTime);
        failures.add(detail(r.id() != null ? r.id() : r.path(), version, r.reason()));
      }
    }
    s.put("pending_count", 0);
    return s;
  }

  private static ObjectNode detail(String id, String version, String message) {
    ObjectNode d = StixJson.mapper().createObjectNode();
    d.put("id", id);
    d.put("version", version);
    ServerInformation.putIfPresent(d, "message", message);
    return d;
  }
}
