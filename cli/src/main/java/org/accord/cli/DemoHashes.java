package org.accord.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.accord.hash.Dihedral;
import org.accord.hash.DihedralHashes;
import org.accord.hash.PdqHasher;
import org.accord.hash.PdqResult;
import org.accord.hash.video.FrameHash;
import org.accord.hash.video.VideoHash;
import org.accord.node.NodeHashes;
import org.accord.node.RunningNode;
import org.accord.stix.StixJson;
import org.accord.store.ObjectQuery;
import org.accord.store.StoredObject;
import org.accord.store.VersionMatch;

/**
 * Step 6 of the demo (issue 11): shared hash banks, where platforms share hashes, never content. US-CERT banks a
 * generated, harmless "propaganda" clip (a banner, a slogan, moving shapes: drawn here and hashed in Java, so the
 * demo needs no video file and no ffmpeg) as one video entry, its frames' PDQ hashes with their times, through its
 * REST API; federation carries the bank to CN under the rulebook's clause for hash banks. CN's platform alters a
 * copy of the whole clip (every frame mirrored, resized, cropped a little, re-encoded as a low-quality JPEG), hashes
 * it itself and sends only the frame hashes (with their dihedral variants) to {@code POST /api/hash/match}: the
 * clip matches as a video, with the share of the query's frames and of the banked video's matched, which CN reports
 * as a sighting of US's entry; the next federation run brings the sighting back to US. The same alterations of an
 * unrelated clip match nothing.
 */
final class DemoHashes {
  /** Frames of the clip, one a second. */
  static final int FRAMES = 8;

  private final TwoNodeSetup setup;
  private final RunningNode cn;
  private final RunningNode us;
  private final PrintWriter out;
  private final PrintWriter err;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  DemoHashes(TwoNodeSetup setup, RunningNode cn, RunningNode us, PrintWriter out, PrintWriter err) {
    this.setup = setup;
    this.cn = cn;
    this.us = us;
    this.out = out;
    this.err = err;
  }

  /**
   * Frame {@code t} of a clip: {@code seed} 1 is the banked clip, any other an unrelated one. Smooth colour and large
   * shapes, as most real footage is: PDQ keeps the low frequencies, and fine stripes would make any crop look like a
   * different picture.
   */
  static BufferedImage frame(int t, int seed) {
    BufferedImage img = new BufferedImage(640, 360, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    java.util.Random r = new java.util.Random(seed);
    Color top = new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
    Color bottom = new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
    g.setPaint(new GradientPaint(0, 0, top, 200, 360, bottom));
    g.fillRect(0, 0, 640, 360);
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, 640, 70);
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 40));
    g.drawString(seed == 1 ? "DEMO BANNER - NOT REAL" : "HOLIDAY CLIP " + seed, 30, 52);
    for (int k = 0; k < 4; k++) {
      int x0 = r.nextInt(640);
      int y0 = 100 + r.nextInt(220);
      int dx = r.nextInt(61) - 30;
      g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
      g.fillOval(Math.floorMod(x0 + dx * t * 3, 640) - 60, y0 - 60, 120 + k * 20, 120);
    }
    g.dispose();
    return img;
  }

  /**
   * The upload: mirrored, cropped by 1 % (3 and 2 pixels off each side of 640×360), resized to 75 %, re-encoded as a
   * JPEG of quality 0.6. PDQ is robust to re-encoding, resizing and (through the dihedral variants) mirroring, much
   * less to cropping: on these frames a crop of 2 % on each side already moves the hash 40 to 60 bits, past the
   * default distance of 31 (measured when this step was written; README, "Hash banks").
   */
  static byte[] altered(BufferedImage img) throws IOException {
    int w = img.getWidth();
    int h = img.getHeight();
    int cx = 3;
    int cy = 2;
    int nw = (w - 2 * cx) * 3 / 4;
    int nh = (h - 2 * cy) * 3 / 4;
    BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    // Mirror left-right while cropping and scaling: source (w - cx .. cx) onto (0 .. nw).
    g.drawImage(img, 0, 0, nw, nh, w - cx, cy, cx, h - cy, null);
    g.dispose();
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam p = writer.getDefaultWriteParam();
    p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    p.setCompressionQuality(0.6f);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(out, null, null), p);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /**
   * Clip {@code seed} as its owner banks it: every frame's PDQ hash and quality with its time (one a second), as
   * {@code VideoHasher} would sample the clip; drawn frames hashed in Java, so no ffmpeg.
   */
  static VideoHash banked(int seed) {
    PdqHasher hasher = new PdqHasher();
    List<FrameHash> frames = new ArrayList<>();
    for (int t = 0; t < FRAMES; t++) {
      PdqResult r = hasher.hash(frame(t, seed));
      frames.add(new FrameHash(t, t, t, r.hash(), r.quality(), List.of()));
    }
    return new VideoHash(frames, FRAMES);
  }

  /**
   * An altered copy of clip {@code seed} as the uploading platform hashes it: every frame {@link #altered}, decoded
   * again, and hashed with its 8 dihedral variants (a platform does not know the copy was mirrored).
   */
  static VideoHash uploaded(int seed) throws IOException {
    PdqHasher hasher = new PdqHasher();
    List<FrameHash> frames = new ArrayList<>();
    for (int t = 0; t < FRAMES; t++) {
      DihedralHashes d = hasher.dihedral(ImageIO.read(new ByteArrayInputStream(altered(frame(t, seed)))));
      frames.add(new FrameHash(t, t, t, d.get(Dihedral.ORIGINAL), d.quality(), d.hashes().subList(1, 8)));
    }
    return new VideoHash(frames, FRAMES);
  }

  boolean run() throws IOException, InterruptedException {
    out.println();
    out.println("Shared hash banks (step 6)");
    JsonNode bank = send(us, setup.us(), "banks", "application/json", ("{\"name\":\"Propaganda clips (demo)\","
        + "\"category\":\"terrorist-propaganda\",\"tlp\":\"green\",\"source\":\"US platform trust and safety\","
        + "\"description\":\"vPDQ frame hashes of a generated, harmless demo clip\"}")
        .getBytes(StandardCharsets.UTF_8), 201);
    if (bank == null) {
      return false;
    }
    String bankId = bank.get("id").asText();
    // One video entry: the clip's frame hashes with their times, never the clip.
    ObjectNode entry = NodeHashes.framesJson(banked(1), false);
    entry.put("label", "demo clip (" + FRAMES + " s)");
    ArrayNode entries = StixJson.mapper().createArrayNode().add(entry);
    JsonNode added = send(us, setup.us(), "banks/" + bankId + "/entries", "application/json",
        entries.toString().getBytes(StandardCharsets.UTF_8), 201);
    if (added == null) {
      return false;
    }
    out.printf("  US-CERT banked a generated %d s clip as one video entry (%d frame hashes with their times) in '%s'"
        + " (%s, TLP:GREEN)%n", FRAMES, added.at("/entries/0/frames").asInt(), bank.get("name").asText(), bankId);
    boolean ok = DemoCommand.federate(us, err); // US pushes its outbox (the bank) to CN's inbox
    cn.hashes().refresh(); // what CN's index does every hash.refresh_seconds
    boolean held = cn.hashes().banks().stream().anyMatch(b -> b.bank().id().equals(bankId));
    out.println("  CN-CERT received the bank through federation (clause A1.S5): " + (held ? "yes" : "NO"));
    ok &= held;

    // CN's platform hashes the altered copy itself and sends only the hashes.
    JsonNode answer = send(cn, setup.cn(), "match", "application/json",
        NodeHashes.framesJson(uploaded(1), true).toString().getBytes(StandardCharsets.UTF_8), 200);
    if (answer == null) {
      return false;
    }
    JsonNode matches = answer.get("matches");
    String sighting = null;
    String what = "an altered copy of the whole clip (every frame mirrored, cropped 1 %, resized to 75 %, JPEG 0.6),"
        + " hashed by CN's platform and sent as " + FRAMES + " frame hashes";
    if (matches.size() != 1 || !matches.get(0).path("algorithm").asText().equals("vpdq")) {
      out.println("  " + what + ": NO VIDEO MATCH (expected one): " + matches);
      ok = false;
    } else {
      JsonNode m = matches.get(0);
      out.printf(Locale.ROOT, "  %s: matches video '%s' of %s's bank, query share %.0f %%, indexed share %.0f %%"
          + " (rulebook: at least %.0f %% and %.0f %%)%n", what, m.get("label").asText(), m.get("owner").asText(),
          m.get("query_share").asDouble() * 100, m.get("indexed_share").asDouble() * 100,
          answer.at("/thresholds/query_share").asDouble() * 100,
          answer.at("/thresholds/indexed_share").asDouble() * 100);
      sighting = m.path("sighting").asText(null);
      out.println("  CN-CERT reported the match as " + sighting);
      ok &= sighting != null && m.get("owner").asText().equals("us");
    }
    JsonNode unrelated = send(cn, setup.cn(), "match", "application/json",
        NodeHashes.framesJson(uploaded(7), true).toString().getBytes(StandardCharsets.UTF_8), 200);
    boolean none = unrelated != null && unrelated.get("matches").isEmpty();
    out.println("  the same alterations of an unrelated clip, sent from CN: " + (none ? "no match"
        : "MATCHED (unexpected)"));
    ok &= none;

    ok &= DemoCommand.federate(us, err); // US pulls CN's shared collection, the sighting with it
    if (sighting != null) {
      Set<String> wanted = Set.of(sighting);
      Optional<StoredObject> back = us.store().collections().stream()
          .flatMap(c -> us.store().objects(c.id(), new ObjectQuery(Optional.empty(), 10, Optional.empty(),
              wanted, Set.of(), VersionMatch.LAST, Set.of())).items().stream())
          .findFirst();
      out.println("  US-CERT received CN's sighting of its entry (clause A1.S3): "
          + back.map(b -> "yes, sighting_of_ref " + b.object().json().get("sighting_of_ref").asText()).orElse("NO"));
      ok &= back.isPresent();
    }
    return ok;
  }

  private JsonNode send(RunningNode node, TwoNodeSetup.Side side, String path, String type, byte[] body,
      int expected) throws IOException, InterruptedException {
    String auth = TwoNodeSetup.ANALYST + ":" + side.analystPassword();
    HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/hash/" + path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      err.println("accord demo: POST /api/hash/" + path + " at " + side.party() + " answered " + r.statusCode() + ": "
          + r.body());
      err.flush();
      return null;
    }
    return StixJson.mapper().readTree(r.body());
  }
}
