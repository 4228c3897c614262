-- Live days (campaigns such as #GMP24 or a global Tweet-a-thon) and the live call log.

-- A live day: a window in one time zone, the areas it covers (an area includes every area
-- inside it) and the sources taking part (none listed: every source in those areas).
CREATE TABLE campaigns (
    id            INTEGER PRIMARY KEY,
    -- In the page's address: /live/gmp24.
    slug          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    -- Without the '#'.
    hashtag       TEXT NOT NULL,
    -- The IANA zone the window was given in (where the day starts, for "follow the sun").
    time_zone     TEXT NOT NULL,
    starts_at_ms  INTEGER NOT NULL,
    ends_at_ms    INTEGER NOT NULL,
    created_by    INTEGER REFERENCES users (id),
    created_at_ms INTEGER NOT NULL,
    is_demo       INTEGER NOT NULL DEFAULT 0,
    CHECK (ends_at_ms > starts_at_ms)
);
CREATE INDEX campaigns_by_time ON campaigns (ends_at_ms, starts_at_ms);

CREATE TABLE campaign_areas (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    area_code   TEXT NOT NULL REFERENCES areas (code),
    PRIMARY KEY (campaign_id, area_code)
);

CREATE TABLE campaign_sources (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    source_id   INTEGER NOT NULL REFERENCES sources (id),
    PRIMARY KEY (campaign_id, source_id)
);

-- A call log entry is an update of kind 'call_log' (its title and body are what the public
-- reads) with these facts for the day's counters. The time is rounded to the quarter hour.
ALTER TABLE updates ADD COLUMN call_category TEXT;
ALTER TABLE updates ADD COLUMN call_outcome TEXT;
ALTER TABLE updates ADD COLUMN call_received_at_ms INTEGER;
CREATE INDEX updates_by_call_time ON updates (call_received_at_ms) WHERE call_received_at_ms IS NOT NULL;
