package check

import (
	"os"
	"strings"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
)

// lineOf returns the 1-based line of the first line of file containing s.
func lineOf(t *testing.T, file, s string) int {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("%s has no line containing %q", file, s)
	return 0
}

func TestLocatorFindsBlocksAndAttributes(t *testing.T) {
	p, err := plan.LoadFile(t.Context(), demoPlan)
	if err != nil {
		t.Fatal(err)
	}
	loc, err := NewLocator(demoDir, []*plan.Plan{p})
	if err != nil {
		t.Fatal(err)
	}
	root, edge := demoDir+"/main.tf", demoDir+"/modules/edge/main.tf"
	tests := []struct {
		address, attribute string
		file               string
		line               int
	}{
		{"aws_security_group.bastion", "", root, lineOf(t, root, `resource "aws_security_group" "bastion"`)},
		{"aws_security_group.bastion", "ingress[0]", root, lineOf(t, root, "description = \"SSH from anywhere\"") - 1},
		{"aws_cloudtrail.audit", "enable_log_file_validation", root, lineOf(t, root, `resource "aws_cloudtrail" "audit"`)},
		{"aws_kms_key.legacy", "deletion_window_in_days", root, lineOf(t, root, "deletion_window_in_days = 7")},
		{`aws_vpc.tenant["blue"]`, "", root, lineOf(t, root, `resource "aws_vpc" "tenant"`)},
		{"aws_s3_bucket.artifacts[1]", "", root, lineOf(t, root, `resource "aws_s3_bucket" "artifacts"`)},
		{"module.edge.aws_security_group.admin", "ingress[0]", edge, lineOf(t, edge, "ingress {")},
	}
	for _, tt := range tests {
		t.Run(tt.address+" "+tt.attribute, func(t *testing.T) {
			r := p.Lookup(tt.address)
			if r == nil {
				t.Fatalf("no %s in the plan", tt.address)
			}
			got := loc.Locate(r, tt.attribute)
			if got == nil || got.File != tt.file || got.Line != tt.line {
				t.Fatalf("Locate = %+v, want %s:%d", got, tt.file, tt.line)
			}
		})
	}
}

func TestLocatorRejectsBrokenConfiguration(t *testing.T) {
	p, err := plan.LoadFile(t.Context(), demoPlan)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFile(t, dir, "main.tf", "resource \"aws_vpc\" \"x\" {\n  cidr_block = \n}\n")
	_, err = NewLocator(dir, []*plan.Plan{p})
	if err == nil || !strings.Contains(err.Error(), "main.tf:2") || !strings.Contains(err.Error(), "--config-dir") {
		t.Fatalf("err = %v", err)
	}
}
