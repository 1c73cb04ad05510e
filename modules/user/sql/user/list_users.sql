SELECT uuid, name, email, username, is_active, is_staff, created, modified
FROM users
