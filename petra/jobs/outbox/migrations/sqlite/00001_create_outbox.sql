-- +goose Up
CREATE TABLE petra_jobs_outbox (
    id      TEXT PRIMARY KEY,
    kind    TEXT NOT NULL,
    args    TEXT NOT NULL,
    opts    TEXT NOT NULL,
    created DATETIME NOT NULL
);

-- +goose Down
DROP TABLE petra_jobs_outbox;
