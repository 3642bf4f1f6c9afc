package check

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// seedRuleIDs pin the rule set of golden tests: the reporters are under
// test here, not the growing rule pack (whose rules have their own tests).
var seedRuleIDs = []string{"CFG-R03", "CRY-R21", "CRY-R22", "IAM-R13", "LOG-R01", "LOG-R05", "LOG-R06", "NET-R01", "NET-R06", "NET-R14", "NET-R16"}

func seedRules(t *testing.T) []*rules.Rule {
	t.Helper()
	var out []*rules.Rule
	for _, r := range rules.All() {
		if slices.Contains(seedRuleIDs, r.ID) {
			out = append(out, r)
		}
	}
	if len(out) != len(seedRuleIDs) {
		t.Fatalf("found %d of the %d seed rules", len(out), len(seedRuleIDs))
	}
	return out
}

const (
	demoDir  = "testdata/fixtures/demo"
	demoPlan = demoDir + "/plan.json"
)

// runWith runs the CLI with a chosen rule set (nil: the whole pack).
func runWith(t *testing.T, set []*rules.Rule, args ...string) (int, string, string) {
	t.Helper()
	env, stdout, stderr := testEnv("")
	env.rules = set
	code := run(t.Context(), args, env)
	return code, stdout.String(), stderr.String()
}

func assertGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `go test ./internal/check -run %s -update` to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, run `go test ./internal/check -update`\n--- got ---\n%s", path, got)
	}
}

// goldenArgs exercise every status: a config with per-rule and per-control
// enforcement, waivers (used, expired, unused), a baseline, locations.
func goldenArgs() []string {
	return []string{
		"--config", "testdata/golden/commshield.yaml",
		"--waivers", "testdata/golden/waivers.yaml",
		"--baseline", "testdata/golden/baseline.json",
		"--config-dir", demoDir,
	}
}

func TestGoldenReports(t *testing.T) {
	set := seedRules(t)
	tests := []struct{ format, file string }{
		{"text", "demo.txt"},
		{"json", "demo.json"},
		{"sarif", "demo.sarif"},
		{"junit", "demo.junit.xml"},
		{"markdown", "demo.md"},
		{"github", "demo.github.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			args := append(goldenArgs(), "--format", tt.format, demoPlan)
			code, stdout, stderr := runWith(t, set, args...)
			if code != ExitFindings {
				t.Fatalf("exit %d, want %d (the demo has enforced failures); stderr %s", code, ExitFindings, stderr)
			}
			if stderr != "" {
				t.Errorf("unexpected stderr: %s", stderr)
			}
			assertGolden(t, tt.file, []byte(stdout))
		})
	}
}

// TestGoldenFormatsToFiles checks FORMAT=FILE and that one run can write
// several formats, identical to the single-format runs.
func TestGoldenFormatsToFiles(t *testing.T) {
	set := seedRules(t)
	dir := t.TempDir()
	args := append(goldenArgs(), "--format", "json="+filepath.Join(dir, "r.json"), "--format", "sarif="+filepath.Join(dir, "r.sarif"), "--format", "text", demoPlan)
	code, stdout, stderr := runWith(t, set, args...)
	if code != ExitFindings || stderr != "" {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	for file, golden := range map[string]string{"r.json": "demo.json", "r.sarif": "demo.sarif"} {
		got, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		assertGolden(t, golden, got)
	}
	assertGolden(t, "demo.txt", []byte(stdout))
}

func TestTextColourOnlyOnTerminal(t *testing.T) {
	set := seedRules(t)
	for _, tt := range []struct {
		name    string
		tty     bool
		noColor string
		want    bool
	}{
		{"pipe", false, "", false},
		{"terminal", true, "", true},
		{"terminal with NO_COLOR", true, "1", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env, stdout, _ := testEnv("")
			env.rules = set
			env.isTerminal = func(w io.Writer) bool { return tt.tty }
			env.getenv = func(k string) string {
				if k == "NO_COLOR" {
					return tt.noColor
				}
				return ""
			}
			run(t.Context(), []string{demoPlan}, env)
			if got := strings.Contains(stdout.String(), "\x1b["); got != tt.want {
				t.Fatalf("colour escapes present = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestSeveralPlansReportedTogether: plans are checked concurrently but
// reported in argument order, results grouped by plan.
func TestSeveralPlansReportedTogether(t *testing.T) {
	set := seedRules(t)
	code, stdout, stderr := runWith(t, set, "--format", "json", tfDataPlan, demoPlan, tfDataPlan+"")
	if code != ExitFindings {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	var rep Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Plans) != 3 || rep.Plans[0].Source != tfDataPlan || rep.Plans[1].Source != demoPlan {
		t.Fatalf("plans %+v", rep.Plans)
	}
	_, single, _ := runWith(t, set, "--format", "json", demoPlan)
	var one Report
	if err := json.Unmarshal([]byte(single), &one); err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != len(one.Results) || rep.Summary != one.Summary {
		t.Fatalf("the demo's results differ when checked with other plans: %d vs %d", len(rep.Results), len(one.Results))
	}
}
