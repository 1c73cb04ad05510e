SELECT COUNT(*) FROM user_avatar_discards WHERE url = ?
