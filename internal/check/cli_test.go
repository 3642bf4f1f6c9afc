package check

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixedNow is the clock of every test: waiver expiry is judged against it.
var fixedNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func testEnv(stdin string) (environment, *bytes.Buffer, *bytes.Buffer) {
	var stdout, stderr bytes.Buffer
	return environment{
		stdin: strings.NewReader(stdin), stdout: &stdout, stderr: &stderr,
		now: func() time.Time { return fixedNow }, version: "test",
		getenv: func(string) string { return "" }, isTerminal: func(io.Writer) bool { return false },
	}, &stdout, &stderr
}

// runCheck runs the real CLI entry point with a fixed clock and version.
func runCheck(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	env, stdout, stderr := testEnv(stdin)
	code := run(context.Background(), args, env)
	return code, stdout.String(), stderr.String()
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const tfDataPlan = "testdata/fixtures/terraform_data/plan.json"

func TestMainBadInput(t *testing.T) {
	dir := t.TempDir()
	empty := writeFile(t, dir, "empty.json", "")
	invalid := writeFile(t, dir, "invalid.json", `{"format_version": "1.2", "planned_values": {`)
	notPlan := writeFile(t, dir, "package.json", `{"name": "web", "version": "1.0.0"}`)
	state := writeFile(t, dir, "terraform.tfstate", `{"version": 4, "terraform_version": "1.11.4", "serial": 3, "lineage": "x", "outputs": {}, "resources": []}`)
	future := writeFile(t, dir, "future.json", `{"format_version": "9.0", "terraform_version": "9.0.0", "resource_changes": []}`)
	binary := writeFile(t, dir, "plan.bin", "PK\x03\x04 not really a zip")
	badWaiverDate := writeFile(t, dir, "waivers.yaml", "waivers:\n  - rule: NET-R01\n    address: '*'\n    reason: r\n    owner: o\n    expires: next week\n")
	waiverNoExpiry := writeFile(t, dir, "waivers2.yaml", "waivers:\n  - rule: NET-R01\n    address: '*'\n    reason: r\n    owner: o\n")
	//nolint:misspell // "adress" is the deliberate typo of an unknown waiver field.
	waiverUnknownField := writeFile(t, dir, "waivers3.yaml", "waivers:\n  - rule: NET-R01\n    adress: '*'\n")
	waiverUnknownRule := writeFile(t, dir, "waivers4.yaml", "waivers:\n  - rule: NET-R999\n    address: '*'\n    reason: r\n    owner: o\n    expires: 2027-01-01\n")
	configUnknownKey := writeFile(t, dir, "unknown-key.yaml", "version: 1\nenforcment: hard\n")
	configBadParam := writeFile(t, dir, "bad-param.yaml", "rules:\n  NET-R01:\n    params:\n      admin_ports: [\"tcp:22\", \"ssh\"]\n")
	configBadType := writeFile(t, dir, "bad-type.yaml", "params:\n  max_rotation_period_days: soon\n")
	configBadLevel := writeFile(t, dir, "bad-level.yaml", "rules:\n  LOG-R05:\n    enforcement: mandatory\n")
	badBaseline := writeFile(t, dir, "baseline.json", `{"schema_version": 7}`)

	tests := []struct {
		name string
		args []string
		// want are substrings of stderr: the file, what is wrong, what to do.
		want []string
	}{
		{"no plan", nil, []string{"no PLAN given", "--help"}},
		{"unknown flag", []string{"--fromat", "json", tfDataPlan}, []string{"flag provided but not defined: -fromat", "--help"}},
		{"unknown format", []string{"--format", "pdf", tfDataPlan}, []string{`unknown format "pdf"`, "text, json, sarif"}},
		{"two formats on stdout", []string{"--format", "json", "--format", "sarif", tfDataPlan}, []string{"only one --format may write to stdout"}},
		{"bad unknown mode", []string{"--unknown", "ignore", tfDataPlan}, []string{"--unknown=ignore", "warn, fail or pass"}},
		{"bad scope", []string{"--scope", "diff", tfDataPlan}, []string{"--scope=diff", "all or changes"}},
		{"missing file", []string{filepath.Join(dir, "nope.json")}, []string{"nope.json", "not found"}},
		{"empty file", []string{empty}, []string{"empty.json", "empty"}},
		{"invalid JSON", []string{invalid}, []string{"invalid.json"}},
		{"not a plan", []string{notPlan}, []string{"package.json", "terraform show -json"}},
		{"state file", []string{state}, []string{"terraform.tfstate", "state"}},
		{"unsupported format version", []string{future}, []string{"future.json", "9.0"}},
		{"binary plan, terraform missing", []string{"--terraform", filepath.Join(dir, "no-terraform"), binary}, []string{"plan.bin", "terraform", "--terraform"}},
		{"binary plan on stdin", []string{"-"}, []string{"stdin holds a binary plan", "pass its path"}},
		{"waiver bad date", []string{"--waivers", badWaiverDate, tfDataPlan}, []string{"waivers.yaml:6", "waivers[0].expires", "YYYY-MM-DD"}},
		{"waiver without expiry", []string{"--waivers", waiverNoExpiry, tfDataPlan}, []string{"waivers2.yaml:2", "waivers[0].expires", "expiry date"}},
		//nolint:misspell // the deliberate typo the test above writes
		{"waiver unknown field", []string{"--waivers", waiverUnknownField, tfDataPlan}, []string{"waivers3.yaml:3", "adress"}},
		{"waiver unknown rule", []string{"--waivers", waiverUnknownRule, tfDataPlan}, []string{"waivers4.yaml:2", "NET-R999", "--list-rules"}},
		{"missing waiver file", []string{"--waivers", filepath.Join(dir, "none.yaml"), tfDataPlan}, []string{"none.yaml", "--waivers"}},
		{"config unknown key", []string{"--config", configUnknownKey, tfDataPlan}, []string{"unknown-key.yaml:2", "enforcment"}},
		{"config bad param value", []string{"--config", configBadParam, tfDataPlan}, []string{"bad-param.yaml:4", "rules.NET-R01.params.admin_ports", `"ssh"`}},
		{"config bad param type", []string{"--config", configBadType, tfDataPlan}, []string{"bad-type.yaml:2", "max_rotation_period_days", "whole number"}},
		{"config bad enforcement", []string{"--config", configBadLevel, tfDataPlan}, []string{"bad-level.yaml:3", "advisory, soft or hard"}},
		{"missing config", []string{"--config", filepath.Join(dir, "nope.yaml"), tfDataPlan}, []string{"nope.yaml", "--config"}},
		{"bad baseline", []string{"--baseline", badBaseline, tfDataPlan}, []string{"baseline.json", "--write-baseline"}},
		{"explain unknown rule", []string{"--explain", "NET-R999"}, []string{"NET-R999", "--list-rules"}},
		{"listing with plan", []string{"--list-rules", tfDataPlan}, []string{"take no PLAN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdin := ""
			if tt.name == "binary plan on stdin" {
				stdin = "PK\x03\x04rest"
			}
			code, stdout, stderr := runCheck(t, stdin, tt.args...)
			if code != ExitUsage {
				t.Errorf("exit code = %d, want %d\nstderr: %s", code, ExitUsage, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout should be empty on input errors, got %q", stdout)
			}
			if strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
				t.Errorf("want a one-line message, got:\n%s", stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q does not contain %q", stderr, w)
				}
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
				t.Errorf("stderr shows a panic: %s", stderr)
			}
		})
	}
}

func TestMainBinaryPlanWithoutTerraformOnPath(t *testing.T) {
	dir := t.TempDir()
	binary := writeFile(t, dir, "plan.out", "PK\x03\x04 not really a zip")
	t.Setenv("PATH", dir) // no terraform here
	code, _, stderr := runCheck(t, "", binary)
	if code != ExitUsage || !strings.Contains(stderr, "no terraform is on PATH") || !strings.Contains(stderr, "terraform show -json plan.out") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

// TestMainConvertsBinaryPlan makes a real binary plan with the Terraform CLI
// (terraform_data needs no provider download) and checks it.
func TestMainConvertsBinaryPlan(t *testing.T) {
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("terraform is not on PATH; `make test` installs it into .tools/ (see GNUmakefile)")
	}
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/fixtures/terraform_data/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "main.tf", string(src))
	for _, args := range [][]string{{"init", "-input=false", "-no-color"}, {"plan", "-input=false", "-no-color", "-out=tfplan"}} {
		cmd := exec.CommandContext(t.Context(), tf, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform %v: %v\n%s", args, err, out)
		}
	}
	code, stdout, stderr := runCheck(t, "", "--terraform", tf, "--format", "json", filepath.Join(dir, "tfplan"))
	if code == ExitUsage {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	if !strings.Contains(stdout, `"source": "`+filepath.Join(dir, "tfplan")+`"`) || !strings.Contains(stdout, `"terraform_version": "1.`) {
		t.Fatalf("report does not describe the converted plan:\n%s", stdout)
	}
}

func TestMainReadsStdin(t *testing.T) {
	data, err := os.ReadFile(tfDataPlan)
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCheck(t, string(data), "--format", "json", "-")
	if code == ExitUsage || !strings.Contains(stdout, `"source": "-"`) {
		t.Fatalf("exit %d, stderr %s, stdout %s", code, stderr, stdout)
	}
}

func TestMainListingsAndVersion(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--version"}, []string{"commshield test", "rule set"}},
		{[]string{"--list-rules"}, []string{"RULE", "NET-R01", "LOG-R01", "critical"}},
		{[]string{"--list-rules", "--format", "json"}, []string{`"id": "CFG-R03"`, `"kind": "diff"`}},
		{[]string{"--list-controls"}, []string{"CONTROL", "LOG-01", "LOG-R01"}},
		{[]string{"--list-controls", "--format", "json"}, []string{`"id": "NET-04"`, `"NET-R01"`}},
		{[]string{"--explain", "net-r01"}, []string{"NET-R01", "Why:", "Fix:", "cidr_ipv4", "admin_ports = ", "tcp:22"}},
		{[]string{"--explain", "CRY-R21", "--format", "json"}, []string{`"name": "min_deletion_window_days"`, `"default": 30`}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCheck(t, "", tt.args...)
			if code != ExitOK {
				t.Fatalf("exit %d, stderr %s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("output does not contain %q:\n%s", w, stdout)
				}
			}
		})
	}
}

func TestMainHelp(t *testing.T) {
	code, _, stderr := runCheck(t, "", "--help")
	if code != ExitOK || !strings.Contains(stderr, "Usage:") || !strings.Contains(stderr, "-override-soft") {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
}

// TestMainEntryPoint calls the exported Main exactly as main.go does (real
// clock, version from build info) for a listing, a check and a bad input.
func TestMainEntryPoint(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Main(t.Context(), []string{"--version"}, strings.NewReader(""), &stdout, &stderr); code != ExitOK || !strings.HasPrefix(stdout.String(), "commshield ") {
		t.Fatalf("--version: exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
	stdout.Reset()
	if code := Main(t.Context(), []string{"--format", "json", demoPlan}, strings.NewReader(""), &stdout, &stderr); code != ExitFindings || !strings.Contains(stdout.String(), `"schema_version": "1.0"`) {
		t.Fatalf("check: exit %d, stderr %q", code, stderr.String())
	}
	stderr.Reset()
	if code := Main(t.Context(), []string{"--scope", "everything", demoPlan}, strings.NewReader(""), &stdout, &stderr); code != ExitUsage || !strings.Contains(stderr.String(), "--scope=everything") {
		t.Fatalf("bad flag: exit %d, stderr %q", code, stderr.String())
	}
}
