package check

import (
	"os"
	"path/filepath"
	"testing"
)

// TestPlanJSONSize checks which inputs count towards the memory limit: only
// regular files that are not binary plans.
func TestPlanJSONSize(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	for _, tc := range []struct {
		name     string
		path     string
		wantSize int64
		wantOK   bool
	}{
		{"plan JSON", write("plan.json", `{"format_version":"1.2"}`), 24, true},
		{"binary plan file", write("plan.out", "PK\x03\x04rest of the zip"), 0, false},
		{"stdin", "-", 0, false},
		{"missing file", filepath.Join(dir, "absent.json"), 0, false},
		{"directory", dir, 0, false},
		{"shorter than a zip header", write("tiny.json", "{}"), 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			size, ok := planJSONSize(tc.path)
			if size != tc.wantSize || ok != tc.wantOK {
				t.Fatalf("planJSONSize(%s) = %d, %v; want %d, %v", tc.path, size, ok, tc.wantSize, tc.wantOK)
			}
		})
	}
}
