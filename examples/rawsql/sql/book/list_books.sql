-- Every book with its author's name, oldest first. No LIMIT: db.Paginate adds it.
SELECT b.id, b.title, b.year, b.in_print, b.author_id, a.name AS author_name
FROM books b
JOIN authors a ON a.id = b.author_id
ORDER BY b.year, b.id
