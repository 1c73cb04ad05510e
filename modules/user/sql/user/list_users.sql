SELECT uuid, name, email, username, is_active, is_staff, avatar_url, created, modified
FROM users
