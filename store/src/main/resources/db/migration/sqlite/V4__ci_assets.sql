-- Accord critical-infrastructure asset registry, sqlite dialect (see org.accord.store.AssetStore):
-- the address ranges and domains of the operators this node protects, with their sector and criticality, which
-- the sensor loads into its registry. The store keeps texts; the sensor validates them (CIDRs, sectors) first.
-- Timestamps are microseconds since the Unix epoch (INTEGER), like the store's date_added.
-- Keep in step with ../postgresql/V4__ci_assets.sql: same tables and columns.

CREATE TABLE ci_assets (
  id           TEXT    NOT NULL PRIMARY KEY,  -- stable id, e.g. bank-1-web
  name         TEXT    NOT NULL,
  operator     TEXT    NOT NULL,
  sector       TEXT    NOT NULL,              -- finance, energy, communications, transport, water, health, government
  criticality  INTEGER NOT NULL CHECK (criticality BETWEEN 1 AND 5),
  asset_group  TEXT    NOT NULL,              -- detection threshold group ("group" is an SQL keyword)
  updated_at   INTEGER NOT NULL
);

-- The lists keep the order they were given in (ordinal from 0), so an asset reads back as it was saved.
CREATE TABLE ci_asset_cidrs (
  asset_id     TEXT    NOT NULL REFERENCES ci_assets (id) ON DELETE CASCADE,
  ordinal      INTEGER NOT NULL,
  cidr         TEXT    NOT NULL,
  PRIMARY KEY (asset_id, ordinal)
);

CREATE TABLE ci_asset_domains (
  asset_id     TEXT    NOT NULL REFERENCES ci_assets (id) ON DELETE CASCADE,
  ordinal      INTEGER NOT NULL,
  domain       TEXT    NOT NULL,
  PRIMARY KEY (asset_id, ordinal)
);
