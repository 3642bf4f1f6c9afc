package rules

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The seed fixture is a copy of the stack `make demo` checks, kept inside
// the package like every other fixture so that tools/fixtures/generate.sh
// and loadFixture treat it alike.
const (
	exampleDir = "../../examples/check-demo"
	seedDir    = "testdata/fixtures/seed"
)

// TestSeedFixtureIsCopyOfExample keeps the copy from drifting: the seed
// rows assert verdicts on the example's resources, and a change made only
// here would test a stack that users never see.
func TestSeedFixtureIsCopyOfExample(t *testing.T) {
	want, got := stackFiles(t, exampleDir), stackFiles(t, seedDir)
	const fix = "copy the example's configuration over the fixture and plan it again (from the repository root): " +
		"rm -r internal/rules/testdata/fixtures/seed/modules && cp -r examples/check-demo/{main.tf,modules} internal/rules/testdata/fixtures/seed/ && " +
		"tools/fixtures/generate.sh internal/rules/testdata/fixtures/seed; then check the seed rows"
	if wantNames, gotNames := slices.Sorted(maps.Keys(want)), slices.Sorted(maps.Keys(got)); !slices.Equal(wantNames, gotNames) {
		t.Fatalf("%s has files %v, %s has %v; %s", seedDir, gotNames, exampleDir, wantNames, fix)
	}
	for name, content := range want {
		if !bytes.Equal(got[name], content) {
			t.Errorf("%s/%s differs from %s/%s; %s", seedDir, name, exampleDir, name, fix)
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
