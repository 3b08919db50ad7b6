-- Accord object store, sqlite dialect: the chain of hops a received version took (see org.accord.store.Origin, issue 12
-- part 2): a JSON array of {"from","to","clause"} from the originator (origin_party) to this node, written by
-- org.accord.store.OriginHops. NULL: no chain recorded (this node's own, or a version stored before chains were kept,
-- received directly from its originator by a clause not recorded). origin_party stays the ORIGINATOR, so the store's
-- one-originator-per-object rule holds whatever route a copy took.
-- Keep in step with ../postgresql/V9__origin_hops.sql.
ALTER TABLE object_versions ADD COLUMN origin_hops TEXT;
