package org.accord.cases.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.accord.ledger.Ed25519;

/**
 * What an evidence package holds: the answer to one request ({@code requestId}) by the answering {@code party}, for
 * the requesting {@code recipient}, its files, and the public keys of the parties that sign its custody chain.
 *
 * <p>Its canonical JSON ({@link #bytes()}) is {@code manifest.json} in an export, byte for byte; its SHA-256 ({@link
 * #digest()}) is the {@code prev_hash} of the first custody entry, so the signed chain commits to the manifest: a file
 * hash, a name or a key changed in it breaks the chain at entry 1. The keys it names are a convenience for a reader
 * without other means; {@code accord cases evidence verify --key PARTY=KEY} pins them.
 *
 * @param id {@code evidence-package--<uuid>}
 * @param requestId the {@code assistance-request--<uuid>} answered
 * @param party the answering party (the requested party of the request)
 * @param recipient the requesting party, the only one the package may go to
 * @param created when the package was made, to the millisecond
 * @param files the files, in the order given; at least one
 * @param keys the custody signers' public keys ({@code ed25519:...}) by party; the answering party's at least
 */
public record Manifest(
    String id,
    String requestId,
    String party,
    String recipient,
    Instant created,
    List<EvidenceFile> files,
    Map<String, String> keys) {
  public static final String TYPE = "evidence-package";
  static final Pattern ID =
      Pattern.compile(TYPE + "--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  static final Pattern REQUEST_ID =
      Pattern.compile("assistance-request--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  static final Pattern PARTY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  /** The most files one package lists: a manifest stays a small document. */
  public static final int MAX_FILES = 10_000;

  public Manifest {
    if (id == null || !ID.matcher(id).matches()) {
      throw new EvidenceException("manifest id must be " + TYPE + "--<uuid>, got " + id);
    }
    if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
      throw new EvidenceException("manifest request_id must be assistance-request--<uuid>, got " + requestId);
    }
    requireParty(party, "party");
    requireParty(recipient, "recipient");
    if (party.equals(recipient)) {
      throw new EvidenceException("manifest party and recipient must differ, both are " + party);
    }
    Canonical.requireMillis(created, "manifest created");
    if (files == null || files.isEmpty()) {
      throw new EvidenceException("a package lists at least one file");
    }
    if (files.size() > MAX_FILES) {
      throw new EvidenceException("a package lists at most " + MAX_FILES + " files, this one " + files.size());
    }
    files = List.copyOf(files);
    keys = keys == null ? Map.of() : new TreeMap<>(keys);
    for (var k : keys.entrySet()) {
      requireParty(k.getKey(), "key party");
      try {
        Ed25519.decodePublic(k.getValue());
      } catch (IllegalArgumentException e) {
        throw new EvidenceException("manifest key of " + k.getKey() + ": " + e.getMessage());
      }
    }
    keys = java.util.Collections.unmodifiableMap(keys);
  }

  private static void requireParty(String p, String what) {
    if (p == null || !PARTY.matcher(p).matches()) {
      throw new EvidenceException("manifest " + what + " must be a party id ([a-z0-9][a-z0-9_-]*), got " + p);
    }
  }

  /** The canonical JSON: {@code manifest.json}. */
  public byte[] bytes() {
    return Canonical.bytes(toMap());
  }

  /** The SHA-256 of {@link #bytes()}: the previous hash of the first custody entry. */
  public String digest() {
    return Canonical.sha256Hex(bytes());
  }

  Map<String, Object> toMap() {
    List<Map<String, Object>> list = new ArrayList<>();
    for (EvidenceFile f : files) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", f.name());
      m.put("media_type", f.mediaType());
      m.put("size", f.size());
      m.put("sha256", f.sha256());
      list.add(m);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", TYPE);
    m.put("id", id);
    m.put("request_id", requestId);
    m.put("party", party);
    m.put("recipient", recipient);
    m.put("created", Canonical.time(created));
    m.put("files", list);
    m.put("keys", new TreeMap<String, Object>(keys));
    return m;
  }

  /**
   * Reads {@code manifest.json}: strictly, and only in canonical form (a manifest edited by hand, even in its
   * spacing, is not the one the chain signed).
   *
   * @throws EvidenceException naming what is wrong
   */
  public static Manifest parse(byte[] bytes) {
    JsonNode n = Canonical.parse(bytes, "manifest.json");
    String what = "manifest.json";
    if (!TYPE.equals(Canonical.text(n, "type", what))) {
      throw new EvidenceException("manifest.json: type must be " + TYPE);
    }
    JsonNode files = n.get("files");
    if (files == null || !files.isArray()) {
      throw new EvidenceException("manifest.json: member 'files' must be an array");
    }
    List<EvidenceFile> list = new ArrayList<>();
    for (JsonNode f : files) {
      list.add(
          new EvidenceFile(
              Canonical.text(f, "name", "manifest.json file"),
              Canonical.text(f, "media_type", "manifest.json file"),
              Canonical.number(f, "size", "manifest.json file"),
              Canonical.text(f, "sha256", "manifest.json file")));
    }
    Map<String, String> keys = new TreeMap<>();
    JsonNode k = n.get("keys");
    if (k != null) {
      if (!k.isObject()) {
        throw new EvidenceException("manifest.json: member 'keys' must be an object");
      }
      for (var e : k.properties()) {
        keys.put(e.getKey(), Canonical.text(k, e.getKey(), "manifest.json keys"));
      }
    }
    Manifest m =
        new Manifest(
            Canonical.text(n, "id", what),
            Canonical.text(n, "request_id", what),
            Canonical.text(n, "party", what),
            Canonical.text(n, "recipient", what),
            Canonical.time(n, "created", what),
            list,
            keys);
    if (!Arrays.equals(m.bytes(), bytes)) {
      throw new EvidenceException("manifest.json is not in canonical form (edited after it was written)");
    }
    return m;
  }

  @Override
  public String toString() {
    return new String(bytes(), StandardCharsets.UTF_8);
  }
}
