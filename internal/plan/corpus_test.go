package plan

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// findSharedCorpus walks up from the package directory to find
// shared/corpus/plans next to the repository root (present only on the
// development machine).
func findSharedCorpus(t testing.TB) string {
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		candidate := filepath.Join(dir, "shared", "corpus", "plans")
		if st, err := os.Stat(candidate); err == nil && st.IsDir() {
			return candidate
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// TestSharedCorpusLoads loads every plan of the shared corpus; none may fail,
// every instance's values must decode and resolve without panicking, and
// the envelope decoder must decode each plan itself, exactly as
// encoding/json would.
func TestSharedCorpusLoads(t *testing.T) {
	root := findSharedCorpus(t)
	if root == "" {
		t.Skip("shared corpus not present (only on the development machine)")
	}
	var files []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".json") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 249 {
		t.Fatalf("found %d corpus files, want at least 249", len(files))
	}
	for _, f := range files {
		t.Run(strings.TrimPrefix(f, root+"/"), func(t *testing.T) {
			p, err := LoadFile(context.Background(), f)
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if !checkEnvelopeMatches(t, bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))) {
				t.Errorf("the envelope decoder declined this plan (it loads through encoding/json)")
			}
			for _, r := range p.Resources {
				_ = r.After()
				_ = r.Before()
				_ = r.Drift()
				if r.Config != nil {
					for name := range r.Config.Expressions {
						_ = p.Resolve(r, name)
					}
				}
			}
		})
	}
}
