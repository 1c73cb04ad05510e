package petratest_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

func TestAssertJSONSubset(t *testing.T) {
	const body = `{"id":7,"name":"Ann","created":"2026-12-06T03:00:00Z","tags":["a","b"],` +
		`"owner":{"id":1,"name":"Bo"},"note":null}`
	type named struct {
		ID   any    `json:"id"`
		Name string `json:"name"`
	}
	tests := []struct {
		name string
		code status.Code
		want any
		said []string // none when the assertion passes, else parts of its message
	}{
		{"a subset", 200, map[string]any{"name": "Ann", "tags": []any{"a", "b"}}, nil},
		{"as a JSON string", 200, `{"owner":{"name":"Bo"}}`, nil},
		{"as JSON bytes", 200, []byte(`{"id":7}`), nil},
		{"Any stands for a value", 200, map[string]any{"id": petratest.Any, "created": petratest.Any}, nil},
		{"Any in a struct", 200, named{ID: petratest.Any, Name: "Ann"}, nil},
		{"Any holds null", 200, map[string]any{"note": petratest.Any}, nil},
		{"null", 200, map[string]any{"note": nil}, nil},
		{"Any in an array", 200, map[string]any{"tags": []any{petratest.Any, "b"}}, nil},
		{"the whole body", 200, petratest.Any, nil},
		{"another value", 200, map[string]any{"name": "Bob"}, []string{`$.name: want "Bob", got "Ann"`}},
		{"a nested value", 200, map[string]any{"owner": map[string]any{"name": "Cy"}}, []string{`$.owner.name: want "Cy", got "Bo"`}},
		{"a missing key", 200, map[string]any{"email": "a@x.io"}, []string{`$: no key "email"`}},
		{"Any needs the key", 200, map[string]any{"uuid": petratest.Any}, []string{`$: no key "uuid"`}},
		{"a number as a string", 200, map[string]any{"id": "7"}, []string{`$.id: want "7", got 7`}},
		{"an array of another length", 200, map[string]any{"tags": []any{"a"}}, []string{`$.tags: want 1 elements, got 2`}},
		{"an element", 200, map[string]any{"tags": []any{"a", "c"}}, []string{`$.tags[1]: want "c", got "b"`}},
		{"an object for a string", 200, map[string]any{"name": map[string]any{}}, []string{`$.name: want an object, got "Ann"`}},
		{"an array for an object", 200, map[string]any{"owner": []any{}}, []string{`$.owner: want an array`}},
		{"every difference", 200, map[string]any{"id": 8, "name": "Bob"}, []string{"$.id: want 8, got 7", `$.name: want "Bob", got "Ann"`}},
		{"another status", 201, map[string]any{}, []string{"body:"}},
		{"a want that is no JSON", 200, `{`, []string{"the JSON wanted"}},
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			failed, said := failure(func(ft testing.TB) {
				petratest.New(ft, h).Get("/").AssertJSONSubset(tt.code, tt.want)
			})
			assert.Equal(t, tt.said != nil, failed, said)
			for _, part := range tt.said {
				assert.Contains(t, said, part)
			}
		})
	}
	failed, said := failure(func(ft testing.TB) {
		petratest.New(ft, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			_, _ = io.WriteString(w, "plain text")
		})).Get("/").AssertJSONSubset(status.HTTP_200_OK, map[string]any{})
	})
	assert.True(t, failed)
	assert.Contains(t, said, "the body is not JSON")
}
