-- Areas form a tree: ward -> council -> force -> country. Only wards carry a shape
-- (GeoJSON MultiPolygon text); the areas above are the union of their wards.
CREATE TABLE areas (
    code                 TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    name_alt             TEXT,
    level                TEXT NOT NULL CHECK (level IN ('ward', 'council', 'force', 'country')),
    parent_code          TEXT REFERENCES areas (code),
    time_zone            TEXT NOT NULL,
    emergency_number     TEXT NOT NULL,
    non_emergency_number TEXT,
    search_name          TEXT NOT NULL,
    shape_geojson        TEXT
);
CREATE INDEX areas_parent ON areas (parent_code);

CREATE TABLE sources (
    id        INTEGER PRIMARY KEY,
    slug      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('police_force', 'neighbourhood_team', 'council', 'councillor')),
    area_code TEXT NOT NULL REFERENCES areas (code),
    is_demo   INTEGER NOT NULL DEFAULT 0
);

-- The accounts that post for a source (roles and sign-in come with the reporters issue).
CREATE TABLE accounts (
    id           INTEGER PRIMARY KEY,
    source_id    INTEGER NOT NULL REFERENCES sources (id),
    handle       TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL
);

CREATE TABLE updates (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('call_log', 'neighbourhood', 'appeal', 'prevention_tip', 'tally',
                                                  'council_notice', 'event', 'qa_answer', 'reporter_note')),
    severity        TEXT NOT NULL CHECK (severity IN ('info', 'advisory', 'warning')),
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    source_id       INTEGER NOT NULL REFERENCES sources (id),
    account_id      INTEGER REFERENCES accounts (id),
    published_at_ms INTEGER NOT NULL,
    expires_at_ms   INTEGER,
    is_demo         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX updates_newest ON updates (published_at_ms DESC, id DESC);

CREATE TABLE update_areas (
    update_id INTEGER NOT NULL REFERENCES updates (id) ON DELETE CASCADE,
    area_code TEXT NOT NULL REFERENCES areas (code),
    PRIMARY KEY (update_id, area_code)
);
CREATE INDEX update_areas_by_area ON update_areas (area_code, update_id);
