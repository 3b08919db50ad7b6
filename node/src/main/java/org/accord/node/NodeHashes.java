package org.accord.node;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.accord.hash.Dihedral;
import org.accord.hash.DihedralHashes;
import org.accord.hash.PdqHash;
import org.accord.hash.bank.Algorithm;
import org.accord.hash.bank.Bank;
import org.accord.hash.bank.BankEntry;
import org.accord.hash.bank.BankException;
import org.accord.hash.bank.BankStix;
import org.accord.hash.index.HammingIndex;
import org.accord.hash.video.FrameHash;
import org.accord.hash.video.VideoHash;
import org.accord.hash.video.VideoMatcher;
import org.accord.rules.HashThresholds;
import org.accord.rules.Party;
import org.accord.rules.Rulebook;
import org.accord.stix.AccordExtension;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Timestamps;
import org.accord.stix.Tlp;
import org.accord.stix.ValidationReport;
import org.accord.stix.Validator;
import org.accord.store.AddResult;
import org.accord.store.CollectionInfo;
import org.accord.store.ObjectQuery;
import org.accord.store.ObjectStore;
import org.accord.store.Origin;
import org.accord.store.Page;
import org.accord.store.StoredObject;
import org.accord.store.VersionMatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's hash banks and its match index (issue 11): every {@value AccordExtension#ENTRY_TYPE} the store holds,
 * this node's own and those partners sent, in one {@link HammingIndex}.
 *
 * <p>Design note. The store is the truth; the index is rebuilt from it at start and kept current by reading what was
 * added since the last look ({@code added_after} per collection, as the sensor's indicator index does), on a timer
 * ({@code hash.refresh_seconds}) for what federation brings, and at once after this node's own changes. Only the
 * latest version of an entry counts (STIX 2.1 §3.6: the greatest {@code modified}), whatever order versions arrive
 * in; only enabled entries are indexed. Index ids are {@code entryNumber << 12 | frame}, so a video entry's frames
 * (at most {@link BankEntry#MAX_FRAMES}) lead back to it.
 *
 * <p>Matching takes its thresholds from the rulebook in force ({@link HashThresholds}; the defaults without one),
 * searches all 8 dihedral variants of an image, and reports each matched entry with its bank and provenance. A match
 * against a partner's entry becomes a STIX {@code sighting} of that entry, written as this node's own to {@code
 * hash.collection}: from there the egress gate decides, like for any sighting, whether it goes back to the partner
 * (its {@code sighting_of_ref} names an object the partner sent, so the reference check lets it through when a
 * clause shares sightings with the partner at the entry's TLP).
 *
 * <p>Who may change what. Banks are created in {@code hash.collection} only; entries are added, disabled and
 * enabled only on this node's own banks (created by its identity, held as its own): a partner's bank changes only
 * by the partner's new versions. An entry naming a bank of another creator is ignored at match time.
 */
public final class NodeHashes implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeHashes.class);
  /** Bits of an index id that number a video entry's frames (4,096 > {@link BankEntry#MAX_FRAMES}). */
  private static final int FRAME_BITS = 12;

  /** The node's refusal, with the HTTP status it maps to at the REST boundary (400, 403, 404, 409). */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** An entry as held: its latest version, its number in the index, where and from whom it came. */
  public record Held(BankEntry entry, int number, Origin origin, String collection) {}

  /** A bank as held: its latest version, where and from whom it came. */
  public record HeldBank(Bank bank, Origin origin, String collection) {}

  /**
   * One match: the entry and its bank (null when the bank has not arrived), the distance and dihedral variant
   * (images and frames), the shares (video entries; null otherwise), the time in the query video of the first
   * matching frame (null for an image), and the sighting written for a partner's entry (null otherwise).
   */
  public record Match(
      Held entry, HeldBank bank, int distance, int variant, Double queryShare, Double indexedShare,
      Double at, String sighting) {}

  /** The answer: the query's own hash and quality (an image's), the thresholds applied, the matches. */
  public record Answer(PdqHash hash, Integer quality, HashThresholds thresholds, List<Match> matches, String note) {}

  private final ObjectStore store;
  private final String collection;
  private final String identity;
  private final String party;
  private final Supplier<Optional<Rulebook>> rulebook;
  private final Clock clock;
  private final Validator validator = new Validator();
  private final HammingIndex index = new HammingIndex();
  private final Map<String, Held> entries = new HashMap<>();
  private final List<String> byNumber = new ArrayList<>();
  private final Map<String, HeldBank> banks = new LinkedHashMap<>();
  private final Map<String, Instant> seen = new HashMap<>();
  private ScheduledExecutorService timer;

  /**
   * @param collection {@code hash.collection} (id or alias; null: no banks here, matches not reported)
   * @param identity this node's STIX identity, owner of its banks and producer of its sightings
   */
  public NodeHashes(ObjectStore store, String collection, String identity, String party,
      Supplier<Optional<Rulebook>> rulebook, Clock clock) {
    this.store = store;
    this.identity = identity;
    this.party = party;
    this.rulebook = rulebook;
    this.clock = clock;
    if (collection == null) {
      this.collection = null;
    } else {
      this.collection = store.collection(collection).map(CollectionInfo::id).orElseThrow(
          () -> new IllegalArgumentException("hash.collection: no collection '" + collection + "' in taxii"));
    }
    refresh();
  }

  /** The hashes of a node's store, as the node sees them ({@code accord hash} while the node runs or not). */
  public static NodeHashes open(NodeConfig config, ObjectStore store, Clock clock) {
    return new NodeHashes(store, config.hash().collection(), NodeSensor.identity(config, clock), config.party(),
        () -> Node.activeRulebook(config, clock), clock);
  }

  /** Looks for new versions every {@code seconds} on a daemon thread, until {@link #close}. */
  synchronized void start(int seconds) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hash-index");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(() -> {
      try {
        refresh();
      } catch (RuntimeException e) {
        LOG.warn("the hash index could not read new entries: {}", e.toString());
      }
    }, seconds, seconds, TimeUnit.SECONDS);
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** The id of {@code hash.collection}; null when it is not set. */
  public String collection() {
    return collection;
  }

  /** The alias of collection {@code id}, for access checks; null when none. */
  String aliasOf(String id) {
    return store.collection(id).map(CollectionInfo::alias).orElse(null);
  }

  /** The thresholds of the rulebook in force, or the defaults. */
  public HashThresholds thresholds() {
    return rulebook.get().map(Rulebook::hashes).orElse(HashThresholds.DEFAULTS);
  }

  // ---------------------------------------------------------------------------------------------- the store side

  /** Reads every bank and entry version added to the store since the last look; returns how many changed. */
  public synchronized int refresh() {
    int changed = 0;
    for (CollectionInfo c : store.collections()) {
      ObjectQuery q = new ObjectQuery(Optional.ofNullable(seen.get(c.id())), 1000, Optional.empty(), Set.of(),
          Set.of(AccordExtension.BANK_TYPE, AccordExtension.ENTRY_TYPE), VersionMatch.ALL, Set.of());
      while (true) {
        Page<StoredObject> page = store.objects(c.id(), q);
        for (StoredObject o : page.items()) {
          seen.merge(c.id(), o.entry().dateAdded(), (a, b) -> a.isAfter(b) ? a : b);
          if (take(o, c.id())) {
            changed++;
          }
        }
        if (!page.more() || page.next().isEmpty()) {
          break;
        }
        q = q.withAfter(page.next().get());
      }
    }
    return changed;
  }

  private boolean take(StoredObject o, String collectionId) {
    ObjectNode json = o.object().json();
    try {
      if (o.object().type().equals(AccordExtension.BANK_TYPE)) {
        Bank b = BankStix.readBank(json);
        HeldBank old = banks.get(b.id());
        if (old != null && !b.modified().isAfter(old.bank().modified())) {
          return false;
        }
        banks.put(b.id(), new HeldBank(b, o.origin(), collectionId));
        return true;
      }
      return index(BankStix.readEntry(json), o.origin(), collectionId);
    } catch (BankException e) {
      LOG.warn("{} in collection {} is not a valid hash bank object, not indexed: {}", o.object().id(),
          collectionId, e.getMessage());
      return false;
    }
  }

  private boolean index(BankEntry e, Origin origin, String collectionId) {
    Held old = entries.get(e.id());
    if (old != null && !e.modified().isAfter(old.entry().modified())) {
      return false; // an older version arriving late: the latest wins
    }
    int number;
    if (old != null) {
      number = old.number();
      if (!old.entry().disabled()) {
        List<PdqHash> hashes = old.entry().hashes();
        for (int i = 0; i < hashes.size(); i++) {
          index.remove(indexId(number, i), hashes.get(i));
        }
      }
    } else {
      number = byNumber.size();
      byNumber.add(e.id());
    }
    if (!e.disabled()) {
      List<PdqHash> hashes = e.hashes();
      for (int i = 0; i < hashes.size(); i++) {
        index.add(indexId(number, i), hashes.get(i));
      }
    }
    entries.put(e.id(), new Held(e, number, origin, collectionId));
    return true;
  }

  private static long indexId(int number, int frame) {
    return ((long) number << FRAME_BITS) | frame;
  }

  /** Every bank held, own and partners', oldest first. */
  public synchronized List<HeldBank> banks() {
    return List.copyOf(banks.values());
  }

  /** The banks held in collections {@code visible} accepts (a user's readable ones), oldest first. */
  public synchronized List<HeldBank> banks(Predicate<String> visible) {
    return banks.values().stream().filter(b -> visible.test(b.collection())).toList();
  }

  /** The bank {@code id}, or a 404 refusal. */
  public synchronized HeldBank bank(String id) {
    HeldBank b = banks.get(id);
    if (b == null) {
      throw new Refused(404, "no hash bank " + id);
    }
    return b;
  }

  /** The entries of bank {@code id}, disabled ones included, oldest first. */
  public synchronized List<BankEntry> entries(String bankId) {
    bank(bankId);
    return entries.values().stream().filter(h -> inBank(h, bankId)).map(Held::entry)
        .sorted(Comparator.comparing(BankEntry::created).thenComparing(BankEntry::id)).toList();
  }

  /** The entry {@code id}, or a 404 refusal. */
  public synchronized Held entry(String id) {
    Held h = entries.get(id);
    if (h == null) {
      throw new Refused(404, "no hash entry " + id);
    }
    return h;
  }

  /** Entries indexed (enabled), banks held. */
  public synchronized int[] counts() {
    return new int[] {(int) entries.values().stream().filter(h -> !h.entry().disabled()).count(), banks.size()};
  }

  /** Creates a bank of this node's, in {@code hash.collection}. */
  public HeldBank createBank(String name, String category, Tlp tlp, String source, String description) {
    writable();
    Bank b;
    try {
      b = Bank.create(name, identity, category, tlp, source, description, clock);
    } catch (BankException e) {
      throw new Refused(400, e.getMessage());
    }
    List<ObjectNode> objects = new ArrayList<>();
    objects.add(AccordExtension.hashesDefinition());
    objects.add(AccordExtension.identity());
    objects.add(BankStix.bank(b));
    put(objects);
    return bank(b.id());
  }

  /**
   * Adds entries to one of this node's own banks, all or none: every row is checked before any is stored, and they
   * are stored in one transaction.
   */
  public List<BankEntry> addEntries(String bankId, List<NewEntry> rows) {
    return addEntries(bankId, rows, c -> true);
  }

  /**
   * {@link #addEntries(String, List)} for a user who reads the collections {@code visible} accepts: a bank held
   * elsewhere is answered as unknown (404), so its existence and owner stay withheld.
   */
  public List<BankEntry> addEntries(String bankId, List<NewEntry> rows, Predicate<String> visible) {
    HeldBank b = ownBank(bankId, visible);
    if (rows.isEmpty()) {
      throw new Refused(400, "no entries to add");
    }
    List<ObjectNode> objects = new ArrayList<>();
    List<BankEntry> made = new ArrayList<>();
    for (NewEntry r : rows) {
      BankEntry e;
      try {
        e = r.frames().isEmpty() ? BankEntry.pdq(b.bank(), r.hash(), r.label(), clock)
            : BankEntry.vpdq(b.bank(), r.frames(), r.label(), clock);
      } catch (BankException x) {
        throw new Refused(400, r.where() + ": " + x.getMessage());
      }
      made.add(e);
      objects.add(BankStix.entry(e));
    }
    put(objects);
    return made;
  }

  /** One entry to add: an image's hash, or a video's frames; {@code where} names it in errors (a line, an index). */
  public record NewEntry(String where, PdqHash hash, List<BankEntry.Frame> frames, String label) {}

  /** Disables or re-enables one of this node's own entries: a new version of it. */
  public BankEntry setDisabled(String entryId, boolean disabled) {
    return setDisabled(entryId, disabled, c -> true);
  }

  /**
   * {@link #setDisabled(String, boolean)} for a user who reads the collections {@code visible} accepts: an entry
   * held elsewhere is answered as unknown (404), so its existence and owner stay withheld.
   */
  public BankEntry setDisabled(String entryId, boolean disabled, Predicate<String> visible) {
    Held h;
    synchronized (this) {
      h = entry(entryId);
    }
    if (!visible.test(h.collection())) {
      throw new Refused(404, "no hash entry " + entryId);
    }
    if (h.origin().party() != null || !h.entry().owner().equals(identity)) {
      throw new Refused(403, "entry " + entryId + " is " + ownerParty(h.entry().owner())
          + "'s: only its owner disables or enables it");
    }
    if (h.entry().disabled() == disabled) {
      return h.entry();
    }
    BankEntry next = h.entry().withDisabled(disabled, clock.instant());
    put(List.of(BankStix.entry(next)));
    return next;
  }

  private HeldBank ownBank(String bankId, Predicate<String> visible) {
    writable();
    HeldBank b;
    synchronized (this) {
      b = bank(bankId);
    }
    if (!visible.test(b.collection())) {
      throw new Refused(404, "no hash bank " + bankId);
    }
    if (b.origin().party() != null || !b.bank().owner().equals(identity)) {
      throw new Refused(403, "bank " + bankId + " is " + ownerParty(b.bank().owner())
          + "'s: entries are added by its owner only");
    }
    return b;
  }

  private void writable() {
    if (collection == null) {
      throw new Refused(409, "hash.collection is not set in accord.yaml: this node keeps no banks of its own");
    }
  }

  /** Validates every object, then stores them in one call (one transaction), then indexes them. */
  private void put(List<ObjectNode> objects) {
    store(objects);
    refresh();
  }

  /** Validates every object, then stores them in one call (one transaction). */
  private void store(List<ObjectNode> objects) {
    List<StixObject> batch = new ArrayList<>();
    for (ObjectNode o : objects) {
      ValidationReport r = validator.validate(o);
      if (!r.violations().isEmpty()) {
        throw new IllegalStateException(o.path("id").asText() + " is not valid STIX: " + r.violations());
      }
      batch.add(StixObject.of(o));
    }
    AddResult result = store.add(collection, batch);
    for (AddResult.Outcome outcome : result.outcomes()) {
      if (outcome.status() == AddResult.Status.REFUSED) {
        LOG.warn("the store refused {}: {}", outcome.id(), outcome.reason());
      }
    }
  }

  // ------------------------------------------------------------------------------------------------- matching

  /** Matches an image by its 8 dihedral hashes; a quality under the rulebook's floor matches nothing. */
  public Answer matchImage(DihedralHashes image, boolean report) {
    return matchImage(image, report, c -> true);
  }

  /**
   * {@link #matchImage(DihedralHashes, boolean)} answering only entries held in collections {@code visible} accepts:
   * a user learns nothing of entries in collections it may not read.
   */
  public Answer matchImage(DihedralHashes image, boolean report, Predicate<String> visible) {
    HashThresholds t = thresholds();
    PdqHash original = image.get(Dihedral.ORIGINAL);
    if (image.quality() < t.pdqMinQuality()) {
      return new Answer(original, image.quality(), t, List.of(), "quality " + image.quality()
          + " is under the rulebook's pdq_min_quality " + t.pdqMinQuality() + ": the image is not matched");
    }
    List<HammingIndex.Match> found;
    synchronized (this) {
      found = index.search(image.hashes(), t.pdqDistance());
    }
    return new Answer(original, image.quality(), t, report(only(imageMatches(found, null), visible), report), null);
  }

  /** Matches a bare hash (no variants, quality unknown: not filtered). */
  public Answer matchHash(PdqHash hash, boolean report) {
    return matchHash(hash, report, c -> true);
  }

  /** {@link #matchHash(PdqHash, boolean)} over the collections {@code visible} accepts. */
  public Answer matchHash(PdqHash hash, boolean report, Predicate<String> visible) {
    HashThresholds t = thresholds();
    List<HammingIndex.Match> found;
    synchronized (this) {
      found = index.search(hash, t.pdqDistance());
    }
    return new Answer(hash, null, t, report(only(imageMatches(found, null), visible), report), null);
  }

  private synchronized List<Match> imageMatches(List<HammingIndex.Match> found, Double at) {
    Map<String, Match> best = new LinkedHashMap<>();
    for (HammingIndex.Match m : found) {
      Held h = entries.get(byNumber.get((int) (m.id() >>> FRAME_BITS)));
      if (h == null || h.entry().algorithm() != Algorithm.PDQ || !sameOwner(h)) {
        continue;
      }
      Match was = best.get(h.entry().id());
      if (was == null || m.distance() < was.distance()) {
        best.put(h.entry().id(), new Match(h, banks.get(h.entry().bankRef()), m.distance(), m.variant(), null, null,
            at, null));
      }
    }
    return new ArrayList<>(best.values());
  }

  /**
   * Matches a video: every frame of enough quality against the index (all its variants), banked images hit by a
   * frame reported with the frame's time, banked videos compared whole ({@link VideoMatcher}: both shares).
   */
  public Answer matchVideo(VideoHash video, boolean report) {
    return matchVideo(video, report, c -> true);
  }

  /** {@link #matchVideo(VideoHash, boolean)} over the collections {@code visible} accepts. */
  public Answer matchVideo(VideoHash video, boolean report, Predicate<String> visible) {
    HashThresholds t = thresholds();
    Map<String, Match> images = new LinkedHashMap<>();
    Map<String, Held> videos = new LinkedHashMap<>();
    synchronized (this) {
      for (FrameHash f : video.frames()) {
        if (f.quality() < t.pdqMinQuality()) {
          continue;
        }
        List<PdqHash> variants = new ArrayList<>();
        variants.add(f.hash());
        variants.addAll(f.variants());
        List<HammingIndex.Match> found = index.search(variants, t.frameDistance());
        for (Match m : imageMatches(found, f.seconds())) {
          images.merge(m.entry().entry().id(), m, (a, b) -> b.distance() < a.distance() ? b : a);
        }
        for (HammingIndex.Match m : found) {
          Held h = entries.get(byNumber.get((int) (m.id() >>> FRAME_BITS)));
          if (h != null && h.entry().algorithm() == Algorithm.VPDQ && sameOwner(h)) {
            videos.putIfAbsent(h.entry().id(), h);
          }
        }
      }
    }
    VideoMatcher.Thresholds vt =
        new VideoMatcher.Thresholds(t.frameDistance(), t.pdqMinQuality(), t.queryShare(), t.indexedShare());
    List<Match> out = new ArrayList<>(images.values());
    for (Held h : videos.values()) {
      VideoMatcher.Match m = VideoMatcher.match(video, videoOf(h.entry()), vt);
      if (m.matches()) {
        HeldBank b;
        synchronized (this) {
          b = banks.get(h.entry().bankRef());
        }
        out.add(new Match(h, b, -1, 0, m.queryShare(), m.indexedShare(), null, null));
      }
    }
    return new Answer(null, null, t, report(only(out, visible), report), null);
  }

  /**
   * The matches of entries held where {@code visible} accepts; a bank held where it does not (its name and category)
   * is left out as if it had not arrived.
   */
  private static List<Match> only(List<Match> matches, Predicate<String> visible) {
    return matches.stream().filter(m -> visible.test(m.entry().collection()))
        .map(m -> m.bank() == null || visible.test(m.bank().collection()) ? m
            : new Match(m.entry(), null, m.distance(), m.variant(), m.queryShare(), m.indexedShare(), m.at(),
                m.sighting()))
        .toList();
  }

  private static VideoHash videoOf(BankEntry e) {
    List<FrameHash> frames = new ArrayList<>();
    for (BankEntry.Frame f : e.frames()) {
      frames.add(new FrameHash(frames.size(), f.timestamp(), f.timestamp(), f.hash(), f.quality(), List.of()));
    }
    return new VideoHash(frames, frames.size());
  }

  /** An entry counts only if its bank (when held) has the same creator: no one adds to another party's bank. */
  private boolean sameOwner(Held h) {
    HeldBank b = banks.get(h.entry().bankRef());
    return b == null || b.bank().owner().equals(h.entry().owner());
  }

  /** {@code h} is an entry of bank {@code bankId} by the bank's creator ({@link #sameOwner}): counted and listed. */
  private boolean inBank(Held h, String bankId) {
    return h.entry().bankRef().equals(bankId) && sameOwner(h);
  }

  /** Writes a sighting for every match against a partner's entry (when asked to and a collection is set). */
  private List<Match> report(List<Match> matches, boolean report) {
    List<Match> sorted = new ArrayList<>(matches);
    sorted.sort(Comparator.comparingInt((Match m) -> m.distance() < 0 ? 0 : m.distance())
        .thenComparing(m -> m.entry().entry().id()));
    if (!report || collection == null) {
      return sorted;
    }
    List<ObjectNode> sightings = new ArrayList<>();
    List<Match> out = new ArrayList<>();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    for (Match m : sorted) {
      if (m.entry().origin().party() == null) {
        out.add(m);
        continue;
      }
      ObjectNode s = sighting(m, now);
      sightings.add(s);
      out.add(new Match(m.entry(), m.bank(), m.distance(), m.variant(), m.queryShare(), m.indexedShare(), m.at(),
          s.get("id").asText()));
    }
    if (!sightings.isEmpty()) {
      store(sightings); // sightings only: nothing for the index to read back
    }
    return out;
  }

  private ObjectNode sighting(Match m, Instant now) {
    BankEntry e = m.entry().entry();
    ObjectNode s = StixJson.mapper().createObjectNode();
    String at = Timestamps.format(now, 3);
    s.put("type", "sighting");
    s.put("spec_version", "2.1");
    s.put("id", "sighting--" + UUID.randomUUID());
    s.put("created_by_ref", identity);
    s.put("created", at);
    s.put("modified", at);
    s.put("first_seen", at);
    s.put("last_seen", at);
    s.put("count", 1);
    s.put("sighting_of_ref", e.id());
    s.putArray("where_sighted_refs").add(identity);
    s.put("description", "Content uploaded at " + party + " matched hash entry '" + e.label() + "' of "
        + (m.bank() == null ? "bank " + e.bankRef() : "bank '" + m.bank().bank().name() + "'")
        + (m.distance() >= 0 ? " at Hamming distance " + m.distance() + " (" + variantName(m.variant()) + ")"
            : " (video: " + percent(m.queryShare()) + " of the upload's frames, " + percent(m.indexedShare())
                + " of the banked video's)") + ".");
    s.putArray("object_marking_refs").add(e.tlp().v2MarkingId());
    return s;
  }

  private static String percent(Double share) {
    return String.format(Locale.ROOT, "%.0f %%", share * 100);
  }

  /** {@code original}, {@code rotate_90}, ... {@code flip_minus_1}: the reference's order. */
  public static String variantName(int variant) {
    return Dihedral.values()[variant].name().toLowerCase(Locale.ROOT);
  }

  /** The party whose identity {@code owner} is, by the rulebook in force; the identity itself when none says. */
  public String ownerParty(String owner) {
    if (owner.equals(identity)) {
      return party;
    }
    return rulebook.get().flatMap(r -> r.partyByIdentity(owner)).map(Party::id).orElse(owner);
  }

  // --------------------------------------------------------------------------------------------------- JSON

  /** A bank for the API and the command line. */
  public ObjectNode json(HeldBank b) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    Bank bank = b.bank();
    o.put("id", bank.id());
    o.put("name", bank.name());
    o.put("category", bank.category());
    o.put("tlp", bank.tlp().v2Name());
    o.put("owner", ownerParty(bank.owner()));
    o.put("owner_identity", bank.owner());
    o.put("own", b.origin().party() == null && bank.owner().equals(identity));
    if (bank.source() != null) {
      o.put("source", bank.source());
    }
    if (bank.description() != null) {
      o.put("description", bank.description());
    }
    o.put("created", Timestamps.format(bank.created(), 3));
    o.put("modified", Timestamps.format(bank.modified(), 3));
    int enabled = 0;
    int disabled = 0;
    synchronized (this) {
      for (Held h : entries.values()) {
        if (inBank(h, bank.id())) {
          if (h.entry().disabled()) {
            disabled++;
          } else {
            enabled++;
          }
        }
      }
    }
    o.put("entries", enabled);
    o.put("disabled_entries", disabled);
    o.put("collection", b.collection());
    return o;
  }

  /** An entry for the API and the command line. */
  public static ObjectNode json(BankEntry e) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("id", e.id());
    o.put("bank", e.bankRef());
    o.put("algorithm", e.algorithm().wire());
    if (e.hash() != null) {
      o.put("hash", e.hash().toHex());
    } else {
      o.put("frames", e.frames().size());
    }
    o.put("label", e.label());
    o.put("disabled", e.disabled());
    o.put("added", Timestamps.format(e.created(), 3));
    o.put("modified", Timestamps.format(e.modified(), 3));
    return o;
  }

  /**
   * A video as its frame hashes, the body {@code POST /api/hash/match} takes ({@code {"frames": [{"timestamp",
   * "hash", "quality", "variants"?}]}}; a bank entry's frames are the same list without variants): what a platform
   * sends instead of the content. With {@code variants}, each frame carries its other seven dihedral hashes when it
   * has them, so a mirrored or rotated copy matches.
   */
  public static ObjectNode framesJson(VideoHash video, boolean variants) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    ArrayNode list = o.putArray("frames");
    for (FrameHash f : video.frames()) {
      ObjectNode j = list.addObject();
      j.put("timestamp", f.seconds());
      j.put("hash", f.hash().toHex());
      j.put("quality", f.quality());
      if (variants && !f.variants().isEmpty()) {
        ArrayNode v = j.putArray("variants");
        f.variants().forEach(h -> v.add(h.toHex()));
      }
    }
    return o;
  }

  /** An answer for the API and the command line. */
  public ObjectNode json(Answer a) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    if (a.hash() != null) {
      o.put("hash", a.hash().toHex());
    }
    if (a.quality() != null) {
      o.put("quality", a.quality());
    }
    HashThresholds t = a.thresholds();
    ObjectNode th = o.putObject("thresholds");
    th.put("pdq_distance", t.pdqDistance());
    th.put("pdq_min_quality", t.pdqMinQuality());
    th.put("frame_distance", t.frameDistance());
    th.put("query_share", t.queryShare());
    th.put("indexed_share", t.indexedShare());
    if (a.note() != null) {
      o.put("note", a.note());
    }
    ArrayNode list = o.putArray("matches");
    for (Match m : a.matches()) {
      BankEntry e = m.entry().entry();
      ObjectNode j = list.addObject();
      j.put("bank", e.bankRef());
      if (m.bank() != null) {
        j.put("bank_name", m.bank().bank().name());
        j.put("category", m.bank().bank().category());
      }
      j.put("entry", e.id());
      j.put("label", e.label());
      j.put("algorithm", e.algorithm().wire());
      if (m.distance() >= 0) {
        j.put("distance", m.distance());
        j.put("variant", variantName(m.variant()));
      }
      if (m.queryShare() != null) {
        j.put("query_share", m.queryShare());
        j.put("indexed_share", m.indexedShare());
      }
      if (m.at() != null) {
        j.put("at_seconds", m.at());
      }
      j.put("owner", ownerParty(e.owner()));
      j.put("tlp", e.tlp().v2Name());
      j.put("from_partner", m.entry().origin().party() != null);
      if (m.sighting() != null) {
        j.put("sighting", m.sighting());
      }
    }
    return o;
  }
}
