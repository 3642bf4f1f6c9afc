package main

import (
	"os"
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
