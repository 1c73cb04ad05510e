package mail_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// parsedPart is one leaf of a parsed MIME message.
type parsedPart struct {
	ContentType string // media type without parameters
	Filename    string
	ContentID   string
	Disposition string
	Parents     []string // media types of the enclosing multiparts, outermost first
	Body        []byte
}

// parsed is a message read back from the wire.
type parsed struct {
	Header mail.Header
	Parts  []parsedPart
}

// part returns the first leaf of media type ct and the given disposition
// ("" for a body part).
func (p parsed) part(t *testing.T, ct, filename string) parsedPart {
	t.Helper()
	for _, pp := range p.Parts {
		if pp.ContentType == ct && pp.Filename == filename {
			return pp
		}
	}
	require.Failf(t, "part missing", "no %s part named %q in %+v", ct, filename, p.Parts)
	return parsedPart{}
}

// parseMessage parses an RFC 5322 message with its MIME tree.
func parseMessage(t *testing.T, data []byte) parsed {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(data))
	require.NoError(t, err)
	p := parsed{Header: m.Header}
	walk(t, &p, m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"),
		m.Header.Get("Content-Disposition"), m.Header.Get("Content-ID"), m.Body, nil)
	return p
}

func walk(t *testing.T, p *parsed, ctype, cte, disp, cid string, body io.Reader, parents []string) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(ctype)
	require.NoError(t, err, ctype)
	if strings.HasPrefix(mt, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			part, err := r.NextRawPart()
			if err == io.EOF {
				return
			}
			require.NoError(t, err)
			walk(t, p, part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"),
				part.Header.Get("Content-Disposition"), part.Header.Get("Content-ID"), part, append(parents, mt))
		}
	}
	switch strings.ToLower(cte) {
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	require.NoError(t, err)
	pp := parsedPart{ContentType: mt, ContentID: cid, Parents: parents, Body: b}
	if disp != "" {
		d, dparams, err := mime.ParseMediaType(disp)
		require.NoError(t, err)
		pp.Disposition, pp.Filename = d, dparams["filename"]
	}
	p.Parts = append(p.Parts, pp)
}
