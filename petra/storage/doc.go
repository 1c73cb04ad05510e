// Package storage keeps files on named disks, in the manner of
// django-petra's Storage: a directory of the local file system ([Local]) or
// a bucket of any S3-compatible service ([S3]), behind one [Disk] API.
//
// # Operations
//
// Put, Get, Exists, Size, Delete, Copy, Move, URL, TemporaryURL, Files,
// Directories, MakeDirectory and DeleteDirectory. Files stream: Put reads
// an io.Reader in pieces and Get returns an io.ReadCloser, so a file of any
// size passes through a fixed amount of memory (16 MiB parts on S3, 32 KiB
// copies on a local disk).
//
// # Safety
//
// Names are relative and slash-separated; "..", absolute names, backslashes
// and control characters (NUL included) are refused with [ErrInvalidPath].
// A local disk works through an [os.Root], so a symbolic link cannot lead
// out of its directory either. A Put that fails leaves nothing behind.
// [Upload] checks a client's file before it is stored: its type judged
// from its bytes, its size while it streams.
//
// # Temporary URLs
//
// On S3 they are presigned (AWS Signature V4). On a local disk they carry
// an expiry and an HMAC-SHA256 signature and are served by
// [Local.SignedHandler], which refuses a tampered link (403) or an expired
// one (410) in petra's error envelope.
//
// # Settings
//
// [LoadConfig] reads STORAGE_DISK, STORAGE_LOCAL_ROOT, STORAGE_LOCAL_URL,
// STORAGE_TEMPORARY_URL, STORAGE_SIGNING_KEY and STORAGE_S3_* (ENDPOINT,
// REGION, BUCKET, ACCESS_KEY, SECRET_KEY, PATH_STYLE, URL); [Open] makes
// the [Disks].
package storage
