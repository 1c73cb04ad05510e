-- +goose Up
CREATE TABLE users (
    uuid       VARCHAR(36) PRIMARY KEY,
    name       VARCHAR(100) NOT NULL,
    email      VARCHAR(100) NOT NULL,
    username   VARCHAR(150) NOT NULL,
    password   VARCHAR(255) NOT NULL,
    is_active  BOOLEAN NOT NULL DEFAULT TRUE,
    created    TIMESTAMPTZ NOT NULL,
    modified   TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX users_email_unique ON users (email);
CREATE UNIQUE INDEX users_username_unique ON users (username);
CREATE INDEX users_created_idx ON users (created);

-- +goose Down
DROP TABLE users;
