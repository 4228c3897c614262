-- Feeds in and out: agencies' feeds that Beat polls, and what imported and event updates need.

-- A feed Beat polls: an agency's RSS, Atom, JSON Feed or CAP alert, by URL or local file.
CREATE TABLE feed_sources (
    id                 INTEGER PRIMARY KEY,
    -- The organisation the items are published as.
    source_id          INTEGER NOT NULL REFERENCES sources (id),
    -- An http(s) URL, or a path on the server (added from the command line only).
    location           TEXT NOT NULL UNIQUE,
    -- NULL: detected from each response.
    format             TEXT CHECK (format IN ('rss', 'atom', 'json_feed', 'cap')),
    default_kind       TEXT NOT NULL,
    poll_interval_s    INTEGER NOT NULL CHECK (poll_interval_s >= 60),
    enabled            INTEGER NOT NULL DEFAULT 1,
    -- Validators from the last full response, sent back as If-None-Match / If-Modified-Since.
    etag               TEXT,
    last_modified      TEXT,
    next_poll_at_ms    INTEGER NOT NULL,
    -- Set by the server that is polling it, so several servers never poll one feed at once.
    claimed_until_ms   INTEGER,
    failures           INTEGER NOT NULL DEFAULT 0,
    detected_format    TEXT,
    last_polled_at_ms  INTEGER,
    last_success_at_ms INTEGER,
    last_outcome       TEXT,
    last_error         TEXT,
    last_error_at_ms   INTEGER,
    items_stored       INTEGER NOT NULL DEFAULT 0,
    last_new           INTEGER NOT NULL DEFAULT 0,
    last_changed       INTEGER NOT NULL DEFAULT 0,
    last_skipped       INTEGER NOT NULL DEFAULT 0,
    last_redacted      INTEGER NOT NULL DEFAULT 0,
    created_by         INTEGER REFERENCES users (id),
    created_at_ms      INTEGER NOT NULL
);
CREATE INDEX feed_sources_due ON feed_sources (enabled, next_poll_at_ms);

-- The areas a feed's items go to when an item does not say (CAP alerts carry their own).
CREATE TABLE feed_source_areas (
    feed_source_id INTEGER NOT NULL REFERENCES feed_sources (id) ON DELETE CASCADE,
    area_code      TEXT NOT NULL REFERENCES areas (code),
    PRIMARY KEY (feed_source_id, area_code)
);

-- Imported updates remember where they came from, so a re-poll finds them again.
ALTER TABLE updates ADD COLUMN feed_source_id INTEGER REFERENCES feed_sources (id);
ALTER TABLE updates ADD COLUMN external_key TEXT;
ALTER TABLE updates ADD COLUMN external_url TEXT;
ALTER TABLE updates ADD COLUMN content_hash TEXT;
-- Set when an imported item changed after it was first stored.
ALTER TABLE updates ADD COLUMN updated_at_ms INTEGER;
-- When an event (surgery, beat meeting, Q&A) happens; NULL for other updates.
ALTER TABLE updates ADD COLUMN starts_at_ms INTEGER;
ALTER TABLE updates ADD COLUMN ends_at_ms INTEGER;
CREATE UNIQUE INDEX updates_external ON updates (feed_source_id, external_key);
