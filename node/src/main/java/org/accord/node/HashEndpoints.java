package org.accord.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.accord.hash.Dihedral;
import org.accord.hash.HashException;
import org.accord.hash.PdqHash;
import org.accord.hash.PdqHasher;
import org.accord.hash.bank.BankCsv;
import org.accord.hash.bank.BankEntry;
import org.accord.hash.bank.BankException;
import org.accord.hash.video.FfmpegFrames;
import org.accord.hash.video.FrameHash;
import org.accord.hash.video.VideoHash;
import org.accord.hash.video.VideoHasher;
import org.accord.hash.video.VideoSettings;
import org.accord.stix.StixJson;
import org.accord.stix.Tlp;
import org.accord.taxii.server.TaxiiException;
import org.accord.taxii.server.TaxiiServer;
import org.accord.taxii.server.User;

/**
 * Hash banks and matching over REST, under {@value #PATH}, authenticated like TAXII and answering errors in the same
 * JSON form; for this node's own users only (a peer gets 403 on every path before anything is looked up: partners'
 * banks travel by federation, and a partner probing this node's index would learn what it holds):
 *
 * <ul>
 *   <li>{@code POST banks}: {@code {"name", "category", "tlp", "source"?, "description"?}} — 201 with the bank,
 *       created in {@code hash.collection} (the caller needs write access to it);
 *   <li>{@code GET banks}: every bank held, own and partners', with its entry counts;
 *   <li>{@code POST banks/{id}/entries}: a JSON list of {@code {"hash", "label"}} or {@code {"frames": [{timestamp,
 *       hash, quality}], "label"}}, or a {@code text/csv} {@code hash,label} list — all or nothing, 201 with the
 *       entries; every bad line or item is named;
 *   <li>{@code POST entries/{id}/disable}, {@code POST entries/{id}/enable}: a new version of an own entry;
 *   <li>{@code POST match}: an {@code image/*} body, a {@code video/*} body (when {@code ffmpeg} is installed;
 *       415 otherwise), {@code {"hash": "<64 hex>"}}, or a video as its frame hashes, {@code {"frames":
 *       [{timestamp, hash, quality, variants?}]}} (matched as an uploaded video is; no ffmpeg needed) — the
 *       matches with bank, entry, label, distance, dihedral variant or video shares, owner, category and TLP; a
 *       match against a partner's entry is reported as a sighting.
 * </ul>
 *
 * Every body is bounded by {@code hash.max_upload_bytes}: a larger declared length is a 413 before a byte is read,
 * and a body that grows past it (chunked) is a 413 too, with nothing stored.
 */
final class HashEndpoints {
  static final String PATH = TaxiiServer.NODE_API + "hash/";
  private static final Set<String> BANK_FIELDS = Set.of("name", "category", "tlp", "source", "description");
  private static final Set<String> ENTRY_FIELDS = Set.of("hash", "frames", "label");
  private static final Set<String> FRAME_FIELDS = Set.of("timestamp", "hash", "quality");
  private static final Set<String> QUERY_FRAME_FIELDS = Set.of("timestamp", "hash", "quality", "variants");

  private final NodeHashes hashes;
  private final long maxBytes;
  private final Path spool;
  private final String ffmpeg;
  private final boolean ffmpegInstalled;

  HashEndpoints(NodeHashes hashes, NodeConfig.Hash settings, Path spool) {
    this.hashes = Objects.requireNonNull(hashes, "hashes");
    this.maxBytes = settings.maxUploadBytes();
    this.spool = spool;
    this.ffmpeg = settings.ffmpeg();
    this.ffmpegInstalled = FfmpegFrames.available(ffmpeg);
  }

  void install(JavalinConfig config) {
    config.router.mount(
        router -> {
          router.post(PATH + "banks", TaxiiServer.readingBody(this::createBank));
          TaxiiServer.get(router, PATH + "banks", this::banks);
          router.post(PATH + "banks/{id}/entries", TaxiiServer.readingBody(this::addEntries));
          router.post(PATH + "entries/{id}/disable", ctx -> setDisabled(ctx, true));
          router.post(PATH + "entries/{id}/enable", ctx -> setDisabled(ctx, false));
          router.post(PATH + "match", TaxiiServer.readingBody(this::match));
        });
  }

  private void createBank(Context ctx) throws IOException {
    writer(ctx);
    ObjectNode body = object(ctx, "the bank's fields: name, category, tlp, source, description");
    known(body, BANK_FIELDS, "a bank");
    String tlpName = text(body, "tlp", true);
    Tlp tlp = Tlp.fromName(tlpName).orElseThrow(() -> TaxiiException.badRequest(
        "tlp: one of clear, green, amber, amber+strict, got '" + tlpName + "'"));
    NodeHashes.HeldBank b = call(() -> hashes.createBank(text(body, "name", true), text(body, "category", true), tlp,
        text(body, "source", false), text(body, "description", false)));
    ctx.status(201).contentType("application/json").result(hashes.json(b).toString());
  }

  private void banks(Context ctx) {
    User user = own(ctx);
    ArrayNode list = StixJson.mapper().createArrayNode();
    hashes.banks(readable(user)).forEach(b -> list.add(hashes.json(b)));
    ObjectNode body = StixJson.mapper().createObjectNode();
    body.set("banks", list);
    ctx.status(200).contentType("application/json").result(body.toString());
  }

  private void addEntries(Context ctx) throws IOException {
    User user = writer(ctx);
    String bankId = ctx.pathParam("id");
    String type = mediaType(ctx);
    List<NodeHashes.NewEntry> rows = new ArrayList<>();
    if (type.equals("text/csv")) {
      byte[] bytes = body(ctx);
      try (Reader r = new InputStreamReader(new java.io.ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
        for (BankCsv.Row row : BankCsv.read(r)) {
          rows.add(new NodeHashes.NewEntry("line " + row.line(), row.hash(), List.of(), row.label()));
        }
      } catch (BankException e) {
        throw TaxiiException.badRequest(e.getMessage(), Map.of("problems", e.problems()));
      }
    } else if (type.equals("application/json")) {
      JsonNode list = StixJson.mapper().readTree(body(ctx));
      if (list == null || !list.isArray()) {
        throw TaxiiException.badRequest("the body must be a JSON list of {\"hash\", \"label\"} or {\"frames\","
            + " \"label\"}");
      }
      for (int i = 0; i < list.size(); i++) {
        rows.add(entry(list.get(i), "[" + i + "]"));
      }
    } else {
      throw TaxiiException.unsupportedMediaType("entries are a JSON list (application/json) or a hash,label list"
          + " (text/csv), not '" + type + "'", Map.of("content_type", type));
    }
    List<BankEntry> made = call(() -> hashes.addEntries(bankId, rows, readable(user)));
    ObjectNode body = StixJson.mapper().createObjectNode();
    body.put("added", made.size());
    ArrayNode list = body.putArray("entries");
    made.forEach(e -> list.add(NodeHashes.json(e)));
    ctx.status(201).contentType("application/json").result(body.toString());
  }

  private static NodeHashes.NewEntry entry(JsonNode n, String where) {
    if (n == null || !n.isObject()) {
      throw TaxiiException.badRequest(where + ": an object {\"hash\", \"label\"} or {\"frames\", \"label\"}");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!ENTRY_FIELDS.contains(f)) {
        throw TaxiiException.badRequest(where + ": unknown field '" + f + "' (hash, frames, label)");
      }
    }
    String label = n.hasNonNull("label") ? n.get("label").asText() : "";
    try {
      if (n.has("frames")) {
        List<BankEntry.Frame> frames = new ArrayList<>();
        for (FrameHash f : frames(n.get("frames"), where + ".frames", false)) {
          frames.add(new BankEntry.Frame(f.seconds(), f.hash(), f.quality()));
        }
        return new NodeHashes.NewEntry(where, null, frames, label);
      }
      if (!n.path("hash").isTextual()) {
        throw TaxiiException.badRequest(where + ": 'hash' (64 hex digits) or 'frames' is required");
      }
      return new NodeHashes.NewEntry(where, PdqHash.fromHex(n.get("hash").asText()), List.of(), label);
    } catch (IllegalArgumentException | BankException e) {
      throw TaxiiException.badRequest(where + ": " + e.getMessage());
    }
  }

  /**
   * A video as its frame hashes, {@code [{"timestamp": seconds, "hash": "<64 hex>", "quality": 0..100}, ...]}: the
   * form of a bank entry's frames and of a match query's, so a platform sends hashes, never content. Checked
   * strictly, every problem named with its index: no unknown field, at least one frame and at most {@link
   * BankEntry#MAX_FRAMES}, timestamps finite, {@code >= 0} and increasing (a video's frames in time order, each
   * instant once), 64 hex digits, an integer quality. A query's frame may also carry {@code "variants"}: the seven
   * other dihedral hashes of the frame in the reference's order ({@link Dihedral}), which a mirrored or rotated
   * copy needs to match; they cannot be derived from the hash here (each is thresholded at the median of its own
   * DCT), so the platform that has the pixels computes them. A bank entry indexes its frames' hashes as they are and
   * takes no variants.
   */
  static List<FrameHash> frames(JsonNode list, String where, boolean variants) {
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw TaxiiException.badRequest(where + ": a non-empty list of {\"timestamp\", \"hash\", \"quality\"}");
    }
    if (list.size() > BankEntry.MAX_FRAMES) {
      throw TaxiiException.badRequest(where + ": at most " + BankEntry.MAX_FRAMES + " frames (an hour at one a"
          + " second), got " + list.size());
    }
    Set<String> fields = variants ? QUERY_FRAME_FIELDS : FRAME_FIELDS;
    List<FrameHash> out = new ArrayList<>(list.size());
    double previous = -1;
    for (int i = 0; i < list.size(); i++) {
      String at = where + "[" + i + "]";
      JsonNode f = list.get(i);
      if (!f.isObject()) {
        throw TaxiiException.badRequest(at + ": an object {\"timestamp\", \"hash\", \"quality\"}");
      }
      for (Iterator<String> it = f.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!fields.contains(name)) {
          throw TaxiiException.badRequest(at + ": unknown field '" + name + "' " + new java.util.TreeSet<>(fields));
        }
      }
      JsonNode t = f.get("timestamp");
      if (t == null || !t.isNumber() || !Double.isFinite(t.doubleValue()) || t.doubleValue() < 0) {
        throw TaxiiException.badRequest(at + ".timestamp: seconds from the start of the video, a number >= 0");
      }
      double seconds = t.doubleValue();
      if (seconds <= previous) {
        throw TaxiiException.badRequest(at + ".timestamp: " + seconds + " is not after the previous frame's "
            + previous + " (frames in time order, each instant once)");
      }
      previous = seconds;
      PdqHash hash = hex(f.get("hash"), at + ".hash");
      JsonNode q = f.get("quality");
      if (q == null || !q.isIntegralNumber() || !q.canConvertToInt() || q.intValue() < 0 || q.intValue() > 100) {
        throw TaxiiException.badRequest(at + ".quality: an integer 0..100 (PDQ's quality), got "
            + (q == null ? "nothing" : q.toString()));
      }
      List<PdqHash> others = new ArrayList<>();
      JsonNode v = f.get("variants");
      if (v != null) {
        if (!v.isArray() || v.size() != Dihedral.values().length - 1) {
          throw TaxiiException.badRequest(at + ".variants: the 7 other dihedral hashes of the frame, rotate_90 to"
              + " flip_minus_1");
        }
        for (int k = 0; k < v.size(); k++) {
          others.add(hex(v.get(k), at + ".variants[" + k + "]"));
        }
      }
      out.add(new FrameHash(i, seconds, seconds, hash, q.intValue(), others));
    }
    return out;
  }

  private static PdqHash hex(JsonNode n, String where) {
    if (n == null || !n.isTextual()) {
      throw TaxiiException.badRequest(where + ": a PDQ hash, 64 hex digits");
    }
    try {
      return PdqHash.fromHex(n.asText());
    } catch (IllegalArgumentException e) {
      throw TaxiiException.badRequest(where + ": " + e.getMessage());
    }
  }

  private void setDisabled(Context ctx, boolean disabled) {
    User user = writer(ctx);
    BankEntry e = call(() -> hashes.setDisabled(ctx.pathParam("id"), disabled, readable(user)));
    ctx.status(200).contentType("application/json").result(NodeHashes.json(e).toString());
  }

  private void match(Context ctx) throws IOException {
    User user = own(ctx);
    java.util.function.Predicate<String> visible = readable(user);
    String type = mediaType(ctx);
    NodeHashes.Answer answer;
    if (type.equals("application/json")) {
      ObjectNode body = object(ctx, "{\"hash\": \"<64 hex digits>\"} or {\"frames\": [...]}");
      known(body, Set.of("hash", "frames"), "a match query");
      if (body.has("frames") == body.has("hash")) {
        throw TaxiiException.badRequest("a match query is {\"hash\": \"<64 hex digits>\"} (an image's hash) or"
            + " {\"frames\": [{\"timestamp\", \"hash\", \"quality\"}, ...]} (a video's), exactly one of them");
      }
      if (body.has("frames")) {
        // A video sent as its frame hashes (the platform keeps the content): matched as an uploaded video is.
        List<FrameHash> frames = frames(body.get("frames"), "frames", true);
        answer = hashes.matchVideo(new VideoHash(frames, frames.size()), true, visible);
      } else {
        PdqHash hash;
        try {
          hash = PdqHash.fromHex(text(body, "hash", true));
        } catch (IllegalArgumentException e) {
          throw TaxiiException.badRequest("hash: " + e.getMessage());
        }
        answer = hashes.matchHash(hash, true, visible);
      }
    } else if (type.startsWith("image/")) {
      Path file = upload(ctx);
      try {
        answer = hashes.matchImage(new PdqHasher().dihedral(file), true, visible);
      } catch (HashException e) {
        throw TaxiiException.badRequest("the image could not be hashed: " + e.getMessage());
      } finally {
        Files.deleteIfExists(file);
      }
    } else if (type.startsWith("video/")) {
      if (!ffmpegInstalled) {
        throw TaxiiException.unsupportedMediaType("video matching needs ffmpeg on the node (Debian's package"
            + " ffmpeg; hash.ffmpeg is '" + ffmpeg + "', which does not run): send the video's frames as images,"
            + " or their hashes", Map.of("content_type", type));
      }
      Path file = upload(ctx);
      try {
        VideoSettings s = VideoSettings.DEFAULTS.withFfmpeg(ffmpeg).withDihedral(true);
        answer = hashes.matchVideo(new VideoHasher(s).hash(file), true, visible);
      } catch (HashException e) {
        throw TaxiiException.badRequest("the video could not be hashed: " + e.getMessage());
      } finally {
        Files.deleteIfExists(file);
      }
    } else {
      throw TaxiiException.unsupportedMediaType("POST " + PATH + "match takes an image (image/*), a video"
          + " (video/*) or {\"hash\": ...} or {\"frames\": [...]} (application/json), not '" + type + "'",
          Map.of("content_type", type));
    }
    ctx.status(200).contentType("application/json").result(hashes.json(answer).toString());
  }

  // ------------------------------------------------------------------------------------------------ helpers

  /** This node's own users only: a peer is refused before anything is looked up. */
  private static User own(Context ctx) {
    User user = TaxiiServer.user(ctx);
    if (user.party() != null) {
      throw TaxiiException.forbidden("the hash API is for this node's own users, not for party " + user.party());
    }
    return user;
  }

  /**
   * The collections {@code user} may read (TAXII access, by id, alias or {@code *}): banks and matches are answered
   * from those only, so an own user learns nothing of a bank held where it may not read.
   */
  private java.util.function.Predicate<String> readable(User user) {
    Map<String, String> aliases = new java.util.HashMap<>();
    return c -> user.accessTo(c, aliases.computeIfAbsent(c, hashes::aliasOf)).canRead();
  }

  /** An own user with write access to {@code hash.collection}. */
  private User writer(Context ctx) {
    User user = own(ctx);
    String collection = hashes.collection();
    if (collection != null && !user.accessTo(collection, hashes.aliasOf(collection)).canWrite()) {
      throw TaxiiException.forbidden("changing hash banks needs write access to hash.collection '" + collection
          + "'");
    }
    return user;
  }

  private static <T> T call(java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (NodeHashes.Refused e) {
      throw switch (e.status()) {
        case 403 -> TaxiiException.forbidden(e.getMessage());
        case 404 -> TaxiiException.notFound(e.getMessage());
        case 409 -> TaxiiException.conflict(e.getMessage());
        default -> TaxiiException.badRequest(e.getMessage());
      };
    }
  }

  private static String mediaType(Context ctx) {
    String t = ctx.contentType();
    if (t == null) {
      return "";
    }
    int semi = t.indexOf(';');
    return (semi < 0 ? t : t.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /** The body, at most {@code hash.max_upload_bytes}: a longer declared length is refused before reading. */
  private byte[] body(Context ctx) throws IOException {
    tooLong(ctx.req().getContentLengthLong());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    copyBounded(ctx, out);
    return out.toByteArray();
  }

  /** Copies the request body to {@code out}, refusing it (413) as soon as it passes {@code hash.max_upload_bytes}. */
  private void copyBounded(Context ctx, java.io.OutputStream out) throws IOException {
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] buffer = new byte[65_536];
      long total = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
        if (total > maxBytes) {
          tooLong(total);
        }
        out.write(buffer, 0, n);
      }
    }
  }

  /** The body in a file of the data directory's spool (owner-only), at most {@code hash.max_upload_bytes}. */
  private Path upload(Context ctx) throws IOException {
    tooLong(ctx.req().getContentLengthLong());
    Files.createDirectories(spool);
    // The spool's suffix: what a killed process leaves here is removed at the next start (Node.clearSpool).
    Path file = Files.createTempFile(spool, "hash-", org.accord.taxii.server.TaxiiSettings.SPOOL_SUFFIX);
    try (java.io.OutputStream out = Files.newOutputStream(file)) {
      copyBounded(ctx, out);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return file;
  }

  private void tooLong(long length) {
    if (length > maxBytes) {
      throw TaxiiException.tooLarge("the body (" + length + " bytes or more) is over hash.max_upload_bytes of "
          + maxBytes + " bytes", Map.of("max_upload_bytes", maxBytes));
    }
  }

  private ObjectNode object(Context ctx, String what) throws IOException {
    if (!mediaType(ctx).equals("application/json")) {
      throw TaxiiException.unsupportedMediaType("the body must be application/json: " + what,
          Map.of("content_type", mediaType(ctx)));
    }
    JsonNode n = StixJson.mapper().readTree(body(ctx));
    if (n == null || !n.isObject()) {
      throw TaxiiException.badRequest("the body must be a JSON object: " + what);
    }
    return (ObjectNode) n;
  }

  private static void known(ObjectNode body, Set<String> fields, String what) {
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw TaxiiException.badRequest("unknown field '" + f + "' in " + what + " (" + new java.util.TreeSet<>(
            fields) + ")");
      }
    }
  }

  private static String text(ObjectNode body, String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw TaxiiException.badRequest("'" + field + "' is required (a string)");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw TaxiiException.badRequest("'" + field + "' must be a string");
    }
    return v.asText();
  }
}
