-- What live pages are told, in the order they are told it: an update became visible (its
-- time came, or a withdrawal was undone) or was withdrawn. `seq` is the streams' cursor
-- (`Last-Event-ID`). Appended only by updates::store, under the publishing lock, so
-- sequence numbers become visible in order on both engines.
CREATE TABLE update_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    update_id INTEGER NOT NULL REFERENCES updates (id) ON DELETE CASCADE,
    event TEXT NOT NULL CHECK (event IN ('visible', 'withdrawn')),
    at_ms INTEGER NOT NULL
);
CREATE INDEX update_events_by_update ON update_events (update_id);

-- An update stored for later (a delayed approval, a feed item dated ahead) waits here until
-- its time comes; then one server announces it, once.
ALTER TABLE updates ADD COLUMN live_pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX updates_live_pending ON updates (published_at_ms) WHERE live_pending = 1;
UPDATE updates SET live_pending = 1
 WHERE withdrawn_at_ms IS NULL AND published_at_ms > CAST(strftime('%s', 'now') AS INTEGER) * 1000;
