package openapitest_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/netip"
	"net/url"
	"reflect"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/go-petra/petra/dto"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/openapi"
	"github.com/go-petra/petra/petra/openapi/openapitest"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/status"
)

type ContactForm struct {
	Email string `json:"email" validate:"required,email"`
}

type Contact struct {
	Email string `json:"email"`
}

// Box is an answer that holds one value of T.
type Box[T any] struct {
	V T `json:"v"`
}

// echo answers {"v": <the query's v>} as it is, declaring a Box[T].
func echo[T any](path string) petra.Route {
	return petra.Get(path, func(r *petra.Request) petra.Result {
		return petra.Response(json.RawMessage(`{"v":` + r.URL.Query().Get("v") + `}`))
	}).Returns(petra.Schema[Box[T]](), status.HTTP_200_OK)
}

func TestCheckEmail(t *testing.T) {
	app := petra.New()
	app.Mount(petra.Module{Name: "contacts", Routes: []petra.Route{
		petra.Post("contacts/", dto.Form(func(_ *petra.Request, f *ContactForm) petra.Result {
			return petra.Response(Contact(*f), status.HTTP_201_CREATED)
		})).Returns(petra.Schema[Contact](), status.HTTP_201_CREATED),
		// Accepts any address: the document's format is all that refuses one.
		petra.Post("lenient/", petra.NewHandler(accept, accept).Binds(reflect.TypeFor[ContactForm]())).
			Returns(petra.Schema[Note](), status.HTTP_201_CREATED),
	}})
	check := openapitest.Check(t, app, openapi.Config{})
	tests := []struct {
		path, email string
		code        int
		report      string // "" for none
	}{
		{"contacts/", "ann@example.com", 201, ""},
		{"contacts/", "josé@x.io", 201, ""},
		{"contacts/", "ann@bücher.de", 201, ""},
		{"contacts/", "nope", 400, ""},
		{"lenient/", "josé@x.io", 201, ""},
		{"lenient/", "nope", 201, "the document calls the request invalid"},
		{"lenient/", "ann@", 201, "the document calls the request invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.path+tt.email, func(t *testing.T) {
			rec := &recorder{TB: t}
			body, _ := json.Marshal(ContactForm{Email: tt.email})
			res := petratest.New(rec, app).WithCheck(check).PostJSON("/api/v1/contacts/"+tt.path, string(body))
			assert.Equal(t, tt.code, int(res.Code()))
			if tt.report == "" {
				assert.Empty(t, rec.errs)
			} else if assert.Len(t, rec.errs, 1) {
				assert.Contains(t, rec.errs[0], tt.report)
			}
		})
	}
}

func TestCheckIntegers(t *testing.T) {
	app := petra.New()
	app.Mount(petra.Module{Name: "ints", Routes: []petra.Route{
		echo[int]("int/"), echo[int8]("int8/"), echo[int16]("int16/"), echo[int32]("int32/"), echo[int64]("int64/"),
		echo[uint]("uint/"), echo[uint8]("uint8/"), echo[uint16]("uint16/"), echo[uint32]("uint32/"), echo[uint64]("uint64/"),
	}})
	check := openapitest.Check(t, app, openapi.Config{})
	// Answers are decoded to float64s: out of range for a 64-bit type is a
	// value beyond the float64 of its bound (2^63, 2^64), such as 1e19 or 2e19.
	tests := []answers{
		{"int8", []string{"-128", "127"}, []string{"-129", "128", "1.5"}},
		{"int16", []string{"-32768", "32767"}, []string{"-32769", "32768"}},
		{"int32", []string{"-2147483648", "2147483647"}, []string{"-2147483649", "2147483648"}},
		{"int64", []string{fmt.Sprint(math.MinInt64), fmt.Sprint(math.MaxInt64)}, []string{"-1e19", "1e19", "0.5"}},
		{"int", []string{fmt.Sprint(math.MinInt), fmt.Sprint(math.MaxInt)}, []string{"-1e19", "1e19"}},
		{"uint8", []string{"0", "255"}, []string{"-1", "256"}},
		{"uint16", []string{"0", "65535"}, []string{"-1", "65536"}},
		{"uint32", []string{"0", "4294967295"}, []string{"-1", "4294967296"}},
		{"uint64", []string{"0", fmt.Sprint(uint64(math.MaxUint64)), "1e19"}, []string{"-1", "2e19", "0.5"}},
		{"uint", []string{"0", fmt.Sprint(uint(math.MaxUint))}, []string{"-1", "2e19"}},
	}
	checkAnswers(t, app, check, "ints", tests)
}

// An IP address or prefix is held to its format: an answer of one that is
// not fails the check, and what encoding/json writes for one passes it.
func TestCheckAddresses(t *testing.T) {
	app := petra.New()
	app.Mount(petra.Module{Name: "ips", Routes: []petra.Route{
		echo[netip.Addr]("addr/"), echo[net.IP]("ip/"), echo[netip.Prefix]("prefix/"),
		petra.Get("zero/", func(*petra.Request) petra.Result {
			return petra.Response(Box[netip.Addr]{})
		}).Returns(petra.Schema[Box[netip.Addr]](), status.HTTP_200_OK),
	}})
	check := openapitest.Check(t, app, openapi.Config{})
	tests := []answers{
		{"addr", []string{`"192.0.2.1"`, `"2001:db8::1"`, `"::ffff:192.0.2.1"`, `""`},
			[]string{`"192.0.2.256"`, `"example.com"`, `"192.0.2.0/24"`, `"2001:db8::g"`}},
		{"ip", []string{`"192.0.2.1"`, `"2001:db8::1"`, `""`}, []string{`"1.2.3"`, `"localhost"`}},
		{"prefix", []string{`"192.0.2.0/24"`, `"2001:db8::/32"`, `""`},
			[]string{`"192.0.2.0"`, `"192.0.2.0/33"`, `"2001:db8::/129"`, `"2001:db8::1"`}},
	}
	checkAnswers(t, app, check, "ips", tests)
	rec := &recorder{TB: t}
	petratest.New(rec, app).WithCheck(check).Get("/api/v1/ips/zero/")
	assert.Empty(t, rec.errs, "the zero netip.Addr, written \"\"")
}

// answers are the values echoed at one route of a module: those its
// document calls valid answers, and those it does not.
type answers struct {
	kind           string
	valid, invalid []string
}

// checkAnswers has app echo each value of tests at /api/v1/{module}/{kind}/
// and expects check to pass the valid ones and fail each invalid one once.
func checkAnswers(t *testing.T, app *petra.App, check petratest.Check, module string, tests []answers) {
	t.Helper()
	for _, tt := range tests {
		for _, v := range append(tt.valid, tt.invalid...) {
			t.Run(tt.kind+"="+v, func(t *testing.T) {
				rec := &recorder{TB: t}
				petratest.New(rec, app).WithCheck(check).Get("/api/v1/" + module + "/" + tt.kind + "/?v=" + url.QueryEscape(v))
				if !slices.Contains(tt.invalid, v) {
					assert.Empty(t, rec.errs)
				} else if assert.Len(t, rec.errs, 1) {
					assert.Contains(t, rec.errs[0], "the answer is not what the document says")
				}
			})
		}
	}
}
