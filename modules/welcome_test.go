package modules_test

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/mail/mailtest"
	"github.com/go-petra/petra/petra/project"
)

// mailJobs counts the mail jobs queued in d, sent or not.
func mailJobs(t *testing.T, d *db.DB) int {
	t.Helper()
	n, err := db.Get[int](context.Background(), d, "SELECT COUNT(*) FROM river_job WHERE kind = 'petra_mail'")
	require.NoError(t, err)
	return n
}

// welcomeSetup is where a welcome test keeps its data and its jobs.
type welcomeSetup struct {
	driver   string // the app's database
	separate bool   // jobs in a SQLite file of their own (JOBS_DATABASE_URL), as an app on MySQL keeps them
}

func (w welcomeSetup) String() string {
	if w.separate {
		return w.driver + "/jobs in a database of their own"
	}
	return w.driver + "/jobs in the app's database"
}

// welcomeSetups are the jobs in the app's SQLite or PostgreSQL database, and
// in a database of their own beside each database the app runs on.
func welcomeSetups() []welcomeSetup {
	out := []welcomeSetup{{"sqlite", false}, {"postgres", false}}
	for _, driver := range dbtest.Drivers() {
		out = append(out, welcomeSetup{driver, true})
	}
	return out
}

// open returns the settings of env for w, the app's migrated database and
// the database the jobs are in (the app's, or a second handle on their
// own, for counting).
func (w welcomeSetup) open(t *testing.T, env map[string]string) (s *config.Settings, d, jd *db.DB) {
	t.Helper()
	ctx := context.Background()
	if !w.separate {
		d = migrated(t, w.driver)
		return settings(t, env), d, d
	}
	file := filepath.Join(t.TempDir(), "jobs.sqlite3")
	env["JOBS_DATABASE_URL"] = "sqlite:" + file
	s = settings(t, env)
	d = dbtest.Open(t, w.driver)
	require.NoError(t, d.Migrate(ctx, example.AllMigrations()...))
	_, err := project.MigrateJobs(ctx, s, d, quiet) // River's in the file, the outbox's in d
	require.NoError(t, err)
	jd, err = db.Open(ctx, "sqlite", file)
	require.NoError(t, err)
	t.Cleanup(func() { _ = jd.Close() })
	return s, d, jd
}

// TestWelcomeMail registers over HTTP with the runtime's workers running
// and a real SMTP server on loopback, with the jobs in the app's database or
// in one of their own: one registration, one message; a registration
// refused for its e-mail queues none, and the outbox is left empty.
func TestWelcomeMail(t *testing.T) {
	for _, w := range welcomeSetups() {
		t.Run(w.String(), func(t *testing.T) {
			smtp, _ := mailtest.Start(t, mailtest.Plain, "", "")
			s, d, jd := w.open(t, map[string]string{
				"MAIL_MAILER": "smtp", "MAIL_HOST": "127.0.0.1", "MAIL_PORT": strconv.Itoa(smtp.Port),
				"MAIL_ENCRYPTION": "none", "MAIL_FROM_ADDRESS": "hello@petra.test",
			})
			rt, err := example.Build(s, d, nil, quiet)
			require.NoError(t, err)
			t.Cleanup(func() { _ = rt.Close() })
			require.NoError(t, rt.StartJobs(context.Background()))

			rec := serve(rt.App, http.MethodPost, "/api/v1/user/registration/",
				`{"name":"Ann","email":"Ann@X.io","password":"S3cret!pw"}`, randomClient(), nil)
			require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
			require.Eventually(t, func() bool { return len(smtp.Messages()) > 0 }, 30*time.Second, 20*time.Millisecond,
				"the welcome mail arrives")

			rec = serve(rt.App, http.MethodPost, "/api/v1/user/registration/",
				`{"name":"Ann again","email":"ann@x.io","password":"S3cret!pw"}`, randomClient(), nil)
			require.Equal(t, http.StatusBadRequest, rec.Code, rec.Body.String())
			require.NoError(t, rt.Close(), "the relay and the workers drain")
			assert.Equal(t, 1, mailJobs(t, jd), "the refused registration queued nothing")
			if w.separate {
				n, err := db.Get[int](context.Background(), d, "SELECT COUNT(*) FROM petra_jobs_outbox")
				require.NoError(t, err)
				assert.Zero(t, n, "the outbox was relayed")
			}
			msgs := smtp.Messages()
			require.Len(t, msgs, 1, "sent once")
			assert.Equal(t, []string{"ann@x.io"}, msgs[0].To)
			assert.Equal(t, "hello@petra.test", msgs[0].From)
			body := string(msgs[0].Data)
			assert.Contains(t, body, "Subject: Welcome, Ann")
			assert.Contains(t, body, "text/plain")
			assert.Contains(t, body, "text/html")
			assert.Contains(t, body, "Welcome, Ann!")
		})
	}
}

// Without jobs, registration works and queues nothing.
func TestRegistrationWithoutJobs(t *testing.T) {
	d := dbtest.Open(t, "sqlite")
	require.NoError(t, d.Migrate(context.Background(), example.AllMigrations()...))
	app := newApp(t, settings(t, map[string]string{"JOBS_ENABLED": "false"}), d, nil)
	rec := serve(app, http.MethodPost, "/api/v1/user/registration/",
		`{"name":"Bo","email":"bo@x.io","password":"S3cret!pw"}`, randomClient(), nil)
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	_, err := db.Get[int](context.Background(), d, "SELECT COUNT(*) FROM river_job")
	assert.Error(t, err, "River's tables were never made")
}

// TestWelcomeMailUnderLoad sends concurrent registrations, a third of them
// for an e-mail another request also registers, with the jobs in the app's
// database or in one of their own: every account acknowledged with a 201
// gets exactly one welcome mail, and no refused one gets any.
func TestWelcomeMailUnderLoad(t *testing.T) {
	for _, w := range welcomeSetups() {
		t.Run(w.String(), func(t *testing.T) {
			smtp, _ := mailtest.Start(t, mailtest.Plain, "", "")
			s, d, _ := w.open(t, map[string]string{
				"MAIL_MAILER": "smtp", "MAIL_HOST": "127.0.0.1", "MAIL_PORT": strconv.Itoa(smtp.Port),
				"MAIL_ENCRYPTION": "none", "MAIL_FROM_ADDRESS": "hello@petra.test",
			})
			rt, err := example.Build(s, d, nil, quiet)
			require.NoError(t, err)
			t.Cleanup(func() { _ = rt.Close() })
			require.NoError(t, rt.StartJobs(context.Background()))

			const requests, distinct = 60, 40 // requests i and i+distinct share an e-mail
			var mu sync.Mutex
			created := map[string]int{}
			var wg sync.WaitGroup
			for i := range requests {
				wg.Go(func() {
					email := fmt.Sprintf("user%d@x.io", i%distinct)
					rec := serve(rt.App, http.MethodPost, "/api/v1/user/registration/",
						fmt.Sprintf(`{"name":"User %d","email":%q,"password":"S3cret!pw"}`, i, email), randomClient(), nil)
					if rec.Code == http.StatusCreated {
						mu.Lock()
						created[email]++
						mu.Unlock()
						return
					}
					assert.Equal(t, http.StatusBadRequest, rec.Code, rec.Body.String())
				})
			}
			wg.Wait()
			require.Len(t, created, distinct, "each e-mail registered once")
			for email, n := range created {
				require.Equal(t, 1, n, email)
			}

			require.Eventually(t, func() bool { return len(smtp.Messages()) >= distinct }, 60*time.Second, 20*time.Millisecond,
				"every welcome mail arrives")
			require.NoError(t, rt.Close(), "the workers drain")
			sent := map[string]int{}
			for _, m := range smtp.Messages() {
				for _, to := range m.To {
					sent[to]++
				}
			}
			assert.Equal(t, created, sent, "one mail per acknowledged account, none for a refused one")
		})
	}
}
