-- +goose Up
-- Avatars no account links to any more, whose files are still to be
-- deleted: a row is written in the transaction that unlinks the avatar, and
-- removed once its file is gone, so that no file is forgotten when the
-- deletion fails or its answer is lost. A URL here is never linked again.
CREATE TABLE user_avatar_discards (
    url       VARCHAR(500) PRIMARY KEY,
    user_uuid VARCHAR(36) NOT NULL,
    created   DATETIME(6) NOT NULL,
    KEY user_avatar_discards_user_idx (user_uuid),
    CONSTRAINT user_avatar_discards_user_fk FOREIGN KEY (user_uuid) REFERENCES users (uuid) ON DELETE CASCADE
) DEFAULT CHARSET = utf8mb4;

-- +goose Down
DROP TABLE user_avatar_discards;
