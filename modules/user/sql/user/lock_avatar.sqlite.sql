-- SQLite has no FOR UPDATE: the transaction, begun IMMEDIATE, holds the write lock.
SELECT avatar_url FROM users WHERE uuid = ?
