package status

import "strconv"

// Code is an HTTP status code. The zero Code is not a valid status: its Text is "",
// and every class predicate reports false. A Code is a plain integer, safe for
// concurrent use.
type Code int

// Text returns the reason phrase of c, such as "Created" for 201, or "" if c is not
// one of the package's constants. Phrases are net/http's StatusText ones, plus
// "Reserved" for 306 and "Bandwidth Limit Exceeded" for 509, which net/http lacks.
func (c Code) Text() string {
	if c < 0 || int(c) >= len(phrases) {
		return ""
	}
	return phrases[c] // array index, no map lookup or allocation
}

// String returns c as in a status line, "201 Created", or the bare number, "599",
// when c has no phrase.
func (c Code) String() string {
	t := c.Text()
	if t == "" {
		return strconv.Itoa(int(c))
	}
	return strconv.Itoa(int(c)) + " " + t
}

// IsInformational reports whether c is in 100–199, like DRF's is_informational.
func (c Code) IsInformational() bool { return c >= 100 && c <= 199 }

// IsSuccess reports whether c is in 200–299, like DRF's is_success.
func (c Code) IsSuccess() bool { return c >= 200 && c <= 299 }

// IsRedirect reports whether c is in 300–399, like DRF's is_redirect.
func (c Code) IsRedirect() bool { return c >= 300 && c <= 399 }

// IsClientError reports whether c is in 400–499, like DRF's is_client_error.
func (c Code) IsClientError() bool { return c >= 400 && c <= 499 }

// IsServerError reports whether c is in 500–599, like DRF's is_server_error.
func (c Code) IsServerError() bool { return c >= 500 && c <= 599 }
