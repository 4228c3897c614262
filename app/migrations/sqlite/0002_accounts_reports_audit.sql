-- Accounts, sessions, community reporters' ride-alongs and notes, and the audit log.
-- Residents need no account: everything here is for reporters and staff.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    -- Lowercase; what people type to sign in. Never shown publicly.
    username      TEXT NOT NULL UNIQUE,
    -- The name shown with a reporter's published notes: their choice, never required to be real.
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('reporter', 'officer', 'council_staff', 'moderator', 'admin')),
    -- The team, council or force a member of staff acts for; NULL for reporters and admins.
    source_id     INTEGER REFERENCES sources (id),
    -- argon2id PHC string; NULL until an invitation is accepted.
    password_hash TEXT,
    created_at_ms INTEGER NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    is_demo       INTEGER NOT NULL DEFAULT 0
);

-- Only a SHA-256 of each token is kept, so a copy of the database cannot sign anyone in.
CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE invitations (
    token_hash     TEXT PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by     INTEGER REFERENCES users (id),
    created_at_ms  INTEGER NOT NULL,
    expires_at_ms  INTEGER NOT NULL,
    accepted_at_ms INTEGER
);

-- Failed sign-ins per typed username (known or not), for the slow-down and lock-out.
CREATE TABLE sign_in_failures (
    username        TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL,
    locked_until_ms INTEGER NOT NULL
);

CREATE TABLE ride_alongs (
    id            INTEGER PRIMARY KEY,
    reporter_id   INTEGER NOT NULL REFERENCES users (id),
    -- The neighbourhood team (or other source) the reporter goes out with.
    source_id     INTEGER NOT NULL REFERENCES sources (id),
    area_code     TEXT NOT NULL REFERENCES areas (code),
    -- The force whose moderators check the notes.
    force_code    TEXT NOT NULL REFERENCES areas (code),
    starts_at_ms  INTEGER NOT NULL,
    ends_at_ms    INTEGER NOT NULL,
    created_by    INTEGER NOT NULL REFERENCES users (id),
    created_at_ms INTEGER NOT NULL,
    CHECK (ends_at_ms > starts_at_ms)
);
CREATE INDEX ride_alongs_by_reporter ON ride_alongs (reporter_id, starts_at_ms);

CREATE TABLE notes (
    id              INTEGER PRIMARY KEY,
    ride_along_id   INTEGER NOT NULL REFERENCES ride_alongs (id),
    reporter_id     INTEGER NOT NULL REFERENCES users (id),
    -- Chosen by the device for each note: a retried or doubled submit finds the same row.
    client_key      TEXT NOT NULL,
    title           TEXT NOT NULL,
    saw             TEXT NOT NULL,
    made_of         TEXT NOT NULL,
    felt            TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'rejected')),
    force_code      TEXT NOT NULL REFERENCES areas (code),
    reject_reason   TEXT,
    update_id       INTEGER REFERENCES updates (id),
    created_at_ms   INTEGER NOT NULL,
    updated_at_ms   INTEGER NOT NULL,
    submitted_at_ms INTEGER,
    UNIQUE (reporter_id, client_key)
);
CREATE INDEX notes_queue ON notes (force_code, status, submitted_at_ms);

-- Append-only: the triggers below refuse any change or deletion.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at_ms       INTEGER NOT NULL,
    actor_id    INTEGER REFERENCES users (id),
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    subject_id  INTEGER,
    before_json TEXT,
    after_json  TEXT,
    reason      TEXT
);
CREATE INDEX audit_by_subject ON audit_log (subject, subject_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Who published an update from Beat itself, the public byline of a reporter's note, and
-- withdrawal (a withdrawn update leaves every feed but stays for the audit trail).
ALTER TABLE updates ADD COLUMN author_id INTEGER REFERENCES users (id);
ALTER TABLE updates ADD COLUMN byline TEXT;
ALTER TABLE updates ADD COLUMN withdrawn_at_ms INTEGER;
