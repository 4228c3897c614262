-- Where a council's ward boundaries come from: when they were drawn, how finely (metres of
-- generalisation: Greater Manchester's 20, everyone else's 200), and how many of its wards have
-- been redrawn since (with when). Set on council rows only. The resolution decides which ward
-- a position in two overlapping shapes gets; the rest tells residents when their ward may be
-- out of date.
ALTER TABLE areas ADD COLUMN boundaries_drawn TEXT;
ALTER TABLE areas ADD COLUMN boundary_resolution_m BIGINT;
ALTER TABLE areas ADD COLUMN wards_redrawn BIGINT;
ALTER TABLE areas ADD COLUMN wards_redrawn_in TEXT;
