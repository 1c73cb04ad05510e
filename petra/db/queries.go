package db

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"
)

// Queries loads named SQL files from a file system, as django-petra's
// load_sql does: the name "user.get_user" reads "user/get_user.sql". When a
// dialect-specific file sits beside it ("user/get_user.postgres.sql",
// ".mysql.sql" or ".sqlite.sql"), that file wins for its dialect.
//
// Files are looked up at the root of the file system and, failing that, under
// "sql/", so both an fs.Sub of a module's sql directory and the embed.FS
// produced by //go:embed sql work as they are.
//
// Each file is read once and cached. A Queries is safe for concurrent use.
type Queries struct {
	fsys    fs.FS
	dialect Dialect

	mu    sync.RWMutex
	cache map[string]string
}

// NewQueries returns a loader reading from fsys for dialect.
func NewQueries(fsys fs.FS, dialect Dialect) *Queries {
	return &Queries{fsys: fsys, dialect: dialect, cache: map[string]string{}}
}

// Queries returns a loader for fsys in the DB's dialect; see [NewQueries].
func (d *DB) Queries(fsys fs.FS) *Queries { return NewQueries(fsys, d.dialect) }

// queryNameRE is a dotted query name: segments of letters, digits, _ and -.
var queryNameRE = regexp.MustCompile(`^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$`)

// Load returns the SQL text named by name ("user.get_user"), preferring the
// dialect-specific file. An unknown or malformed name is an error that names
// it.
func (q *Queries) Load(name string) (string, error) {
	q.mu.RLock()
	s, ok := q.cache[name]
	q.mu.RUnlock()
	if ok {
		return s, nil
	}
	if !queryNameRE.MatchString(name) {
		return "", fmt.Errorf("db: invalid query name %q (want dotted segments such as \"user.get_user\")", name)
	}
	s, err := q.read(name)
	if err != nil {
		return "", err
	}
	q.mu.Lock()
	q.cache[name] = s
	q.mu.Unlock()
	return s, nil
}

// MustLoad is [Queries.Load] for queries an application cannot run without:
// it panics when the query is missing, so load them while the app is built,
// not per request.
func (q *Queries) MustLoad(name string) string {
	s, err := q.Load(name)
	if err != nil {
		panic(err)
	}
	return s
}

func (q *Queries) read(name string) (string, error) {
	p := strings.ReplaceAll(name, ".", "/")
	var candidates []string
	for _, root := range []string{"", "sql/"} {
		if q.dialect != "" {
			candidates = append(candidates, root+p+"."+string(q.dialect)+".sql")
		}
		candidates = append(candidates, root+p+".sql")
	}
	for _, c := range candidates {
		b, err := fs.ReadFile(q.fsys, path.Clean(c))
		if err == nil {
			return string(b), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("db: load query %q: %w", name, err)
		}
	}
	return "", fmt.Errorf("db: unknown query %q (no %s.sql)", name, p)
}
