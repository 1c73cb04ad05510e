// Command uploads stores images on a petra/storage disk: the type is judged
// from the bytes, the size while the file streams, and the answer carries a
// signed link that expires.
//
//	go run ./examples/uploads
//	curl -s -F avatar=@photo.png localhost:8000/api/v1/files/avatars/
//	curl -s "$(curl -s -F avatar=@photo.png localhost:8000/api/v1/files/avatars/ | sed 's/.*"url":"\([^"]*\)".*/\1/')" -o back.png
package main

import (
	"context"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/google/uuid"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/storage"
	"github.com/go-petra/petra/status"
)

// avatarRules accept PNG, JPEG and WebP images up to 2 MiB.
var avatarRules = storage.Rules{MaxSize: 2 << 20, Types: []string{"image/png", "image/jpeg", "image/webp"}}

// extensions name stored files by their detected type.
var extensions = map[string]string{"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}

// Stored is the answer to an upload.
type Stored struct {
	Name string `json:"name"`
	Type string `json:"type"`
	URL  string `json:"url"`
}

// FileViewSet holds the upload views.
type FileViewSet struct {
	petra.ViewSet
	disk storage.Disk
}

// UploadAvatar stores the multipart field "avatar" and answers a link to it
// valid for 15 minutes.
func (v *FileViewSet) UploadAvatar(r *petra.Request) petra.Result {
	fh, err := r.File("avatar")
	if err != nil {
		return petra.Fail(err)
	}
	f, err := fh.Open()
	if err != nil {
		return petra.Fail(err)
	}
	defer f.Close()
	// Stored under a temporary name first: the real one depends on the type.
	tmp := "avatars/upload-" + uuid.NewString()
	ct, err := storage.Upload(r.Context(), v.disk, tmp, f, avatarRules)
	if err != nil {
		return petra.Fail(err) // 415 another type, 413 too large, in the envelope
	}
	name := tmp + extensions[ct]
	if err := v.disk.Move(r.Context(), tmp, name); err != nil {
		return petra.Fail(err)
	}
	link, err := v.disk.TemporaryURL(r.Context(), name, 15*time.Minute)
	if err != nil {
		return petra.Fail(err)
	}
	return petra.Response(Stored{Name: name, Type: ct, URL: link}, status.HTTP_201_CREATED)
}

// NewHandler serves the upload API and, under /files/temp/, the signed
// links of the disk in dir. baseURL is where the handler is reached.
func NewHandler(dir, baseURL string, key []byte) (http.Handler, *storage.Local, error) {
	signer, err := storage.NewSigner(key, nil)
	if err != nil {
		return nil, nil, err
	}
	disk, err := storage.NewLocal(dir, storage.LocalOptions{TemporaryURL: baseURL + "/files/temp", Signer: signer})
	if err != nil {
		return nil, nil, err
	}
	v := &FileViewSet{disk: disk}
	// The multipart body may hold the 2 MiB image and its envelope.
	app := petra.New(petra.WithBodyLimit(3 << 20))
	app.Mount(petra.Module{Name: "files", Version: "v1", Routes: v.Routes(
		petra.Post("avatars/", v.UploadAvatar),
	)})
	mux := http.NewServeMux()
	mux.Handle("/files/temp/", http.StripPrefix("/files/temp", disk.SignedHandler()))
	mux.Handle("/", app)
	return mux, disk, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8000", "address to listen on")
	dir := flag.String("dir", "storage", "directory of the disk")
	flag.Parse()
	// A real app reads STORAGE_SIGNING_KEY (storage.LoadConfig); a fixed
	// development key keeps links valid across restarts of this example.
	h, disk, err := NewHandler(*dir, "http://"+*addr, []byte("development-key-of-32-bytes-long"))
	if err != nil {
		log.Fatal(err)
	}
	defer disk.Close()
	srv := &http.Server{Addr: *addr, Handler: h, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		log.Fatal(err)
	}
}
