package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.accord.hash.PdqHasher;
import org.accord.hash.bank.Bank;
import org.accord.hash.bank.BankEntry;
import org.accord.hash.bank.BankStix;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.accord.store.ObjectQuery;
import org.accord.store.Origin;
import org.accord.store.StoredObject;
import org.accord.store.VersionMatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hash API over real HTTP on a real node: banks, entries, matching, sightings, limits, who may do what. */
class HashEndpointsTest {
  private static final long MAX_UPLOAD = 1 << 20;
  private final HttpClient http = HttpClient.newHttpClient();
  private TestNode node;

  @BeforeEach
  void start() {
    node = TestNode.withPeer("hash:\n  collection: intel\n  max_upload_bytes: " + MAX_UPLOAD + "\n");
  }

  @AfterEach
  void stop() {
    node.close();
  }

  /** A harmless synthetic picture: stripes and discs; {@code seed} changes it entirely. */
  static BufferedImage picture(int seed, int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.scale(width / 320.0, height / 240.0);
    java.util.Random r = new java.util.Random(seed);
    for (int y = 0; y < 240; y += 8) {
      g.setColor(new Color((y * 3 + seed * 40) % 256, (y + seed * 90) % 256, 255 - y));
      g.fillRect(0, y, 320, 8);
    }
    for (int k = 0; k < 6; k++) {
      g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
      g.fillOval(r.nextInt(320) - 30, r.nextInt(240) - 30, 60 + k * 10, 60);
    }
    g.dispose();
    return img;
  }

  static BufferedImage mirrored(BufferedImage img) {
    AffineTransform t = AffineTransform.getScaleInstance(-1, 1);
    t.translate(-img.getWidth(), 0);
    BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(img, out);
    return out;
  }

  static byte[] encode(BufferedImage img, String format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return out.toByteArray();
  }

  private HttpResponse<String> send(String method, String path, String user, String type, byte[] body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    if (user != null) {
      String auth = user + ":" + TestNode.PASSWORD;
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String user, String type, String body) throws Exception {
    return send("POST", path, user, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return StixJson.mapper().readTree(r.body());
  }

  private String createBank(String user) throws Exception {
    HttpResponse<String> r = post("/api/hash/banks", user, "application/json",
        "{\"name\":\"Propaganda stills (test)\",\"category\":\"terrorist-propaganda\",\"tlp\":\"amber\","
            + "\"source\":\"test\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r).get("id").asText();
  }

  @Test
  void anOwnUserBanksAPictureByCsvAndItsMirroredJpegCopyMatchesWithTheVariant() throws Exception {
    String bank = createBank("alice");
    String hash = new PdqHasher().hash(picture(1, 640, 480)).hash().toHex();
    HttpResponse<String> added = post("/api/hash/banks/" + bank + "/entries", "alice", "text/csv",
        "hash,label\r\n" + hash + ",\"still 1, intro\"\r\n");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    assertThat(json(added).get("added").asInt()).isEqualTo(1);

    HttpResponse<String> m = send("POST", "/api/hash/match", "alice", "image/jpeg",
        encode(mirrored(picture(1, 400, 300)), "jpg"));
    assertThat(m.statusCode()).as(m.body()).isEqualTo(200);
    JsonNode match = json(m).get("matches").get(0);
    assertThat(match.get("bank").asText()).isEqualTo(bank);
    assertThat(match.get("bank_name").asText()).isEqualTo("Propaganda stills (test)");
    assertThat(match.get("label").asText()).isEqualTo("still 1, intro");
    assertThat(match.get("variant").asText()).isEqualTo("flip_y"); // the reference's name for a left-right mirror
    assertThat(match.get("distance").asInt()).isLessThanOrEqualTo(31);
    assertThat(match.get("owner").asText()).isEqualTo(TestNode.HOME);
    assertThat(match.get("tlp").asText()).isEqualTo("amber");
    assertThat(match.get("category").asText()).isEqualTo("terrorist-propaganda");
    assertThat(match.has("sighting")).isFalse(); // an own entry: nothing to report

    HttpResponse<String> other = send("POST", "/api/hash/match", "alice", "image/png", encode(picture(9, 320, 240), "png"));
    assertThat(json(other).get("matches")).isEmpty();
    JsonNode banks = json(send("GET", "/api/hash/banks", "alice", null, null)).get("banks");
    assertThat(banks).hasSize(1);
    assertThat(banks.get(0).get("entries").asInt()).isEqualTo(1);
    assertThat(banks.get(0).get("own").asBoolean()).isTrue();
  }

  @Test
  void aDisabledEntryStopsMatchingAndMatchesAgainOnceReEnabled() throws Exception {
    String bank = createBank("alice");
    String hash = new PdqHasher().hash(picture(2, 320, 240)).hash().toHex();
    HttpResponse<String> added = post("/api/hash/banks/" + bank + "/entries", "alice", "application/json",
        "[{\"hash\":\"" + hash + "\",\"label\":\"two\"}]");
    String entry = json(added).get("entries").get(0).get("id").asText();
    String query = "{\"hash\":\"" + hash + "\"}";
    assertThat(json(post("/api/hash/match", "alice", "application/json", query)).get("matches")).hasSize(1);

    HttpResponse<String> off = post("/api/hash/entries/" + entry + "/disable", "alice", null, "");
    assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
    assertThat(json(off).get("disabled").asBoolean()).isTrue();
    assertThat(json(post("/api/hash/match", "alice", "application/json", query)).get("matches")).isEmpty();
    HttpResponse<String> on = post("/api/hash/entries/" + entry + "/enable", "alice", null, "");
    assertThat(on.statusCode()).isEqualTo(200);
    assertThat(json(post("/api/hash/match", "alice", "application/json", query)).get("matches")).hasSize(1);
    // Three versions of one STIX object, the latest enabled.
    var versions = node.node().store().objects(TestNode.INTEL, new ObjectQuery(Optional.empty(), 10,
        Optional.empty(), Set.of(entry), Set.of(), VersionMatch.ALL, Set.of())).items();
    assertThat(versions).hasSize(3);
  }

  @Test
  void aBadCsvIsRefusedNamingEveryBadLineAndNothingIsStored() throws Exception {
    String bank = createBank("alice");
    String good = new PdqHasher().hash(picture(3, 320, 240)).hash().toHex();
    HttpResponse<String> r = post("/api/hash/banks/" + bank + "/entries", "alice", "text/csv",
        "hash,label\n" + good + ",ok\nnot-a-hash,x\n" + good + ",a,b\n");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("line 3: a PDQ hash is 64 hex digits").contains("line 4: expected hash,label");
    assertThat(json(post("/api/hash/match", "alice", "application/json", "{\"hash\":\"" + good + "\"}"))
        .get("matches")).isEmpty();
    assertThat(json(send("GET", "/api/hash/banks", "alice", null, null)).at("/banks/0/entries").asInt()).isZero();
  }

  @Test
  void aMatchAgainstAPartnersEntryBecomesASightingOfItInTheHashCollection() throws Exception {
    Bank partnerBank = Bank.create("Peer bank", TestNode.PEER_IDENTITY, "terrorist-propaganda", Tlp.GREEN, null,
        null, Clock.systemUTC());
    var image = new PdqHasher().hash(picture(4, 320, 240)).hash();
    BankEntry entry = BankEntry.pdq(partnerBank, image, "peer still", Clock.systemUTC());
    Origin fromPeer = new Origin(TestNode.PEER, "T1");
    node.node().store().add(TestNode.PRIVATE, List.of(StixObject.of(BankStix.bank(partnerBank)),
        StixObject.of(BankStix.entry(entry))), List.of(fromPeer, fromPeer));
    node.node().hashes().refresh(); // what the timer does every hash.refresh_seconds

    HttpResponse<String> m = send("POST", "/api/hash/match", "alice", "image/png", encode(picture(4, 320, 240), "png"));
    JsonNode match = json(m).get("matches").get(0);
    assertThat(match.get("owner").asText()).isEqualTo(TestNode.PEER);
    assertThat(match.get("from_partner").asBoolean()).isTrue();
    String sighting = match.get("sighting").asText();
    StoredObject stored = node.node().store().objects(TestNode.INTEL, new ObjectQuery(Optional.empty(), 10,
        Optional.empty(), Set.of(sighting), Set.of(), VersionMatch.LAST, Set.of())).items().get(0);
    ObjectNode s = stored.object().json();
    assertThat(s.get("sighting_of_ref").asText()).isEqualTo(entry.id());
    assertThat(s.get("where_sighted_refs").get(0).asText()).isEqualTo(TestNode.HOME_IDENTITY);
    assertThat(s.get("created_by_ref").asText()).isEqualTo(TestNode.HOME_IDENTITY);
    assertThat(s.get("count").asInt()).isEqualTo(1);
    assertThat(s.get("object_marking_refs").get(0).asText()).isEqualTo(Tlp.GREEN.v2MarkingId());
    assertThat(stored.origin()).isEqualTo(Origin.OWN);
  }

  @Test
  void anOwnUserSeesAndMatchesOnlyBanksInCollectionsItMayRead() throws Exception {
    Bank partnerBank = Bank.create("Peer bank", TestNode.PEER_IDENTITY, "x", Tlp.GREEN, null, null,
        Clock.systemUTC());
    BankEntry entry = BankEntry.pdq(partnerBank, new PdqHasher().hash(picture(6, 320, 240)).hash(), "",
        Clock.systemUTC());
    Origin fromPeer = new Origin(TestNode.PEER, "T1");
    node.node().store().add(TestNode.PRIVATE, List.of(StixObject.of(BankStix.bank(partnerBank)),
        StixObject.of(BankStix.entry(entry))), List.of(fromPeer, fromPeer));
    node.node().hashes().refresh();
    String query = "{\"hash\":\"" + entry.hash().toHex() + "\"}";
    // alice reads every collection; bob reads intel only, and the bank is held in private
    assertThat(json(send("GET", "/api/hash/banks", "alice", null, null)).get("banks")).hasSize(1);
    assertThat(json(post("/api/hash/match", "alice", "application/json", query)).get("matches")).hasSize(1);
    assertThat(json(send("GET", "/api/hash/banks", "bob", null, null)).get("banks")).isEmpty();
    HttpResponse<String> bobs = post("/api/hash/match", "bob", "application/json", query);
    assertThat(bobs.statusCode()).isEqualTo(200);
    assertThat(json(bobs).get("matches")).isEmpty();
    assertThat(bobs.body()).doesNotContain(entry.id()).doesNotContain(partnerBank.id());
  }

  @Test
  void noOneAddsToOrDisablesAPartnersBank() throws Exception {
    Bank partnerBank = Bank.create("Peer bank", TestNode.PEER_IDENTITY, "x", Tlp.GREEN, null, null,
        Clock.systemUTC());
    BankEntry entry = BankEntry.pdq(partnerBank, new PdqHasher().hash(picture(5, 320, 240)).hash(), "",
        Clock.systemUTC());
    Origin fromPeer = new Origin(TestNode.PEER, "T1");
    node.node().store().add(TestNode.PRIVATE, List.of(StixObject.of(BankStix.bank(partnerBank)),
        StixObject.of(BankStix.entry(entry))), List.of(fromPeer, fromPeer));
    node.node().hashes().refresh();
    HttpResponse<String> add = post("/api/hash/banks/" + partnerBank.id() + "/entries", "alice", "application/json",
        "[{\"hash\":\"" + entry.hash().toHex() + "\"}]");
    assertThat(add.statusCode()).as(add.body()).isEqualTo(403);
    assertThat(add.body()).contains("is peer's: entries are added by its owner only");
    HttpResponse<String> off = post("/api/hash/entries/" + entry.id() + "/disable", "alice", null, "");
    assertThat(off.statusCode()).isEqualTo(403);
  }

  @Test
  void aPeerIsRefusedOnEveryHashRouteBeforeAnythingIsLookedUp() throws Exception {
    String bank = createBank("alice");
    for (String[] route : new String[][] {{"GET", "/api/hash/banks"}, {"POST", "/api/hash/banks"},
        {"POST", "/api/hash/banks/" + bank + "/entries"}, {"POST", "/api/hash/banks/x/entries"},
        {"POST", "/api/hash/entries/x/disable"}, {"POST", "/api/hash/entries/x/enable"},
        {"POST", "/api/hash/match"}}) {
      HttpResponse<String> r = send(route[0], route[1], TestNode.PEER_USER, "application/json", null);
      assertThat(r.statusCode()).as(route[1]).isEqualTo(403);
      assertThat(r.body()).contains("for this node's own users, not for party peer");
    }
    // bob may read intel but not write it: he matches, but changes no bank
    assertThat(post("/api/hash/banks", "bob", "application/json", "{}").statusCode()).isEqualTo(403);
  }

  @Test
  void limitsAndBadInputAreAnsweredPrecisely() throws Exception {
    HttpResponse<String> big = send("POST", "/api/hash/match", "alice", "image/png", new byte[(int) MAX_UPLOAD + 1]);
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.body()).contains("over hash.max_upload_bytes of " + MAX_UPLOAD);
    HttpResponse<String> type = post("/api/hash/match", "alice", "application/pdf", "%PDF");
    assertThat(type.statusCode()).isEqualTo(415);
    assertThat(type.body()).contains("takes an image (image/*), a video (video/*) or {\\\"hash\\\": ...}");
    HttpResponse<String> hash = post("/api/hash/match", "alice", "application/json", "{\"hash\":\"abc\"}");
    assertThat(hash.statusCode()).isEqualTo(400);
    assertThat(hash.body()).contains("hash: a PDQ hash is 64 hex digits, got 3 characters");
    HttpResponse<String> broken = send("POST", "/api/hash/match", "alice", "image/png", new byte[] {(byte) 0x89, 'P'});
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(broken.body()).contains("the image could not be hashed");
    HttpResponse<String> flat = send("POST", "/api/hash/match", "alice", "image/png",
        encode(new BufferedImage(200, 200, BufferedImage.TYPE_3BYTE_BGR), "png"));
    assertThat(flat.statusCode()).isEqualTo(200);
    assertThat(json(flat).get("note").asText()).contains("under the rulebook's pdq_min_quality 50");
    HttpResponse<String> tlp = post("/api/hash/banks", "alice", "application/json",
        "{\"name\":\"n\",\"category\":\"c\",\"tlp\":\"red\"}");
    assertThat(tlp.statusCode()).isEqualTo(400);
    assertThat(tlp.body()).contains("cannot be TLP:RED");
    HttpResponse<String> field = post("/api/hash/banks", "alice", "application/json", "{\"nme\":\"n\"}");
    assertThat(field.body()).contains("unknown field 'nme'");
    assertThat(post("/api/hash/banks/x-accord-hash-bank--00000000-0000-4000-8000-000000000000/entries", "alice",
        "application/json", "[]").statusCode()).isEqualTo(404);
    String bank = createBank("alice");
    HttpResponse<String> frame = post("/api/hash/banks/" + bank + "/entries", "alice", "application/json",
        "[{\"frames\":[{\"timestamp\":0,\"hash\":\"" + "0".repeat(64) + "\",\"quality\":101}]}]");
    assertThat(frame.statusCode()).as(frame.body()).isEqualTo(400);
    assertThat(frame.body()).contains("[0].frames[0].quality: an integer 0..100 (PDQ's quality), got 101");
  }

  /** Frame t of a synthetic clip: discs moving across stripes; {@code seed} changes the clip entirely. */
  static BufferedImage frame(int t, int seed) {
    BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    java.util.Random r = new java.util.Random(seed);
    for (int y = 0; y < 240; y += 8) {
      g.setColor(new Color((y * 3 + seed * 40) % 256, (y + seed * 90) % 256, 255 - y));
      g.fillRect(0, y, 320, 8);
    }
    for (int k = 0; k < 6; k++) {
      int x0 = r.nextInt(320);
      int y0 = r.nextInt(240);
      int dx = r.nextInt(41) - 20;
      int dy = r.nextInt(41) - 20;
      g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
      g.fillOval(Math.floorMod(x0 + dx * t, 320) - 30, Math.floorMod(y0 + dy * t, 240) - 30, 60 + k * 10, 60);
    }
    g.dispose();
    return img;
  }

  @Test
  void aBankedVideoIsMatchedByAnEncodedCopyUploadedAsVideo() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(org.accord.hash.video.FfmpegFrames.available("ffmpeg"),
        "ffmpeg is not installed");
    java.nio.file.Path dir = node.dataDir().resolve("clip");
    java.nio.file.Files.createDirectories(dir);
    for (int t = 0; t < 12; t++) {
      ImageIO.write(frame(t, 1), "png", dir.resolve(String.format("frame-%04d.png", t)).toFile());
    }
    var banked = new org.accord.hash.video.VideoHasher(org.accord.hash.video.VideoSettings.DEFAULTS).hash(dir);
    StringBuilder frames = new StringBuilder();
    for (var f : banked.frames()) {
      frames.append(frames.length() == 0 ? "" : ",").append("{\"timestamp\":").append(f.seconds())
          .append(",\"hash\":\"").append(f.hash().toHex()).append("\",\"quality\":").append(f.quality()).append('}');
    }
    String bank = createBank("alice");
    HttpResponse<String> added = post("/api/hash/banks/" + bank + "/entries", "alice", "application/json",
        "[{\"frames\":[" + frames + "],\"label\":\"clip 1\"}]");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    java.nio.file.Path mp4 = node.dataDir().resolve("clip.mp4");
    Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-framerate", "1", "-i",
        dir.resolve("frame-%04d.png").toString(), "-pix_fmt", "yuv420p", mp4.toString()).inheritIO().start();
    assertThat(p.waitFor()).isZero();

    HttpResponse<String> m = send("POST", "/api/hash/match", "alice", "video/mp4", java.nio.file.Files.readAllBytes(mp4));
    assertThat(m.statusCode()).as(m.body()).isEqualTo(200);
    JsonNode match = json(m).get("matches").get(0);
    assertThat(match.get("label").asText()).isEqualTo("clip 1");
    assertThat(match.get("algorithm").asText()).isEqualTo("vpdq");
    assertThat(match.get("query_share").asDouble()).isGreaterThanOrEqualTo(0.8);
    assertThat(match.get("indexed_share").asDouble()).isGreaterThanOrEqualTo(0.8);
  }

  /** The frame-hash form of a video: one {timestamp, hash, quality[, variants]} per frame, one a second. */
  private static String framesJson(List<org.accord.hash.DihedralHashes> frames, boolean variants) {
    StringBuilder json = new StringBuilder("[");
    for (int t = 0; t < frames.size(); t++) {
      var f = frames.get(t);
      json.append(t == 0 ? "" : ",").append("{\"timestamp\":").append(t).append(",\"hash\":\"")
          .append(f.get(org.accord.hash.Dihedral.ORIGINAL).toHex()).append("\",\"quality\":").append(f.quality());
      if (variants) {
        json.append(",\"variants\":[");
        for (int k = 1; k < 8; k++) {
          json.append(k == 1 ? "" : ",").append('"').append(f.hashes().get(k).toHex()).append('"');
        }
        json.append(']');
      }
      json.append('}');
    }
    return json.append(']').toString();
  }

  /** Frames of clip {@code seed} as a platform would hash them: mirrored, resized to 75 %, re-encoded as JPEG. */
  private static List<org.accord.hash.DihedralHashes> alteredClip(int seed, int frames) throws Exception {
    PdqHasher hasher = new PdqHasher();
    List<org.accord.hash.DihedralHashes> out = new java.util.ArrayList<>();
    for (int t = 0; t < frames; t++) {
      BufferedImage m = mirrored(frame(t, seed));
      BufferedImage small = new BufferedImage(240, 180, BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = small.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(m, 0, 0, 240, 180, null);
      g.dispose();
      out.add(hasher.dihedral(ImageIO.read(new java.io.ByteArrayInputStream(encode(small, "jpg")))));
    }
    return out;
  }

  private static String bankedClip(int seed, int frames) {
    PdqHasher hasher = new PdqHasher();
    List<org.accord.hash.DihedralHashes> original = new java.util.ArrayList<>();
    for (int t = 0; t < frames; t++) {
      var r = hasher.hash(frame(t, seed));
      original.add(new org.accord.hash.DihedralHashes(java.util.Collections.nCopies(8, r.hash()), r.quality()));
    }
    return framesJson(original, false);
  }

  @Test
  void aVideoSentAsItsFrameHashesMatchesABankedVideoWithBothSharesWithoutFfmpeg() throws Exception {
    node.close();
    node = TestNode.withPeer("hash:\n  collection: intel\n  ffmpeg: /nonexistent/ffmpeg\n");
    String bank = createBank("alice");
    HttpResponse<String> added = post("/api/hash/banks/" + bank + "/entries", "alice", "application/json",
        "[{\"frames\":" + bankedClip(1, 12) + ",\"label\":\"clip 1\"}]");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);

    HttpResponse<String> m = post("/api/hash/match", "alice", "application/json",
        "{\"frames\":" + framesJson(alteredClip(1, 12), true) + "}");
    assertThat(m.statusCode()).as(m.body()).isEqualTo(200);
    JsonNode answer = json(m);
    assertThat(answer.get("matches")).hasSize(1);
    JsonNode match = answer.get("matches").get(0);
    assertThat(match.get("label").asText()).isEqualTo("clip 1");
    assertThat(match.get("algorithm").asText()).isEqualTo("vpdq");
    assertThat(match.get("query_share").asDouble()).isGreaterThanOrEqualTo(answer.at("/thresholds/query_share")
        .asDouble());
    assertThat(match.get("indexed_share").asDouble()).isGreaterThanOrEqualTo(answer.at("/thresholds/indexed_share")
        .asDouble());
    assertThat(match.has("sighting")).isFalse(); // an own entry

    HttpResponse<String> other = post("/api/hash/match", "alice", "application/json",
        "{\"frames\":" + framesJson(alteredClip(9, 12), true) + "}");
    assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
    assertThat(json(other).get("matches")).isEmpty();
  }

  @Test
  void framesMatchingAPartnersVideoAndImageBecomeSightingsWithTheFramesTime() throws Exception {
    Bank partnerBank = Bank.create("Peer bank", TestNode.PEER_IDENTITY, "terrorist-propaganda", Tlp.GREEN, null,
        null, Clock.systemUTC());
    PdqHasher hasher = new PdqHasher();
    List<BankEntry.Frame> banked = new java.util.ArrayList<>();
    for (int t = 0; t < 10; t++) {
      var r = hasher.hash(frame(t, 2));
      banked.add(new BankEntry.Frame(t, r.hash(), r.quality()));
    }
    BankEntry video = BankEntry.vpdq(partnerBank, banked, "peer clip", Clock.systemUTC());
    BankEntry still = BankEntry.pdq(partnerBank, hasher.hash(frame(7, 2)).hash(), "peer still", Clock.systemUTC());
    Origin fromPeer = new Origin(TestNode.PEER, "T1");
    node.node().store().add(TestNode.PRIVATE, List.of(StixObject.of(BankStix.bank(partnerBank)),
        StixObject.of(BankStix.entry(video)), StixObject.of(BankStix.entry(still))),
        List.of(fromPeer, fromPeer, fromPeer));
    node.node().hashes().refresh();

    JsonNode answer = json(post("/api/hash/match", "alice", "application/json",
        "{\"frames\":" + framesJson(alteredClip(2, 10), true) + "}"));
    assertThat(answer.get("matches")).hasSize(2);
    for (JsonNode match : answer.get("matches")) {
      assertThat(match.get("from_partner").asBoolean()).isTrue();
      String sighting = match.get("sighting").asText();
      StoredObject stored = node.node().store().objects(TestNode.INTEL, new ObjectQuery(Optional.empty(), 10,
          Optional.empty(), Set.of(sighting), Set.of(), VersionMatch.LAST, Set.of())).items().get(0);
      if (match.get("algorithm").asText().equals("vpdq")) {
        assertThat(stored.object().json().get("sighting_of_ref").asText()).isEqualTo(video.id());
        assertThat(stored.object().json().get("description").asText()).contains("of the upload's frames");
      } else {
        assertThat(stored.object().json().get("sighting_of_ref").asText()).isEqualTo(still.id());
        assertThat(match.get("at_seconds").asDouble()).isEqualTo(7.0); // the frame that hit the still
      }
    }
  }

  @Test
  void badFrameListsAreRefusedNamingTheProblem() throws Exception {
    String h = "\"" + "a5".repeat(32) + "\"";
    String[][] cases = {
      {"{\"frames\":[]}", "frames: a non-empty list of"},
      {"{\"frames\":{}}", "frames: a non-empty list of"},
      {"{\"frames\":[{\"timestamp\":0,\"hash\":" + h + ",\"quality\":90}],\"hash\":" + h + "}",
          "exactly one of them"},
      {"{\"frames\":[{\"timestamp\":0,\"hash\":" + h + ",\"quality\":90}],\"label\":\"x\"}",
          "unknown field 'label' in a match query"},
      {"{\"frames\":[{\"timestamp\":0,\"hash\":" + h + ",\"quality\":90,\"pixels\":1}]}",
          "frames[0]: unknown field 'pixels'"},
      {"{\"frames\":[{\"timestamp\":0,\"hash\":\"xyz\",\"quality\":90}]}",
          "frames[0].hash: a PDQ hash is 64 hex digits, got 3 characters"},
      {"{\"frames\":[{\"timestamp\":0,\"hash\":" + h + ",\"quality\":101}]}",
          "frames[0].quality: an integer 0..100 (PDQ's quality), got 101"},
      {"{\"frames\":[{\"timestamp\":0,\"hash\":" + h + ",\"quality\":-1}]}", "frames[0].quality"},
      {"{\"frames\":[{\"timestamp\":0,\"hash\":" + h + ",\"quality\":\"90\"}]}", "frames[0].quality"},
      {"{\"frames\":[{\"timestamp\":-1,\"hash\":" + h + ",\"quality\":90}]}",
          "frames[0].timestamp: seconds from the start of the video, a number >= 0"},
      {"{\"frames\":[{\"timestamp\":1,\"hash\":" + h + ",\"quality\":90},{\"timestamp\":1,\"hash\":" + h
          + ",\"quality\":90}]}", "frames[1].timestamp: 1.0 is not after the previous frame's 1.0"},
      {"{\"frames\":[{\"timestamp\":2,\"hash\":" + h + ",\"quality\":90},{\"timestamp\":1,\"hash\":" + h
          + ",\"quality\":90}]}", "frames[1].timestamp: 1.0 is not after the previous frame's 2.0"},
      {"{\"frames\":[{\"timestamp\":0,\"hash\":" + h + ",\"quality\":90,\"variants\":[" + h + "]}]}",
          "frames[0].variants: the 7 other dihedral hashes"},
      {"{\"frames\":[7]}", "frames[0]: an object"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = post("/api/hash/match", "alice", "application/json", c[0]);
      assertThat(r.statusCode()).as(c[0] + " -> " + r.body()).isEqualTo(400);
      assertThat(r.body()).as(c[0]).contains(c[1]);
    }
    StringBuilder tooMany = new StringBuilder("{\"frames\":[");
    for (int i = 0; i <= BankEntry.MAX_FRAMES; i++) {
      tooMany.append(i == 0 ? "" : ",").append("{\"timestamp\":").append(i).append(",\"hash\":").append(h)
          .append(",\"quality\":90}");
    }
    HttpResponse<String> r = post("/api/hash/match", "alice", "application/json", tooMany.append("]}").toString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("frames: at most " + BankEntry.MAX_FRAMES + " frames");
    // A bank entry takes the same form, checked as strictly, without a query's variants.
    String bank = createBank("alice");
    HttpResponse<String> entry = post("/api/hash/banks/" + bank + "/entries", "alice", "application/json",
        "[{\"frames\":[{\"timestamp\":0,\"hash\":" + h + ",\"quality\":90,\"variants\":[]}]}]");
    assertThat(entry.statusCode()).isEqualTo(400);
    assertThat(entry.body()).contains("[0].frames[0]: unknown field 'variants'");
  }

  @Test
  void aVideoWithoutFfmpegIs415WithTheReason() throws Exception {
    node.close();
    node = TestNode.withPeer("hash:\n  collection: intel\n  ffmpeg: /nonexistent/ffmpeg\n");
    HttpResponse<String> r = send("POST", "/api/hash/match", "alice", "video/mp4", new byte[100]);
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.body()).contains("video matching needs ffmpeg on the node");
  }
}
