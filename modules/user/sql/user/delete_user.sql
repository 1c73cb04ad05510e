DELETE FROM users WHERE uuid = ?
