-- Each area an update went to also carries who published it, so the feed's source filter
-- ("which sources have something for this area") finds each source's first visible update
-- through an index instead of reading every update of the area's chain (a year of a busy
-- force's updates made that 250 ms a page). Written only with the update's own source_id.
ALTER TABLE update_areas ADD COLUMN source_id BIGINT REFERENCES sources (id);
UPDATE update_areas ua SET source_id = u.source_id FROM updates u WHERE u.id = ua.update_id;
ALTER TABLE update_areas ALTER COLUMN source_id SET NOT NULL;
CREATE INDEX update_areas_by_source ON update_areas (area_code, source_id, update_id);
