-- +goose Up
-- One row per login: the family of every token rotated from it.
CREATE TABLE petra_token_families (
    family     VARCHAR(64) PRIMARY KEY,
    subject    VARCHAR(255) NOT NULL,
    revoked    BOOLEAN NOT NULL DEFAULT FALSE,
    expires_at BIGINT NOT NULL
);
CREATE INDEX petra_token_families_expires_idx ON petra_token_families (expires_at);

-- One row per refresh token issued; spent once it has been used.
CREATE TABLE petra_refresh_tokens (
    jti        VARCHAR(64) PRIMARY KEY,
    family     VARCHAR(64) NOT NULL,
    spent      BOOLEAN NOT NULL DEFAULT FALSE,
    expires_at BIGINT NOT NULL
);
CREATE INDEX petra_refresh_tokens_expires_idx ON petra_refresh_tokens (expires_at);

-- +goose Down
DROP TABLE petra_refresh_tokens;
DROP TABLE petra_token_families;
