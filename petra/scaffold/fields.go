package scaffold

import (
	"fmt"
	"regexp"
	"strings"
)

// field is one field of a generated module's resource, from a NAME:TYPE
// argument of `make module`.
type field struct {
	Name     string // the JSON key and SQL column: "in_stock"
	GoName   string // the Go field: "InStock"
	Kind     string // a key of kinds: "bool"
	Optional bool   // may be left out of a create or a full update
}

// kind is what a field type becomes in Go, SQL, validation and the
// generated tests.
type kind struct {
	goType  string
	sql     map[string]string // column type by dialect
	max     int               // the longest value, in characters; 0 for none
	sample  string            // a Go literal of a value, for tests
	changed string            // another one
	zero    string            // a Go literal of the zero value, as a JSON answer shows it
	wrong   string            // a JSON value of the wrong type
	message string            // the error that wrong value gets
}

// kinds are the field types `make module` knows, by name.
var kinds = map[string]kind{
	"string": {goType: "string", max: 255, sample: `"Sample"`, changed: `"Changed"`, zero: `""`, wrong: `5`,
		message: "must be a string", sql: map[string]string{"sqlite": "TEXT", "postgres": "VARCHAR(255)", "mysql": "VARCHAR(255)"}},
	"text": {goType: "string", max: 10000, sample: `"Some text"`, changed: `"Other text"`, zero: `""`, wrong: `5`,
		message: "must be a string", sql: map[string]string{"sqlite": "TEXT", "postgres": "TEXT", "mysql": "TEXT"}},
	"int": {goType: "int64", sample: `42`, changed: `7`, zero: `0`, wrong: `"x"`,
		message: "must be an integer", sql: map[string]string{"sqlite": "INTEGER", "postgres": "BIGINT", "mysql": "BIGINT"}},
	"float": {goType: "float64", sample: `4.5`, changed: `2.25`, zero: `0`, wrong: `"x"`,
		message: "must be a number", sql: map[string]string{"sqlite": "REAL", "postgres": "DOUBLE PRECISION", "mysql": "DOUBLE"}},
	"bool": {goType: "bool", sample: `true`, changed: `false`, zero: `false`, wrong: `"x"`,
		message: "must be true or false", sql: map[string]string{"sqlite": "BOOLEAN", "postgres": "BOOLEAN", "mysql": "BOOLEAN"}},
	"time": {goType: "time.Time", sample: `"2026-01-02T03:04:05Z"`, changed: `"2027-06-07T08:09:10Z"`, wrong: `"x"`,
		message: "is not valid", sql: map[string]string{"sqlite": "TIMESTAMP", "postgres": "TIMESTAMPTZ", "mysql": "DATETIME(6)"}},
}

// kindNames lists kinds in the order messages name them.
const kindNames = "string, text, int, float, bool or time"

// defaultFields are the fields of a module made without any: a short name
// and a longer, optional description.
var defaultFields = []string{"name:string", "description:text:optional"}

// fieldNameRE is what a field name may be: snake_case, as JSON keys and SQL
// columns are.
var fieldNameRE = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// builtinFields are the fields every module has, by JSON and Go name.
var builtinFields = map[string]bool{"uuid": true, "created": true, "modified": true, "UUID": true, "Created": true, "Modified": true}

// sqlReserved are words that SQLite, PostgreSQL or MySQL reserve, which a
// column cannot be named without quoting.
var sqlReserved = wordSet(`add all alter analyse analyze and any as asc between both by case cast
		check collate column condition constraint create cross current_date current_time current_timestamp
		current_user database default delete desc distinct div drop else end except exists false fetch for
		foreign from full grant group having in index inner insert interval into is join key keys leading
		left like limit lock match natural not null of offset on or order outer primary range rank read
		references release rename repeat replace require return revoke right row rows schema select
		session_user set show table then to trailing true union unique update usage user using values when
		where window with write`)

// wordSet returns the set of the space-separated words in s.
func wordSet(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(s) {
		set[w] = true
	}
	return set
}

// initialisms are the words Go spells in capitals in a name.
var initialisms = map[string]string{
	"api": "API", "html": "HTML", "http": "HTTP", "id": "ID", "ip": "IP", "json": "JSON",
	"sql": "SQL", "uri": "URI", "url": "URL", "uuid": "UUID",
}

// parseFields reads the NAME:TYPE[:optional] arguments of `make module`;
// none gives [defaultFields].
func parseFields(specs []string) ([]field, error) {
	if len(specs) == 0 {
		specs = defaultFields
	}
	fields := make([]field, 0, len(specs))
	names, goNames := map[string]bool{}, map[string]string{}
	for _, spec := range specs {
		f, err := parseField(spec)
		if err != nil {
			return nil, err
		}
		if names[f.Name] {
			return nil, fmt.Errorf("scaffold: the field %q is given twice", f.Name)
		}
		if other, ok := goNames[f.GoName]; ok || builtinFields[f.GoName] {
			return nil, fmt.Errorf("scaffold: the fields %q and %q both become %s in Go; rename one", other, f.Name, f.GoName)
		}
		names[f.Name], goNames[f.GoName] = true, f.Name
		fields = append(fields, f)
	}
	return fields, nil
}

// parseField reads one NAME:TYPE[:optional] argument.
func parseField(spec string) (field, error) {
	parts := strings.Split(spec, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return field{}, fmt.Errorf("scaffold: %q is not a field: write NAME:TYPE, as in price:int, or NAME:TYPE:optional (types: %s)", spec, kindNames)
	}
	f := field{Name: parts[0], Kind: parts[1]}
	switch {
	case !fieldNameRE.MatchString(f.Name) || len(f.Name) > 60:
		return field{}, fmt.Errorf("scaffold: %q is not a field name: use lower-case letters, digits and _, starting with a letter (e.g. unit_price)", f.Name)
	case builtinFields[f.Name]:
		return field{}, fmt.Errorf("scaffold: %q cannot name a field: every module has uuid, created and modified", f.Name)
	case sqlReserved[f.Name]:
		return field{}, fmt.Errorf("scaffold: %q cannot name a field: SQL reserves it; choose another (add a word: sort_order, user_name)", f.Name)
	}
	if _, ok := kinds[f.Kind]; !ok {
		return field{}, fmt.Errorf("scaffold: %q is not a field type: use %s", f.Kind, kindNames)
	}
	if len(parts) == 3 {
		if parts[2] != "optional" {
			return field{}, fmt.Errorf("scaffold: %q is not a field option: only optional is (as in notes:text:optional)", parts[2])
		}
		f.Optional = true
	}
	f.GoName = goName(f.Name)
	return f, nil
}

// goName returns the exported Go name of a snake_case name: in_stock →
// InStock, home_url → HomeURL.
func goName(name string) string {
	var b strings.Builder
	for _, word := range strings.Split(name, "_") {
		if upper, ok := initialisms[word]; ok {
			b.WriteString(upper)
			continue
		}
		b.WriteString(strings.ToUpper(word[:1]) + word[1:])
	}
	return b.String()
}

// GoType is the field's type in the form and the model: an optional time is
// a *time.Time, nil when not given, as a zero time is no date.
func (f field) GoType() string {
	if f.Nullable() {
		return "*" + kinds[f.Kind].goType
	}
	return kinds[f.Kind].goType
}

// Nullable reports whether the field's column may be NULL: an optional time.
func (f field) Nullable() bool { return f.Optional && f.Kind == "time" }

// Null is the field's column constraint: NULL or NOT NULL.
func (f field) Null() string {
	if f.Nullable() {
		return "NULL"
	}
	return "NOT NULL"
}

// Tags are the field's struct tags in the form: its JSON and form names and
// its validation rules.
func (f field) Tags() string {
	var rules []string
	if !f.Optional {
		rules = append(rules, "required")
	}
	if m := kinds[f.Kind].max; m > 0 {
		rules = append(rules, fmt.Sprintf("max=%d", m))
	}
	tags := fmt.Sprintf(`json:"%s" form:"%s"`, f.Name, f.Name)
	if len(rules) > 0 {
		tags += fmt.Sprintf(` validate:"%s"`, strings.Join(rules, ","))
	}
	return "`" + tags + "`"
}

// SQLType is the field's column type in dialect's migration.
func (f field) SQLType(dialect string) string { return kinds[f.Kind].sql[dialect] }

// IsTime reports whether the field is a time.Time.
func (f field) IsTime() bool { return f.Kind == "time" }

// Max is the longest value the field takes, in characters; 0 for no limit.
func (f field) Max() int { return kinds[f.Kind].max }

// Sample is a Go literal of a value of the field, for the generated tests.
func (f field) Sample() string { return kinds[f.Kind].sample }

// Changed is a Go literal of another value of the field.
func (f field) Changed() string { return kinds[f.Kind].changed }

// Zero is a Go literal of what a JSON answer shows of the field when it was
// not given.
func (f field) Zero() string {
	if f.Nullable() {
		return "nil"
	}
	return kinds[f.Kind].zero
}

// Wrong is a JSON value of the wrong type for the field.
func (f field) Wrong() string { return kinds[f.Kind].wrong }

// Message is the end of the error a value of the wrong type gets ("must be
// an integer").
func (f field) Message() string { return kinds[f.Kind].message }
