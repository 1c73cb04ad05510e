SELECT uuid, name, email, username, is_active, created, modified
FROM users
ORDER BY created DESC, uuid DESC
LIMIT 1
