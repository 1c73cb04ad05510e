package db_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-petra/petra/petra/db"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// peopleList is the declaration the list tests query users with.
var peopleList = &db.List{
	Fields: map[string]db.Field{
		"name":      {Type: db.TypeText, Lookups: []db.Lookup{db.Exact, db.StartsWith, db.In}, Order: true, Search: true},
		"email":     {Type: db.TypeText, Order: true, Search: true},
		"age":       {Type: db.TypeInt, Lookups: []db.Lookup{db.Exact, db.Gte, db.Lt, db.In, db.IsNull}, Order: true},
		"is_active": {Type: db.TypeBool, Lookups: []db.Lookup{db.Exact}},
		"created":   {Type: db.TypeTime, Lookups: []db.Lookup{db.Gte, db.Lte}, Order: true},
		"joined":    {Column: "created", Type: db.TypeTime, Lookups: []db.Lookup{db.Gt}},
	},
	Ordering: []string{"name"},
	Unique:   "uuid",
}

const peopleQuery = "SELECT uuid, name, email, age, is_active, created FROM users WHERE deleted_at IS NULL"

// person is a row of peopleQuery.
type person struct {
	UUID     string `db:"uuid"`
	Name     string
	Email    string
	Age      *int64
	IsActive bool
	Created  time.Time
}

// seedPeople fills users with five people created a minute apart, from
// 2026-01-01T00:00:00Z.
func seedPeople(t *testing.T, d *db.DB) {
	t.Helper()
	mustExec(t, d, usersDDL)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	people := []struct {
		name, email string
		age         any
		active      bool
	}{
		{"Ann O'Hara", "ann@example.com", 30, true},
		{"Bob", "bob@example.com", 25, true},
		{"Cleo 100%", "cleo_x@example.com", nil, false},
		{"Dan", "dan@example.com", 40, true},
		{"Eve", "eve@example.org", 35, false},
	}
	for i, p := range people {
		ts := base.Add(time.Duration(i) * time.Minute)
		_, err := d.Exec(context.Background(),
			"INSERT INTO users (uuid, name, email, age, is_active, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?)",
			db.NewUUID(), p.name, p.email, p.age, p.active, ts, ts)
		require.NoError(t, err)
	}
}

func TestListFiltersOrderingSearch(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		seedPeople(t, d)
		tests := []struct {
			name  string
			query string
			want  []string // names, in order
		}{
			{"default ordering", "", []string{"Ann O'Hara", "Bob", "Cleo 100%", "Dan", "Eve"}},
			{"exact bool", "is_active=false", []string{"Cleo 100%", "Eve"}},
			{"exact text", "name=Bob", []string{"Bob"}},
			{"in", "age__in=25,40", []string{"Bob", "Dan"}},
			{"gte and lt", "age__gte=30&age__lt=40", []string{"Ann O'Hara", "Eve"}},
			{"isnull", "age__isnull=true", []string{"Cleo 100%"}},
			{"not null", "age__isnull=false&ordering=-age", []string{"Dan", "Eve", "Ann O'Hara", "Bob"}},
			{"startswith ignores case", "name__startswith=AN", []string{"Ann O'Hara"}},
			{"time range", "created__gte=2026-01-01T00:01:00Z&created__lte=2026-01-01T00:03:00Z&ordering=created", []string{"Bob", "Cleo 100%", "Dan"}},
			{"time on another name", "joined=2026-01-01T00:03:00Z", []string{"Eve"}},
			{"date", "created__gte=2026-01-02", []string{}},
			{"ordering desc", "ordering=-created", []string{"Eve", "Dan", "Cleo 100%", "Bob", "Ann O'Hara"}},
			{"ordering two fields", "ordering=-is_active", nil},
			{"search ignores case", "search=EXAMPLE.COM&ordering=email", []string{"Ann O'Hara", "Bob", "Cleo 100%", "Dan"}},
			{"search mixed-case data", "search=dAN@exaMPLE", []string{"Dan"}},
			{"search every word", "search=ann hara", []string{"Ann O'Hara"}},
			{"search percent is literal", "search=100%25", []string{"Cleo 100%"}},
			{"search underscore is literal", "search=o_x", []string{"Cleo 100%"}},
			{"search quote", "search=o'h", []string{"Ann O'Hara"}},
			{"search injection", "search=%27+OR+1%3D1+--", []string{}},
			{"exact injection", "name=x' OR '1'='1", []string{}},
			{"unknown parameters ignored", "page=2&per_page=1&color=red", []string{"Ann O'Hara", "Bob", "Cleo 100%", "Dan", "Eve"}},
			{"filter with search", "search=example.com&is_active=true&ordering=-age", []string{"Dan", "Ann O'Hara", "Bob"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				q, err := url.ParseQuery(tt.query)
				require.NoError(t, err)
				lq, err := peopleList.Parse(q)
				if tt.want == nil { // is_active is not orderable
					require.Error(t, err)
					return
				}
				require.NoError(t, err)
				rows, total, err := db.SelectList[person](context.Background(), d, lq, peopleQuery, nil, 1, 10)
				require.NoError(t, err)
				names := []string{}
				for _, r := range rows {
					names = append(names, r.Name)
				}
				assert.Equal(t, tt.want, names)
				assert.Equal(t, len(tt.want), total)
			})
		}
	})
}

// TestListMatchesTextInNFC checks that a search or a text filter sent
// decomposed ("Jose" and a combining acute accent) finds the text stored
// precomposed (NFC), as the example app stores names and emails.
func TestListMatchesTextInNFC(t *testing.T) {
	const stored = "Jos\u00e9 N\u00fa\u00f1ez" // NFC: José Núñez
	const decomposed = "Jose\u0301 Nu\u0301n\u0303ez"
	eachDriver(t, func(t *testing.T, d *db.DB) {
		mustExec(t, d, usersDDL)
		for _, name := range []string{stored, "Bob"} {
			now := time.Now()
			_, err := d.Exec(context.Background(),
				"INSERT INTO users (uuid, name, email, is_active, created, modified) VALUES (?, ?, ?, ?, ?, ?)",
				db.NewUUID(), name, strings.ToLower(name[:3])+"@example.com", true, now, now)
			require.NoError(t, err)
		}
		tests := []struct {
			name  string
			query url.Values
			want  []string
		}{
			{"search, precomposed", url.Values{"search": {"jos\u00e9"}}, []string{stored}},
			{"search, decomposed", url.Values{"search": {"Jose\u0301"}}, []string{stored}},
			{"search, decomposed in capitals", url.Values{"search": {"NU\u0301N\u0303EZ"}}, []string{stored}},
			{"search, two decomposed words", url.Values{"search": {decomposed}}, []string{stored}},
			{"exact, decomposed", url.Values{"name": {decomposed}}, []string{stored}},
			{"startswith, decomposed", url.Values{"name__startswith": {"Jose\u0301"}}, []string{stored}},
			{"in, decomposed", url.Values{"name__in": {decomposed + ",Bob"}}, []string{"Bob", stored}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				lq, err := peopleList.Parse(tt.query)
				require.NoError(t, err)
				rows, _, err := db.SelectList[person](context.Background(), d, lq, peopleQuery, nil, 1, 10)
				require.NoError(t, err)
				names := []string{}
				for _, r := range rows {
					names = append(names, r.Name)
				}
				assert.Equal(t, tt.want, names)
			})
		}
	})
}

func TestListPagesCountFilteredRows(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		seedPeople(t, d)
		lq, err := peopleList.Parse(url.Values{"is_active": {"true"}, "ordering": {"name"}})
		require.NoError(t, err)
		rows, total, err := db.SelectList[person](context.Background(), d, lq, peopleQuery, nil, 2, 2)
		require.NoError(t, err)
		assert.Equal(t, 3, total)
		require.Len(t, rows, 1)
		assert.Equal(t, "Dan", rows[0].Name)
	})
}

func TestListRefusesWhatIsNotDeclared(t *testing.T) {
	tests := []struct {
		query string
		param string
		msg   string
	}{
		{"ordering=password", "ordering", "The ordering must name only age, created, email, name, each with - for descending"},
		{"ordering=name%3BDROP+TABLE+users", "ordering", "The ordering must name only age, created, email, name, each with - for descending"},
		{"ordering=", "ordering", "The ordering must be given once, as comma-separated fields"},
		{"ordering=name&ordering=age", "ordering", "The ordering must be given once, as comma-separated fields"},
		{"ordering=name,,age", "ordering", "The ordering must name only age, created, email, name, each with - for descending"},
		{"is_active=yes", "is_active", "The is_active must be true or false"},
		{"is_active=1", "is_active", "The is_active must be true or false"},
		{"is_active=true&is_active=false", "is_active", "The is_active must be given once"},
		{"age=1 OR 1=1", "age", "The age must be a whole number"},
		{"age__in=1,x", "age__in", "The age__in must be a whole number"},
		{"age__regex=.*", "age__regex", "The age__regex filter is not supported; age allows age__exact, age__gte, age__lt, age__in, age__isnull"},
		{"name__gt=a", "name__gt", "The name__gt filter is not supported; name allows name__exact, name__startswith, name__in"},
		{"age__isnull=maybe", "age__isnull", "The age__isnull must be true or false"},
		{"created__gte=yesterday", "created__gte", "The created__gte must be a date (2006-01-02) or an RFC 3339 time (2006-01-02T15:04:05Z)"},
		{"name=%00", "name", "The name must be UTF-8 text without null characters"},
		{"search=%ff", "search", "The search must be UTF-8 text without null characters"},
		{"search=a&search=b", "search", "The search must be given once"},
		{"search=a+b+c+d+e+f+g+h+i+j+k", "search", "The search must have at most 10 words"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			require.NoError(t, err)
			_, err = peopleList.Parse(q)
			var perr *db.ParamError
			require.ErrorAs(t, err, &perr)
			assert.Equal(t, map[string][]string{tt.param: {tt.msg}}, perr.FieldErrors())
		})
	}
}

func TestListSQLUsesOnlyDeclaredColumns(t *testing.T) {
	lq, err := peopleList.Parse(url.Values{"joined": {"2026-01-01"}, "search": {"x"}, "ordering": {"-age"}})
	require.NoError(t, err)
	query, args := lq.SQL(db.MySQL, "SELECT * FROM users", []any{"base"})
	assert.Equal(t, "SELECT * FROM (\nSELECT * FROM users\n) AS petra_list\n"+
		"WHERE `created` > ?\nAND (LOWER(`email`) LIKE ? ESCAPE '!' OR LOWER(`name`) LIKE ? ESCAPE '!')\n"+
		"ORDER BY `age` DESC, `uuid` DESC", query)
	assert.Equal(t, []any{"base", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "%x%", "%x%"}, args)
	assert.Equal(t, "-age,-uuid", lq.Ordering())
}

func TestListCheckFindsDeclarationMistakes(t *testing.T) {
	tests := []struct {
		name string
		list db.List
		want string
	}{
		{"column", db.List{Fields: map[string]db.Field{"a": {Column: "a; DROP"}}}, `db: list field "a": invalid name or column "a; DROP"`},
		{"name with lookup separator", db.List{Fields: map[string]db.Field{"a__b": {}}}, `db: list field "a__b": invalid name or column "a__b"`},
		{"lookup", db.List{Fields: map[string]db.Field{"a": {Lookups: []db.Lookup{"regex"}}}}, `db: list field "a": unknown lookup "regex"`},
		{"startswith", db.List{Fields: map[string]db.Field{"a": {Type: db.TypeInt, Lookups: []db.Lookup{db.StartsWith}}}}, `db: list field "a": startswith needs a TypeText field`},
		{"search", db.List{Fields: map[string]db.Field{"a": {Type: db.TypeTime, Search: true}}}, `db: list field "a": search needs a TypeText field`},
		{"ordering", db.List{Fields: map[string]db.Field{"a": {}}, Ordering: []string{"-b"}}, `db: list ordering "-b" names no declared field`},
		{"unique", db.List{Unique: "id)"}, `db: list unique field "id)": db: invalid identifier "id)"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.EqualError(t, tt.list.Check(), tt.want)
			_, err := tt.list.Parse(nil)
			assert.EqualError(t, err, tt.want)
		})
	}
	assert.NoError(t, peopleList.Check())
}

func TestSelectCursorLongTextValues(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		mustExec(t, d, `CREATE TABLE notes (uuid {uuid} PRIMARY KEY, title TEXT NOT NULL)`)
		for i := range 3 {
			_, err := d.Exec(context.Background(), "INSERT INTO notes (uuid, title) VALUES (?, ?)",
				db.NewUUID(), fmt.Sprint(i)+strings.Repeat("x", 250)) // past the 200 bytes a client may send
			require.NoError(t, err)
		}
		type note struct {
			UUID  string `db:"uuid"`
			Title string
		}
		list := &db.List{Fields: map[string]db.Field{"title": {Type: db.TypeText, Order: true}}, Ordering: []string{"title"}, Unique: "uuid"}
		lq, err := list.Parse(nil)
		require.NoError(t, err)
		first, err := db.SelectCursor[note](context.Background(), d, lq, "SELECT uuid, title FROM notes", nil, cursorKey, "", 2)
		require.NoError(t, err)
		next, err := db.SelectCursor[note](context.Background(), d, lq, "SELECT uuid, title FROM notes", nil, cursorKey, *first.NextCursor, 2)
		require.NoError(t, err)
		require.Len(t, next.Data, 1)
		assert.Equal(t, byte('2'), next.Data[0].Title[0])
	})
}
