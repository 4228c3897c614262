-- Each area an update went to also carries who published it, so the feed's source filter
-- ("which sources have something for this area") finds each source's first visible update
-- through an index instead of reading every update of the area's chain (a year of a busy
-- force's updates made that 180 ms a page). Written only with the update's own source_id.
-- SQLite cannot add a NOT NULL column without a default, so the table is rebuilt (nothing
-- refers to it).
CREATE TABLE update_areas_new (
    update_id INTEGER NOT NULL REFERENCES updates (id) ON DELETE CASCADE,
    area_code TEXT NOT NULL REFERENCES areas (code),
    source_id INTEGER NOT NULL REFERENCES sources (id),
    PRIMARY KEY (update_id, area_code)
);
INSERT INTO update_areas_new (update_id, area_code, source_id)
    SELECT ua.update_id, ua.area_code, u.source_id FROM update_areas ua JOIN updates u ON u.id = ua.update_id;
DROP TABLE update_areas;
ALTER TABLE update_areas_new RENAME TO update_areas;
CREATE INDEX update_areas_by_area ON update_areas (area_code, update_id);
CREATE INDEX update_areas_by_source ON update_areas (area_code, source_id, update_id);
