package user_test

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/go-petra/petra/modules/user"
	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/db"
	"github.com/go-petra/petra/petra/openapi/openapitest"
	"github.com/go-petra/petra/petra/petratest"
	"github.com/go-petra/petra/petra/storage"
	"github.com/go-petra/petra/status"
)

// TestAvatarUpload checks the avatar route against the OpenAPI document on
// every database: the owner's PNG is kept and linked, another user is
// refused, and bytes that are no image are a 400 whatever they are called.
func TestAvatarUpload(t *testing.T) {
	img := petratest.PNG()
	eachDriver(t, func(t *testing.T, c *petratest.Client) {
		ann := register(c, "Ann", "ann@x.io")
		assert.Nil(t, ann["avatar_url"])
		register(c, "Bo", "bo@x.io")
		annToken, _ := login(c, "ann@x.io")
		boToken, _ := login(c, "bo@x.io")
		path := c.URL("user:upload_avatar", ann["uuid"])
		upload := func(token string, data []byte) *petratest.Response {
			return c.WithToken(token).PostMultipart(path, petratest.Multipart{}.File("avatar", "me.png", "", data))
		}

		u := object(upload(annToken, img).AssertStatus(status.HTTP_200_OK))
		url, _ := u["avatar_url"].(string)
		assert.True(t, strings.HasPrefix(url, "https://files.example.com/public/avatars/"+ann["uuid"].(string)+"/"), url)
		assert.True(t, strings.HasSuffix(url, ".png"), url)
		got := object(c.WithToken(boToken).Get(c.URL("user:get_single_user", ann["uuid"])).AssertStatus(status.HTTP_200_OK))
		assert.Equal(t, url, got["avatar_url"])

		upload(boToken, img).AssertStatus(status.HTTP_403_FORBIDDEN)
		res := upload(annToken, []byte("GIF89a? no, plain text")).AssertStatus(status.HTTP_400_BAD_REQUEST)
		assert.Equal(t, []any{"The avatar must be a PNG, JPEG or WebP image"}, object(res)["errors"].(map[string]any)["avatar"])
		upload(annToken, append(img, make([]byte, 2<<20)...)).AssertStatus(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
	})
}

// TestConcurrentAvatarUploads uploads many avatars for one account at once, on
// every database: each is answered 200, and exactly one file stays on the
// disk, the one the account links to; every avatar replaced was deleted.
func TestConcurrentAvatarUploads(t *testing.T) {
	const uploads = 8
	img := petratest.PNG()
	eachDatabase(t, func(t *testing.T, d *db.DB) {
		disk := newAvatarDisk(t)
		c, store := newInstanceWithAvatars(t, d, false, disk)
		ann := register(c, "Ann", "ann@x.io")["uuid"].(string)
		token, _ := login(c, "ann@x.io")
		authed := c.WithToken(token)
		route := c.URL("user:upload_avatar", ann)
		var wg sync.WaitGroup
		for range uploads {
			wg.Go(func() {
				authed.PostMultipart(route, petratest.Multipart{}.File("avatar", "me.png", "", img)).
					AssertStatus(status.HTTP_200_OK)
			})
		}
		wg.Wait()
		u, err := store.Get(t.Context(), ann)
		require.NoError(t, err)
		require.NotNil(t, u.AvatarURL)
		files, err := disk.Files(t.Context(), "public/avatars/"+ann)
		require.NoError(t, err)
		assert.Equal(t, []string{"public/avatars/" + ann + "/" + path.Base(*u.AvatarURL)}, files)
	})
}

// faultyDisk is a local disk whose Move fails when told to and which, as a
// remote disk does, fails Move and Delete once their context has ended.
// cancelOnMove, when set, is called first: the client goes during the move.
type faultyDisk struct {
	*storage.Local
	moveErr      error
	cancelOnMove context.CancelFunc
}

func (d *faultyDisk) Move(ctx context.Context, from, to string) error {
	if d.cancelOnMove != nil {
		d.cancelOnMove()
	}
	if err := cmp.Or(d.moveErr, ctx.Err()); err != nil {
		return err
	}
	return d.Local.Move(ctx, from, to)
}

func (d *faultyDisk) Delete(ctx context.Context, name string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return d.Local.Delete(ctx, name)
}

// faultyLinks records avatars in the store, but its SetAvatar answers
// setErr, after making the write when committed (the answer of a committed
// write was lost) and after calling cancel when set (the client went); its
// SettleAvatar answers settleErr when set. before and after, when set, run
// once: at the start of SetAvatar and after its write (another upload at
// the same time). url is the last URL it was asked to record.
type faultyLinks struct {
	user.AvatarLinks
	setErr        error
	committed     bool
	cancel        context.CancelFunc
	settleErr     error
	before, after func()
	url           string
}

func (f *faultyLinks) SetAvatar(ctx context.Context, uuid, url string) error {
	f.url = url
	if f.before != nil {
		before := f.before
		f.before = nil
		before()
	}
	if f.setErr == nil {
		return f.AvatarLinks.SetAvatar(ctx, uuid, url)
	}
	if f.committed {
		if err := f.AvatarLinks.SetAvatar(ctx, uuid, url); err != nil {
			return err
		}
	}
	if f.after != nil {
		after := f.after
		f.after = nil
		after()
	}
	if f.cancel != nil {
		f.cancel()
	}
	return f.setErr
}

func (f *faultyLinks) SettleAvatar(ctx context.Context, uuid, url string) (bool, error) {
	if f.settleErr != nil {
		return false, f.settleErr
	}
	return f.AvatarLinks.SettleAvatar(ctx, uuid, url)
}

// uploadFaults is the set-up of a test of failing uploads: an app whose
// avatars are recorded through links and kept on disk, a local disk at root
// that fails as told, what it logged, its store, and the account ann with
// its token and upload route. elsewhere is the account's client of another
// instance of the app, on the same database and disk, whose links and disk
// do not fail.
type uploadFaults struct {
	app               *petra.App
	store             *user.Store
	logs              *petratest.LogBuffer
	disk              *faultyDisk
	root              string
	elsewhere         *petratest.Client
	ann, token, route string
}

// newUploadFaults sets up a test of failing uploads on d, links recording
// through the app's store.
func newUploadFaults(t *testing.T, d *db.DB, links *faultyLinks) uploadFaults {
	t.Helper()
	root := t.TempDir()
	local, err := storage.NewLocal(root, storage.LocalOptions{URL: "https://files.example.com"})
	require.NoError(t, err)
	t.Cleanup(func() { _ = local.Close() })
	disk := &faultyDisk{Local: local}
	app, store, logs := newAppWithAvatars(t, d, false, disk, user.WithAvatarLinks(func(s user.AvatarLinks) user.AvatarLinks {
		links.AvatarLinks = s
		return links
	}))
	other, _, _ := newAppWithAvatars(t, d, false, local)
	c := petratest.New(t, app).WithCheck(openapitest.Check(t, app, docs))
	ann := register(c, "Ann", "ann@x.io")["uuid"].(string)
	token, _ := login(c, "ann@x.io")
	return uploadFaults{app: app, store: store, logs: logs, disk: disk, root: root,
		elsewhere: petratest.New(t, other).WithToken(token),
		ann:       ann, token: token, route: c.URL("user:upload_avatar", ann)}
}

// multipartAvatar is a POST of data as the field avatar to route, on ctx.
func multipartAvatar(t *testing.T, ctx context.Context, route string, data []byte) *http.Request {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("avatar", "me.png")
	require.NoError(t, err)
	_, err = part.Write(data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, route, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return req
}

// TestFailedAvatarUploadLeavesNoFile makes each step after the upload fail on
// every database, alone or with another upload of the account's at the same
// time ("other": before or after the write whose answer is lost), and checks
// what stays in the account's avatar directory (the files themselves, hidden
// ones included): the avatar linked before ("old"), the new one when it was
// linked or when whether it was cannot be known ("new"), the other upload's
// when it won, and nothing else; the answer; and that the account's next
// upload ("next") leaves only itself and what is logged as kept, which the
// avatar sweep removes.
func TestFailedAvatarUploadLeavesNoFile(t *testing.T) {
	outage := &db.UnavailableError{Err: errors.New("connection refused")}
	img := petratest.PNG()
	for _, tt := range []struct {
		name      string
		moveErr   error
		moveGone  bool // the client goes during the move
		setErr    error
		committed bool
		setGone   bool   // the client goes during SetAvatar
		other     string // another upload, "before" or "after" the write
		settleErr error
		code      status.Code
		message   string // the error envelope's, when code is not 200
		linked    string // the avatar the account links to afterwards
		want      []string
		logged    bool     // the kept file is logged
		then      []string // the files after the next upload
	}{
		{name: "move fails", moveErr: errors.New("disk full"),
			code: status.HTTP_500_INTERNAL_SERVER_ERROR, message: "Internal server error", linked: "old", want: []string{"old"}},
		{name: "client gone during the move", moveGone: true,
			code: 499, message: "The client closed the request", linked: "old", want: []string{"old"}},
		{name: "database down before the commit", setErr: outage,
			code: status.HTTP_503_SERVICE_UNAVAILABLE, message: "Service Unavailable", linked: "old", want: []string{"old"}},
		{name: "answer lost after the commit", setErr: outage, committed: true,
			code: status.HTTP_200_OK, linked: "new", want: []string{"new"}},
		{name: "client gone before the commit", setErr: context.Canceled, setGone: true,
			code: 499, message: "The client closed the request", linked: "old", want: []string{"old"}},
		{name: "client gone after the commit", setErr: context.Canceled, committed: true, setGone: true,
			code: status.HTTP_200_OK, linked: "new", want: []string{"new"}},
		{name: "answer lost after the commit, another upload before", setErr: outage, committed: true, other: "before",
			code: status.HTTP_200_OK, linked: "new", want: []string{"new"}},
		{name: "answer lost after the commit, another upload after", setErr: outage, committed: true, other: "after",
			code: status.HTTP_503_SERVICE_UNAVAILABLE, message: "Service Unavailable", linked: "other", want: []string{"other"}},
		{name: "database down before the commit, another upload after", setErr: outage, other: "after",
			code: status.HTTP_503_SERVICE_UNAVAILABLE, message: "Service Unavailable", linked: "other", want: []string{"other"}},
		{name: "client gone after the commit, another upload after", setErr: context.Canceled, committed: true, setGone: true, other: "after",
			code: 499, message: "The client closed the request", linked: "other", want: []string{"other"}},
		{name: "link unknown", setErr: outage, settleErr: outage,
			code: status.HTTP_503_SERVICE_UNAVAILABLE, message: "Service Unavailable",
			linked: "old", want: []string{"new", "old"}, logged: true, then: []string{"new", "next"}},
		{name: "link unknown after the commit", setErr: outage, committed: true, settleErr: outage,
			code: status.HTTP_503_SERVICE_UNAVAILABLE, message: "Service Unavailable",
			linked: "new", want: []string{"new", "old"}, logged: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			eachDatabase(t, func(t *testing.T, d *db.DB) {
				links := &faultyLinks{}
				f := newUploadFaults(t, d, links)
				app, store, logs, disk, root, ann, token, route := f.app, f.store, f.logs, f.disk, f.root, f.ann, f.token, f.route
				uploadElsewhere := func() string {
					res := f.elsewhere.PostMultipart(route, petratest.Multipart{}.File("avatar", "me.png", "", img))
					return object(res.AssertStatus(status.HTTP_200_OK))["avatar_url"].(string)
				}
				old := uploadElsewhere()

				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				disk.moveErr = tt.moveErr
				if tt.moveGone {
					disk.cancelOnMove = cancel
				}
				links.setErr, links.committed, links.settleErr = tt.setErr, tt.committed, tt.settleErr
				if tt.setGone {
					links.cancel = cancel
				}
				urls := map[string]string{"old": old}
				switch tt.other {
				case "before":
					links.before = func() { urls["other"] = uploadElsewhere() }
				case "after":
					links.after = func() { urls["other"] = uploadElsewhere() }
				}
				// The document describes no outage, so this request is not checked against it.
				req := multipartAvatar(t, ctx, route, img)
				req.Header.Set("X-Request-ID", "upload-1")
				res := petratest.New(t, app).WithToken(token).Do(req)
				urls["new"] = links.url

				if tt.code == status.HTTP_200_OK {
					assert.Equal(t, links.url, object(res.AssertStatus(tt.code))["avatar_url"])
				} else {
					res.AssertError(tt.code, tt.message)
				}
				u, err := store.Get(t.Context(), ann)
				require.NoError(t, err)
				require.NotNil(t, u.AvatarURL)
				assert.Equal(t, urls[tt.linked], *u.AvatarURL, "the account links to the %s avatar", tt.linked)
				assert.Equal(t, avatarFiles(urls, tt.want...), dirFiles(t, root, ann))
				kept := keptFiles(t, logs)
				if tt.logged {
					assert.Equal(t, []string{path.Join("public", "avatars", ann, path.Base(links.url))}, kept, logs.String())
				} else {
					assert.Empty(t, kept, logs.String())
				}
				assert.NotContains(t, logs.String(), token)

				urls["next"] = uploadElsewhere()
				then := tt.then
				if then == nil {
					then = []string{"next"}
				}
				assert.Equal(t, avatarFiles(urls, then...), dirFiles(t, root, ann), "after the next upload")
				// The sweep leaves only the avatar the account links to.
				assert.Equal(t, avatarFiles(urls, "next"), sweptDir(t, store, disk, root, ann), "after the sweep")
			})
		})
	}
}

// avatarFiles returns the file names of the avatars named, sorted.
func avatarFiles(urls map[string]string, avatars ...string) []string {
	var files []string
	for _, a := range avatars {
		files = append(files, path.Base(urls[a]))
	}
	slices.Sort(files)
	return files
}

// dirFiles returns the names in the avatar directory of the account with
// uuid, on the local disk at root, sorted.
func dirFiles(t *testing.T, root, uuid string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(root, "public", "avatars", uuid))
	require.NoError(t, err)
	var files []string
	for _, e := range entries {
		files = append(files, e.Name())
	}
	return files
}

// keptFiles returns the files that the module logged it kept, checking
// that each record went through the app's logger with the request's ID.
func keptFiles(t *testing.T, logs *petratest.LogBuffer) []string {
	t.Helper()
	var kept []string
	for _, rec := range logs.Records(t) {
		if msg, _ := rec["msg"].(string); strings.HasPrefix(msg, "user: avatar kept") {
			assert.Equal(t, "upload-1", rec["request_id"], rec)
			kept = append(kept, rec["file"].(string))
		}
	}
	return kept
}

// TestAvatarUploadOfADeletedAccount deletes the account while its upload is
// linked, on every database, before or after the write whose answer is
// lost: the upload answers 404 in the envelope and no file stays.
func TestAvatarUploadOfADeletedAccount(t *testing.T) {
	outage := &db.UnavailableError{Err: errors.New("connection reset")}
	img := petratest.PNG()
	for _, tt := range []struct {
		name      string
		committed bool
	}{
		{"before the commit", false},
		{"after the commit", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			eachDatabase(t, func(t *testing.T, d *db.DB) {
				links := &faultyLinks{setErr: outage, committed: tt.committed}
				f := newUploadFaults(t, d, links)
				f.elsewhere.PostMultipart(f.route, petratest.Multipart{}.File("avatar", "me.png", "", img)).
					AssertStatus(status.HTTP_200_OK)
				links.after = func() {
					f.elsewhere.Delete(f.elsewhere.URL("user:delete_user", f.ann)).AssertStatus(status.HTTP_204_NO_CONTENT)
				}

				req := multipartAvatar(t, t.Context(), f.route, img)
				petratest.New(t, f.app).WithToken(f.token).Do(req).AssertError(status.HTTP_404_NOT_FOUND, "User not found")
				_, err := os.Stat(filepath.Join(f.root, "public", "avatars", f.ann))
				assert.ErrorIs(t, err, os.ErrNotExist, "the account's avatars are gone")
			})
		})
	}
}
