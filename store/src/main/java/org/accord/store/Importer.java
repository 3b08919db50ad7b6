package org.accord.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.accord.stix.BundleItem;
import org.accord.stix.BundleReader;
import org.accord.stix.Stix20;
import org.accord.stix.StixObject;
import org.accord.stix.Validator;
import org.accord.stix.Violation;

/**
 * Bulk ingest: validates objects one at a time and stores the valid ones in batches, one transaction per batch.
 *
 * <p>Design note. This is the single way objects enter a collection from outside (the {@code accord import}
 * command, TAXII "Add Objects"), so that both apply the same validation and report rejections the same way. Input
 * is streamed: only the pending batch is held in memory. A batch is stored with {@link ObjectStore#add}, which is
 * atomic and idempotent, so an import interrupted at any point can simply be run again. Rejections are kept up to
 * {@link #MAX_KEPT_REJECTIONS} (then only counted), so a huge file full of errors cannot exhaust memory; the
 * per-object {@link Stored} records a TAXII status resource lists are kept up to a bound too (the first {@code keep}),
 * so neither the importer's memory nor the status it feeds grows with the input (issue 8, finding 6). The counts in
 * the {@link Summary} are always exact.
 *
 * <p>A version the collection holds with other content under the same (id, modified) is accepted as already there
 * and counted apart, its id kept (up to a bound), so that the user hears of it ({@link AddResult.Status#CONFLICT}).
 * Objects of a bundle that declares {@code "spec_version": "2.0"} are converted to 2.1 where lossless, else
 * rejected with the reason ({@link Stix20}), before they are checked like any other object.
 *
 * <p>A caller that must record each batch before it is committed (the node's ledger records what a peer sent,
 * write-ahead, so that nothing is ever stored without its RECEIVED entry) passes a {@link BeforeCommit} hook: it runs
 * before every {@link ObjectStore#add}, and a hook that throws leaves the batch uncommitted.
 *
 * <p>What "valid" means is a {@link Check}: by default the STIX {@link Validator}'s violations (MUST rules); callers
 * with more rules (the node refuses a bundle as an object of a collection) plug in their own. A rejection keeps the
 * object's id and version text when it had them, so that a TAXII status resource can name the refused version
 * (TAXII 2.1 §4.3.2 {@code status-details}).
 *
 * <p>Not thread-safe: one importer per input.
 */
public final class Importer {
  /** Objects per transaction: large enough to amortise the commit, small enough to bound memory. */
  public static final int DEFAULT_BATCH_SIZE = 1000;

  /** Rejections kept with their reasons; further ones are only counted. */
  static final int MAX_KEPT_REJECTIONS = 10_000;

  private final ObjectStore store;
  private final Admit admit;
  private final String collectionId;
  private final int batchSize;
  private final List<StixObject> batch;
  private final List<String> batchPaths;
  private final List<Origin> batchOrigins;
  private final List<Rejection> rejections = new ArrayList<>();
  private final List<Stored> stored = new ArrayList<>();
  private final int keepStored;
  private final BeforeCommit beforeCommit;
  private String declaredSpecVersion;
  private long read;
  private long added;
  private long duplicates;
  private long conflicts;
  private final List<String> conflictIds = new ArrayList<>();
  private long rejected;

  /**
   * @param keepStored whether to keep one {@link Stored} record per stored object (TAXII status resources list
   *     them); a command-line import of millions of objects does not
   */
  public Importer(
      ObjectStore store, Validator validator, String collectionId, int batchSize, boolean keepStored) {
    this(store, Admit.of(Check.of(validator)), collectionId, batchSize, keepStored);
  }

  /**
   * @param admit decides which objects may be stored, and with which origin
   * @param keepStored as in {@link #Importer(ObjectStore, Validator, String, int, boolean)}
   */
  public Importer(ObjectStore store, Admit admit, String collectionId, int batchSize, boolean keepStored) {
    this(store, admit, collectionId, batchSize, keepStored ? Integer.MAX_VALUE : 0, BeforeCommit.NONE);
  }

  /**
   * @param keepStored how many {@link Stored} records to keep (the first ones; the rest are only counted)
   * @param beforeCommit runs before each batch is committed
   */
  public Importer(
      ObjectStore store, Admit admit, String collectionId, int batchSize, int keepStored, BeforeCommit beforeCommit) {
    this.beforeCommit = Objects.requireNonNull(beforeCommit, "beforeCommit");
    if (keepStored < 0) {
      throw new IllegalArgumentException("keepStored must not be negative, was " + keepStored);
    }
    this.store = Objects.requireNonNull(store, "store");
    this.admit = Objects.requireNonNull(admit, "admit");
    this.collectionId = Objects.requireNonNull(collectionId, "collectionId");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
    }
    this.batchSize = batchSize;
    this.keepStored = keepStored;
    this.batch = new ArrayList<>(batchSize);
    this.batchPaths = new ArrayList<>(batchSize);
    this.batchOrigins = new ArrayList<>(batchSize);
  }

  /**
   * The spec_version the input's bundle declares, for the objects that follow: {@code "2.0"} makes the objects
   * without a spec_version of their own STIX 2.0 objects, converted to 2.1 where lossless ({@link Stix20}) and
   * rejected with the reason otherwise.
   */
  public void declareSpecVersion(String specVersion) {
    this.declaredSpecVersion = specVersion;
  }

  /** Validates one input item and stores it (with its batch) when valid. */
  public void accept(String path, JsonNode node) {
    read++;
    if (!(node instanceof ObjectNode object)
        || !object.path("id").isTextual()
        || !object.path("type").isTextual()) {
      String id = node.path("id").isTextual() ? node.path("id").asText() : null;
      reject(path, id, versionText(node), "not a STIX object: it needs string 'type' and 'id' properties");
      return;
    }
    if ("2.0".equals(declaredSpecVersion) && !object.has("spec_version")) {
      Stix20.Conversion c = Stix20.toStix21(object);
      if (c instanceof Stix20.Conversion.Refused r) {
        reject(path, object.get("id").asText(), versionText(object), r.reason());
        return;
      }
      object = ((Stix20.Conversion.Converted) c).object();
    }
    Admission admission = admit.admit(object, path);
    if (!admission.admitted()) {
      reject(
          path,
          object.get("id").asText(),
          versionText(object),
          admission.violations().stream().map(Violation::toString).collect(Collectors.joining("; ")));
      return;
    }
    batch.add(StixObject.adopt(object));
    batchPaths.add(path);
    batchOrigins.add(admission.origin());
    if (batch.size() >= batchSize) {
      flush();
    }
  }

  /** Counts an item that could not even be read (malformed JSON) as rejected. */
  public void malformed(String path, String reason) {
    read++;
    reject(path, null, null, reason);
  }

  /** Stores the pending batch, if any. */
  public void flush() {
    if (batch.isEmpty()) {
      return;
    }
    beforeCommit.run();
    AddResult result = store.add(collectionId, batch, batchOrigins);
    for (int i = 0; i < result.outcomes().size(); i++) {
      AddResult.Outcome o = result.outcomes().get(i);
      if (o.status() == AddResult.Status.REFUSED) { // the store's originator rule: a rejection like any other
        reject(batchPaths.get(i), o.id(), versionText(batch.get(i).jsonView()), o.reason());
        continue;
      }
      if (o.status() == AddResult.Status.ADDED) {
        added++;
      } else if (o.status() == AddResult.Status.CONFLICT) { // accepted (already there), but the user must hear of it
        conflicts++;
        if (conflictIds.size() < MAX_KEPT_REJECTIONS) {
          conflictIds.add(o.id());
        }
      } else {
        duplicates++;
      }
      if (stored.size() < keepStored) {
        stored.add(new Stored(batchPaths.get(i), o));
      }
    }
    batch.clear();
    batchPaths.clear();
    batchOrigins.clear();
  }

  /** Stores what is pending and returns the totals. */
  public Summary finish() {
    flush();
    return summary();
  }

  /** The totals so far (objects still pending in the batch are counted as read only). */
  public Summary summary() {
    return new Summary(
        read,
        added,
        duplicates,
        conflicts,
        rejected,
        List.copyOf(conflictIds),
        List.copyOf(rejections),
        List.copyOf(stored));
  }

  /**
   * Reads a whole bundle, bare object or JSON-lines stream and imports it; {@code progress} is called after each
   * stored batch.
   *
   * @throws IOException when the input cannot be read; what was stored before stays stored
   */
  public Summary importStream(InputStream input, Consumer<Summary> progress) throws IOException {
    try (BundleReader reader = BundleReader.open(input)) {
      while (reader.hasNext()) {
        BundleItem item = reader.next();
        long before = added + duplicates + conflicts;
        if (item instanceof BundleItem.Parsed p) {
          declareSpecVersion(reader.declaredSpecVersion().orElse(null));
          accept(p.path(), p.object());
        } else if (item instanceof BundleItem.Malformed m) {
          malformed(m.path(), m.toString());
        }
        if (added + duplicates + conflicts != before) {
          progress.accept(summary());
        }
      }
      for (Violation v : reader.envelopeReport().violations()) {
        rejected++;
        keep(new Rejection(v.path(), null, null, v.toString()));
      }
    }
    Summary done = finish();
    progress.accept(done);
    return done;
  }

  private void reject(String path, String id, String version, String reason) {
    rejected++;
    keep(new Rejection(path, id, version, reason));
  }

  /**
   * The version an object states for itself: {@code modified}, else {@code created} (STIX 2.1 §3.2), as written;
   * null when it has neither (SCOs) or the item is not an object.
   */
  private static String versionText(JsonNode node) {
    for (String property : new String[] {"modified", "created"}) {
      if (node.path(property).isTextual()) {
        return node.path(property).asText();
      }
    }
    return null;
  }

  private void keep(Rejection r) {
    if (rejections.size() < MAX_KEPT_REJECTIONS) {
      rejections.add(r);
    }
  }

  /**
   * Totals of an import.
   *
   * @param read items read from the input
   * @param added new versions stored
   * @param duplicates versions the collection already held (idempotent re-delivery)
   * @param conflicts versions whose (id, modified) the collection already held with other content: accepted as
   *     already there, the stored one kept ({@link AddResult.Status#CONFLICT})
   * @param rejected items refused (malformed, invalid, or refused by the store: another originator's object)
   * @param conflictIds the ids of the first {@link #MAX_KEPT_REJECTIONS} conflicts
   * @param rejections the first {@link #MAX_KEPT_REJECTIONS} refusals with their reasons
   * @param stored one entry per stored object, as far as the importer keeps them (the first ones)
   */
  public record Summary(
      long read,
      long added,
      long duplicates,
      long conflicts,
      long rejected,
      List<String> conflictIds,
      List<Rejection> rejections,
      List<Stored> stored) {
    public long accepted() {
      return added + duplicates + conflicts;
    }
  }

  /**
   * One refused item.
   *
   * @param path where it was in the input ({@code $.objects[3]}, {@code line 8})
   * @param id its STIX id when it had one, else null
   * @param version its {@code modified} (else {@code created}) text when it had one, else null
   * @param reason why it was refused: the broken rules, or the JSON error
   */
  public record Rejection(String path, String id, String version, String reason) {}

  /**
   * Decides whether one object may be stored: an empty list means yes; otherwise the violations become the
   * rejection's reason.
   */
  @FunctionalInterface
  public interface Check {
    List<Violation> violations(ObjectNode object, String path);

    /** The STIX validator's violations (MUST rules); its warnings (SHOULD rules) do not reject. */
    static Check of(Validator validator) {
      Objects.requireNonNull(validator, "validator");
      return (object, path) -> validator.validate(object, path).violations();
    }
  }

  /**
   * Decides whether one object may be stored and with which {@link Origin}: a TAXII POST by a peer party stores what
   * the rulebook let that party send, as received from it.
   */
  @FunctionalInterface
  public interface Admit {
    Admission admit(ObjectNode object, String path);

    /** {@code check}'s verdict; admitted objects are this node's own. */
    static Admit of(Check check) {
      Objects.requireNonNull(check, "check");
      return (object, path) -> {
        List<Violation> violations = check.violations(object, path);
        return violations.isEmpty() ? Admission.own() : Admission.refused(violations);
      };
    }
  }

  /** Runs before each batch is committed; throwing leaves the batch uncommitted (and fails the import). */
  @FunctionalInterface
  public interface BeforeCommit {
    BeforeCommit NONE = () -> {};

    void run();
  }

  /** One stored (or already present) object version, with where it was in the input. */
  public record Stored(String path, AddResult.Outcome outcome) {}
}
