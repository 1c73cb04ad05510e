-- +goose Up
CREATE TABLE petra_jobs_outbox (
    id      VARCHAR(36) PRIMARY KEY,
    kind    VARCHAR(255) NOT NULL,
    args    TEXT NOT NULL,
    opts    TEXT NOT NULL,
    created TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE petra_jobs_outbox;
