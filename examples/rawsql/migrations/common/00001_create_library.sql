-- +goose Up
CREATE TABLE authors (
    id      INTEGER PRIMARY KEY,
    name    VARCHAR(100) NOT NULL,
    country CHAR(2)      NOT NULL
);
CREATE TABLE books (
    id        INTEGER PRIMARY KEY,
    author_id INTEGER      NOT NULL REFERENCES authors (id),
    title     VARCHAR(200) NOT NULL,
    year      INTEGER      NOT NULL,
    in_print  BOOLEAN      NOT NULL
);
CREATE INDEX books_author_id_idx ON books (author_id);

-- +goose Down
DROP TABLE books;
DROP TABLE authors;
