-- Push alerts: the server's VAPID key, residents' subscriptions (areas and settings only,
-- never a location), the queue of updates to announce, and the lease that lets one server
-- send while several run.

-- The VAPID key pair, created on first run (one row). Only the private key is stored;
-- the public key is derived from it.
CREATE TABLE push_keys (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    private_key   TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);

-- One browser's push subscription. The endpoint is the push service's capability URL.
CREATE TABLE push_subscriptions (
    id              INTEGER PRIMARY KEY,
    endpoint        TEXT NOT NULL UNIQUE,
    p256dh          TEXT NOT NULL,
    auth            TEXT NOT NULL,
    -- The device's IANA time zone, for its quiet hours.
    time_zone       TEXT NOT NULL,
    created_at_ms   INTEGER NOT NULL,
    last_sent_at_ms INTEGER,
    failures        INTEGER NOT NULL DEFAULT 0
);

-- The areas a subscription follows, each with its own threshold and quiet hours
-- (minutes after local midnight; both NULL: no quiet hours).
CREATE TABLE push_subscription_areas (
    subscription_id INTEGER NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
    area_code       TEXT NOT NULL REFERENCES areas (code),
    min_severity    TEXT NOT NULL CHECK (min_severity IN ('info', 'advisory', 'warning')),
    quiet_from_min  INTEGER CHECK (quiet_from_min BETWEEN 0 AND 1439),
    quiet_to_min    INTEGER CHECK (quiet_to_min BETWEEN 0 AND 1439),
    PRIMARY KEY (subscription_id, area_code)
);
CREATE INDEX push_subscription_areas_by_area ON push_subscription_areas (area_code);

-- Updates waiting to be announced, queued in the transaction that publishes them.
CREATE TABLE push_outbox (
    update_id    INTEGER PRIMARY KEY REFERENCES updates (id),
    queued_at_ms INTEGER NOT NULL
);

-- A named job only one server does at a time (the push sender); the holder renews it.
CREATE TABLE worker_leases (
    name     TEXT PRIMARY KEY,
    holder   TEXT NOT NULL,
    until_ms INTEGER NOT NULL
);
