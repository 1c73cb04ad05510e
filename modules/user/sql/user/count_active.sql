SELECT COUNT(*) FROM users WHERE is_active = ?
