-- +goose Up
CREATE TABLE petra_api_logs (
    uuid          TEXT PRIMARY KEY,
    created       DATETIME NOT NULL,
    method        TEXT NOT NULL,
    path          TEXT NOT NULL,
    query         TEXT NOT NULL,
    status        INTEGER NOT NULL,
    duration_us   INTEGER NOT NULL,
    client_ip     TEXT NOT NULL,
    request_id    TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    request_body  TEXT NOT NULL,
    response_body TEXT NOT NULL,
    request_size  INTEGER NOT NULL,
    response_size INTEGER NOT NULL
);
CREATE INDEX petra_api_logs_created_uuid_idx ON petra_api_logs (created, uuid);

-- +goose Down
DROP TABLE petra_api_logs;
