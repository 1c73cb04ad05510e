package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const password = "S3cret!pw"

// options are what the flags say.
type options struct {
	n, c        int
	driver, dsn string
	url         string
	timeout     time.Duration
}

// summary is the outcome of a run.
type summary struct {
	target         string
	n, c           int
	elapsed        time.Duration
	p50, p99, max  time.Duration
	created        int    // answered 201
	errors         int    // no answer, or an answer other than 201 and 5xx
	serverErrors   int    // answered 5xx
	firstError     string // the first error or unexpected answer, to start looking
	retrievable    int    // accounts answered 201 that GET finds, with the same email
	before, after  int    // the user list's total before and after the load
	verifyFailures []string
}

// ok reports whether the run found nothing wrong.
func (s *summary) ok() bool {
	return s.created == s.n && s.errors == 0 && s.serverErrors == 0 && s.retrievable == s.created &&
		s.after-s.before == s.n && len(s.verifyFailures) == 0
}

func (s *summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "registrations: %d from %d clients against %s\n", s.n, s.c, s.target)
	fmt.Fprintf(&b, "  elapsed      %v\n", s.elapsed.Round(time.Millisecond))
	fmt.Fprintf(&b, "  req/s        %.1f\n", float64(s.n)/s.elapsed.Seconds())
	fmt.Fprintf(&b, "  p50          %v\n", s.p50.Round(time.Microsecond))
	fmt.Fprintf(&b, "  p99          %v\n", s.p99.Round(time.Microsecond))
	fmt.Fprintf(&b, "  max          %v\n", s.max.Round(time.Microsecond))
	fmt.Fprintf(&b, "  201          %d\n", s.created)
	fmt.Fprintf(&b, "  errors       %d\n", s.errors)
	fmt.Fprintf(&b, "  5xx          %d\n", s.serverErrors)
	if s.firstError != "" {
		fmt.Fprintf(&b, "  first error  %s\n", s.firstError)
	}
	fmt.Fprintf(&b, "  retrievable  %d/%d\n", s.retrievable, s.created)
	fmt.Fprintf(&b, "  list total   %d → %d (%+d, want %+d)\n", s.before, s.after, s.after-s.before, s.n)
	for _, f := range s.verifyFailures {
		fmt.Fprintf(&b, "  check        %s\n", f)
	}
	return b.String()
}

// run loads the target cfg names and checks what it acknowledged. It returns
// the summary (nil only when the target cannot be set up) and an error when
// anything went wrong.
func run(ctx context.Context, cfg options) (*summary, error) {
	if cfg.n < 1 || cfg.c < 1 {
		return nil, errors.New("-n and -c must be at least 1")
	}
	if cfg.timeout <= 0 {
		cfg.timeout = time.Minute
	}
	tgt, err := startTarget(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s, err := load(ctx, cfg, tgt)
	if cerr := tgt.close(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("stop: %w", cerr))
	}
	if err == nil && !s.ok() {
		err = errors.New("the run found errors, 5xx answers or lost accounts")
	}
	return s, err
}

// client talks to one target with a bounded time per request.
type client struct {
	http    *http.Client
	base    string
	timeout time.Duration
}

// do sends a request and decodes a JSON answer into out when it is not nil.
func (c *client) do(ctx context.Context, method, path, body, token string, out any) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, err
	}
	if out != nil && res.StatusCode < 300 {
		if err := json.NewDecoder(bytes.NewReader(raw)).Decode(out); err != nil {
			return res.StatusCode, fmt.Errorf("%s %s: %w", method, path, err)
		}
	}
	if res.StatusCode >= 300 {
		return res.StatusCode, fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, bytes.TrimSpace(raw))
	}
	return res.StatusCode, nil
}

type account struct {
	UUID  string `json:"uuid"`
	Email string `json:"email"`
}

func registration(email string) string {
	return fmt.Sprintf(`{"name":"Load Test","email":%q,"password":%q}`, email, password)
}

// load registers a probe account and logs in with it, reads the list total,
// fires the registrations, then reads every created account back and the
// total again.
func load(ctx context.Context, cfg options, tgt *target) (*summary, error) {
	s := &summary{target: tgt.what, n: cfg.n, c: cfg.c}
	c := &client{
		http:    &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: cfg.c}},
		base:    tgt.base,
		timeout: cfg.timeout,
	}
	defer c.http.CloseIdleConnections()
	runID := randomHex(4) // emails unique across runs against one server
	var probe struct{ User account }
	if _, err := c.do(ctx, http.MethodPost, "/api/v1/user/registration/", registration("probe-"+runID+"@load.test"), "", &probe); err != nil {
		return nil, fmt.Errorf("probe registration: %w", err)
	}
	var login struct {
		AccessToken string `json:"access_token"`
	}
	if _, err := c.do(ctx, http.MethodPost, "/api/v1/user/login/",
		fmt.Sprintf(`{"email":%q,"password":%q}`, probe.User.Email, password), "", &login); err != nil {
		return nil, fmt.Errorf("probe login: %w", err)
	}
	token := login.AccessToken
	total := func() (int, error) {
		var page struct {
			Total int `json:"total"`
		}
		_, err := c.do(ctx, http.MethodGet, "/api/v1/user/users/?per_page=1", "", token, &page)
		return page.Total, err
	}
	var err error
	if s.before, err = total(); err != nil {
		return nil, err
	}

	created := fire(ctx, c, cfg, runID, s)

	var retrievable atomic.Int64
	var mu sync.Mutex
	each(cfg.c, len(created), func(i int) {
		var got account
		_, err := c.do(ctx, http.MethodGet, "/api/v1/user/users/"+created[i].UUID, "", token, &got)
		if err == nil && got == created[i] {
			retrievable.Add(1)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if len(s.verifyFailures) < 5 {
			s.verifyFailures = append(s.verifyFailures, fmt.Sprintf("GET %s: %v (got %+v)", created[i].UUID, err, got))
		}
	})
	s.retrievable = int(retrievable.Load())
	if s.after, err = total(); err != nil {
		return s, err
	}
	return s, nil
}

// fire sends the n registrations from c clients, fills the load figures of
// s and returns the accounts answered 201.
func fire(ctx context.Context, c *client, cfg options, runID string, s *summary) []account {
	latencies := make([]time.Duration, cfg.n)
	accounts := make([]account, cfg.n)
	codes := make([]int, cfg.n)
	errs := make([]error, cfg.n)
	start := time.Now()
	each(cfg.c, cfg.n, func(i int) {
		var out struct{ User account }
		t0 := time.Now()
		codes[i], errs[i] = c.do(ctx, http.MethodPost, "/api/v1/user/registration/",
			registration(fmt.Sprintf("load-%s-%d@load.test", runID, i)), "", &out)
		latencies[i] = time.Since(t0)
		accounts[i] = out.User
	})
	s.elapsed = time.Since(start)

	var created []account
	for i := range cfg.n {
		switch {
		case errs[i] == nil && codes[i] == http.StatusCreated:
			created = append(created, accounts[i])
			continue
		case codes[i] >= 500:
			s.serverErrors++
		default:
			s.errors++
		}
		if s.firstError == "" {
			s.firstError = fmt.Sprintf("registration %d: status %d: %v", i, codes[i], errs[i])
		}
	}
	s.created = len(created)
	slices.Sort(latencies)
	s.p50, s.p99, s.max = percentile(latencies, 0.50), percentile(latencies, 0.99), latencies[len(latencies)-1]
	return created
}

// each calls fn(0) … fn(n-1) from c goroutines and waits for them.
func each(c, n int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(c, n) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// percentile returns the nearest-rank p-quantile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
