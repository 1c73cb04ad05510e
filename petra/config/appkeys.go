package config

import (
	"net/url"
	"time"
)

// Need says whether a key of the app must be set.
type Need bool

// Required marks a key the app cannot run without: unset, it is an error.
const Required Need = true

// Keys reads the settings an app defines itself (STRIPE_KEY, …) from the
// same places as petra's own, with the same rules: the environment wins over
// the .env file, an empty value counts as unset, and every problem is
// reported by [Load] together with petra's, each a [*KeyError]. A Keys is
// handed to the function given to [WithKeys]; each method returns the
// key's value, or its default when the key is unset or invalid.
type Keys struct{ l *loader }

// WithKeys makes [Load] call read with the app's [Keys] after petra's own
// settings, so that the app's keys are checked in the same pass:
//
//	var stripeKey config.Secret
//	settings, err := config.Load(config.WithKeys(func(k *config.Keys) {
//		stripeKey = k.Secret("STRIPE_KEY", config.Required)
//	}))
//
// Keys read this way are not reported as unknown in the .env file.
func WithKeys(read func(k *Keys)) Option {
	return func(o *options) { o.keys = append(o.keys, read) }
}

// WithoutAuth tells [Load] that the app issues and checks no tokens: then
// JWT_SECRET is not required in production, not generated in development,
// and the JWT_* keys are not read: [Settings].JWT stays zero.
func WithoutAuth() Option {
	return func(o *options) { o.noAuth = true }
}

// String returns the trimmed value of key, or def.
func (k *Keys) String(key, def string) string {
	k.l.known(key)
	return k.l.str(key, def)
}

// Int returns key as a whole number, or def.
func (k *Keys) Int(key string, def int) int {
	k.l.known(key)
	v, ok := k.l.value(key)
	if !ok {
		return def
	}
	n, ok := parseInt(v)
	if !ok {
		k.l.fail(key, "%q is not a whole number", v)
		return def
	}
	return n
}

// Bool returns key as a boolean (true/false, 1/0, yes/no, on/off), or def.
func (k *Keys) Bool(key string, def bool) bool {
	k.l.known(key)
	return k.l.boolean(key, def)
}

// Duration returns key as a Go duration ("30s", "1h30m"), or def. It may be
// zero, not negative.
func (k *Keys) Duration(key string, def time.Duration) time.Duration {
	k.l.known(key)
	return k.l.duration(key, def, false)
}

// URL returns key as an absolute URL, or nil when it is unset (or invalid,
// which is an error). An error never quotes the URL, which may hold a
// password.
func (k *Keys) URL(key string, need ...Need) *url.URL {
	k.l.known(key)
	v, ok := k.l.value(key)
	if !ok {
		k.require(key, need)
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" || u.Host == "" {
		k.l.fail(key, "is not an absolute URL (e.g. https://example.com/path)")
		return nil
	}
	return u
}

// Secret returns key untrimmed, as a [Secret] that never prints, or "".
// With [Required], an unset key is an error.
func (k *Keys) Secret(key string, need ...Need) Secret {
	k.l.known(key)
	s, ok := k.l.secret(key)
	if !ok {
		k.require(key, need)
	}
	return s
}

// require fails key, which is unset, when need says it is required.
func (k *Keys) require(key string, need []Need) {
	if len(need) > 0 && need[0] {
		k.l.fail(key, "must be set")
	}
}
