-- Area search moved into memory, beside the ward index (`areas::name_search`): every server
-- folds the names itself when it loads the index, so the stored key and its index go. Nothing
-- reads them; keeping them would leave a second copy of the folding rule to go stale.
DROP INDEX areas_search;
ALTER TABLE areas DROP COLUMN search_name;
