INSERT INTO user_avatar_discards (url, user_uuid, created) VALUES (?, ?, ?)
