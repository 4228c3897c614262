-- Areas gain a level, 'region': a country's first-level division (a state, province or county),
-- the area a resident is placed in where Beat has no wards (the Tweet-a-thon's other seven
-- countries). SQLite cannot change a CHECK constraint, so the table is rebuilt. Other tables
-- refer to areas by name: migrations run with foreign keys off (`db::connect`), as SQLite's
-- documented way of rebuilding a table needs, and every reference is checked afterwards.
CREATE TABLE areas_new (
    code                 TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    name_alt             TEXT,
    level                TEXT NOT NULL CHECK (level IN ('ward', 'council', 'force', 'region', 'country')),
    parent_code          TEXT REFERENCES areas (code),
    time_zone            TEXT NOT NULL,
    emergency_number     TEXT NOT NULL,
    non_emergency_number TEXT,
    search_name          TEXT NOT NULL,
    shape_geojson        TEXT
);
INSERT INTO areas_new (code, name, name_alt, level, parent_code, time_zone, emergency_number,
        non_emergency_number, search_name, shape_geojson)
    SELECT code, name, name_alt, level, parent_code, time_zone, emergency_number,
        non_emergency_number, search_name, shape_geojson FROM areas;
DROP TABLE areas;
ALTER TABLE areas_new RENAME TO areas;
CREATE INDEX areas_parent ON areas (parent_code);
CREATE INDEX areas_by_level ON areas (level);
-- Area search reads every name (a LIKE '%…%' cannot seek): from this index, which holds all it
-- reads, it scans a few hundred kB instead of every row with its shape (12 MB for the UK).
CREATE INDEX areas_search ON areas (search_name, level, name, code, name_alt, parent_code);
-- One row per import of boundaries, written in the import's transaction: servers compare the
-- newest id with the one their index was built from, and reload when it moved.
CREATE TABLE area_imports (
    id             INTEGER PRIMARY KEY,
    imported_at_ms INTEGER NOT NULL,
    areas          INTEGER NOT NULL
);
