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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Violation;
import org.accord.store.AddResult;
import org.accord.store.CollectionInfo;
import org.accord.store.ObjectStore;

/**
 * §5.5 Add Objects: streams the posted envelope object by object, validates each, stores the valid ones in batches
 * and answers 202 with a status resource (§4.3.1) that is also persisted for {@code GET status/{id}}.
 *
 * <p><b>Design.</b> The body is never held whole: a Jackson streaming parser walks the top-level object, skips every
 * member but {@code objects} (so a STIX bundle, whose extra members are {@code type}, {@code id} and
 * {@code spec_version}, is read the same way as a TAXII envelope) and materialises one object at a time. The byte
 * count is capped by {@code max_content_length}: a declared Content-Length above it is refused before reading, a
 * chunked body is cut off once it crosses it (both 413). Valid objects go to {@link ObjectStore#add} in batches of
 * {@link #BATCH}; a duplicate version is a success (the store is idempotent). Invalid objects become
 * {@code failures} whose message lists the violations.
 *
 * <p>A body that turns out malformed, or too large, part-way through gets 400 or 413 although batches before that
 * point are already stored; the error's details say how many. Re-posting is safe because adding is idempotent.
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
  private final Clock clock;

  AddObjects(
      TaxiiSettings settings, Scopes scopes, ObjectStore store, ObjectValidator validator, Clock clock) {
    this.settings = settings;
    this.scopes = scopes;
    this.store = store;
    this.validator = validator;
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
    Ingest ingest = new Ingest(collection.id(), requestTime);
    try (InputStream body = new LimitedInputStream(ctx.req().getInputStream(), max);
        JsonParser parser = StixJson.mapper().createParser(body)) {
      read(parser, ingest);
    } catch (LimitedInputStream.TooLarge e) {
      throw TaxiiException.tooLarge(max);
    } catch (JsonProcessingException e) {
      throw malformed(e, ingest);
    }
    ingest.flush();
    ObjectNode resource = ingest.statusResource(UUID.randomUUID().toString());
    ObjectNode record = StixJson.mapper().createObjectNode();
    record.put(STATUS_API_ROOT, root.name());
    record.put(STATUS_OWNER, TaxiiServer.user(ctx).name());
    record.set(STATUS_RESOURCE, resource);
    store.putStatus(resource.get("id").asText(), record.toString());
    Responses.write(ctx, 202, resource);
  }

  /** Walks {@code { ..., "objects": [ {...}, ... ], ... }}. */
  private static void read(JsonParser parser, Ingest ingest) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw TaxiiException.badRequest("the body must be a JSON object: a TAXII envelope (TAXII 2.1 §3.7)");
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (!name.equals("objects")) {
        parser.skipChildren();
        continue;
      }
      if (value != JsonToken.START_ARRAY) {
        throw TaxiiException.badRequest("\"objects\" must be a list of STIX objects (TAXII 2.1 §3.7)");
      }
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        JsonNode node = ELEMENT_READER.readTree(parser);
        ingest.accept(node);
      }
    }
    if (parser.nextToken() != null) {
      throw TaxiiException.badRequest("unexpected content after the end of the JSON object");
    }
  }

  private static TaxiiException malformed(JsonProcessingException e, Ingest ingest) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return TaxiiException.badRequest(
        "malformed JSON" + where + ": " + e.getOriginalMessage(),
        Map.of(
            "line", at == null ? -1 : at.getLineNr(),
            "column", at == null ? -1 : at.getColumnNr(),
            "objects_stored_before_error", ingest.stored()));
  }

  /** The state of one POST: the pending batch and the status details so far. */
  private final class Ingest {
    private final String collectionId;
    private final Instant requestTime;
    private final List<StixObject> batch = new ArrayList<>(BATCH);
    private final List<ObjectNode> successes = new ArrayList<>();
    private final List<ObjectNode> failures = new ArrayList<>();
    private int index;

    Ingest(String collectionId, Instant requestTime) {
      this.collectionId = collectionId;
      this.requestTime = requestTime;
    }

    void accept(JsonNode node) {
      int at = index++;
      if (!(node instanceof ObjectNode object)
          || !object.path("id").isTextual()
          || !object.path("type").isTextual()) {
        String id = node.path("id").isTextual() ? node.path("id").asText() : "$.objects[" + at + "]";
        failures.add(detail(id, versionText(node), "not a STIX object: it needs string 'type' and 'id' properties"));
        return;
      }
      List<Violation> violations = validator.validate(object);
      if (!violations.isEmpty()) {
        String reason = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
        failures.add(detail(object.get("id").asText(), versionText(object), reason));
        return;
      }
      batch.add(StixObject.adopt(object));
      if (batch.size() >= BATCH) {
        flush();
      }
    }

    void flush() {
      if (batch.isEmpty()) {
        return;
      }
      AddResult result = store.add(collectionId, List.copyOf(batch));
      batch.clear();
      for (AddResult.Outcome o : result.outcomes()) {
        String message = o.status() == AddResult.Status.DUPLICATE ? "already in the collection" : null;
        successes.add(detail(o.id(), Timestamps.format(o.version()), message));
      }
    }

    int stored() {
      return successes.size();
    }

    /**
     * §4.3.1; processing is synchronous, so the status is always complete with nothing pending. The three lists are
     * optional and left out when empty: TAXII 2.1 §2 prohibits empty lists.
     */
    ObjectNode statusResource(String id) {
      ObjectNode s = StixJson.mapper().createObjectNode();
      s.put("id", id);
      s.put("status", "complete");
      s.put("request_timestamp", Timestamps.formatDateAdded(requestTime)); // a TAXII timestamp: microseconds (§2)
      s.put("total_count", successes.size() + failures.size());
      s.put("success_count", successes.size());
      list(s, "successes", successes);
      s.put("failure_count", failures.size());
      list(s, "failures", failures);
      s.put("pending_count", 0);
      return s;
    }

    /** The object's version text (§4.3.2 status-details {@code version}), else the request time. */
    private String versionText(JsonNode node) {
      for (String property : new String[] {"modified", "created"}) {
        if (node.path(property).isTextual()) {
          return node.path(property).asText();
        }
      }
      return Timestamps.format(requestTime);
    }

    private ObjectNode detail(String id, String version, String message) {
      ObjectNode d = StixJson.mapper().createObjectNode();
      d.put("id", id);
      d.put("version", version);
      ServerInformation.putIfPresent(d, "message", message);
      return d;
    }

    private void list(ObjectNode s, String name, List<ObjectNode> items) {
      if (!items.isEmpty()) {
        ArrayNode array = s.putArray(name);
        items.forEach(array::add);
      }
    }
  }
}
