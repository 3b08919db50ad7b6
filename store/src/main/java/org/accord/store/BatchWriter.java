package org.accord.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.accord.stix.Jcs;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;

/**
 * Writes one batch into one collection, inside the caller's transaction, which already holds the collection's write
 * lock.
 *
 * <p>Round trips: one lookup per {@value #LOOKUP_CHUNK} distinct ids (the versions the collection already holds of
 * the batch's objects), then one batched UPDATE for the flags of older versions that change and one batched INSERT
 * for the new versions. Duplicates and first/last flags are decided in memory from the lookup, so a duplicate
 * inside the same batch is recognised too.
 *
 * <p><b>Conflicts.</b> A version whose (id, version timestamp) the collection already holds is a duplicate only when
 * its content is the same (RFC 8785 canonical JSON, so key order and whitespace do not count); with other content it
 * is a {@link AddResult.Status#CONFLICT}: the stored one is kept (STIX 2.1 §3.6: a changed object takes a new
 * {@code modified}), nothing is written, and the caller learns that the originator made two objects under one
 * version. The lookup returns the JSON only of the stored versions whose version timestamp the batch brings (and of
 * unversioned rows), so a batch of new versions reads no more than before and an object with a long history does not
 * have all its versions read; an exact copy of the stored text is recognised without parsing it.
 *
 * <p>date_added: {@code max(now, previous + 1µs)}, so it is strictly increasing within the collection whatever the
 * clock does (frozen, or set back), and unique, which TAXII paging by added_after needs (TAXII 2.1 §3.5).
 *
 * <p><b>One originator per object.</b> A new version of an object that has versions (an SDO, SRO, marking
 * definition: anything with {@code created} or {@code modified}) is refused when the versions stored of the same id,
 * in any collection of the store, come from another originator ({@link Origin#party()}, null for this node's own), or
 * name another {@code created_by_ref}: STIX 2.1 §3.6 lets only an object's creator make new versions of it, and
 * {@code created_by_ref} does not change between versions. Without this a peer could post a newer version of this
 * node's indicator (with {@code created_by_ref} dropped, changed or kept) and it would become the latest, and an own
 * user could rewrite what a peer sent. The check reads the stored versions in the same transaction as the insert,
 * under the store's object write lock ({@link Dialect#lockObjectWrites()}), so two concurrent writers of a new id
 * cannot both pass it. Objects without versions (SCOs, STIX 2.1 §6) have no creator and a deterministic id that any
 * party derives from the value (§2.9): two parties may hold the same observable, and a refusal would tell a peer
 * that this node holds it; they are exempt.
 */
final class BatchWriter {
  /** Ids per lookup query: well below every database's bind-variable limit. */
  private static final int LOOKUP_CHUNK = 500;

  private static final String INSERT =
      "INSERT INTO object_versions (collection_pk, date_added, object_id, type, spec_version, version, created,"
          + " modified, media_type, created_by_ref, markings, is_first, is_last, is_latest_spec, json, origin_party,"
          + " origin_agreement, origin_hops) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String UPDATE_FLAGS =
      "UPDATE object_versions SET is_first = ?, is_last = ?, is_latest_spec = ?"
          + " WHERE collection_pk = ? AND object_id = ? AND version = ?";

  private final Connection connection;
  private final long collectionPk;
  private long lastDateAdded;

  BatchWriter(Connection connection, long collectionPk, long lastDateAdded) {
    this.connection = connection;
    this.collectionPk = collectionPk;
    this.lastDateAdded = lastDateAdded;
  }

  /** The last date_added handed out, to be saved on the collection row. */
  long lastDateAdded() {
    return lastDateAdded;
  }

  AddResult write(List<StixObject> batch, List<Origin> origins, long nowMicros) throws SQLException {
    Map<String, Lineage> lineages = new LinkedHashMap<>();
    Map<String, List<VersionRow>> versions = loadExisting(batch, lineages);
    List<AddResult.Outcome> outcomes = new ArrayList<>(batch.size());
    Map<String, List<VersionRow>> touched = new LinkedHashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      StixObject object = batch.get(i);
      List<VersionRow> known = versions.get(object.id());
      Optional<VersionRow> duplicate = findDuplicate(known, object);
      if (duplicate.isPresent()) {
        VersionRow d = duplicate.get();
        if (object.version().isPresent() && !sameContent(d, object)) {
          // Another originator's different copy is refused as any version of theirs would be, not a conflict.
          String creator = object.text("created_by_ref").orElse(null);
          String refusal = lineages.get(object.id()).refusal(object.id(), origins.get(i), creator);
          outcomes.add(
              refusal != null
                  ? AddResult.Outcome.refused(object.id(), object.version().get(), refusal)
                  : conflict(object, d));
        } else {
          outcomes.add(outcome(object, d, AddResult.Status.DUPLICATE));
        }
        continue;
      }
      Lineage lineage = lineages.get(object.id());
      String creator = object.text("created_by_ref").orElse(null);
      String refusal = object.version().isPresent() ? lineage.refusal(object.id(), origins.get(i), creator) : null;
      if (refusal != null) {
        outcomes.add(AddResult.Outcome.refused(object.id(), object.version().orElse(null), refusal));
        continue;
      }
      lineage.add(origins.get(i).party(), creator);
      long dateAdded = Math.max(nowMicros, lastDateAdded + 1);
      lastDateAdded = dateAdded;
      long version = object.version().map(Micros::of).orElse(dateAdded);
      VersionRow row = new VersionRow(version, object.specVersion(), dateAdded, null, object);
      row.origin = origins.get(i);
      known.add(row);
      touched.put(object.id(), known);
      outcomes.add(outcome(object, row, AddResult.Status.ADDED));
    }
    store(touched);
    return new AddResult(outcomes);
  }

  private static AddResult.Outcome outcome(StixObject object, VersionRow row, AddResult.Status status) {
    return new AddResult.Outcome(
        object.id(), Micros.toInstant(row.version), status, Micros.toInstant(row.dateAdded));
  }

  private static AddResult.Outcome conflict(StixObject object, VersionRow row) {
    return new AddResult.Outcome(
        object.id(),
        Micros.toInstant(row.version),
        AddResult.Status.CONFLICT,
        Micros.toInstant(row.dateAdded),
        "the collection already holds " + object.id() + " at this modified with other content; the first is kept"
            + " (STIX 2.1 §3.6: a changed object needs a new modified)");
  }

  /**
   * The version of {@code object} that the collection already holds: same version timestamp; for an unversioned
   * object (no modified, no created) a copy with equal JSON.
   */
  private static Optional<VersionRow> findDuplicate(List<VersionRow> known, StixObject object) {
    Optional<Instant> version = object.version();
    for (VersionRow r : known) {
      if (version.isPresent()) {
        if (r.version == Micros.of(version.get())) {
          return Optional.of(r);
        }
      } else if (sameUnversionedCopy(r, object)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  private static boolean sameUnversionedCopy(VersionRow r, StixObject object) {
    if (r.added != null) {
      return r.added.version().isEmpty() && r.added.equals(object);
    }
    return r.storedJson != null && sameContent(r, object);
  }

  /**
   * Whether {@code r} holds the same object as {@code object}: equal RFC 8785 canonical JSON, so member order,
   * spacing and number spelling ({@code 1.0}, {@code 1}) do not make a different object.
   */
  private static boolean sameContent(VersionRow r, StixObject object) {
    if (r.added != null) {
      return Jcs.canonicalize(r.added.jsonView()).equals(Jcs.canonicalize(object.jsonView()));
    }
    if (r.storedJson == null) {
      throw new StoreException("the stored JSON of a repeated version of " + object.id() + " was not read");
    }
    if (r.storedJson.equals(object.toJson())) {
      return true; // the same text (a re-import of the same file): no need to parse and canonicalise
    }
    try {
      return Jcs.canonicalize(StixJson.mapper().readTree(r.storedJson)).equals(Jcs.canonicalize(object.jsonView()));
    } catch (JsonProcessingException e) {
      throw new StoreException("stored JSON does not parse", e);
    }
  }

  /**
   * The versions this collection holds of the batch's objects, and (into {@code lineages}) the originators and
   * creators of every version the store holds of them, in any collection. One query per chunk: the (collection,
   * object id) index is probed once per collection and id.
   */
  private Map<String, List<VersionRow>> loadExisting(List<StixObject> batch, Map<String, Lineage> lineages)
      throws SQLException {
    Map<String, List<VersionRow>> byId = new LinkedHashMap<>();
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (StixObject o : batch) {
      ids.add(o.id());
      byId.computeIfAbsent(o.id(), k -> new ArrayList<>());
      lineages.computeIfAbsent(o.id(), k -> new Lineage());
    }
    List<String> all = new ArrayList<>(ids);
    Map<String, Set<Long>> batchVersions = new LinkedHashMap<>();
    for (StixObject o : batch) {
      o.version().ifPresent(v -> batchVersions.computeIfAbsent(o.id(), k -> new LinkedHashSet<>()).add(Micros.of(v)));
    }
    for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK));
      Set<Long> stamps = new LinkedHashSet<>(); // the versions the chunk brings: their stored JSON is compared
      for (String id : chunk) {
        stamps.addAll(batchVersions.getOrDefault(id, Set.of()));
      }
      // Beyond LOOKUP_CHUNK versions (a huge batch of many versions of few ids), the JSON of every row of the chunk's
      // ids in this collection is returned instead: bind variables stay bounded.
      boolean allJson = stamps.size() > LOOKUP_CHUNK;
      String repeated =
          allJson ? " OR 1 = 1"
              : stamps.isEmpty() ? ""
              : " OR version IN (" + String.join(", ", Collections.nCopies(stamps.size(), "?")) + ")";
      if (allJson) {
        stamps.clear();
      }
      String sql =
          "SELECT object_id, version, spec_version, date_added, is_first, is_last, is_latest_spec,"
              + " CASE WHEN collection_pk = ? AND (created IS NULL AND modified IS NULL" + repeated + ") THEN json END,"
              + " collection_pk, origin_party, created_by_ref"
              + " FROM object_versions WHERE collection_pk IN (SELECT pk FROM collections) AND object_id IN ("
              + String.join(", ", Collections.nCopies(chunk.size(), "?"))
              + ")";
      try (PreparedStatement ps = connection.prepareStatement(sql)) {
        int at = 1;
        ps.setLong(at++, collectionPk);
        for (long v : stamps) {
          ps.setLong(at++, v);
        }
        for (String id : chunk) {
          ps.setString(at++, id);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String id = rs.getString(1);
            lineages.get(id).add(rs.getString(10), rs.getString(11));
            if (rs.getLong(9) != collectionPk) {
              continue;
            }
            VersionRow r = new VersionRow(rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getString(8), null);
            r.storedFirst = rs.getInt(5) == 1;
            r.storedLast = rs.getInt(6) == 1;
            r.storedLatestSpec = rs.getInt(7) == 1;
            byId.get(id).add(r);
          }
        }
      }
    }
    return byId;
  }

  /**
   * Who originated and who created the versions the store holds of one object (null stands for this node's own
   * and for a version without {@code created_by_ref}).
   */
  private static final class Lineage {
    private final Set<String> originators = new HashSet<>();
    private final Set<String> creators = new HashSet<>();

    void add(String originParty, String createdByRef) {
      originators.add(originParty);
      creators.add(createdByRef);
    }

    /**
     * Why a new version from {@code origin} naming {@code creator} may not join the stored ones; null when it may.
     * The reason names no stored originator or creator: it goes back to whoever posted, possibly a peer.
     */
    String refusal(String id, Origin origin, String creator) {
      if (originators.isEmpty()) {
        return null;
      }
      if (!originators.equals(Collections.singleton(origin.party()))) {
        return "a new version of " + id + " from " + (origin.isOwn() ? "this node" : origin.party())
            + ", but its stored versions come from another originator: only an object's originator may add versions"
            + " of it (STIX 2.1 §3.6)";
      }
      if (!creators.equals(Collections.singleton(creator))) {
        return "a new version of " + id + " whose created_by_ref "
            + (creator == null ? "is missing" : "is " + creator)
            + ", unlike its stored versions: created_by_ref does not change between versions (STIX 2.1 §3.6)";
      }
      return null;
    }
  }

  private void store(Map<String, List<VersionRow>> touched) throws SQLException {
    if (touched.isEmpty()) {
      return;
    }
    try (PreparedStatement update = connection.prepareStatement(UPDATE_FLAGS);
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      int updates = 0;
      for (Map.Entry<String, List<VersionRow>> e : touched.entrySet()) {
        VersionRow.computeFlags(e.getValue());
        for (VersionRow r : e.getValue()) {
          if (r.added != null) {
            bindInsert(insert, r);
            insert.addBatch();
          } else if (r.flagsChanged()) {
            bindFlags(update, 1, r);
            update.setLong(4, collectionPk);
            update.setString(5, e.getKey());
            update.setLong(6, r.version);
            update.addBatch();
            updates++;
          }
        }
      }
      if (updates > 0) {
        update.executeBatch();
      }
      insert.executeBatch();
    }
  }

  static void bindFlags(PreparedStatement ps, int at, VersionRow r) throws SQLException {
    ps.setInt(at, r.first ? 1 : 0);
    ps.setInt(at + 1, r.last ? 1 : 0);
    ps.setInt(at + 2, r.latestSpec ? 1 : 0);
  }

  private void bindInsert(PreparedStatement ps, VersionRow r) throws SQLException {
    StixObject o = r.added;
    ps.setLong(1, collectionPk);
    ps.setLong(2, r.dateAdded);
    ps.setString(3, o.id());
    ps.setString(4, o.type());
    ps.setString(5, r.specVersion);
    ps.setLong(6, r.version);
    setMicros(ps, 7, o.created());
    setMicros(ps, 8, o.modified());
    ps.setString(9, mediaType(r.specVersion));
    ps.setString(10, o.text("created_by_ref").orElse(null));
    ps.setString(11, markings(o));
    bindFlags(ps, 12, r);
    ps.setString(15, o.toJson());
    ps.setString(16, r.origin.party());
    ps.setString(17, r.origin.agreement());
    ps.setString(18, OriginHops.toColumn(r.origin.hops()));
  }

  /** The media type of a STIX version (TAXII 2.1 §1.6.8): {@code application/stix+json;version=<spec_version>}. */
  static String mediaType(String specVersion) {
    return "application/stix+json;version=" + specVersion;
  }

  private static void setMicros(PreparedStatement ps, int at, Optional<Instant> value) throws SQLException {
    if (value.isPresent()) {
      ps.setLong(at, Micros.of(value.get()));
    } else {
      ps.setNull(at, Types.BIGINT);
    }
  }

  private static String markings(StixObject o) {
    JsonNode refs = o.jsonView().get("object_marking_refs");
    if (refs == null || !refs.isArray()) {
      return null;
    }
    try {
      return StixJson.mapper().writeValueAsString(refs);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise object_marking_refs of " + o.id(), e);
    }
  }
}
