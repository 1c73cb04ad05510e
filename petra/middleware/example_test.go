package middleware_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/middleware"
)

// helloApp returns an app with GET /api/v1/hello/ping/ and mw.
func helloApp(mw ...func(http.Handler) http.Handler) *petra.App {
	app := petra.New()
	app.Use(mw...)
	app.Mount(petra.Module{Name: "hello", Routes: []petra.Route{
		petra.Get("ping/", func(*petra.Request) petra.Result {
			return petra.Response(map[string]string{"ping": "pong"})
		}),
	}})
	return app
}

func ExampleCORS() {
	app := helloApp(middleware.CORS(middleware.CORSOptions{
		AllowedOrigins:   []string{"https://app.example.com", "https://*.example.org"},
		ExposedHeaders:   []string{"X-Request-ID"},
		AllowCredentials: true,
	}))

	// The browser's preflight is answered without reaching the app.
	req := httptest.NewRequest(http.MethodOptions, "/api/v1/hello/ping/", nil)
	req.Header.Set("Origin", "https://admin.example.org")
	req.Header.Set("Access-Control-Request-Method", "GET")
	req.Header.Set("Access-Control-Request-Headers", "Authorization")
	rec := httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Access-Control-Allow-Origin"), rec.Header().Get("Access-Control-Allow-Headers"))

	// The request itself reaches it, and its answer may be read by the page.
	req = httptest.NewRequest(http.MethodGet, "/api/v1/hello/ping/", nil)
	req.Header.Set("Origin", "https://admin.example.org")
	rec = httptest.NewRecorder()
	app.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Header().Get("Access-Control-Allow-Credentials"), rec.Body.String())
	// Output:
	// 200 https://admin.example.org Authorization
	// 200 true {"ping":"pong"}
}

func ExampleRateLimit() {
	// Set Redis to a *redis.Client to share the limit between instances.
	app := helloApp(middleware.RateLimit(middleware.RateLimitOptions{Limit: 2}))
	for range 3 {
		rec := httptest.NewRecorder()
		app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/hello/ping/", nil))
		fmt.Println(rec.Code, rec.Header().Get("X-RateLimit-Remaining"), rec.Header().Get("Retry-After"), rec.Body.String())
	}
	// Output:
	// 200 1  {"ping":"pong"}
	// 200 0  {"ping":"pong"}
	// 429 0 60 {"success":false,"message":"Too many requests"}
}

func ExampleAccessLog() {
	// A text logger without the time and duration, so the output is stable.
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "duration" {
				return slog.Attr{}
			}
			return a
		},
	}))
	app := helloApp(middleware.RequestID, middleware.AccessLog(logger))

	req := httptest.NewRequest(http.MethodGet, "/api/v1/hello/ping/?token=secret", nil)
	req.Header.Set("Authorization", "Bearer secret")
	req.Header.Set("X-Request-ID", "req-42")
	app.ServeHTTP(httptest.NewRecorder(), req)

	req = httptest.NewRequest(http.MethodGet, "/nowhere", nil)
	req.Header.Set("X-Request-ID", "req-43")
	app.ServeHTTP(httptest.NewRecorder(), req)
	// Output:
	// level=INFO msg=request method=GET path=/api/v1/hello/ping/ status=200 bytes=15 request_id=req-42 client_ip=192.0.2.1
	// level=WARN msg=request method=GET path=/nowhere status=404 bytes=39 request_id=req-43 client_ip=192.0.2.1
}
