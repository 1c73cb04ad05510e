-- +goose Up
CREATE TABLE petra_api_logs (
    uuid          VARCHAR(36) PRIMARY KEY,
    created       TIMESTAMPTZ NOT NULL,
    method        VARCHAR(32) NOT NULL,
    path          TEXT NOT NULL,
    query         TEXT NOT NULL,
    status        INTEGER NOT NULL,
    duration_us   BIGINT NOT NULL,
    client_ip     VARCHAR(64) NOT NULL,
    request_id    VARCHAR(128) NOT NULL,
    user_id       VARCHAR(255) NOT NULL,
    request_body  TEXT NOT NULL,
    response_body TEXT NOT NULL,
    request_size  BIGINT NOT NULL,
    response_size BIGINT NOT NULL
);
CREATE INDEX petra_api_logs_created_uuid_idx ON petra_api_logs (created, uuid);

-- +goose Down
DROP TABLE petra_api_logs;
