-- Accord case objects held back, sqlite dialect (see org.accord.store.CaseRecords#hold and node/CaseExchange): a
-- request or transition a peer sent that could not be applied yet for a reason that passes (no rulebook active yet,
-- a step dated ahead of this node's clock, its request or an earlier transition not arrived yet). It is applied, in
-- sequence, once it can be, and dropped when it has waited too long. Timestamps are microseconds since the epoch.
-- Keep in step with ../postgresql/V7__case_inbox.sql: same table and columns.

CREATE TABLE case_inbox (
  peer        TEXT    NOT NULL,               -- the party whose node sent it
  object_id   TEXT    NOT NULL,               -- its STIX id
  request_id  TEXT    NOT NULL,               -- assistance-request--<uuid>
  seq         INTEGER NOT NULL,               -- the transition's number; 0 for the request itself
  collection  TEXT    NOT NULL,               -- the local collection it was sent to, where its STIX copy goes
  body        TEXT    NOT NULL,               -- the STIX object as received
  reason      TEXT    NOT NULL,               -- why it waits (the last attempt's answer)
  held_at     INTEGER NOT NULL,               -- when it was first held back, by this node's clock
  attempts    INTEGER NOT NULL,               -- how often it was tried
  PRIMARY KEY (peer, object_id)
);
CREATE INDEX case_inbox_request ON case_inbox (request_id, seq);
