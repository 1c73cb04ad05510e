package middleware

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/cors"
)

// Defaults of the [CORSOptions] lists left empty (copied, never handed out).
var (
	defaultCORSOrigins = []string{"http://localhost:3000"}
	defaultCORSMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
	defaultCORSHeaders = []string{"Accept", "Authorization", "Content-Type", "X-Request-ID"}
)

// DefaultCORSMaxAge is how long browsers may cache a preflight answer when
// [CORSOptions.MaxAge] is zero.
const DefaultCORSMaxAge = 5 * time.Minute

// CORSOptions configures [CORS]. Its zero value allows the origin
// http://localhost:3000 with the usual methods and headers and no credentials,
// which suits development; list the real origins in production.
type CORSOptions struct {
	// AllowedOrigins are the origins browsers may call the API from, exactly as
	// the Origin header carries them (scheme://host[:port], no path), compared
	// case-insensitively. One "*" inside an origin matches any text there:
	// "https://*.example.com" allows every subdomain of example.com. The origin
	// "*" alone allows any origin, and cannot be combined with
	// AllowCredentials. Empty: http://localhost:3000.
	AllowedOrigins []string
	// AllowedMethods are the methods a cross-origin request may use.
	// Empty: GET, POST, PUT, PATCH, DELETE, OPTIONS.
	AllowedMethods []string
	// AllowedHeaders are the request headers a cross-origin request may send;
	// "*" allows any. Empty: Accept, Authorization, Content-Type, X-Request-ID.
	AllowedHeaders []string
	// ExposedHeaders are the response headers, beyond the CORS-safelisted ones,
	// that the browser lets the calling script read, such as "X-Request-ID"
	// or "Retry-After". Empty: none.
	ExposedHeaders []string
	// AllowCredentials lets browsers send cookies and HTTP authentication with
	// cross-origin requests and read the answers. Default: false.
	AllowCredentials bool
	// MaxAge is how long browsers may cache a preflight answer, sent in whole
	// seconds (rounded up). Zero: [DefaultCORSMaxAge]; negative: no
	// Access-Control-Max-Age header, so browsers use their own default (5s).
	MaxAge time.Duration
}

// Validate reports whether o can be served: it rejects an origin that is not
// scheme://host[:port], one with more than one "*", and the origin "*" together
// with AllowCredentials, which browsers refuse. [CORS] panics with the same
// error; call Validate first to report it another way.
func (o CORSOptions) Validate() error {
	var errs []error
	for _, origin := range o.AllowedOrigins {
		if origin == "*" {
			if o.AllowCredentials {
				errs = append(errs, errors.New(`middleware: CORS cannot allow any origin ("*") together with AllowCredentials, which browsers refuse: list the origins, or turn credentials off`))
			}
			continue
		}
		if err := checkOrigin(origin); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// checkOrigin reports whether origin is scheme://host[:port] with at most one
// "*" and nothing after the host, as browsers send in the Origin header.
func checkOrigin(origin string) error {
	if strings.Count(origin, "*") > 1 {
		return fmt.Errorf("middleware: CORS origin %q has more than one \"*\"; one wildcard per origin is supported", origin)
	}
	u, err := url.Parse(strings.Replace(origin, "*", "x", 1))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return fmt.Errorf("middleware: CORS origin %q is not an origin: want scheme://host[:port] with no path, such as https://app.example.com", origin)
	}
	return nil
}

// CORS returns middleware that answers cross-origin requests as opts allow,
// with github.com/go-chi/cors:
//
//   - A preflight (OPTIONS with Origin and Access-Control-Request-Method) is
//     answered 200 at once and never reaches the app, so authentication and
//     rate limits do not see it. For an allowed origin, method and headers the
//     answer carries the Access-Control-Allow-* headers; otherwise it carries
//     none, and the browser blocks the real request.
//   - Any other request reaches the app; when its origin is allowed the answer
//     also carries Access-Control-Allow-Origin (and -Credentials,
//     -Expose-Headers). A disallowed origin gets no CORS headers, so the
//     browser does not let the calling page read the answer. CORS is enforced
//     by browsers: it is not access control for other clients.
//
// Every answer varies by Origin. CORS panics, with a message starting with
// "middleware:", when [CORSOptions.Validate] rejects opts: a configuration
// mistake stops start-up rather than misbehaving in browsers. The middleware is
// safe for concurrent use.
func CORS(opts CORSOptions) func(http.Handler) http.Handler {
	if err := opts.Validate(); err != nil {
		panic(err.Error())
	}
	maxAge := opts.MaxAge
	switch {
	case maxAge == 0:
		maxAge = DefaultCORSMaxAge
	case maxAge < 0:
		maxAge = 0
	}
	return cors.Handler(cors.Options{
		AllowedOrigins:   orDefault(opts.AllowedOrigins, defaultCORSOrigins),
		AllowedMethods:   orDefault(opts.AllowedMethods, defaultCORSMethods),
		AllowedHeaders:   orDefault(opts.AllowedHeaders, defaultCORSHeaders),
		ExposedHeaders:   append([]string(nil), opts.ExposedHeaders...),
		AllowCredentials: opts.AllowCredentials,
		MaxAge:           int((maxAge + time.Second - 1) / time.Second),
	})
}

// orDefault returns a copy of list, or of def when list is empty, so that the
// caller's slices and the package defaults are never shared with the library.
func orDefault(list, def []string) []string {
	if len(list) == 0 {
		list = def
	}
	return append([]string(nil), list...)
}
