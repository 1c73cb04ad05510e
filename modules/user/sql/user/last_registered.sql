SELECT uuid, name, email, username, is_active, is_staff, avatar_url, created, modified
FROM users
ORDER BY created DESC, uuid DESC
LIMIT 1
