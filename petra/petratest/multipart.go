package petratest

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/textproto"

	"github.com/stretchr/testify/require"
)

// Multipart is a multipart/form-data body to send with [Client.PostMultipart]:
// fields and files, in the order added. Its methods return a modified copy, so
// one form can serve as the base of several; the zero Multipart is an empty
// form.
//
//	form := petratest.Multipart{}.Field("title", "Me").File("avatar", "me.png", "image/png", petratest.PNG())
//	c.PostMultipart(path, form).AssertStatus(status.HTTP_200_OK)
type Multipart struct {
	parts []formPart
}

// formPart is one field or file of a Multipart.
type formPart struct {
	name, value string // a field's
	file        textproto.MIMEHeader
	data        []byte // a file's
}

// Field returns a copy of m with the field name set to value.
func (m Multipart) Field(name, value string) Multipart {
	return m.with(formPart{name: name, value: value})
}

// File returns a copy of m with a file in the field name: data sent as
// filename with the Content-Type contentType, application/octet-stream when
// it is empty. The type is what the client claims; a server judging the
// bytes may disagree.
func (m Multipart) File(name, filename, contentType string, data []byte) Multipart {
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", multipart.FileContentDisposition(name, filename))
	h.Set("Content-Type", contentType)
	return m.with(formPart{file: h, data: data})
}

func (m Multipart) with(p formPart) Multipart {
	m.parts = append(m.parts[:len(m.parts):len(m.parts)], p)
	return m
}

// encode writes m and returns its Content-Type, with the boundary, and body.
func (m Multipart) encode(t require.TestingT) (string, *bytes.Buffer) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range m.parts {
		if p.file == nil {
			require.NoError(t, w.WriteField(p.name, p.value), "petratest: writing the multipart body")
			continue
		}
		part, err := w.CreatePart(p.file)
		require.NoError(t, err, "petratest: writing the multipart body")
		_, err = part.Write(p.data)
		require.NoError(t, err, "petratest: writing the multipart body")
	}
	require.NoError(t, w.Close(), "petratest: writing the multipart body")
	return w.FormDataContentType(), &buf
}

// PostMultipart sends POST path with form as a multipart/form-data body.
func (c *Client) PostMultipart(path string, form Multipart) *Response {
	return c.SendMultipart(http.MethodPost, path, form)
}

// SendMultipart sends a request with the given method and path, with form as
// a multipart/form-data body.
func (c *Client) SendMultipart(method, path string, form Multipart) *Response {
	contentType, body := form.encode(c.t)
	return c.Send(method, path, contentType, body)
}

// PNG returns a small, valid PNG image (4×4 pixels), for upload tests.
func PNG() []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, testImage()); err != nil {
		panic(err) // encoding an in-memory image to memory does not fail
	}
	return buf.Bytes()
}

// JPEG returns a small, valid JPEG image (4×4 pixels), for upload tests.
func JPEG() []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testImage(), nil); err != nil {
		panic(err) // encoding an in-memory image to memory does not fail
	}
	return buf.Bytes()
}

// testImage is the picture PNG and JPEG encode: one red pixel on black.
func testImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 255, A: 255})
	return img
}
