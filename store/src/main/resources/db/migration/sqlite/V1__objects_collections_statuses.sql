-- Accord object store, SQLite dialect. Timestamps are microseconds since the Unix epoch (INTEGER), flags are 0/1.
-- Keep in step with ../postgresql/V1__objects_collections_statuses.sql: same tables, columns and indexes.

CREATE TABLE collections (
  pk              INTEGER PRIMARY KEY,
  id              TEXT    NOT NULL UNIQUE,
  alias           TEXT    UNIQUE,
  title           TEXT    NOT NULL,
  description     TEXT,
  media_types     TEXT    NOT NULL,           -- JSON array of strings
  last_date_added INTEGER NOT NULL DEFAULT 0  -- the last date_added handed out in this collection
);

-- One row per object version. The flags are maintained on every insert and delete so that the TAXII defaults
-- (the newest spec_version per object, then match[version]=last among those versions) are plain column tests that an
-- index can serve. first/last are per spec_version: a 2.0 and a 2.1 line of versions each have their own.
CREATE TABLE object_versions (
  collection_pk  INTEGER NOT NULL REFERENCES collections (pk),
  date_added     INTEGER NOT NULL,
  object_id      TEXT    NOT NULL,
  type           TEXT    NOT NULL,
  spec_version   TEXT    NOT NULL,
  version        INTEGER NOT NULL,  -- modified, else created, else the date_added of the first copy
  created        INTEGER,
  modified       INTEGER,
  media_type     TEXT    NOT NULL,
  created_by_ref TEXT,
  markings       TEXT,              -- object_marking_refs as a JSON array
  is_first       INTEGER NOT NULL,  -- earliest of the object's versions with this spec_version
  is_last        INTEGER NOT NULL,  -- latest of the object's versions with this spec_version
  is_latest_spec INTEGER NOT NULL,  -- spec_version is the object's newest spec_version in this collection
  json           TEXT    NOT NULL
);

-- Paging order of every query (TAXII 2.1 §3.5): unique, so a cursor never skips or repeats.
CREATE UNIQUE INDEX object_versions_added ON object_versions (collection_pk, date_added);
-- Duplicate detection, Get Object Versions, match[id].
CREATE UNIQUE INDEX object_versions_object ON object_versions (collection_pk, object_id, version);
-- match[type] in date_added order.
CREATE INDEX object_versions_type ON object_versions (collection_pk, type, date_added);
-- The default match[version]=last and match[version]=first pages: range scans of exactly the rows they return.
CREATE INDEX object_versions_last ON object_versions (collection_pk, date_added) WHERE is_last = 1;
CREATE INDEX object_versions_first ON object_versions (collection_pk, date_added) WHERE is_first = 1;

CREATE TABLE statuses (
  id   TEXT PRIMARY KEY,
  json TEXT NOT NULL
);
