package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHello(t *testing.T) {
	app := NewApp()
	tests := []struct {
		name, method, path, body string
		want                     int
		wantBody                 string
	}{
		{"create", http.MethodPost, "/api/v1/hello/greetings/", `{"name":"Ann","times":2}`, http.StatusCreated,
			`{"id":1,"message":"Hello, Ann! Hello, Ann!"}`},
		{"invalid", http.MethodPost, "/api/v1/hello/greetings/", `{"times":9}`, http.StatusBadRequest,
			`{"success":false,"message":"The given data was invalid","errors":{"name":["The name field is required"],"times":["The times must not be greater than 5"]}}`},
		{"retrieve", http.MethodGet, "/api/v1/hello/greetings/3", "", http.StatusOK, `{"id":3,"message":"Hello number 3"}`},
		{"not an int", http.MethodGet, "/api/v1/hello/greetings/x", "", http.StatusNotFound, `{"success":false,"message":"Not found"}`},
		{"status", http.MethodGet, "/hello-petra/status", "", http.StatusOK, `{"status":"petra is working fine"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			app.ServeHTTP(rec, req)
			require.Equal(t, tt.want, rec.Code, rec.Body.String())
			assert.JSONEq(t, tt.wantBody, rec.Body.String())
		})
	}
}
