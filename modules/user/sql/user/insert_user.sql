INSERT INTO users (uuid, name, email, username, password, is_active, is_staff, token_version, created, modified)
VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
