-- Q&A sessions (#askGMP): a team schedules a session for an area; residents ask without an
-- account while it is open; officers moderate and answer in public (an answer is an update of
-- kind 'qa_answer').

CREATE TABLE qa_sessions (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    -- Where the answers are published, and whose time zone the page shows.
    area_code     TEXT NOT NULL REFERENCES areas (code),
    -- The team or council that holds it: its officers moderate and answer.
    source_id     INTEGER NOT NULL REFERENCES sources (id),
    opens_at_ms   INTEGER NOT NULL,
    closes_at_ms  INTEGER NOT NULL,
    created_by    INTEGER REFERENCES users (id),
    created_at_ms INTEGER NOT NULL,
    is_demo       INTEGER NOT NULL DEFAULT 0,
    CHECK (closes_at_ms > opens_at_ms)
);
CREATE INDEX qa_sessions_by_time ON qa_sessions (closes_at_ms, opens_at_ms);
CREATE INDEX qa_sessions_by_source ON qa_sessions (source_id, closes_at_ms);

-- A resident's question. Nothing about who asked is kept here.
CREATE TABLE qa_questions (
    id               INTEGER PRIMARY KEY,
    session_id       INTEGER NOT NULL REFERENCES qa_sessions (id),
    text             TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'answered')),
    asked_at_ms      INTEGER NOT NULL,
    moderated_by     INTEGER REFERENCES users (id),
    moderated_at_ms  INTEGER,
    -- Kept for the officers; residents are not told.
    reject_reason    TEXT,
    answer           TEXT,
    -- The published answer. Updates are withdrawn rather than deleted; only replacing the demo
    -- data deletes them, and then the question simply stops showing an answer.
    answer_update_id INTEGER REFERENCES updates (id) ON DELETE SET NULL,
    answered_by      INTEGER REFERENCES users (id),
    answered_at_ms   INTEGER
);
CREATE INDEX qa_questions_by_session ON qa_questions (session_id, status, asked_at_ms);

-- Recent questions per device and per network address, for the rate limit. Only keyed SHA-256
-- hashes are stored (never the device id or the address), and rows older than the limit's
-- window are deleted whenever a question is recorded.
CREATE TABLE qa_asks (
    device_hash  TEXT NOT NULL,
    address_hash TEXT NOT NULL,
    at_ms        INTEGER NOT NULL
);
CREATE INDEX qa_asks_by_device ON qa_asks (device_hash, at_ms);
CREATE INDEX qa_asks_by_address ON qa_asks (address_hash, at_ms);
CREATE INDEX qa_asks_by_time ON qa_asks (at_ms);

-- The secret those hashes are keyed with, created on first use (one row), so a copy of
-- qa_asks cannot be matched against guessed addresses without it.
CREATE TABLE qa_hash_key (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    secret        TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);
