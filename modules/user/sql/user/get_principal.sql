SELECT uuid, name, email, username, is_active, is_staff, avatar_url, created, modified, token_version
FROM users
WHERE uuid = ?
