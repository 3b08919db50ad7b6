-- Accord federation state, sqlite dialect: where each pull from and push to a peer stands,
-- so that a restart of either node resumes without losing or repeating more than one page (the store
-- dedups that page). Timestamps are microseconds since the Unix epoch (INTEGER), like the store's date_added.
-- Keep in step with ../postgresql/V2__federation.sql: same tables and columns.

-- Pull: the X-TAXII-Date-Added-Last of the last page stored (TAXII 2.1 §3.2, §3.5), sent back as added_after.
CREATE TABLE federation_pull_cursors (
  peer              TEXT    NOT NULL,  -- the peer's party name
  api_root          TEXT    NOT NULL,  -- the peer's API root URL
  collection_id     TEXT    NOT NULL,  -- the peer's collection
  date_added_last   INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  PRIMARY KEY (peer, api_root, collection_id)
);

-- Push: the local date_added of the last version the peer confirmed (status resource, TAXII 2.1 §4.3).
CREATE TABLE federation_push_positions (
  peer              TEXT    NOT NULL,
  local_collection  TEXT    NOT NULL,  -- the local collection id
  api_root          TEXT    NOT NULL,  -- the peer's API root URL
  collection_id     TEXT    NOT NULL,  -- the peer's collection
  date_added_last   INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  PRIMARY KEY (peer, local_collection, api_root, collection_id)
);
