package rules

import (
	"strings"
	"testing"
)

// TestDefaultEnforcementValues keeps rule defaults to the three levels the
// CLI knows, with every softer-than-hard default explained in the rationale.
func TestDefaultEnforcementValues(t *testing.T) {
	softer := map[string]Enforcement{}
	for _, r := range All() {
		switch r.DefaultEnforcement {
		case "", EnforcementHard:
		case EnforcementAdvisory, EnforcementSoft:
			softer[r.ID] = r.DefaultEnforcement
			phrase := strings.ToUpper(string(r.DefaultEnforcement[:1])) + string(r.DefaultEnforcement[1:]) + " by default"
			if !strings.Contains(r.Rationale, phrase) {
				t.Errorf("%s defaults to %s but its rationale does not say why (%q…)", r.ID, r.DefaultEnforcement, phrase)
			}
		default:
			t.Errorf("%s: default enforcement %q; use advisory, soft, hard or empty", r.ID, r.DefaultEnforcement)
		}
	}
	for _, id := range []string{"CFG-R01", "CFG-R02", "NET-R28"} {
		if softer[id] != EnforcementAdvisory {
			t.Errorf("%s: default enforcement %q, want advisory (approval markers and tier tags are conventions)", id, softer[id])
		}
	}
}
