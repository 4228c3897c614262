-- Sign-in throttling (accounts::throttle). Each row counts attempts against one key (the
-- column keeps its first name): a username tried from devices it has never signed in on
-- ("u:…"), one device it has ("d:…"), or one network ("n:…", hashed). `last_at_ms` lets old
-- rows be pruned.
ALTER TABLE sign_in_failures ADD COLUMN last_at_ms BIGINT NOT NULL DEFAULT 0;
CREATE INDEX sign_in_failures_by_last ON sign_in_failures (last_at_ms);

-- Devices an account has signed in on: the hash of a random token in the device's cookie.
-- Attempts from one are counted apart, so a stranger's failures elsewhere never lock the
-- account's owner out, while guesses from anywhere else are still stopped.
CREATE TABLE sign_in_devices (
    token_hash    TEXT PRIMARY KEY,
    username      TEXT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX sign_in_devices_by_expiry ON sign_in_devices (expires_at_ms);

-- Alert sign-ups: the network each subscription came from (a keyed hash, never the
-- address), so one network cannot create subscriptions without limit.
ALTER TABLE push_subscriptions ADD COLUMN network_hash TEXT;
CREATE INDEX push_subscriptions_by_network ON push_subscriptions (network_hash, created_at_ms);
