-- +goose Up
CREATE TABLE petra_api_logs (
    uuid          VARCHAR(36) PRIMARY KEY,
    created       DATETIME(6) NOT NULL,
    method        VARCHAR(32) NOT NULL,
    path          TEXT NOT NULL,
    query         TEXT NOT NULL,
    status        INT NOT NULL,
    duration_us   BIGINT NOT NULL,
    client_ip     VARCHAR(64) NOT NULL,
    request_id    VARCHAR(128) NOT NULL,
    user_id       VARCHAR(255) NOT NULL,
    request_body  MEDIUMTEXT NOT NULL,
    response_body MEDIUMTEXT NOT NULL,
    request_size  BIGINT NOT NULL,
    response_size BIGINT NOT NULL,
    KEY petra_api_logs_created_uuid_idx (created, uuid)
) DEFAULT CHARSET = utf8mb4;

-- +goose Down
DROP TABLE petra_api_logs;
