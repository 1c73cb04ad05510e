package storage

import (
	"crypto/rand"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/go-petra/petra/petra/config"
)

// Config is the storage settings, read by [LoadConfig] from the STORAGE_* keys.
type Config struct {
	// Default is STORAGE_DISK, the disk [Disks.Default] returns: "local"
	// (default) or "s3".
	Default string
	// LocalRoot is STORAGE_LOCAL_ROOT, the directory of the local disk
	// (default "storage").
	LocalRoot string
	// LocalURL is STORAGE_LOCAL_URL, the public base URL of the local disk
	// (see [LocalOptions.URL]); empty: no public URLs.
	LocalURL string
	// TemporaryURL is STORAGE_TEMPORARY_URL, where the app mounts the local
	// disk's [Local.SignedHandler] (see [LocalOptions.TemporaryURL]).
	TemporaryURL string
	// SigningKey is STORAGE_SIGNING_KEY, at least 32 bytes, that signs the
	// local disk's temporary URLs. Empty in development: a random key is
	// made at start, and links die with the process.
	SigningKey config.Secret
	// S3 is the "s3" disk (STORAGE_S3_*); it exists when STORAGE_S3_BUCKET is set.
	S3 S3Options
}

// LoadConfig reads the STORAGE_* settings through lookup, which has the
// contract of [os.LookupEnv]. Every bad key is reported at once; secrets
// are never quoted.
func LoadConfig(lookup func(key string) (string, bool)) (Config, error) {
	get := func(key, def string) string {
		if v, ok := lookup(key); ok && strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
		return def
	}
	var errs []error
	c := Config{
		Default:      strings.ToLower(get("STORAGE_DISK", "local")),
		LocalRoot:    get("STORAGE_LOCAL_ROOT", "storage"),
		LocalURL:     get("STORAGE_LOCAL_URL", ""),
		TemporaryURL: get("STORAGE_TEMPORARY_URL", ""),
		SigningKey:   config.Secret(get("STORAGE_SIGNING_KEY", "")),
		S3: S3Options{
			Endpoint: get("STORAGE_S3_ENDPOINT", "https://s3.amazonaws.com"),
			Region:   get("STORAGE_S3_REGION", "us-east-1"),
			Bucket:   get("STORAGE_S3_BUCKET", ""), AccessKey: get("STORAGE_S3_ACCESS_KEY", ""),
			SecretKey: config.Secret(get("STORAGE_S3_SECRET_KEY", "")),
			URL:       get("STORAGE_S3_URL", ""),
		},
	}
	switch v := strings.ToLower(get("STORAGE_S3_PATH_STYLE", "false")); v {
	case "true", "1", "yes":
		c.S3.PathStyle = true
	case "false", "0", "no":
	default:
		errs = append(errs, fmt.Errorf("storage: STORAGE_S3_PATH_STYLE: %q is not a boolean", v))
	}
	if c.Default != "local" && c.Default != "s3" {
		errs = append(errs, fmt.Errorf("storage: STORAGE_DISK: %q is not a disk (use local or s3)", c.Default))
	}
	if c.Default == "s3" && c.S3.Bucket == "" {
		errs = append(errs, errors.New("storage: STORAGE_S3_BUCKET: the s3 disk needs a bucket"))
	}
	if c.SigningKey != "" && len(c.SigningKey) < MinKeyLength {
		errs = append(errs, fmt.Errorf("storage: STORAGE_SIGNING_KEY: needs at least %d bytes", MinKeyLength))
	}
	return c, errors.Join(errs...)
}

// Disks are the disks of an app by name: "local" always, "s3" when
// configured. Disks is safe for concurrent use.
type Disks struct {
	disks map[string]Disk
	def   string
}

// Open makes the disks cfg describes. production refuses to start without
// STORAGE_SIGNING_KEY when temporary URLs are enabled.
func Open(cfg Config, production bool) (*Disks, error) {
	key := []byte(cfg.SigningKey)
	if len(key) == 0 {
		if production && cfg.TemporaryURL != "" {
			return nil, errors.New("storage: STORAGE_SIGNING_KEY is required in production")
		}
		key = []byte(rand.Text() + rand.Text())
	}
	signer, err := NewSigner(key, nil)
	if err != nil {
		return nil, err
	}
	local, err := NewLocal(cfg.LocalRoot, LocalOptions{
		Name: "local", URL: cfg.LocalURL, TemporaryURL: cfg.TemporaryURL, Signer: signer,
	})
	if err != nil {
		return nil, err
	}
	d := &Disks{disks: map[string]Disk{"local": local}, def: cfg.Default}
	if cfg.S3.Bucket != "" {
		s3, err := NewS3(cfg.S3)
		if err != nil {
			_ = local.Close()
			return nil, err
		}
		d.disks["s3"] = s3
	}
	if _, ok := d.disks[d.def]; !ok {
		_ = local.Close()
		return nil, fmt.Errorf("storage: STORAGE_DISK %q is not configured", d.def)
	}
	return d, nil
}

// Disk returns the disk called name, or an error naming the known ones.
func (d *Disks) Disk(name string) (Disk, error) {
	if disk, ok := d.disks[name]; ok {
		return disk, nil
	}
	return nil, fmt.Errorf("storage: no disk %q (configured: %s)", name, strings.Join(slices.Sorted(maps.Keys(d.disks)), ", "))
}

// Default returns the disk STORAGE_DISK names.
func (d *Disks) Default() Disk { return d.disks[d.def] }

// Local returns the local disk, whose SignedHandler the app mounts.
func (d *Disks) Local() *Local { return d.disks["local"].(*Local) }
