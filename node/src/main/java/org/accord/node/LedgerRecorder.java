package org.accord.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.accord.ledger.Entry;
import org.accord.ledger.EntryKind;
import org.accord.ledger.Ledger;
import org.accord.ledger.ObjectRef;
import org.accord.store.Origin;
import org.accord.taxii.TransferListener;
import org.accord.taxii.WireChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every transfer with a peer to the node's ledger: SENT with the clauses that released the objects, RECEIVED
 * with what arrived, both with the payload hash of the exact bytes on the wire (see {@link TransferListener} for who
 * records when). A transfer that cannot be recorded does not happen: the append's failure propagates, so a page is
 * not served and an envelope not posted without its SENT entry on disk. Refused versions are logged, not ledgered:
 * the ledger is the record of what crossed and was accepted or let out. Deletes by this node's users are DELETED
 * entries, written before the delete commits (a delete that cannot be recorded is undone).
 *
 * <h2>Design note</h2>
 *
 * <p><b>Bounded entries</b> (issue 8, finding 6). A transfer is cut, in wire order, into records of at most {@code
 * objectsPerEntry} versions ({@link TransferListener#VERSIONS_PER_RECORD}), appended together with one flush
 * ({@link Ledger#appendAll}): no ledger line grows with a request body, and the receiving end, which cuts at the same
 * places, records the same records.
 *
 * <p><b>Each hop</b> (issue 12, part 2). A passed-on object crosses with its provenance chain ({@link WireChain});
 * the entry's clause text names the distinct chains of its versions after the clauses ({@link #withChains}), so the
 * SENT and the RECEIVED of a pass-on both record the originator and every hop with its clause. The payload hash is
 * of the wire bytes, chain included, at both ends, so reconciliation pairs them as any other transfer.
 *
 * <p><b>No flooding</b> (finding 7b). A peer that polls the same page a thousand times would otherwise add a thousand
 * signed entries. A record is written only when the ledger does not already hold the same one: same direction,
 * party, clauses and versions (the payload hash is left out: the same page can carry another {@code next} token).
 * Both ends apply the same rule, so their ledgers still pair up entry for entry. The memory of what was recorded is
 * a bounded LRU of digests, rebuilt from the ledger at start; a record evicted from it is simply written again
 * (over-recording is harmless, under-recording is not). The check and the append happen under one lock per party, so
 * two concurrent polls of one page cannot both skip the entry, and neither returns before the entry is on disk:
 * the data still leaves only after its SENT is durable.
 */
final class LedgerRecorder implements TransferListener {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerRecorder.class);

  /** Records remembered for the no-flooding check: ~100 bytes each, so ~10 MB at most. */
  static final int REMEMBERED = 100_000;

  private final Ledger ledger;
  private final int objectsPerEntry;
  private final Map<String, Boolean> recorded;
  private final ConcurrentHashMap<String, Object> partyLocks = new ConcurrentHashMap<>();

  LedgerRecorder(Ledger ledger) {
    this(ledger, VERSIONS_PER_RECORD, REMEMBERED);
  }

  /**
   * @param objectsPerEntry most versions per entry (tests scale it down)
   * @param remembered records remembered for the no-flooding check
   */
  LedgerRecorder(Ledger ledger, int objectsPerEntry, int remembered) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    if (objectsPerEntry < 1 || objectsPerEntry > Entry.MAX_OBJECTS) {
      throw new IllegalArgumentException(
          "objects per entry must be in 1.." + Entry.MAX_OBJECTS + " (the ledger's limit), was " + objectsPerEntry);
    }
    this.objectsPerEntry = objectsPerEntry;
    this.recorded =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > remembered;
          }
        };
    try {
      ledger.replay(
          e -> {
            if (e.kind() == EntryKind.SENT || e.kind() == EntryKind.RECEIVED) {
              recorded.put(key(e.kind(), e.counterparty(), e.clauseId(), e.objects()), Boolean.TRUE);
            }
            return true;
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ledger back: " + e.getMessage(), e);
    }
  }

  @Override
  public void transferred(Transfer t) {
    List<ObjectRef> objects = new ArrayList<>(t.versions().size());
    List<List<Origin.Hop>> chains = new ArrayList<>(t.versions().size());
    for (VersionRef v : t.versions()) {
      if (!v.id().isEmpty()) {
        objects.add(recordable(v));
        chains.add(v.chain());
      }
    }
    if (objects.isEmpty()) {
      return; // nothing crossed that an entry could name (an empty page)
    }
    EntryKind kind = t.direction() == Direction.SENT ? EntryKind.SENT : EntryKind.RECEIVED;
    String clauses = t.clauses().isEmpty() ? null : String.join(",", t.clauses());
    synchronized (partyLocks.computeIfAbsent(t.party(), p -> new Object())) {
      List<Entry.Draft> drafts = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      for (int from = 0; from < objects.size(); from += objectsPerEntry) {
        int to = Math.min(objects.size(), from + objectsPerEntry);
        List<ObjectRef> chunk = objects.subList(from, to);
        String clauseText = withChains(clauses, chains.subList(from, to));
        String key = key(kind, t.party(), clauseText, chunk);
        if (!seen(key) && !keys.contains(key)) {
          keys.add(key);
          drafts.add(
              kind == EntryKind.SENT
                  ? Entry.Draft.sent(t.party(), chunk, clauseText, t.sha256())
                  : Entry.Draft.received(t.party(), chunk, clauseText, t.sha256()));
        }
      }
      if (drafts.isEmpty()) {
        return; // every record of this transfer is already in the ledger
      }
      try {
        ledger.appendAll(drafts);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot record the transfer with " + t.party() + " in the ledger", e);
      }
      synchronized (recorded) {
        keys.forEach(k -> recorded.put(k, Boolean.TRUE));
      }
    }
  }

  /**
   * The entry's clause text: the clauses that released the versions (SENT), then, when some were passed on, the
   * distinct chains they crossed with, in wire order: {@code "A1.S1.F1; chain cn → us by A1.S1"}. A chain is the
   * hops before this transfer (from the originator to the sender); the entry itself is the next hop, its counterparty
   * and, in the SENT entry, its clause. Both ends read the chain from the same wire copy ({@link VersionRef#of}), so
   * the SENT and RECEIVED entries name the same chains. Bounded by the ledger's text limit: chains that do not fit
   * are counted and summarised by the SHA-256 of all of them.
   */
  static String withChains(String clauses, List<List<Origin.Hop>> chains) {
    java.util.LinkedHashSet<String> distinct = new java.util.LinkedHashSet<>();
    for (List<Origin.Hop> c : chains) {
      if (!c.isEmpty()) {
        distinct.add(WireChain.render(c));
      }
    }
    if (distinct.isEmpty()) {
      return clauses;
    }
    StringBuilder text = new StringBuilder(clauses == null ? "" : clauses + "; ");
    int room = Entry.MAX_TEXT - 120; // what a summary of the rest takes at most
    int written = 0;
    for (String c : distinct) {
      if (text.length() + "chain ".length() + c.length() + 2 > room) {
        break;
      }
      text.append(written == 0 ? "" : "; ").append("chain ").append(c);
      written++;
    }
    if (written < distinct.size()) {
      text.append(written == 0 ? "" : "; ").append("+").append(distinct.size() - written)
          .append(" more chains, all: sha256 ").append(sha256(String.join("\n", distinct)));
    }
    return text.toString();
  }

  private boolean seen(String key) {
    synchronized (recorded) {
      return recorded.get(key) != null;
    }
  }

  /**
   * The version as an entry can name it. A peer may post anything as an id or a version (the RECEIVED names refused
   * objects too); what an entry cannot hold (too long, control characters) is named by its SHA-256 instead, so a
   * crafted id can neither break the record nor stop the transfer from being recorded.
   */
  private static ObjectRef recordable(VersionRef v) {
    String id = v.id().length() <= Entry.MAX_OBJECT_ID ? v.id() : null;
    String version = v.version().isEmpty() ? null : v.version();
    if (version != null && version.length() > Entry.MAX_OBJECT_VERSION) {
      version = "sha256:" + sha256(version).substring(0, Entry.MAX_OBJECT_VERSION - 7);
    }
    try {
      return new ObjectRef(id != null ? id : "sha256:" + sha256(v.id()), version);
    } catch (IllegalArgumentException e) {
      return new ObjectRef("sha256:" + sha256(v.id()), version == null ? null : "sha256:" + sha256(version));
    }
  }

  /** A digest of one record: direction, party, clauses, and the versions in the order they crossed. */
  private static String key(EntryKind kind, String party, String clauses, List<ObjectRef> objects) {
    MessageDigest d = TransferListener.sha256();
    update(d, kind.name());
    update(d, party);
    update(d, clauses == null ? "" : clauses);
    for (ObjectRef o : objects) {
      update(d, o.id());
      update(d, o.version() == null ? "" : o.version());
    }
    return Base64.getEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(d.digest(), 16));
  }

  private static void update(MessageDigest d, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    d.update((byte) (b.length >>> 24));
    d.update((byte) (b.length >>> 16));
    d.update((byte) (b.length >>> 8));
    d.update((byte) b.length);
    d.update(b);
  }

  private static String sha256(String s) {
    return TransferListener.sha256Hex(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A delete by one of this node's users, recorded before it commits; a failure to record undoes it. */
  @Override
  public void deleted(Deletion d) {
    List<ObjectRef> objects = new ArrayList<>(d.versions().size());
    for (VersionRef v : d.versions()) {
      objects.add(new ObjectRef(v.id(), v.version().isEmpty() ? null : v.version()));
    }
    try {
      ledger.append(Entry.Draft.deleted(d.user(), d.localCollection(), objects, d.sha256()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the delete in collection " + d.localCollection(), e);
    }
  }

  @Override
  public void rejected(Rejection r) {
    LOG.warn("{} {} {}@{} not accepted: {}", r.direction(), r.party(), r.version().id(), r.version().version(),
        r.reason());
  }
}
