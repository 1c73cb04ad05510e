-- +goose Up
-- A row whose job could not be enqueued: how many attempts failed, when it is
-- tried next (NULL: at once), the last error, and when it was parked after
-- its last attempt (NULL: it is still tried).
ALTER TABLE petra_jobs_outbox
    ADD COLUMN attempts INT NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt DATETIME(6) NULL,
    ADD COLUMN last_error TEXT NULL,
    ADD COLUMN parked DATETIME(6) NULL;

-- The relay's claim: the rows not parked (MySQL has no partial index: parked
-- leads), in id order (oldest first), with their due time beside, so parked
-- rows are never scanned and a claim stops after its batch.
CREATE INDEX petra_jobs_outbox_due ON petra_jobs_outbox (parked, id, next_attempt);

-- +goose Down
DROP INDEX petra_jobs_outbox_due ON petra_jobs_outbox;
ALTER TABLE petra_jobs_outbox
    DROP COLUMN parked,
    DROP COLUMN last_error,
    DROP COLUMN next_attempt,
    DROP COLUMN attempts;
