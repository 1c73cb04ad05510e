-- +goose Up
CREATE TABLE users (
    uuid       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL,
    username   TEXT NOT NULL,
    password   TEXT NOT NULL,
    is_active  BOOLEAN NOT NULL DEFAULT 1,
    created    TIMESTAMP NOT NULL,
    modified   TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_email_unique ON users (email);
CREATE UNIQUE INDEX users_username_unique ON users (username);
CREATE INDEX users_created_idx ON users (created);

-- +goose Down
DROP TABLE users;
