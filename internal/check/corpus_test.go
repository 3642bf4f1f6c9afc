package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir is the team's corpus of real plans, present beside the
// repository on development machines and in CI, absent on users' clones.
const corpusDir = "../../../shared/corpus/plans"

// TestCorpusNeverCrashes runs the whole rule pack and every format over
// every corpus plan (Terraform 0.12 … 1.13 and OpenTofu output, many
// providers): each run ends in 0, 1, or a one-line input error, never an
// internal error.
func TestCorpusNeverCrashes(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not present (%v): runs only beside /work/shared", err)
	}
	var plans []string
	err := filepath.WalkDir(corpusDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".json") {
			plans = append(plans, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(plans) < 100 {
		t.Fatalf("found only %d corpus plans", len(plans))
	}
	counts := map[int]int{}
	for _, p := range plans {
		for _, format := range []string{"json", "sarif", "text"} {
			code, _, stderr := runWith(t, nil, "--format", format, "--unknown", "fail", p)
			counts[code]++
			if strings.Contains(stderr, "internal error") {
				t.Errorf("%s (--format %s): %s", p, format, stderr)
			}
			if code == ExitUsage && strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
				t.Errorf("%s: input error is not one line: %s", p, stderr)
			}
		}
	}
	t.Logf("%d plans: exit codes %v", len(plans), counts)
}
