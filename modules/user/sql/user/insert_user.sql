INSERT INTO users (uuid, name, email, username, password, is_active, created, modified)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
