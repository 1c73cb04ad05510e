package db

// CursorRoundTrip decodes s with key and, when it is valid, encodes what it
// says again, for the fuzz test of the cursor decoder.
func CursorRoundTrip(key []byte, s string) (again string, ok bool) {
	c, err := decodeCursor(key, s)
	if err != nil {
		return "", false
	}
	return encodeCursor(key, c), true
}

// EncodeCursor signs a cursor, for the fuzz test's seeds.
func EncodeCursor(key []byte, ordering string, back bool, values ...string) string {
	return encodeCursor(key, cursor{Ordering: ordering, Back: back, Values: values})
}

// CursorQuery returns the query and arguments SelectCursor runs for the page
// cursorText leads to, less its LIMIT, for tests of the query's plan.
func CursorQuery(lq *ListQuery, dialect Dialect, base string, key []byte, cursorText string) (string, []any, error) {
	c, err := decodeCursor(key, cursorText)
	if err != nil {
		return "", nil, err
	}
	extra, xargs, err := lq.keyset(c)
	if err != nil {
		return "", nil, err
	}
	query, args := lq.build(dialect, base, nil, extra, c.Back)
	return query, append(args, xargs...), nil
}

// ParamTemplates are the message templates of a ParamError, for the test
// that petra.Spanish words them all.
var ParamTemplates = []string{unsupportedLookupTemplate, givenOnceTemplate, tooManyValuesTemplate,
	tooManyWordsTemplate, noSearchTemplate, orderingOnceTemplate, orderingFieldsTemplate, tooLongTemplate,
	notWholeNumberTemplate, notBoolTemplate, notTimeTemplate, notTextTemplate}
