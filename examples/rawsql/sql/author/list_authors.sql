SELECT id, name, country
FROM authors
ORDER BY name
