-- +goose Up
INSERT INTO authors (id, name, country) VALUES
    (1, 'Ursula K. Le Guin', 'US'),
    (2, 'Stanisław Lem', 'PL'),
    (3, 'Italo Calvino', 'IT'),
    (4, 'Octavia E. Butler', 'US');
INSERT INTO books (id, author_id, title, year, in_print) VALUES
    (1, 1, 'A Wizard of Earthsea', 1968, TRUE),
    (2, 1, 'The Left Hand of Darkness', 1969, TRUE),
    (3, 1, 'The Dispossessed', 1974, TRUE),
    (4, 2, 'Solaris', 1961, TRUE),
    (5, 2, 'The Cyberiad', 1965, FALSE),
    (6, 3, 'Invisible Cities', 1972, TRUE),
    (7, 3, 'If on a winter''s night a traveler', 1979, TRUE);

-- +goose Down
DELETE FROM books;
DELETE FROM authors;
