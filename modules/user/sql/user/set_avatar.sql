UPDATE users SET avatar_url = ?, modified = ? WHERE uuid = ?
