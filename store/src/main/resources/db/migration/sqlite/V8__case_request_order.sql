-- Accord mutual-assistance requests, sqlite dialect: the order the REST API pages requests in (oldest first, by
-- created_at then id: total, and fixed for a row), so that a page is an index range read after the position of the
-- page before (keyset paging, CaseRecords.requests(party, state, after, limit)) instead of a sort of every request.
-- The state filter keeps the same order within a state; it supersedes the index on state alone from V6.
-- Keep in step with ../postgresql/V8__case_request_order.sql.

CREATE INDEX case_requests_order ON case_requests (created_at, id);
CREATE INDEX case_requests_state_order ON case_requests (state, created_at, id);
DROP INDEX case_requests_state;
