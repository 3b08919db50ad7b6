package org.accord.store;

import java.util.List;
import java.util.Optional;
import org.accord.stix.StixObject;

/**
 * The node's STIX object store: collections of object versions, each version stamped with a {@code date_added} that
 * is strictly increasing within its collection, so that paging by {@code added_after} (TAXII 2.1 §3.4) never skips
 * or repeats an entry.
 *
 * <p>A version is identified by the object id plus its version timestamp ({@code modified}; {@code created} for
 * objects without {@code modified}; the {@code date_added} of the first copy for objects with neither, such as
 * SCOs). Adding a version that the collection already holds is idempotent: it is reported as a duplicate and
 * nothing changes.
 *
 * <p>Implementations are thread-safe.
 */
public interface ObjectStore extends AutoCloseable {

  /** Creates a collection; fails with {@link StoreException} when the id or alias is taken. */
  CollectionInfo createCollection(CollectionInfo collection);

  /** Creates the collection unless one with the same id exists; returns the stored one. */
  CollectionInfo ensureCollection(CollectionInfo collection);

  List<CollectionInfo> collections();

  /** Looks a collection up by id or by alias. */
  Optional<CollectionInfo> collection(String idOrAlias);

  /**
   * Adds one batch of objects to a collection in a single transaction: either every new version of the batch is
   * stored, or (on a database failure) none is. The result has one outcome per input object, in input order.
   */
  default AddResult add(String collectionId, List<StixObject> batch) {
    return add(collectionId, batch, java.util.Collections.nCopies(batch.size(), Origin.OWN));
  }

  /**
   * Adds one batch as {@link #add(String, List)} does, each object with its {@link Origin} ({@code origins} parallel
   * to {@code batch}). A duplicate keeps the origin of the copy stored first.
   */
  AddResult add(String collectionId, List<StixObject> batch, List<Origin> origins);

  /** Objects (TAXII "Get Objects"), ordered by {@code date_added} ascending. */
  Page<StoredObject> objects(String collectionId, ObjectQuery query);

  /** Manifest entries (TAXII "Get Object Manifests"), same filters and order as {@link #objects}. */
  Page<ManifestEntry> manifest(String collectionId, ObjectQuery query);

  /**
   * Versions of one object (TAXII "Get Object Versions"), ordered by {@code date_added} ascending. The query's
   * {@code ids} and {@code versions} filters are ignored.
   */
  Page<ManifestEntry> versions(String collectionId, String objectId, ObjectQuery query);

  /**
   * Deletes the versions of one object that the query's {@code versions} and {@code specVersions} filters select
   * (TAXII "Delete An Object"); returns how many versions were removed.
   */
  default int delete(String collectionId, String objectId, ObjectQuery query) {
    return delete(collectionId, objectId, query, removed -> {});
  }

  /**
   * Deletes as {@link #delete(String, String, ObjectQuery)} does, and tells {@code beforeCommit} which versions go,
   * inside the delete's transaction, before it commits (not at all when none matched): an exception it throws
   * undoes the delete and propagates. That is how a delete is recorded (the ledger) or does not happen.
   */
  int delete(String collectionId, String objectId, ObjectQuery query, BeforeDelete beforeCommit);

  /** Told which versions a delete removes, before it commits. */
  @FunctionalInterface
  interface BeforeDelete {
    /** @param removed the versions that go, whole, with their origin, in date_added order */
    void removing(List<StoredObject> removed);
  }

  /** Saves (inserts or replaces) a TAXII status resource, kept as its JSON text. */
  void putStatus(String statusId, String json);

  Optional<String> status(String statusId);

  @Override
  void close();
}
