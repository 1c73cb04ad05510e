-- +goose Up
-- Staff accounts, and the token version that a new password bumps so that
-- every earlier token is refused. SQLite compares TEXT byte-wise already.
ALTER TABLE users ADD COLUMN is_staff BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN token_version BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE users DROP COLUMN token_version;
ALTER TABLE users DROP COLUMN is_staff;
