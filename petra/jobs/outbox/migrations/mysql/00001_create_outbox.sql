-- +goose Up
CREATE TABLE petra_jobs_outbox (
    id      VARCHAR(36) PRIMARY KEY,
    kind    VARCHAR(255) NOT NULL,
    args    MEDIUMTEXT NOT NULL,
    opts    TEXT NOT NULL,
    created DATETIME(6) NOT NULL
) DEFAULT CHARSET = utf8mb4;

-- +goose Down
DROP TABLE petra_jobs_outbox;
