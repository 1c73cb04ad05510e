SELECT uuid, name, email, username, is_active, created, modified, password
FROM users
WHERE email = ? OR username = ?
