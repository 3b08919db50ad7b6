-- Accord ledger head anchor, postgresql dialect: the node's ledger head (its seq and hash, signed with the node's key, as
-- checkpoint JSON), kept in the database as well as beside the ledger file, so that a ledger cut or emptied, or
-- deleted together with its head file, is still noticed at start (issue 8, finding 7c). With PostgreSQL the anchor
-- is off the node's machine altogether. The store keeps the text; the ledger module checks it.
-- Keep in step with ../sqlite/V5__ledger_heads.sql: same table and columns.

CREATE TABLE ledger_heads (
  party       TEXT   NOT NULL PRIMARY KEY,  -- the node's party: the ledger's owner
  head        TEXT   NOT NULL,              -- a signed checkpoint, canonical JSON
  updated_at  BIGINT NOT NULL               -- microseconds since the Unix epoch
);
