-- +goose Up
-- Staff accounts, and the token version that a new password bumps so that
-- every earlier token is refused. E-mails and usernames compare byte-wise, as
-- on SQLite and PostgreSQL: under the default collation josé@x.com equals
-- jose@x.com (and ß equals s), which made two people one account.
ALTER TABLE users
    MODIFY email VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    MODIFY username VARCHAR(150) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    ADD COLUMN is_staff BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN token_version BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE users
    DROP COLUMN token_version,
    DROP COLUMN is_staff,
    MODIFY email VARCHAR(100) NOT NULL,
    MODIFY username VARCHAR(150) NOT NULL;
