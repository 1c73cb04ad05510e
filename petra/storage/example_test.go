package storage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/go-petra/petra/petra/storage"
)

func ExampleLocal() {
	dir, _ := os.MkdirTemp("", "disk")
	defer os.RemoveAll(dir)
	disk, err := storage.NewLocal(dir, storage.LocalOptions{URL: "https://cdn.example.com"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer disk.Close()
	ctx := context.Background()

	_ = disk.Put(ctx, "reports/2026/q1.txt", bytes.NewReader([]byte("quarterly")))
	files, _ := disk.Files(ctx, "reports/2026")
	url, _ := disk.URL("reports/2026/q1.txt")
	rc, _ := disk.Get(ctx, "reports/2026/q1.txt")
	body, _ := io.ReadAll(rc)
	rc.Close()
	fmt.Println(files, url, string(body))

	err = disk.Put(ctx, "../etc/passwd", bytes.NewReader(nil))
	fmt.Println(errors.Is(err, storage.ErrInvalidPath))
	// Output:
	// [reports/2026/q1.txt] https://cdn.example.com/reports/2026/q1.txt quarterly
	// true
}

func ExampleUpload() {
	dir, _ := os.MkdirTemp("", "disk")
	defer os.RemoveAll(dir)
	disk, _ := storage.NewLocal(dir, storage.LocalOptions{})
	defer disk.Close()

	avatars := storage.Rules{MaxSize: 2 << 20, Types: []string{"image/png", "image/jpeg", "image/webp"}}
	_, err := storage.Upload(context.Background(), disk, "avatars/ann.png",
		bytes.NewReader([]byte("<script>alert(1)</script>")), avatars)
	fmt.Println(err) // a view returns it with petra.Fail: 415 in the envelope
	// Output: petra: 415 The file type is not allowed: text/html; charset=utf-8
}
