UPDATE users SET is_active = ?, modified = ? WHERE uuid = ?
