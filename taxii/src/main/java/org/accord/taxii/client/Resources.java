package org.accord.taxii.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The TAXII 2.1 resources the client reads, as values, and their parsing from JSON. Wire format only: no I/O and
 * no decisions here. Unknown members are ignored (TAXII 2.1 §1.6.5 lets servers add custom properties); a missing
 * required member is a {@link TaxiiClientException.Protocol}.
 */
public final class Resources {
  private Resources() {}

  /** §4.1.1 discovery resource; API root URLs already resolved against the server URL. */
  public record Discovery(String title, Optional<URI> defaultApiRoot, List<URI> apiRoots) {
    public Discovery {
      apiRoots = List.copyOf(apiRoots);
    }
  }

  /** §4.2.1 api-root resource. */
  public record ApiRoot(String title, List<String> versions, long maxContentLength) {
    public ApiRoot {
      versions = List.copyOf(versions);
    }
  }

  /** §5.2.1 collection resource. */
  public record Collection(
      String id, String title, Optional<String> alias, boolean canRead, boolean canWrite, List<String> mediaTypes) {
    public Collection {
      mediaTypes = List.copyOf(mediaTypes);
    }
  }

  /**
   * §3.7 envelope, with the §3.2 date headers of its response and the SHA-256 of the body as received (for the
   * ledger).
   */
  public record Envelope(
      boolean more,
      Optional<String> next,
      List<ObjectNode> objects,
      Optional<Instant> dateAddedFirst,
      Optional<Instant> dateAddedLast,
      String sha256) {
    public Envelope {
      objects = List.copyOf(objects);
    }
  }

  /** §5.3.1 manifest-record. */
  public record ManifestRecord(String id, Instant dateAdded, String version, Optional<String> mediaType) {}

  /** §5.3.1 manifest resource, with the §3.2 date headers. */
  public record Manifest(
      boolean more, Optional<String> next, List<ManifestRecord> objects, Optional<Instant> dateAddedLast) {
    public Manifest {
      objects = List.copyOf(objects);
    }
  }

  /** §4.3.2 status-details. */
  public record StatusDetail(String id, String version, Optional<String> message) {}

  /** §4.3.1 status resource. */
  public record Status(
      String id,
      String status,
      int totalCount,
      int successCount,
      int failureCount,
      int pendingCount,
      List<StatusDetail> successes,
      List<StatusDetail> failures) {
    public Status {
      successes = List.copyOf(successes);
      failures = List.copyOf(failures);
    }

    /** §4.3.1: "complete" once every object is processed. */
    public boolean complete() {
      return "complete".equals(status);
    }
  }

  static Discovery discovery(JsonNode json, URI server) {
    List<URI> roots = new ArrayList<>();
    json.path("api_roots").forEach(r -> roots.add(server.resolve(r.asText())));
    Optional<URI> defaultRoot = text(json, "default").map(server::resolve);
    return new Discovery(required(json, "title", "discovery"), defaultRoot, roots);
  }

  static ApiRoot apiRoot(JsonNode json) {
    List<String> versions = new ArrayList<>();
    json.path("versions").forEach(v -> versions.add(v.asText()));
    if (!json.path("max_content_length").canConvertToLong()) {
      throw new TaxiiClientException.Protocol("api-root resource without max_content_length (TAXII 2.1 §4.2.1)");
    }
    return new ApiRoot(required(json, "title", "api-root"), versions, json.get("max_content_length").asLong());
  }

  static List<Collection> collections(JsonNode json) {
    List<Collection> out = new ArrayList<>();
    json.path("collections").forEach(c -> out.add(collection(c)));
    return out;
  }

  static Collection collection(JsonNode c) {
    List<String> media = new ArrayList<>();
    c.path("media_types").forEach(m -> media.add(m.asText()));
    return new Collection(
        required(c, "id", "collection"),
        required(c, "title", "collection"),
        text(c, "alias"),
        c.path("can_read").asBoolean(false),
        c.path("can_write").asBoolean(false),
        media);
  }

  static Envelope envelope(JsonNode json, Optional<Instant> first, Optional<Instant> last, String sha256) {
    List<ObjectNode> objects = new ArrayList<>();
    for (JsonNode o : json.path("objects")) {
      if (!(o instanceof ObjectNode object)) {
        throw new TaxiiClientException.Protocol("an envelope's objects must be JSON objects (TAXII 2.1 §3.7)");
      }
      objects.add(object);
    }
    boolean more = json.path("more").asBoolean(false);
    return new Envelope(more, more ? text(json, "next") : Optional.empty(), objects, first, last, sha256);
  }

  static Manifest manifest(JsonNode json, Optional<Instant> last) {
    List<ManifestRecord> records = new ArrayList<>();
    for (JsonNode r : json.path("objects")) {
      records.add(
          new ManifestRecord(
              required(r, "id", "manifest-record"),
              timestamp(required(r, "date_added", "manifest-record")),
              required(r, "version", "manifest-record"),
              text(r, "media_type")));
    }
    boolean more = json.path("more").asBoolean(false);
    return new Manifest(more, more ? text(json, "next") : Optional.empty(), records, last);
  }

  static Status status(JsonNode json) {
    return new Status(
        required(json, "id", "status"),
        required(json, "status", "status"),
        json.path("total_count").asInt(0),
        json.path("success_count").asInt(0),
        json.path("failure_count").asInt(0),
        json.path("pending_count").asInt(0),
        details(json.path("successes")),
        details(json.path("failures")));
  }

  private static List<StatusDetail> details(JsonNode list) {
    List<StatusDetail> out = new ArrayList<>();
    list.forEach(d -> out.add(new StatusDetail(d.path("id").asText(), d.path("version").asText(), text(d, "message"))));
    return out;
  }

  /** A TAXII timestamp (§2) from a body or an X-TAXII-Date-Added header. */
  static Instant timestamp(String text) {
    try {
      return Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new TaxiiClientException.Protocol("not a TAXII timestamp: '" + text + "'", e);
    }
  }

  private static String required(JsonNode json, String member, String resource) {
    return text(json, member)
        .orElseThrow(() -> new TaxiiClientException.Protocol(resource + " resource without '" + member + "'"));
  }

  private static Optional<String> text(JsonNode json, String member) {
    JsonNode v = json.get(member);
    return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }
}
