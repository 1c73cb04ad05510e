package db

import (
	"strconv"
	"strings"
)

// Rebind rewrites the ? placeholders of query for the DB's dialect; see
// [Dialect.Rebind].
func (d *DB) Rebind(query string) string { return d.dialect.Rebind(query) }

// Rebind rewrites the ? placeholders of query for the dialect. SQLite and
// MySQL take ? as it is; PostgreSQL gets $1, $2, … in order. A ? inside a
// quoted string ('…', E'…', "…", $tag$…$tag$) or a comment (-- … or /* … */)
// is left alone. PostgreSQL's jsonb operators spelled ?, ?| and ?& would be
// taken for placeholders: write jsonb_exists(col, key) and friends instead.
func (d Dialect) Rebind(query string) string {
	if d != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		case c == '\'':
			// E'…' strings honour backslash escapes; standard strings do not.
			escapes := i > 0 && (query[i-1] == 'E' || query[i-1] == 'e')
			end := skipQuoted(query, i, '\'', escapes)
			b.WriteString(query[i:end])
			i = end - 1
			continue
		case c == '"':
			end := skipQuoted(query, i, '"', false)
			b.WriteString(query[i:end])
			i = end - 1
			continue
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			end := strings.IndexByte(query[i:], '\n')
			if end < 0 {
				end = len(query) - i
			}
			b.WriteString(query[i : i+end])
			i += end - 1
			continue
		case c == '/' && i+1 < len(query) && query[i+1] == '*':
			end := strings.Index(query[i+2:], "*/")
			if end < 0 {
				end = len(query) - i
			} else {
				end += 4
			}
			b.WriteString(query[i : i+end])
			i += end - 1
			continue
		case c == '$':
			if tag, ok := dollarTag(query[i:]); ok {
				end := strings.Index(query[i+len(tag):], tag)
				if end < 0 {
					end = len(query) - i
				} else {
					end += 2 * len(tag)
				}
				b.WriteString(query[i : i+end])
				i += end - 1
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// skipQuoted returns the index just past the quoted run that starts at
// query[start] == quote. A doubled quote is an escaped quote; with escapes, so
// is a backslash followed by any byte. An unterminated run ends the query.
func skipQuoted(query string, start int, quote byte, escapes bool) int {
	for i := start + 1; i < len(query); i++ {
		switch query[i] {
		case '\\':
			if escapes {
				i++
			}
		case quote:
			if i+1 < len(query) && query[i+1] == quote {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(query)
}

// dollarTag reports whether s starts with a PostgreSQL dollar-quote opener
// ($$ or $tag$) and returns it. $1 and friends are not tags.
func dollarTag(s string) (string, bool) {
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '$':
			return s[:i+1], true
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
		case c >= '0' && c <= '9' && i > 1:
		default:
			return "", false
		}
	}
	return "", false
}
