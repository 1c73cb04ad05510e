package petra_test

import (
	"log/slog"
	"net/http"
	"os"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/middleware"
	"github.com/go-petra/petra/status"
)

// A view logs through the app's logger, in the app's format, and each line
// carries the request's ID.
func ExampleRequest_Logger() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{} // so that the output is the same each run
			}
			return a
		},
	}))
	app := petra.New(petra.WithLogger(logger))
	app.Use(middleware.RequestID)
	app.Mount(petra.Module{Name: "files", Version: "v1", Routes: []petra.Route{
		petra.Delete("files/<int:id>", func(r *petra.Request) petra.Result {
			id, _ := r.PathInt("id")
			r.Logger().Info("file deleted", slog.Int("file", id))
			return petra.Response(nil, status.HTTP_204_NO_CONTENT)
		}),
	}})
	call(app, http.MethodDelete, "/api/v1/files/files/7", "X-Request-ID", "req-42")
	// Output:
	// level=INFO msg="file deleted" request_id=req-42 file=7
	// 204
}
