// Package testfixture holds test helpers shared by packages that keep a
// copy of an example stack as a fixture.
package testfixture

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// AssertStackCopy fails t when copyDir's configuration differs from
// exampleDir's, naming each differing file and ending every message with
// fix, the commands that bring the copy back in line.
func AssertStackCopy(t testing.TB, exampleDir, copyDir, fix string) {
	t.Helper()
	want, got := stackFiles(t, exampleDir), stackFiles(t, copyDir)
	if wantNames, gotNames := slices.Sorted(maps.Keys(want)), slices.Sorted(maps.Keys(got)); !slices.Equal(wantNames, gotNames) {
		t.Fatalf("%s has files %v, %s has %v; %s", copyDir, gotNames, exampleDir, wantNames, fix)
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if !bytes.Equal(got[name], want[name]) {
			t.Errorf("%s/%s differs from %s/%s; %s", copyDir, name, exampleDir, name, fix)
		}
	}
}

// stackFiles reads the configuration a fixture copies from the example:
// main.tf and the local modules, keyed by slash-separated path relative to
// dir. Not plan.json: `make fixtures` regenerates each copy's plan from the
// same configuration, and runs differ in timestamp and the order of
// relevant_attributes. Not the example's README, run.sh or waivers either.
func stackFiles(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	root, err := os.ReadFile(filepath.Join(dir, "main.tf"))
	if err != nil {
		t.Fatalf("reading the root module of %s: %v", dir, err)
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
