package rules

import (
	"strings"
	"testing"
)

// A failure with partial commshield_change_alerts coverage names only the
// classes nobody alerts on, and says which resource covers the rest.
func TestLOGR30PartialCommshieldCoverageMessage(t *testing.T) {
	rule := Find(All(), "LOG-R30")
	if rule == nil {
		t.Fatal("LOG-R30 is not in All()")
	}
	results := evaluateRule(t, rule, loadFixture(t, "commshield_alerts_partial"), ruleCase{})
	if len(results) != 1 || results[0].Status != StatusFail {
		t.Fatalf("want one failure, got %+v", results)
	}
	missing, note, ok := strings.Cut(results[0].Message, " (")
	if !ok {
		t.Fatalf("message %q does not name the commshield coverage", results[0].Message)
	}
	for _, covered := range []string{"security_group", "nacl", "route_table", "cloudtrail_config", "config_changes"} {
		if strings.Contains(missing, covered) {
			t.Errorf("%s is covered by commshield_change_alerts but reported missing: %q", covered, missing)
		}
		if !strings.Contains(note, covered) {
			t.Errorf("coverage note %q lacks %s", note, covered)
		}
	}
	for _, absent := range []string{"root_use", "console_no_mfa", "iam_policy"} {
		if !strings.Contains(missing, absent) {
			t.Errorf("%s is covered by nothing but not reported: %q", absent, missing)
		}
	}
	if !strings.Contains(note, "commshield_change_alerts.network") || !strings.Contains(note, "commshield_change_alerts.logging") {
		t.Errorf("coverage note %q does not name both resources", note)
	}
}
