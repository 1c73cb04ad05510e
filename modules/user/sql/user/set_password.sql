UPDATE users SET password = ?, token_version = token_version + 1, modified = ? WHERE uuid = ?
