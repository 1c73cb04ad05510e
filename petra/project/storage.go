package project

import (
	"path/filepath"

	"github.com/go-petra/petra/petra"
	"github.com/go-petra/petra/petra/config"
	"github.com/go-petra/petra/petra/storage"
)

// MediaPath is where the runtime serves the public/ directory of the local
// disk when STORAGE_LOCAL_URL is not set: a file stored as
// "public/avatars/a.png" is at /media/public/avatars/a.png, and the disk's
// URL says so. The rest of the disk stays private.
const MediaPath = "/media"

// openDisks opens the STORAGE_* disks when p.Storage. Without
// STORAGE_LOCAL_URL, the local disk's URLs point under [MediaPath] (after
// PETRA_BASE_URL), and media is the public directory the runtime serves
// there; it is nil when another server serves the disk. A localRoot that
// is not empty replaces STORAGE_LOCAL_ROOT.
func (p *Project) openDisks(s *config.Settings, localRoot string) (disks *storage.Disks, media *storage.Local, err error) {
	if !p.Storage {
		return nil, nil, nil
	}
	cfg, err := storage.LoadConfig(s.Lookup)
	if err != nil {
		return nil, nil, err
	}
	if localRoot != "" {
		cfg.LocalRoot = localRoot
	}
	served := cfg.LocalURL == ""
	if served {
		cfg.LocalURL = s.BaseURL + MediaPath
	}
	if disks, err = storage.Open(cfg, s.IsProduction()); err != nil {
		return nil, nil, err
	}
	if served {
		if media, err = storage.NewLocal(filepath.Join(cfg.LocalRoot, "public"), storage.LocalOptions{}); err != nil {
			return nil, nil, err
		}
	}
	return disks, media, nil
}

// mediaModule serves media, the local disk's public directory, at
// [MediaPath]/public/, reversed by the name "media:public".
func mediaModule(media *storage.Local) petra.Module {
	return petra.Module{Name: "media", Path: MediaPath, Routes: []petra.Route{
		petra.Mount("public", media.PublicHandler()).Named("media:public"),
	}}
}
