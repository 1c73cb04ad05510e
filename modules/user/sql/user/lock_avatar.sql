SELECT avatar_url FROM users WHERE uuid = ? FOR UPDATE
