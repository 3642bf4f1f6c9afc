package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/commshield/terraform-provider-commshield/internal/controls"
)

func TestAllRulesAreValid(t *testing.T) {
	all := All()
	if err := Validate(all); err != nil {
		t.Fatal(err)
	}
	catalog := controls.Load()
	for _, r := range all {
		for _, c := range r.Controls {
			if _, ok := catalog.Lookup(c); !ok {
				t.Errorf("%s maps to %s, which is not in the control catalog", r.ID, c)
			}
		}
	}
}

func TestAllReturnsFreshSortedRules(t *testing.T) {
	a, b := All(), All()
	if len(a) < 11 {
		t.Fatalf("All() has %d rules, want at least the 11 seed rules", len(a))
	}
	for i := 1; i < len(a); i++ {
		if strings.Compare(a[i-1].ID, a[i].ID) >= 0 {
			t.Fatalf("rules not sorted by ID: %s before %s", a[i-1].ID, a[i].ID)
		}
	}
	a[0].Title = "changed"
	if b[0].Title == "changed" {
		t.Fatal("All() shares rule values between calls")
	}
}

func TestValidateRejectsMalformedRules(t *testing.T) {
	tests := []struct {
		name string
		rule Rule
		want string
	}{
		{"bad id", Rule{Metadata: Metadata{ID: "LOG-1"}}, "does not look like"},
		{"no check", Rule{Metadata: Metadata{ID: "LOG-R99", Title: "t", Rationale: "r", Remediation: "m", Severity: SeverityLow, Kind: KindResource, Controls: []string{"LOG-01"}}}, "exactly one of"},
		{"bad control", Rule{Metadata: Metadata{ID: "LOG-R99", Controls: []string{"LOGGING"}}}, "not a catalog ID"},
		{"bad param default", Rule{Metadata: Metadata{ID: "LOG-R99", Params: []Param{{Name: "x", Default: map[string]int{}}}}}, "unsupported type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate([]*Rule{&tt.rule})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate = %v, want error containing %q", err, tt.want)
			}
		})
	}
}

// TestBaselinesListEveryName scans the rule sources for baseline names
// passed to ProvidedElsewhere (directly or through helpers taking the name
// as a string literal) and requires each in Baselines.
func TestBaselinesListEveryName(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`(?:ProvidedElsewhere|[bB]aselineElsewhere)\((?:ev, )?"([a-z0-9_]+)"\)`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			if !slices.Contains(Baselines, m[1]) {
				t.Errorf("%s asks for baseline %q, which is missing from rules.Baselines (registry.go)", f, m[1])
			}
		}
	}
}
