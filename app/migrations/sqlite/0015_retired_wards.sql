-- A ward that is no longer in its council's ward file when the file is imported again (the
-- council was re-warded: a database from the 2013 Greater Manchester files upgraded to today's)
-- is retired, not deleted: updates, sources, alerts and reports may still name it. A retired
-- ward is in no lookup, search or list; its page stays, and points to the wards now covering it.
-- NULL: current. Importing a ward again brings it back.
ALTER TABLE areas ADD COLUMN retired_at_ms INTEGER;
