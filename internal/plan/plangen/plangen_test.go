package plangen_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/commshield/terraform-provider-commshield/internal/plan/plangen"
)

// TestGeneratedPlanLoadsAndResolves scales a real plan and checks that the
// result is a valid plan whose copies resolve inside their own module
// instance.
func TestGeneratedPlanLoadsAndResolves(t *testing.T) {
	tpl, err := os.ReadFile("../testdata/corpus/checkov__runner_plan_nested_child_modules_with_connections.json")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := plangen.Generate(tpl, plangen.Options{Instances: 95}, &buf); err != nil {
		t.Fatal(err)
	}
	p, err := plan.Load(context.Background(), &buf, "generated.json")
	if err != nil {
		t.Fatal(err)
	}
	// The template has 9 resource changes (4 of them public access blocks):
	// 95 instances round up to 11 copies.
	if len(p.Resources) != 99 {
		t.Fatalf("%d instances, want 99", len(p.Resources))
	}
	pabs := p.OfType("aws_s3_bucket_public_access_block")
	if len(pabs) != 44 {
		t.Fatalf("%d public access blocks, want 44", len(pabs))
	}
	for _, pab := range pabs {
		res := p.Resolve(pab, "bucket")
		if len(res.Targets) != 1 {
			t.Errorf("%s: %d targets", pab.Address, len(res.Targets))
			continue
		}
		target := res.Targets[0].Resource
		tenant := pab.Address[:strings.Index(pab.Address, "]")+1]
		if !strings.HasPrefix(target.Address, tenant) {
			t.Errorf("%s resolves outside its tenant: %s", pab.Address, target.Address)
		}
	}
	for _, r := range p.OfType("aws_s3_bucket") {
		if len(plan.UnknownPaths(r.After())) == 0 {
			t.Errorf("%s: generated buckets keep the template's unknowns", r.Address)
		}
		if s, ok := plan.String(plan.Get(r.After(), "tags", "commshield:tag-00")); !ok || s == "" {
			t.Errorf("%s: tags were not added", r.Address)
		}
	}
	if err := plangen.Generate(tpl, plangen.Options{Instances: 0}, &buf); err == nil {
		t.Error("zero instances must be refused")
	}
	if err := plangen.Generate([]byte(`{"format_version":"1.2"}`), plangen.Options{Instances: 5}, &buf); err == nil {
		t.Error("a template without resources must be refused")
	}
}
