-- +goose Up
-- A row whose job could not be enqueued: how many attempts failed, when it is
-- tried next (NULL: at once), the last error, and when it was parked after
-- its last attempt (NULL: it is still tried).
ALTER TABLE petra_jobs_outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE petra_jobs_outbox ADD COLUMN next_attempt TIMESTAMPTZ NULL;
ALTER TABLE petra_jobs_outbox ADD COLUMN last_error TEXT NULL;
ALTER TABLE petra_jobs_outbox ADD COLUMN parked TIMESTAMPTZ NULL;

-- The relay's claim: the rows not parked, in id order (oldest first), with
-- their due time beside, so parked rows are never scanned and a claim stops
-- after its batch.
CREATE INDEX petra_jobs_outbox_due ON petra_jobs_outbox (id, next_attempt) WHERE parked IS NULL;

-- +goose Down
DROP INDEX petra_jobs_outbox_due;
ALTER TABLE petra_jobs_outbox DROP COLUMN parked;
ALTER TABLE petra_jobs_outbox DROP COLUMN last_error;
ALTER TABLE petra_jobs_outbox DROP COLUMN next_attempt;
ALTER TABLE petra_jobs_outbox DROP COLUMN attempts;
