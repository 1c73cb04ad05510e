package db_test

import (
	"bytes"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/status"
)

func TestErrNotFound(t *testing.T) {
	wrapped := fmt.Errorf("user 42: %w", db.ErrNotFound)
	for _, err := range []error{db.ErrNotFound, wrapped} {
		assert.ErrorIs(t, err, db.ErrNotFound)
		assert.ErrorIs(t, err, sql.ErrNoRows, "it still reads as the driver's no-rows")
		assert.Equal(t, status.HTTP_404_NOT_FOUND, statusOf(err))
	}
	assert.NotErrorIs(t, sql.ErrNoRows, db.ErrNotFound, "a bare sql.ErrNoRows is not db's sentinel")
	assert.Equal(t, "db: not found: sql: no rows in result set", db.ErrNotFound.Error())
}

// A view that fails with db's not-found answers 404 in the envelope, as with
// petra's own, and logs nothing.
func TestErrNotFoundAnswers404(t *testing.T) {
	var logs bytes.Buffer
	app := petra.New(petra.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	app.Mount(petra.Module{Name: "m", Routes: []petra.Route{
		petra.Get("row", func(*petra.Request) petra.Result { return petra.Fail(fmt.Errorf("get row: %w", db.ErrNotFound)) }),
	}})
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/m/row", nil))
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.JSONEq(t, `{"success":false,"message":"Not Found"}`, rec.Body.String())
	assert.Empty(t, logs.String())
}
