-- Accord case delivery, sqlite dialect (see org.accord.store.CaseRecords and node/CaseExchange). case_inbox: a
-- request or transition a peer sent that could not be applied yet for a reason that passes (no rulebook active yet,
-- a step dated ahead of this node's clock, its request or an earlier transition not arrived yet); it is applied, in
-- sequence, once it can be, and dropped when it has waited too long. case_deliveries: what went wrong with the
-- delivery of this node's own case objects. Timestamps are microseconds since the Unix epoch.
-- Keep in step with ../postgresql/V7__case_delivery.sql: same tables and columns.

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

-- What this node knows of the delivery of its own case objects that did not go well, one line per step of a request
-- (0: the request itself), shown with the request: not published (the store refused this node's own copy; it is
-- published again at the next tick), or held back or refused by the peer (its TAXII status said so, with the reason).
-- A line goes once the peer's next step shows that the peer holds the step.
CREATE TABLE case_deliveries (
  request_id  TEXT    NOT NULL,
  seq         INTEGER NOT NULL,               -- the step; 0 for the request itself
  peer        TEXT    NOT NULL,               -- the party it is for
  outcome     TEXT    NOT NULL,               -- unpublished, held or refused
  reason      TEXT    NOT NULL,
  at          INTEGER NOT NULL,               -- when this node learnt it, by its clock
  PRIMARY KEY (request_id, seq)
);
