package modules_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
)

// TestShutdownDuringRegistrations stops the app the way SIGTERM stops
// App.Run (its serve context ends) while registrations are in flight: every
// request that reached the app is answered, none with a 5xx, and every
// account acknowledged with a 201 is in the database afterwards, and no
// other.
func TestShutdownDuringRegistrations(t *testing.T) {
	for _, driver := range dbtest.Drivers() {
		t.Run(driver, func(t *testing.T) {
			const n, workers, before = 200, 32, 100
			d := migrated(t, driver)

			// The before-th registration waits in the app until the shutdown
			// has begun, so at least one request is in flight through it.
			shuttingDown := newSignalHandler("petra: shutting down, waiting for in-flight requests")
			held := make(chan struct{})
			var entered, finished atomic.Int64
			hold := func(next http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					defer finished.Add(1)
					if entered.Add(1) == before {
						close(held)
						<-shuttingDown.ch
					}
					next.ServeHTTP(w, r)
				})
			}
			app := cheapApp(t, d, slog.New(shuttingDown), hold)

			l, err := net.Listen("tcp", "127.0.0.1:0")
			require.NoError(t, err)
			ctx, stop := context.WithCancel(context.Background())
			defer stop()
			served := make(chan error, 1)
			go func() { served <- app.Serve(ctx, l) }()

			url := "http://" + l.Addr().String() + "/api/v1/user/registration/"
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
			defer client.CloseIdleConnections()
			replies := make([]reply, n)
			var next atomic.Int64
			var wg sync.WaitGroup
			for range workers {
				wg.Go(func() {
					for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
						replies[i] = do(client, http.MethodPost, url, registration(fmt.Sprintf("load%d@x.io", i)), "", 30*time.Second)
					}
				})
			}

			select {
			case <-held:
			case <-time.After(30 * time.Second):
				t.Fatal("no registration reached the app")
			}
			inFlight := entered.Load() - finished.Load()
			stop() // what SIGTERM does to App.Run
			select {
			case err := <-served:
				require.NoError(t, err, "a clean shutdown")
			case <-time.After(30 * time.Second):
				t.Fatal("the shutdown did not finish")
			}
			wg.Wait()

			var created []string
			answered, refused := 0, 0
			for i, r := range replies {
				if r.err != nil {
					refused++ // sent after the listener closed: never acknowledged
					continue
				}
				answered++
				require.Less(t, r.code, 500, "request %d: %s", i, r.body)
				switch r.code {
				case http.StatusCreated:
					created = append(created, registeredUUID(t, r.body))
				case http.StatusBadRequest:
					assert.Contains(t, r.body, "already registered", "request %d", i)
				default:
					t.Errorf("request %d: %d %s", i, r.code, r.body)
				}
			}
			t.Logf("%d in flight at the stop; %d answered (%d created), %d refused after the shutdown began",
				inFlight, answered, len(created), refused)
			assert.Equal(t, int(entered.Load()), answered, "every request that reached the app was answered")
			assert.GreaterOrEqual(t, len(created), before)

			assertExactlyCreated(t, d, created)
		})
	}
}

// childLog watches the JSON log a child `petra serve` writes on stderr.
type childLog struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	partial []byte
	serving chan struct{}
	once    sync.Once
}

func (l *childLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		var rec struct {
			Msg string `json:"msg"`
		}
		if json.Unmarshal(l.partial[:i], &rec) == nil && rec.Msg == "petra: serving" {
			l.once.Do(func() { close(l.serving) })
		}
		l.partial = l.partial[i+1:]
	}
	return len(p), nil
}

func (l *childLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// freeAddr returns a 127.0.0.1 address with a port nothing listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

// TestSIGTERMChildProcess builds the petra command, serves the example app
// with `petra serve` over a fresh SQLite file, and sends the process SIGTERM
// while registrations are in flight: they complete with 201, the process
// exits 0, and every acknowledged account is in the file.
func TestSIGTERMChildProcess(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "petra")
	build := exec.Command("go", "build", "-o", bin, "github.com/go-petra/petra/cmd/petra")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	dir := t.TempDir()
	dbFile := filepath.Join(dir, "petra.sqlite3")
	addr := freeAddr(t)
	logs := &childLog{serving: make(chan struct{})}
	cmd := exec.Command(bin, "serve")
	cmd.Dir = dir // no .env from the repository
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + dir,
		"PETRA_ADDR=" + addr, "DB_CONNECTION=sqlite", "DB_DATABASE=" + dbFile,
		"JWT_SECRET=" + faultSecret, "RATE_LIMIT_PER_MINUTE=0", "LOG_FORMAT=json",
	}
	cmd.Stdout, cmd.Stderr = logs, logs
	require.NoError(t, cmd.Start())
	exited := make(chan struct{}) // closed when the process has exited, with its error in waitErr
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // only if the test failed before it exited
		<-exited
	})

	select {
	case <-logs.serving:
	case <-exited:
		t.Fatalf("petra serve exited: %v\n%s", waitErr, logs)
	case <-time.After(30 * time.Second):
		t.Fatalf("petra serve did not start\n%s", logs)
	}
	base := "http://" + addr
	client := &http.Client{}
	defer client.CloseIdleConnections()
	status := do(client, http.MethodGet, base+"/hello-petra/status", "", "", 10*time.Second)
	require.NoError(t, status.err)
	require.Equal(t, http.StatusOK, status.code, status.body)

	// Four clients register in a loop (bcrypt at its default cost makes each
	// take a while); SIGTERM goes after the first answer, when the others
	// are in flight.
	const workers, most = 4, 40
	var signalled atomic.Bool
	first := make(chan struct{})
	var once sync.Once
	type result struct {
		reply
		sent, afterSignal bool
	}
	results := make([]result, most)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < most; i = int(next.Add(1)) - 1 {
				r := do(client, http.MethodPost, base+"/api/v1/user/registration/",
					registration(fmt.Sprintf("child%d@x.io", i)), "", 30*time.Second)
				results[i] = result{reply: r, sent: true, afterSignal: signalled.Load()}
				if r.err == nil {
					once.Do(func() { close(first) })
				}
				if r.err != nil && signalled.Load() {
					return // the server is gone
				}
			}
		})
	}
	select {
	case <-first:
	case <-time.After(30 * time.Second):
		t.Fatalf("no registration was answered\n%s", logs)
	}
	signalled.Store(true)
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	wg.Wait()

	select {
	case <-exited:
		require.NoError(t, waitErr, "petra serve exits 0 after SIGTERM\n%s", logs)
	case <-time.After(30 * time.Second):
		t.Fatalf("petra serve did not exit after SIGTERM\n%s", logs)
	}

	var created []string
	completedAfter := 0
	for i, r := range results {
		if !r.sent {
			continue
		}
		if r.err != nil {
			var ne net.Error
			if !errors.As(r.err, &ne) && !errors.Is(r.err, syscall.ECONNREFUSED) && !errors.Is(r.err, syscall.ECONNRESET) {
				t.Logf("request %d: %v", i, r.err)
			}
			continue
		}
		require.Equal(t, http.StatusCreated, r.code, "request %d: %s", i, r.body)
		created = append(created, registeredUUID(t, r.body))
		if r.afterSignal {
			completedAfter++
		}
	}
	t.Logf("%d created, %d of them answered after SIGTERM", len(created), completedAfter)
	assert.Positive(t, completedAfter, "requests in flight at SIGTERM complete")

	d, err := db.Open(context.Background(), "sqlite", dbFile)
	require.NoError(t, err)
	defer d.Close()
	assertExactlyCreated(t, d, created)
}

// assertExactlyCreated checks that every account acknowledged with a 201 is in
// d, and that no other account is: nothing acknowledged was lost, nothing
// unacknowledged was kept.
func assertExactlyCreated(t *testing.T, d *db.DB, created []string) {
	t.Helper()
	store := user.NewStore(d)
	for _, id := range created {
		_, err := store.Get(context.Background(), id)
		assert.NoError(t, err, "user %s was acknowledged with a 201", id)
	}
	total, err := db.Get[int](context.Background(), d, "SELECT COUNT(*) FROM users")
	require.NoError(t, err)
	assert.Equal(t, len(created), total, "no account exists that was not acknowledged")
}
