SELECT url FROM user_avatar_discards WHERE user_uuid = ?
