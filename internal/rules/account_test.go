package rules

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// Rows for the framework behaviour of account-baseline rules on plans that
// are not AWS workloads. account_not_aws plans terraform_data only, with no
// provider; account_aws_provider_only configures the AWS provider but manages
// no aws_* resource. Both are real plans (tools/fixtures).
var _ = registerCases(
	ruleCase{Rule: "IAM-R01", Fixture: "account_not_aws", Want: StatusNotApplicable, Note: "no AWS provider"},
	ruleCase{Rule: "LOG-R04", Fixture: "account_not_aws", Want: StatusNotApplicable, Note: "no AWS provider"},
	ruleCase{Rule: "IAM-R01", Fixture: "account_aws_provider_only", Want: StatusNotApplicable, Note: "AWS provider, no aws resource"},
	ruleCase{Rule: "IAM-R01", Fixture: "account_aws_provider_only", Want: StatusNotApplicable, Elsewhere: []string{"password_policy"}, Note: "provided elsewhere too"},
	ruleCase{Rule: "IAM-R01", Fixture: "identity_baseline_weak", Address: "aws_iam_account_password_policy.weak", Want: StatusFail, Note: "several weak settings, one finding"},
)

// TestAccountRulesNotApplicableOutsideAWS runs every plan-wide rule of the
// pack on the non-AWS fixtures: each must give exactly one plan-level
// not_applicable verdict that says why, never a fail.
func TestAccountRulesNotApplicableOutsideAWS(t *testing.T) {
	for _, fixture := range []string{"account_not_aws", "account_aws_provider_only"} {
		p := loadFixture(t, fixture)
		if IsAWSWorkload(p) {
			t.Fatalf("%s counts as an AWS workload; the fixture must manage no aws_* resource", fixture)
		}
		for _, rule := range All() {
			if rule.CheckPlan == nil {
				continue
			}
			t.Run(fixture+"/"+rule.ID, func(t *testing.T) {
				results := evaluateRule(t, rule, p, ruleCase{Rule: rule.ID, Fixture: fixture})
				if len(results) != 1 {
					t.Fatalf("%d findings, want exactly 1: %v", len(results), results)
				}
				got := results[0]
				if got.Status != StatusNotApplicable || got.Address != "" || !strings.Contains(got.Message, "not an AWS workload") {
					t.Errorf("got %s on %q (%s), want a plan-level not_applicable naming the reason", got.Status, got.Address, got.Message)
				}
			})
		}
	}
}

// TestAccountRulesReportOncePerPlan checks the account-rule contract on
// every fixture plan: a KindAccount rule gives exactly one verdict per plan,
// whatever the plan holds (several weak settings, several policies), with
// and without the baselines declared provided elsewhere.
func TestAccountRulesReportOncePerPlan(t *testing.T) {
	plans, err := filepath.Glob(filepath.Join("testdata", "fixtures", "*", "plan.json"))
	if err != nil || len(plans) == 0 {
		t.Fatalf("no fixture plans found: %v", err)
	}
	var account []*Rule
	for _, r := range All() {
		if r.Kind == KindAccount {
			account = append(account, r)
		}
	}
	if len(account) == 0 {
		t.Fatal("no KindAccount rule in All()")
	}
	for _, path := range plans {
		fixture := filepath.Base(filepath.Dir(path))
		p := loadFixture(t, fixture)
		engine, err := NewEngine(account, Options{})
		if err != nil {
			t.Fatal(err)
		}
		results, err := engine.Check(context.Background(), p)
		if err != nil {
			t.Fatalf("%s: %v", fixture, err)
		}
		count := map[string]int{}
		for _, r := range results {
			count[r.Rule.ID]++
		}
		for _, r := range account {
			if count[r.ID] != 1 {
				t.Errorf("%s on %s: %d findings, want exactly 1 per plan", r.ID, fixture, count[r.ID])
			}
		}
	}
}
