package check

import (
	"strings"
	"testing"
	"time"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

// TestInternalErrorPaths: a rule bug or any other panic ends in exit 2 with
// the "internal error" message and a bug-report hint, never a stack dump.
func TestInternalErrorPaths(t *testing.T) {
	crashing := &rules.Rule{
		Metadata: rules.Metadata{ID: "GEN-R99", Title: "crashes", Severity: rules.SeverityLow, Kind: rules.KindResource,
			Controls: []string{"GEN-01"}, ResourceTypes: []string{"terraform_data"}, Rationale: "r", Remediation: "m"},
		CheckResource: func(*rules.Evaluation, *plan.Resource) []rules.Finding { panic("index out of range") },
	}
	t.Run("rule panic", func(t *testing.T) {
		code, stdout, stderr := runWith(t, []*rules.Rule{crashing}, tfDataPlan)
		if code != ExitUsage || stdout != "" {
			t.Fatalf("exit %d, stdout %q", code, stdout)
		}
		for _, want := range []string{"internal error", "rule GEN-R99 crashed on terraform_data.app", "report it"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr %q lacks %q", stderr, want)
			}
		}
	})
	t.Run("panic outside rules", func(t *testing.T) {
		env, _, stderr := testEnv("")
		env.now = func() time.Time { panic("clock broke") }
		env.rules = seedRules(t)
		if code := run(t.Context(), []string{tfDataPlan}, env); code != ExitUsage {
			t.Fatalf("exit %d", code)
		}
		if !strings.Contains(stderr.String(), "internal error: clock broke") || strings.Contains(stderr.String(), "goroutine") {
			t.Fatalf("stderr %q", stderr.String())
		}
	})
}

// TestNoInternalErrorOnRealPlans runs the whole rule pack, every format and
// both scopes over every plan the package ships: the recover path must not
// be reachable with real input.
func TestNoInternalErrorOnRealPlans(t *testing.T) {
	for _, p := range []string{demoPlan, tfDataPlan} {
		for _, format := range formats {
			for _, scope := range []string{"all", "changes"} {
				code, _, stderr := runWith(t, nil, "--format", format, "--scope", scope, "--unknown", "fail", p)
				if code == ExitUsage || strings.Contains(stderr, "internal error") {
					t.Errorf("%s --format %s --scope %s: exit %d, stderr %s", p, format, scope, code, stderr)
				}
			}
		}
	}
}
