package db_test

import (
	"context"
	"strings"
	"testing"

	"github.com/go-petra/petra/petra/db"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type row = map[string]any

func TestShapeApply(t *testing.T) {
	users := []row{
		{"uuid": "u1", "name": "Ann", "password_hash": "x", "is_active": int64(1)},
		{"uuid": "u2", "name": "Bob", "password_hash": "y", "is_active": int64(0)},
	}
	posts := []row{
		{"id": int64(1), "user_uuid": []byte("u1"), "title": "Hello"},
		{"id": int64(2), "user_uuid": "u1", "title": "Again"},
	}
	upper := func(r row) any { return strings.ToUpper(r["name"].(string)) }
	tests := []struct {
		name  string
		shape db.Shape
		want  []row
		err   string
	}{
		{"zero copies", db.Shape{}, users, ""},
		{"include", db.Shape{Include: []string{"uuid", "name"}},
			[]row{{"uuid": "u1", "name": "Ann"}, {"uuid": "u2", "name": "Bob"}}, ""},
		{"exclude", db.Shape{Exclude: []string{"password_hash", "is_active"}},
			[]row{{"uuid": "u1", "name": "Ann"}, {"uuid": "u2", "name": "Bob"}}, ""},
		{"rename", db.Shape{Include: []string{"uuid"}, Rename: map[string]string{"uuid": "id"}},
			[]row{{"id": "u1"}, {"id": "u2"}}, ""},
		{"compute adds and replaces", db.Shape{
			Include: []string{"name"},
			Compute: map[string]func(row) any{"shout": upper, "is_active": db.Bool("is_active")},
		}, []row{
			{"name": "Ann", "shout": "ANN", "is_active": true},
			{"name": "Bob", "shout": "BOB", "is_active": false},
		}, ""},
		{"related many", db.Shape{
			Include: []string{"uuid"},
			Related: []db.Relation{{Name: "posts", Rows: posts, ParentKey: "uuid", ChildKey: "user_uuid",
				Shape: &db.Shape{Include: []string{"title"}}}},
		}, []row{
			{"uuid": "u1", "posts": []row{{"title": "Hello"}, {"title": "Again"}}},
			{"uuid": "u2", "posts": []row{}},
		}, ""},
		{"related one", db.Shape{
			Include: []string{"uuid"},
			Related: []db.Relation{{Name: "first_post", Rows: posts, ParentKey: "uuid", ChildKey: "user_uuid", One: true,
				Shape: &db.Shape{Include: []string{"id"}}}},
		}, []row{
			{"uuid": "u1", "first_post": row{"id": int64(1)}},
			{"uuid": "u2", "first_post": nil},
		}, ""},
		{"exclude typo is an error", db.Shape{Exclude: []string{"pasword_hash"}}, nil, `excluded column "pasword_hash"`},
		{"include typo is an error", db.Shape{Include: []string{"nme"}}, nil, `included column "nme"`},
		{"rename typo is an error", db.Shape{Rename: map[string]string{"nme": "n"}}, nil, `renamed column "nme"`},
		{"missing parent key", db.Shape{Related: []db.Relation{{Name: "p", Rows: posts, ParentKey: "id", ChildKey: "user_uuid"}}},
			nil, `row has no column "id"`},
		{"missing child key", db.Shape{Related: []db.Relation{{Name: "p", Rows: posts, ParentKey: "uuid", ChildKey: "owner"}}},
			nil, `child row has no column "owner"`},
		{"incomplete relation", db.Shape{Related: []db.Relation{{Rows: posts}}}, nil, "needs Name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.shape.Apply(users)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	// The input is never modified.
	assert.Equal(t, "x", users[0]["password_hash"])
	assert.Len(t, users[0], 4)
}

func TestShapeComputeSeesRelated(t *testing.T) {
	s := db.Shape{
		Include: []string{"uuid"},
		Related: []db.Relation{{Name: "posts", ParentKey: "uuid", ChildKey: "user_uuid",
			Rows: []row{{"user_uuid": "u1"}, {"user_uuid": "u1"}}}},
		Compute: map[string]func(row) any{"post_count": func(r row) any { return len(r["posts"].([]row)) }},
		Rename:  map[string]string{"posts": "articles"},
	}
	got, err := s.ApplyOne(row{"uuid": "u1", "name": "Ann"})
	require.NoError(t, err)
	assert.Equal(t, 2, got["post_count"])
	assert.Len(t, got["articles"], 2)
	assert.NotContains(t, got, "posts")
	assert.NotContains(t, got, "name")
}

func TestShapeEmpty(t *testing.T) {
	got, err := db.Shape{Exclude: []string{"anything"}}.Apply(nil)
	require.NoError(t, err)
	assert.NotNil(t, got)
	assert.Empty(t, got)
}

func TestBool(t *testing.T) {
	tests := []struct {
		in   any
		want any
	}{
		{nil, nil}, {true, true}, {false, false}, {int64(1), true}, {int64(0), false}, {int64(-2), true},
		{1.0, true}, {"true", true}, {"1", true}, {"0", false}, {"nope", false}, {int32(1), true}, {[]byte("x"), false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, db.Bool("b")(row{"b": tt.in}), "%#v", tt.in)
	}
}

func TestShapeOnQueryRows(t *testing.T) {
	eachDriver(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		mustExec(t, d, usersDDL, `CREATE TABLE posts (id {int} PRIMARY KEY, user_uuid {uuid} NOT NULL, title {text} NOT NULL)`)
		ann := addUser(t, d, "Ann", "ann@x.io", 30)
		addUser(t, d, "Bob", "bob@x.io", 40)
		_, err := d.Exec(ctx, "INSERT INTO posts (id, user_uuid, title) VALUES (?, ?, ?), (?, ?, ?)", 1, ann, "Hello", 2, ann, "Again")
		require.NoError(t, err)

		users, err := d.QueryMaps(ctx, "SELECT uuid, name, is_active FROM users ORDER BY name")
		require.NoError(t, err)
		posts, err := d.QueryMaps(ctx, "SELECT user_uuid, title FROM posts ORDER BY id")
		require.NoError(t, err)
		got, err := db.Shape{
			Compute: map[string]func(row) any{"is_active": db.Bool("is_active")},
			Related: []db.Relation{{Name: "posts", Rows: posts, ParentKey: "uuid", ChildKey: "user_uuid",
				Shape: &db.Shape{Exclude: []string{"user_uuid"}}}},
		}.Apply(users)
		require.NoError(t, err)
		assert.Equal(t, []row{
			{"uuid": ann, "name": "Ann", "is_active": true, "posts": []row{{"title": "Hello"}, {"title": "Again"}}},
			{"uuid": got[1]["uuid"], "name": "Bob", "is_active": true, "posts": []row{}},
		}, got)
	})
}
