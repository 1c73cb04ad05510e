package modules_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/db/dbtest"
	"github.com/go-petra/petra/petra/mail/mailtest"
)

// mailJobs counts the mail jobs queued in d, sent or not.
func mailJobs(t *testing.T, d *db.DB) int {
	t.Helper()
	n, err := db.Get[int](context.Background(), d, "SELECT COUNT(*) FROM river_job WHERE kind = 'petra_mail'")
	require.NoError(t, err)
	return n
}

// TestWelcomeMail registers over HTTP with the runtime's workers running
// and a real SMTP server on loopback: one registration, one message; a
// registration refused for its e-mail queues none.
func TestWelcomeMail(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) {
			smtp, _ := mailtest.Start(t, mailtest.Plain, "", "")
			s := settings(t, map[string]string{
				"MAIL_MAILER": "smtp", "MAIL_HOST": "127.0.0.1", "MAIL_PORT": strconv.Itoa(smtp.Port),
				"MAIL_ENCRYPTION": "none", "MAIL_FROM_ADDRESS": "hello@petra.test",
			})
			d := migrated(t, driver)
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
			assert.Equal(t, 1, mailJobs(t, d), "the refused registration queued nothing")

			require.NoError(t, rt.Close(), "the workers drain")
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
// for an e-mail another request also registers: every account acknowledged
// with a 201 gets exactly one welcome mail, and no refused one gets any.
func TestWelcomeMailUnderLoad(t *testing.T) {
	for _, driver := range []string{"sqlite", "postgres"} {
		t.Run(driver, func(t *testing.T) {
			smtp, _ := mailtest.Start(t, mailtest.Plain, "", "")
			s := settings(t, map[string]string{
				"MAIL_MAILER": "smtp", "MAIL_HOST": "127.0.0.1", "MAIL_PORT": strconv.Itoa(smtp.Port),
				"MAIL_ENCRYPTION": "none", "MAIL_FROM_ADDRESS": "hello@petra.test",
			})
			rt, err := example.Build(s, migrated(t, driver), nil, quiet)
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
