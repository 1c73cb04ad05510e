SELECT uuid, name, email, username, is_active, is_staff, avatar_url, created, modified, password, token_version
FROM users
WHERE email = ? OR username = ?
