package mail

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"path"
	texttemplate "text/template"
)

// Templates are the mail templates of one directory of a file system,
// usually one embedded in the module:
//
//	//go:embed emails
//	var emails embed.FS
//	var tpl = mail.MustParseTemplates(emails, "emails")
//
// NAME.html files are html/template (values are escaped for HTML) and
// NAME.txt files text/template; both sets see their own files only, so a
// template may define blocks and include the others of its kind. Templates
// are parsed once and are safe for concurrent use.
type Templates struct {
	html *htmltemplate.Template
	text *texttemplate.Template
}

// ParseTemplates parses the *.html and *.txt files of dir in fsys. A
// directory with neither is an error, as is any template that does not parse.
func ParseTemplates(fsys fs.FS, dir string) (*Templates, error) {
	t := &Templates{}
	var err error
	if t.html, err = parseSet(fsys, dir, "*.html", htmltemplate.New, (*htmltemplate.Template).ParseFS); err != nil {
		return nil, err
	}
	if t.text, err = parseSet(fsys, dir, "*.txt", texttemplate.New, (*texttemplate.Template).ParseFS); err != nil {
		return nil, err
	}
	if t.html == nil && t.text == nil {
		return nil, fmt.Errorf("mail: %s holds no *.html or *.txt template", dir)
	}
	return t, nil
}

// parseSet parses the files of dir that match pattern, or returns nil when
// none match.
func parseSet[T any](fsys fs.FS, dir, pattern string, newT func(string) T,
	parse func(T, fs.FS, ...string) (T, error)) (T, error) {
	var zero T
	glob := path.Join(dir, pattern)
	matches, err := fs.Glob(fsys, glob)
	if err != nil || len(matches) == 0 {
		return zero, err
	}
	t, err := parse(newT(""), fsys, glob)
	if err != nil {
		return zero, fmt.Errorf("mail: %w", err)
	}
	return t, nil
}

// MustParseTemplates is [ParseTemplates] for package-level variables: it
// panics when the templates do not parse, so a broken template stops
// start-up instead of the first mail.
func MustParseTemplates(fsys fs.FS, dir string) *Templates {
	t, err := ParseTemplates(fsys, dir)
	if err != nil {
		panic(err)
	}
	return t
}

// render executes name+".html" and name+".txt" with data; either may be
// absent, not both.
func (t *Templates) render(name string, data any) (html, text string, err error) {
	found := false
	if t.html != nil && t.html.Lookup(name+".html") != nil {
		found = true
		var buf bytes.Buffer
		if err := t.html.ExecuteTemplate(&buf, name+".html", data); err != nil {
			return "", "", fmt.Errorf("mail: %w", err)
		}
		html = buf.String()
	}
	if t.text != nil && t.text.Lookup(name+".txt") != nil {
		found = true
		var buf bytes.Buffer
		if err := t.text.ExecuteTemplate(&buf, name+".txt", data); err != nil {
			return "", "", fmt.Errorf("mail: %w", err)
		}
		text = buf.String()
	}
	if !found {
		return "", "", fmt.Errorf("mail: no template %s.html or %s.txt", name, name)
	}
	return html, text, nil
}

// Render sets the bodies from the templates name.html (CSS inlined, as
// [Builder.HTML] does) and name.txt, executed with data. Either file may be
// absent; without name.txt the text part is rendered from the HTML.
func (b *Builder) Render(t *Templates, name string, data any) *Builder {
	if b.err != nil {
		return b
	}
	html, text, err := t.render(name, data)
	if err != nil {
		return b.fail(err)
	}
	if text != "" {
		b.msg.Text = text
	}
	if html != "" {
		b.HTML(html)
	}
	return b
}
