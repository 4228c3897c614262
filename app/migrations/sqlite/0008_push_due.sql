-- The outbox says when each update is due (its publication time), so the sender reads its own
-- table and never joins `updates`; a delayed approval waits here until its time comes.
ALTER TABLE push_outbox RENAME COLUMN queued_at_ms TO due_at_ms;
UPDATE push_outbox SET due_at_ms = (SELECT u.published_at_ms FROM updates u WHERE u.id = push_outbox.update_id);
CREATE INDEX push_outbox_by_due ON push_outbox (due_at_ms, update_id);
