SELECT COUNT(*) FROM users WHERE email = ? AND uuid <> ?
