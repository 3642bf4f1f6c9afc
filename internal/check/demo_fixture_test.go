package check

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// exampleDir is the source of the demo fixture: the stack `make demo`
// checks. testdata/fixtures/demo is a copy, so that the golden reports
// point at paths inside this package and do not move when the example's
// directory does.
const exampleDir = "../../examples/check-demo"

// TestDemoFixtureIsCopyOfExample keeps the copy from drifting: a change to
// the example must reach the golden reports, and a change made only here
// would test a stack that users never see.
func TestDemoFixtureIsCopyOfExample(t *testing.T) {
	want, got := stackFiles(t, exampleDir), stackFiles(t, demoDir)
	const fix = "copy the example's configuration over the fixture and plan it again (from the repository root): " +
		"rm -r internal/check/testdata/fixtures/demo/modules && cp -r examples/check-demo/{main.tf,modules} internal/check/testdata/fixtures/demo/ && " +
		"tools/fixtures/generate.sh internal/check/testdata/fixtures/demo; then review the golden diff of `go test ./internal/check -update`"
	if wantNames, gotNames := slices.Sorted(maps.Keys(want)), slices.Sorted(maps.Keys(got)); !slices.Equal(wantNames, gotNames) {
		t.Fatalf("%s has files %v, %s has %v; %s", demoDir, gotNames, exampleDir, wantNames, fix)
	}
	for name, content := range want {
		if !bytes.Equal(got[name], content) {
			t.Errorf("%s/%s differs from %s/%s; %s", demoDir, name, exampleDir, name, fix)
		}
	}
}

// stackFiles reads the configuration a fixture copies from the example:
// main.tf and the local modules, keyed by slash-separated path relative to
// dir. Not plan.json: `make fixtures` regenerates each copy's plan from the
// same configuration, and runs differ in timestamp and the order of
// relevant_attributes. Not the example's README, run.sh or waivers either.
func stackFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	root, err := os.ReadFile(filepath.Join(dir, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	files["main.tf"] = root
	err = filepath.WalkDir(filepath.Join(dir, "modules"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		t.Fatalf("reading the modules of %s: %v", dir, err)
	}
	return files
}
