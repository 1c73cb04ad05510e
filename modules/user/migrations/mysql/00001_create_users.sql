-- +goose Up
CREATE TABLE users (
    uuid       VARCHAR(36) PRIMARY KEY,
    name       VARCHAR(100) NOT NULL,
    email      VARCHAR(100) NOT NULL,
    username   VARCHAR(150) NOT NULL,
    password   VARCHAR(255) NOT NULL,
    is_active  BOOLEAN NOT NULL DEFAULT TRUE,
    created    DATETIME(6) NOT NULL,
    modified   DATETIME(6) NOT NULL,
    UNIQUE KEY users_email_unique (email),
    UNIQUE KEY users_username_unique (username),
    KEY users_created_idx (created)
) DEFAULT CHARSET = utf8mb4;

-- +goose Down
DROP TABLE users;
