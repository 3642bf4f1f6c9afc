package rules

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

func engineResults(t *testing.T, fixture string, ids []string, opts Options) []Result {
	t.Helper()
	var set []*Rule
	for _, id := range ids {
		r := Find(All(), id)
		if r == nil {
			t.Fatalf("no rule %s", id)
		}
		set = append(set, r)
	}
	e, err := NewEngine(set, opts)
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.Check(context.Background(), loadFixture(t, fixture))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func addresses(results []Result) map[string]bool {
	out := map[string]bool{}
	for _, r := range results {
		out[r.Address] = true
	}
	return out
}

// TestEngineScope: per-resource rules skip instances deleted by the plan;
// diff rules see them; --scope=changes drops unchanged instances.
func TestEngineScope(t *testing.T) {
	tests := []struct {
		name    string
		rule    string
		scope   Scope
		present []string
		absent  []string
	}{
		{"resource rule, all", "CRY-R21", ScopeAll, []string{"aws_kms_key.rotating"}, []string{"aws_kms_key.gone"}},
		{"diff rule, all", "CFG-R03", ScopeAll, []string{"aws_kms_key.gone", "aws_flow_log.gone", "aws_cloudtrail.kept", "aws_cloudtrail.main"}, nil},
		{"diff rule, changes", "CFG-R03", ScopeChanges, []string{"aws_kms_key.gone", "aws_cloudtrail.main"}, []string{"aws_cloudtrail.kept"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := addresses(engineResults(t, "seed_tamper", []string{tt.rule}, Options{Scope: tt.scope}))
			for _, a := range tt.present {
				if !got[a] {
					t.Errorf("no verdict on %s", a)
				}
			}
			for _, a := range tt.absent {
				if got[a] {
					t.Errorf("unexpected verdict on %s", a)
				}
			}
		})
	}
}

// TestEngineDeterministicAcrossWorkers: the pool size never changes the
// findings or their order.
func TestEngineDeterministicAcrossWorkers(t *testing.T) {
	ids := []string{"CFG-R03", "CRY-R21", "CRY-R22", "IAM-R13", "LOG-R01", "LOG-R05", "LOG-R06", "NET-R01", "NET-R06", "NET-R14", "NET-R16"}
	one := summarize(engineResults(t, "seed", ids, Options{Workers: 1}))
	many := summarize(engineResults(t, "seed", ids, Options{Workers: 8}))
	if len(one) == 0 || !reflect.DeepEqual(one, many) {
		t.Fatalf("results differ between 1 and 8 workers (%d vs %d)", len(one), len(many))
	}
}

func TestNewEngineRejectsUnknownNames(t *testing.T) {
	all := All()
	tests := []struct {
		opts Options
		want string
	}{
		{Options{Disabled: map[string]bool{"NET-R999": true}}, "disabled rule NET-R999 does not exist"},
		{Options{Params: map[string]any{"no_such_param": 1}}, "parameter no_such_param is not used by any rule"},
		{Options{RuleParams: map[string]map[string]any{"NET-R01": {"max_rotation_period_days": 1}}}, "rule NET-R01 has no parameter max_rotation_period_days"},
		{Options{Scope: "diff"}, `unknown scope "diff"`},
	}
	for _, tt := range tests {
		if _, err := NewEngine(all, tt.opts); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewEngine(%+v) = %v, want %q", tt.opts, err, tt.want)
		}
	}
}

func TestDisabledRulesDoNotRun(t *testing.T) {
	res := engineResults(t, "seed", []string{"NET-R01", "NET-R06"}, Options{Disabled: map[string]bool{"NET-R01": true}})
	for _, r := range res {
		if r.Rule.ID == "NET-R01" {
			t.Fatal("a disabled rule ran")
		}
	}
	if len(res) == 0 {
		t.Fatal("the enabled rule gave no verdict")
	}
}

func summarize(results []Result) []string {
	out := make([]string, len(results))
	for i, r := range results {
		out[i] = strings.Join([]string{r.Rule.ID, r.Address, r.Attribute, string(r.Status), r.Message}, "|")
	}
	return out
}
