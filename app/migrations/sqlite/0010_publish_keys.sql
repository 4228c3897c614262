-- The publishing form's key (a random value each form carries): tapping Publish again
-- after an answer was lost finds the update the first tap stored instead of posting it twice.
ALTER TABLE updates ADD COLUMN client_key TEXT;
CREATE UNIQUE INDEX updates_by_client_key ON updates (author_id, client_key) WHERE client_key IS NOT NULL;
