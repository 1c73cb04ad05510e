-- +goose Up
-- Staff accounts, and the token version that a new password bumps so that
-- every earlier token is refused. The database's deterministic collation
-- compares equal strings byte-wise; the app stores e-mails in NFC.
ALTER TABLE users ADD COLUMN is_staff BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN token_version BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE users DROP COLUMN token_version;
ALTER TABLE users DROP COLUMN is_staff;
