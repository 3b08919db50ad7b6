-- Accord object store, postgresql dialect: where each object version came from (see org.accord.store.Origin).
-- Both NULL: this node's own (produced or imported here); else the party it was received from and the agreement it
-- came under, which the egress gate needs to refuse passing a received object on without a clause of that agreement.
-- Keep in step with ../sqlite/V3__origin.sql.
ALTER TABLE object_versions ADD COLUMN origin_party TEXT;
ALTER TABLE object_versions ADD COLUMN origin_agreement TEXT;
