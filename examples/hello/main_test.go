package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

func TestHello(t *testing.T) {
	app := NewApp()
	tests := []struct {
		name, method, path, body string
		want                     status.Code
		wantBody                 string
	}{
		{"create", http.MethodPost, "/api/v1/hello/greetings/", `{"name":"Ann","times":2}`, status.HTTP_201_CREATED,
			`{"id":1,"message":"Hello, Ann! Hello, Ann!"}`},
		{"invalid", http.MethodPost, "/api/v1/hello/greetings/", `{"times":9}`, status.HTTP_400_BAD_REQUEST,
			`{"success":false,"message":"The given data was invalid","errors":{"name":["The name field is required"],"times":["The times must not be greater than 5"]}}`},
		{"retrieve", http.MethodGet, "/api/v1/hello/greetings/3", "", status.HTTP_200_OK, `{"id":3,"message":"Hello number 3"}`},
		{"not an int", http.MethodGet, "/api/v1/hello/greetings/x", "", status.HTTP_404_NOT_FOUND, `{"success":false,"message":"Not found"}`},
		{"status", http.MethodGet, "/hello-petra/status", "", status.HTTP_200_OK, `{"status":"petra is working fine"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			petratest.New(t, app).Send(tt.method, tt.path, "application/json", strings.NewReader(tt.body)).
				AssertJSON(tt.want, tt.wantBody)
		})
	}
}
