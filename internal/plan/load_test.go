package plan

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name        string
		content     *string // nil: the file does not exist
		wantProblem string
		wantHint    string
	}{
		{name: "missing file", wantProblem: "file not found", wantHint: "terraform show -json"},
		{name: "empty file", content: ptr(""), wantProblem: "file is empty"},
		{name: "only whitespace", content: ptr(" \n\t\n"), wantProblem: "file is empty"},
		{name: "truncated", content: ptr(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a`), wantProblem: "truncated JSON", wantHint: "incomplete"},
		{name: "syntax error with line", content: ptr("{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {]\n}"), wantProblem: "invalid JSON at byte 51 (line 3, column 22)"},
		{name: "top-level array", content: ptr(`[1,2]`), wantProblem: "top level is not an object"},
		{name: "state via show -json", content: ptr(`{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{}}}`), wantProblem: "output of a state, not of a plan", wantHint: "terraform show -json plan.out"},
		{name: "raw state file", content: ptr(`{"version":4,"terraform_version":"1.11.4","serial":3,"lineage":"0f0e","outputs":{},"resources":[]}`), wantProblem: "raw Terraform state file"},
		{name: "provider schemas", content: ptr(`{"format_version":"1.0","provider_schemas":{}}`), wantProblem: "providers schema"},
		{name: "unrelated JSON", content: ptr(`{"name":"x"}`), wantProblem: "not a Terraform plan"},
		{name: "future major version", content: ptr(`{"format_version":"2.0","planned_values":{"root_module":{}}}`), wantProblem: `unsupported plan format_version "2.0"`, wantHint: "upgrade commshield"},
		{name: "garbage version", content: ptr(`{"format_version":"x.y","planned_values":{"root_module":{}}}`), wantProblem: `unrecognised format_version "x.y"`},
		{name: "wrong field type", content: ptr(`{"format_version":"1.2","resource_changes":"nope"}`), wantProblem: `field "resource_changes"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".json")
			if tc.content != nil {
				if err := os.WriteFile(path, []byte(*tc.content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			p, err := LoadFile(context.Background(), path)
			if err == nil {
				t.Fatalf("loaded %d resources, want an error", len(p.Resources))
			}
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("error %T %v is not a *LoadError", err, err)
			}
			if le.File != path {
				t.Errorf("File = %q, want %q", le.File, path)
			}
			if !strings.Contains(le.Problem, tc.wantProblem) {
				t.Errorf("Problem = %q, want it to contain %q", le.Problem, tc.wantProblem)
			}
			if !strings.Contains(le.Hint, tc.wantHint) {
				t.Errorf("Hint = %q, want it to contain %q", le.Hint, tc.wantHint)
			}
			if msg := err.Error(); strings.Contains(msg, "\n") || !strings.HasPrefix(msg, path+": ") {
				t.Errorf("Error() = %q, want one line starting with the file", msg)
			}
		})
	}
}

func TestLoadDirectory(t *testing.T) {
	_, err := LoadFile(context.Background(), t.TempDir())
	var le *LoadError
	if !errors.As(err, &le) || !strings.Contains(le.Problem, "directory") {
		t.Fatalf("got %v, want a LoadError about a directory", err)
	}
}

func TestLoadAcceptsEveryFormatVersion(t *testing.T) {
	for _, v := range []string{"0.1", "0.2", "1.0", "1.1", "1.2", "1.9", "1.42"} {
		t.Run(v, func(t *testing.T) {
			in := `{"format_version":"` + v + `","planned_values":{"root_module":{"resources":[{"address":"aws_vpc.a","mode":"managed","type":"aws_vpc","name":"a","values":{"cidr_block":"10.0.0.0/16"}}]}}}`
			p, err := Load(context.Background(), strings.NewReader(in), "inline.json")
			if err != nil {
				t.Fatal(err)
			}
			if p.FormatVersion != v || len(p.Resources) != 1 || p.Resources[0].Address != "aws_vpc.a" {
				t.Fatalf("got version %q and %d resources", p.FormatVersion, len(p.Resources))
			}
		})
	}
}

func TestLoadCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Load(ctx, strings.NewReader(`{"format_version":"1.2","planned_values":{}}`), "x.json")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func ptr(s string) *string { return &s }
