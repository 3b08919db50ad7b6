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
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.accord.taxii.WireChain;

/**
 * §5.5 Add Objects: takes the posted envelope, checks that it is well formed, stores the valid objects in batches and
 * answers 202 with a status resource (§4.3.1) that is also persisted for {@code GET status/{id}}.
 *
 * <p><b>Design.</b> The body is never held whole in memory, and nothing held grows with it (issue 8, finding 6: a
 * 34 MB POST of 300,000 objects took memory from 217 to 906 MB). It is read in two passes:
 *
 * <ol>
 *   <li><b>Spool</b>: the body is copied to a temporary file (mode 600, deleted when the request ends) while its
 *       SHA-256 is computed and its size capped by {@code max_content_length} (a declared Content-Length above it is
 *       refused before reading, a chunked body once it crosses it: 413). The file is then walked token by token,
 *       without building objects, to check that it is one well-formed envelope. A body that is not JSON, or not an
 *       envelope, is refused here, <i>before anything is stored</i> (400 or 422): a malformed tail no longer leaves
 *       the batches before it committed.
 *   <li><b>Ingest</b>: the file is read again with a streaming parser that materialises one object at a time. Each
 *       goes to the shared {@link Importer} (the same path as {@code accord import}), which checks it with the
 *       {@link ObjectValidator} and the {@link InboundFilter} and stores valid ones with {@link ObjectStore#add} in
 *       batches of {@link #BATCH}; a duplicate version is a success (the store is idempotent). At most {@link
 *       #CONCURRENT_INGESTS} bodies are ingested at once; a POST that finds no free slot within {@link
 *       #INGEST_WAIT} gets 503, so concurrent large posts queue instead of starving the readers.
 * </ol>
 *
 * <p><b>Ledger, write-ahead.</b> For a peer's POST the {@link TransferListener} (the ledger's RECEIVED) is told of the
 * versions read so far <i>before</i> each batch commits, with the SHA-256 of the whole body (known from the spool):
 * after any failure, a kill -9 included, every stored version a peer sent is named in a RECEIVED entry (finding 7d).
 * Records are cut every {@link TransferListener#VERSIONS_PER_RECORD} versions of the body, where the sender cuts its
 * SENT records, so both ends' entries pair up.
 *
 * <p><b>Status codes</b> (TAXII 2.1 §5.5's table). A body that is not JSON (a syntax error, duplicate member names,
 * content after the end) is 400: the server "did not understand the request" (RFC 9110 §15.5.1). Well-formed JSON
 * that is not an envelope (not an object, or {@code objects} not a list) is 422, which §5.5 names for "a malformed
 * body, or other unprocessable content". An object the server will not store (invalid, a STIX version or type it
 * does not support) does not fail the request: it is one of the status resource's {@code failures} (§4.3.1) beside
 * the stored ones, because the other objects of the envelope are fine and a producer needs to know which were kept.
 *
 * <p><b>Status size.</b> §4.3.1 defines no paging of a status resource, so its lists are bounded instead: {@code
 * successes} and {@code failures} name at most the first {@link #STATUS_DETAILS} objects each, in body order, while
 * {@code total_count}, {@code success_count} and {@code failure_count} stay exact. A client that needs every outcome
 * posts smaller envelopes (the node's own pusher does: envelopes of one store page).
 */
final class AddObjects {
  /**
   * Objects per store transaction, and versions per ledger record: one batch is one RECEIVED record written ahead of
   * its commit, cut where the sender cuts its SENT records.
   */
  static final int BATCH = TransferListener.VERSIONS_PER_RECORD;

  /** Most entries of each of a status resource's {@code successes} and {@code failures} lists. */
  static final int STATUS_DETAILS = 1000;

  /**
   * Bodies ingested at once. SQLite takes one writer at a time anyway; more ingests only add memory and CPU that
   * readers then lack. PostgreSQL could take more, but a node serves readers first.
   */
  static final int CONCURRENT_INGESTS = 2;

  /** How long a POST waits for an ingest slot before it is answered 503 (the pusher retries 5xx with backoff). */
  static final java.time.Duration INGEST_WAIT = java.time.Duration.ofSeconds(30);


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
  /** Ingest slots of this server (fair: first come, first served). */
  private final java.util.concurrent.Semaphore ingests = new java.util.concurrent.Semaphore(CONCURRENT_INGESTS, true);

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
    Path spool =
        settings.spoolDirectory() == null
            ? Files.createTempFile("accord-post-", TaxiiSettings.SPOOL_SUFFIX)
            : Files.createTempFile(Files.createDirectories(settings.spoolDirectory()), "accord-post-", TaxiiSettings.SPOOL_SUFFIX);
    try {
      restrict(spool);
      String sha256 = spool(ctx.req().getInputStream(), spool, max);
      checkWellFormed(spool);
      Importer.Summary summary = ingest(spool, principal, collection, sha256);
      ObjectNode resource = statusResource(UUID.randomUUID().toString(), summary, requestTime);
      ObjectNode record = StixJson.mapper().createObjectNode();
      record.put(STATUS_API_ROOT, root.name());
      record.put(STATUS_OWNER, TaxiiServer.user(ctx).name());
      record.set(STATUS_RESOURCE, resource);
      store.putStatus(resource.get("id").asText(), record.toString());
      Responses.write(ctx, 202, resource);
    } finally {
      Files.deleteIfExists(spool);
    }
  }

  /** Copies the body to {@code spool} (at most {@code max} bytes: 413 beyond); returns its SHA-256 in hex. */
  private static String spool(InputStream in, Path spool, long max) throws IOException {
    MessageDigest digest = TransferListener.sha256();
    try (InputStream body = new DigestInputStream(new LimitedInputStream(in, max), digest);
        OutputStream out = Files.newOutputStream(spool)) {
      body.transferTo(out); // the payload hash covers the body to its last byte
    } catch (LimitedInputStream.TooLarge e) {
      throw TaxiiException.tooLarge(max);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The spool holds a peer's data until the request ends: readable by the node's user only. */
  private static void restrict(Path spool) throws IOException {
    try {
      Files.setPosixFilePermissions(spool, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the temporary directory's own protection is what there is.
    }
  }

  /** Pass 1: one well-formed envelope, token by token, nothing built, nothing stored (400 or 422 otherwise). */
  private static void checkWellFormed(Path spool) throws IOException {
    try (InputStream in = Files.newInputStream(spool);
        JsonParser parser = StixJson.mapper().createParser(in)) {
      parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION); // what reading each object as a tree checks
      read(parser, null, null);
    } catch (JsonProcessingException e) {
      throw malformed(e, 0);
    }
  }

  /** Pass 2: stores the valid objects batch by batch, each batch's RECEIVED written before it commits. */
  private Importer.Summary ingest(Path spool, Principal principal, CollectionInfo collection, String sha256)
      throws IOException {
    acquireIngestSlot();
    try {
      Received received = new Received(principal, collection.id(), sha256);
      Importer importer =
          new Importer(store, admit(principal, collection.id()), collection.id(), BATCH, STATUS_DETAILS,
              received::record);
      try (InputStream in = Files.newInputStream(spool);
          JsonParser parser = StixJson.mapper().createParser(in)) {
        read(
            parser,
            importer::declareSpecVersion, // a STIX 2.0 bundle posted as the body is converted (README, STIX 2.0)
            (path, node) -> {
              received.read(node);
              importer.accept(path, node);
              if (received.full()) {
                received.record(); // a record of refused objects only has no batch to go before
                importer.flush();
              }
            });
      } catch (JsonProcessingException e) {
        throw malformed(e, importer.summary().accepted()); // not after pass 1, unless the spool changed under us
      }
      Importer.Summary summary = importer.finish();
      received.record();
      return summary;
    } finally {
      ingests.release();
    }
  }

  private void acquireIngestSlot() {
    try {
      if (!ingests.tryAcquire(INGEST_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        throw TaxiiException.unavailable(
            "the server is storing " + CONCURRENT_INGESTS + " other bodies; retry later");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw TaxiiException.unavailable("interrupted while waiting to store the body; retry later");
    }
  }

  /**
   * The versions of a peer's body read since the last RECEIVED record: at most {@link #BATCH}, written ahead of the
   * batch that holds them (and of any refused in between).
   */
  private final class Received {
    private final Principal principal;
    private final String collectionId;
    private final String sha256;
    private final List<TransferListener.VersionRef> pending = new ArrayList<>();

    Received(Principal principal, String collectionId, String sha256) {
      this.principal = principal;
      this.collectionId = collectionId;
      this.sha256 = sha256;
    }

    void read(JsonNode node) {
      if (principal.isPeer()) {
        pending.add(TransferListener.VersionRef.of(node));
      }
    }

    boolean full() {
      return pending.size() >= BATCH;
    }

    void record() {
      if (pending.isEmpty()) {
        return;
      }
      transfers.transferred(
          new TransferListener.Transfer(
              TransferListener.Direction.RECEIVED, principal.party(), collectionId, null, null, pending, sha256));
      pending.clear();
    }
  }

  /**
   * A peer's provenance chain comes out first ({@link WireChain}: what is validated and stored is the originator's
   * object); then validation; then the {@link InboundFilter} decides whether and as what a valid object is stored.
   */
  private Importer.Admit admit(Principal principal, String collectionId) {
    return (object, path) -> {
      WireChain.Claim claim = principal.isPeer() ? WireChain.take(object, principal.party()) : WireChain.Claim.NONE;
      if (claim.malformed()) {
        return Admission.refused(
            List.of(new Violation("$." + WireChain.PROPERTY, "provenance-chain", claim.problem())));
      }
      List<Violation> violations = validator.validate(object);
      if (!violations.isEmpty()) {
        return Admission.refused(violations);
      }
      return claim.hops().isEmpty()
          ? inbound.admit(principal, collectionId, object)
          : inbound.admit(principal, collectionId, object, claim.hops());
    };
  }

  /**
   * Walks {@code { ..., "objects": [ {...}, ... ], ... }}; with a null {@code element}, only checks the tokens
   * (pass 1: skipping still reads every token, so syntax and duplicate names are checked). A top-level
   * {@code spec_version} (a STIX 2.0 bundle posted as the body) goes to {@code specVersion}.
   */
  private static void read(
      JsonParser parser,
      java.util.function.Consumer<String> specVersion,
      java.util.function.BiConsumer<String, JsonNode> element)
      throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw TaxiiException.unprocessable("the body must be a JSON object: a TAXII envelope (TAXII 2.1 §3.7)");
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals("spec_version") && value == JsonToken.VALUE_STRING && specVersion != null) {
        specVersion.accept(parser.getText()); // STIX 2.0 bundles declare "2.0" here (not a TAXII envelope member)
        continue;
      }
      if (!name.equals("objects")) {
        parser.skipChildren();
        continue;
      }
      if (value != JsonToken.START_ARRAY) {
        throw TaxiiException.unprocessable("\"objects\" must be a list of STIX objects (TAXII 2.1 §3.7)");
      }
      for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
        if (element == null) {
          parser.skipChildren();
          continue;
        }
        JsonNode node = ELEMENT_READER.readTree(parser);
        element.accept("$.objects[" + i + "]", node);
      }
    }
    if (parser.nextToken() != null) {
      throw TaxiiException.badRequest("unexpected content after the end of the JSON object");
    }
  }

  private static TaxiiException malformed(JsonProcessingException e, long storedBeforeError) {
    JsonLocation at = e.getLocation();
    return TaxiiException.badRequest(
        JsonErrors.describe(e), // the node's words, never Jackson's (issue 8, finding 10)
        Map.of(
            "line", at == null ? -1 : at.getLineNr(),
            "column", at == null ? -1 : at.getColumnNr(),
            "objects_stored_before_error", storedBeforeError));
  }

  /**
   * §4.3.1; processing is synchronous, so the status is always complete with nothing pending. The three lists are
   * optional and left out when empty: TAXII 2.1 §2 prohibits empty lists. A refused object is named by its id (its
   * place in the envelope when it has none) and its version (the request time when it states none: §4.3.2 requires
   * one). The counts are exact; {@code successes} and {@code failures} list the first {@link #STATUS_DETAILS} each,
   * which bounds the status resource of a huge body (issue 8, finding 6: 27.8 MB for 300,000 objects).
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
        String message =
            switch (o.status()) {
              case DUPLICATE -> "already in the collection";
              // TAXII 2.1 §4.3: a success, the object is already there; the message names the conflict
              case CONFLICT -> "already in the collection with other content under this version; the first is kept";
              default -> null;
            };
        successes.add(detail(o.id(), Timestamps.format(o.version()), message));
      }
    }
    s.put("failure_count", summary.rejected());
    if (!summary.rejections().isEmpty()) {
      ArrayNode failures = s.putArray("failures");
      List<Importer.Rejection> kept = summary.rejections();
      for (Importer.Rejection r : kept.subList(0, Math.min(STATUS_DETAILS, kept.size()))) {
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
