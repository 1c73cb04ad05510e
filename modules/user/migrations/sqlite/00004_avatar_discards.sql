-- +goose Up
-- Avatars no account links to any more, whose files are still to be
-- deleted: a row is written in the transaction that unlinks the avatar, and
-- removed once its file is gone, so that no file is forgotten when the
-- deletion fails or its answer is lost. A URL here is never linked again.
CREATE TABLE user_avatar_discards (
    url       TEXT PRIMARY KEY,
    user_uuid TEXT NOT NULL REFERENCES users (uuid) ON DELETE CASCADE,
    created   TIMESTAMP NOT NULL
);
CREATE INDEX user_avatar_discards_user_idx ON user_avatar_discards (user_uuid);

-- +goose Down
DROP TABLE user_avatar_discards;
