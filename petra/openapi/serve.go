package openapi

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/status"
)

//go:embed ui/swagger-ui-bundle.js ui/swagger-ui.css
var ui embed.FS

// Served is the document of an app, encoded once, the first time it is asked
// for: by then every module is mounted. It is safe for concurrent use.
type Served struct {
	app  *petra.App
	cfg  Config
	once sync.Once
	json []byte
	yaml []byte
	err  error
}

// NewServed returns the document of app, built on first use.
func NewServed(app *petra.App, cfg Config) *Served {
	return &Served{app: app, cfg: cfg}
}

func (s *Served) build() {
	s.once.Do(func() {
		s.json, s.err = json.MarshalIndent(Build(s.app, s.cfg), "", "  ")
		if s.err == nil {
			s.yaml, s.err = ToYAML(s.json)
		}
	})
}

// JSON returns the document as JSON.
func (s *Served) JSON() ([]byte, error) { s.build(); return s.json, s.err }

// YAML returns the document as YAML.
func (s *Served) YAML() ([]byte, error) { s.build(); return s.yaml, s.err }

// ToYAML rewrites a JSON document as block-style YAML, keeping its key order.
func ToYAML(data []byte) ([]byte, error) {
	var node yaml.Node
	if err := yaml.Unmarshal(data, &node); err != nil {
		return nil, err
	}
	blockStyle(&node)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&node); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// blockStyle drops the flow style JSON parses into, so YAML reads as YAML.
func blockStyle(n *yaml.Node) {
	n.Style &^= yaml.FlowStyle | yaml.DoubleQuotedStyle
	for _, c := range n.Content {
		blockStyle(c)
	}
}

// Module serves the document of app and its docs UI as project endpoints:
//
//	GET /openapi.json   the document as JSON
//	GET /openapi.yaml   the document as YAML
//	GET /docs           Swagger UI, its assets embedded in the binary
//
// Mount it after the app's other modules, or with them: the document is built
// the first time it is asked for, so it lists every module mounted by then.
func Module(app *petra.App, cfg Config) petra.Module {
	v := &docsViewSet{served: NewServed(app, cfg)}
	return petra.Module{Name: "openapi", Path: "/", Routes: v.Routes(
		petra.Get("openapi.json", v.JSON).Named("openapi:json").
			Returns(petra.Schema[map[string]any](), status.HTTP_200_OK).Summary("This OpenAPI document, as JSON"),
		petra.Get("openapi.yaml", v.YAML).Named("openapi:yaml").Summary("This OpenAPI document, as YAML"),
		petra.Get("docs", v.Docs).Named("openapi:docs").Summary("The API's documentation, in Swagger UI"),
		petra.Get("docs/assets/<str:file>", v.Asset).Named("openapi:docs_assets").Summary("The docs UI's scripts and styles"),
	)}
}

// docsViewSet holds the views of [Module], methods so that show-routes names
// them as the code does: "openapi.(*docsViewSet).JSON".
type docsViewSet struct {
	petra.ViewSet
	served *Served
}

// JSON answers the document as JSON.
func (v *docsViewSet) JSON(r *petra.Request) petra.Result {
	return written(v.served.writeJSON(r.ResponseWriter()))
}

// YAML answers the document as YAML.
func (v *docsViewSet) YAML(r *petra.Request) petra.Result {
	return written(v.served.writeYAML(r.ResponseWriter()))
}

// Docs answers the Swagger UI page.
func (v *docsViewSet) Docs(r *petra.Request) petra.Result {
	return written(writeDocs(r.ResponseWriter()))
}

// Asset answers the embedded script or stylesheet the path names.
func (v *docsViewSet) Asset(r *petra.Request) petra.Result {
	return written(writeAsset(r.ResponseWriter(), r.PathParam("file")))
}

// written is the Result of a view that wrote its answer itself, unless err.
func written(err error) petra.Result {
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Result{}
}

// Handler serves what [Module] serves, at the same paths, as a plain
// http.Handler for a server or mux that is not a petra app: the document of
// app is built the first time it is asked for. Its errors are in petra's
// envelope; a path it does not serve is a plain 404.
func Handler(app *petra.App, cfg Config) http.Handler {
	s := NewServed(app, cfg)
	mux := http.NewServeMux()
	handle := func(pattern string, write func(w http.ResponseWriter, r *http.Request) error) {
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			if err := write(w, r); err != nil {
				petra.WriteError(w, r, err)
			}
		})
	}
	handle("GET /openapi.json", func(w http.ResponseWriter, _ *http.Request) error { return s.writeJSON(w) })
	handle("GET /openapi.yaml", func(w http.ResponseWriter, _ *http.Request) error { return s.writeYAML(w) })
	handle("GET /docs", func(w http.ResponseWriter, _ *http.Request) error { return writeDocs(w) })
	handle("GET /docs/assets/{file}", func(w http.ResponseWriter, r *http.Request) error {
		return writeAsset(w, r.PathValue("file"))
	})
	return mux
}

func (s *Served) writeJSON(w http.ResponseWriter) error {
	data, err := s.JSON()
	return write(w, "application/json", data, err)
}

func (s *Served) writeYAML(w http.ResponseWriter) error {
	data, err := s.YAML()
	return write(w, "application/yaml", data, err)
}

// write answers data as it is, with its content type, unless err.
func write(w http.ResponseWriter, contentType string, data []byte, err error) error {
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", contentType)
	_, _ = w.Write(data)
	return nil
}

// docsPage loads Swagger UI from the app itself, so the docs work offline.
const docsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API documentation</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#docs", validatorUrl: null, deepLinking: true});
</script>
</body>
</html>
`

func writeDocs(w http.ResponseWriter) error {
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:")
	return write(w, "text/html; charset=utf-8", []byte(docsPage), nil)
}

// assetTypes are the embedded assets, by name, with their content types.
var assetTypes = map[string]string{
	"swagger-ui-bundle.js": "text/javascript; charset=utf-8",
	"swagger-ui.css":       "text/css; charset=utf-8",
}

// writeAsset answers the embedded asset name, or petra.ErrNotFound.
func writeAsset(w http.ResponseWriter, name string) error {
	ct, ok := assetTypes[name]
	if !ok {
		return petra.ErrNotFound
	}
	data, err := ui.ReadFile("ui/" + name)
	if err == nil {
		w.Header().Set("Cache-Control", "public, max-age=86400")
	}
	return write(w, ct, data, err)
}

// Encode returns doc as "json" or "yaml".
func Encode(doc *Document, format string) ([]byte, error) {
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	switch format {
	case "json":
		return append(data, '\n'), nil
	case "yaml", "yml":
		return ToYAML(data)
	}
	return nil, fmt.Errorf("openapi: unknown format %q (use json or yaml)", format)
}
