-- +goose Up
-- The URL of the account's avatar; NULL until one is uploaded.
ALTER TABLE users ADD COLUMN avatar_url VARCHAR(500) NULL;

-- +goose Down
ALTER TABLE users DROP COLUMN avatar_url;
