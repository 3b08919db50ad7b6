-- Accord mutual-assistance requests, sqlite dialect (see org.accord.store.CaseRecords and the cases module): the
-- requests, every transition of their lifecycle, the deadlines the rulebook's obligations set when a request is
-- received, each miss of a deadline (recorded once: its key is the request and the deadline), and the clock's
-- high-water mark, which lets a clock that went backwards be noticed across restarts. The store keeps texts; the
-- cases module validates them first. Timestamps are microseconds since the Unix epoch, like the store's date_added.
-- Keep in step with ../postgresql/V6__cases.sql: same tables and columns.

CREATE TABLE case_requests (
  id          TEXT    NOT NULL PRIMARY KEY,   -- assistance-request--<uuid>
  requester   TEXT    NOT NULL,               -- party ids of the rulebook
  requested   TEXT    NOT NULL,
  kind        TEXT    NOT NULL,               -- subscriber-info, preservation, production, ...
  urgency     TEXT    NOT NULL,               -- emergency or normal
  state       TEXT    NOT NULL,               -- draft, sent, received, ... closed
  extension   TEXT    NOT NULL,               -- none, requested, granted, refused
  seq         INTEGER NOT NULL,               -- transitions recorded so far
  body        TEXT    NOT NULL,               -- the request as JSON
  created_at  INTEGER  NOT NULL
);
CREATE INDEX case_requests_state ON case_requests (state);

CREATE TABLE case_transitions (
  request_id  TEXT    NOT NULL REFERENCES case_requests (id),
  seq         INTEGER NOT NULL,               -- 1, 2, ...: the order of the request's lifecycle
  transition  TEXT    NOT NULL,
  party       TEXT    NOT NULL,               -- the party whose node made it
  at          INTEGER  NOT NULL,
  body        TEXT    NOT NULL,               -- the transition as JSON (grounds, note)
  PRIMARY KEY (request_id, seq)
);

CREATE TABLE case_deadlines (
  request_id  TEXT    NOT NULL REFERENCES case_requests (id),
  deadline    TEXT    NOT NULL,               -- acknowledge, answer, preservation
  due         INTEGER  NOT NULL,
  warn_at     INTEGER,                         -- null: no warning
  clause_id   TEXT    NOT NULL,               -- the obligation that set it
  status      TEXT    NOT NULL,               -- open, met, missed, cancelled, lapsed
  warned      INTEGER NOT NULL DEFAULT 0,     -- 1 once the warning was given
  PRIMARY KEY (request_id, deadline)
);
CREATE INDEX case_deadlines_open ON case_deadlines (status, due);

CREATE TABLE case_misses (
  request_id  TEXT    NOT NULL REFERENCES case_requests (id),
  deadline    TEXT    NOT NULL,
  due         INTEGER  NOT NULL,
  clause_id   TEXT    NOT NULL,
  recorded_at INTEGER  NOT NULL,
  notified    INTEGER NOT NULL DEFAULT 0,     -- 1 once the escalation was delivered
  PRIMARY KEY (request_id, deadline)
);

CREATE TABLE case_clock (
  id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  high_water  INTEGER  NOT NULL                -- the latest instant the cases clock has seen
);
