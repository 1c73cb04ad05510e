UPDATE users SET name = ?, email = ?, modified = ? WHERE uuid = ?
