SELECT uuid, name, email, username, is_active, created, modified
FROM users
WHERE uuid = ?
