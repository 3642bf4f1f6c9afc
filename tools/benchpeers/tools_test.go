package main

import (
	"os"
	"strings"
	"testing"
)

func TestDependencyVersion(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// The test binary embeds this module's dependencies like Trivy embeds
	// trivy-checks.
	if got := dependencyVersion(self, "go.yaml.in/yaml/v3"); got != "v3.0.6" {
		t.Errorf("dependencyVersion(test binary, yaml) = %q, want %q (go.mod)", got, "v3.0.6")
	}
	if got := dependencyVersion(self, "example.com/not/a/dependency"); got != "unknown" {
		t.Errorf("dependencyVersion(absent module) = %q, want unknown", got)
	}
}

// Trivy exits 0 and prints a report without results for a JSON file it
// does not take for a plan (testdata/trivy-not-a-plan.json is its real
// output for a Regula report): the parser must not read that as "no
// findings".
func TestParseTrivyRejectsAFileNotScannedAsAPlan(t *testing.T) {
	out, err := os.ReadFile("testdata/trivy-not-a-plan.json")
	if err != nil {
		t.Fatal(err)
	}
	if fs, err := parseTrivy(out); err == nil || !strings.Contains(err.Error(), "not scan the file as a Terraform plan") {
		t.Errorf("parseTrivy = %v, %v; want an error saying the file was not scanned as a plan", fs, err)
	}
}
