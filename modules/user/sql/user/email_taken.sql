SELECT COUNT(*) FROM users WHERE email = ?
