package landingzone_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"go.yaml.in/yaml/v3"

	"github.com/commshield/terraform-provider-commshield/internal/check"
)

var exampleDir = filepath.Join("..", "..", "examples", "landing-zone")

// TestLandingZonePlanPassesCheck runs `check` exactly as a CI gate would on
// the committed plan of examples/landing-zone (made by the commshield
// provider against moto, `examples/landing-zone/run.sh -update`, with the
// example's .commshield.yaml), with every rule: exit 0 and not one failure.
// It lists what is undecidable or not applicable (and why), and requires
// that the commshield resources are actually judged, so the zero is not an
// empty report.
func TestLandingZonePlanPassesCheck(t *testing.T) {
	planPath := filepath.Join(exampleDir, "plan.json")
	report := runCheck(t, planPath)
	if report.ExitCode != 0 {
		t.Errorf("check exited %d, want 0", report.ExitCode)
	}
	for _, f := range report.withStatus("fail") {
		t.Errorf("failure: %s", f)
	}
	for _, status := range []string{"undecidable", "not_applicable"} {
		for _, f := range report.withStatus(status) {
			t.Logf("%s: %s", status, f)
		}
	}
	t.Logf("landing-zone plan: %v", report.counts())
	// Resource rules judge these instances; the account rules give
	// plan-level verdicts naming the rest (baseline parts, config rules,
	// change alerts, guardrail policy) in their messages.
	for _, addr := range []string{keyAddr, ebsKeyAddr, alertsKeyAddr, archiveAddr, trailAddr, vpcAddr, baselineAddr, mgmtAccessAddr, breakGlassAddr} {
		if report.passesOn(addr) == 0 {
			t.Errorf("no rule passed on %s: the commshield adapter did not judge it", addr)
		}
	}
	for _, want := range []struct{ rule, names string }{
		{"LOG-R27", baselineAddr}, {"LOG-R28", baselineAddr}, {"LOG-R29", baselineAddr},
		{"IAM-R01", baselineAddr}, {"IAM-R17", baselineAddr},
		{"CFG-R05", configRulesAddr}, {"CFG-R07", guardrailAddr}, {"LOG-R30", alertsAddr},
	} {
		if !report.passedNaming(want.rule, want.names) {
			t.Errorf("%s did not pass on %s", want.rule, want.names)
		}
	}
	// The management group and the break-glass role, judged by the network
	// and identity rules (internal/rules/commshield_access.go).
	for _, want := range []struct{ rule, address string }{
		{"NET-R01", mgmtAccessAddr}, {"NET-R02", mgmtAccessAddr}, {"NET-R05", mgmtAccessAddr}, {"VUL-R01", mgmtAccessAddr},
		{"IAM-R07", breakGlassAddr}, {"IAM-R10", breakGlassAddr}, {"IAM-R16", breakGlassAddr},
	} {
		if !report.passedOn(want.rule, want.address) {
			t.Errorf("%s did not pass on %s", want.rule, want.address)
		}
	}
}

// rulePackPasses is the same gate as a plan check on the live plan of the
// acceptance test: exit 0 and no failure of any rule. extraParams are set
// over the params of the example's .commshield.yaml (the acceptance test
// runs a deliberately short-lived GOVERNANCE archive and says so there).
type rulePackPasses struct {
	extraParams map[string]any
	logf        func(format string, args ...any) // t.Logf: the counts per status
}

func (c rulePackPasses) CheckPlan(ctx context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	raw, err := json.Marshal(req.Plan)
	if err != nil {
		resp.Error = fmt.Errorf("encoding the plan: %w", err)
		return
	}
	dir, err := os.MkdirTemp("", "landing-zone-plan")
	if err != nil {
		resp.Error = err
		return
	}
	defer os.RemoveAll(dir)
	planPath := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(planPath, raw, 0o644); err != nil {
		resp.Error = err
		return
	}
	base, err := os.ReadFile(filepath.Join(exampleDir, ".commshield.yaml"))
	if err != nil {
		resp.Error = err
		return
	}
	configPath := filepath.Join(dir, ".commshield.yaml")
	merged, err := withParams(base, c.extraParams)
	if err != nil {
		resp.Error = err
		return
	}
	if err := os.WriteFile(configPath, merged, 0o644); err != nil {
		resp.Error = err
		return
	}
	report, err := checkPlan(ctx, planPath, configPath)
	if err != nil {
		resp.Error = err
		return
	}
	c.logf("check on the live landing-zone plan: exit %d, %v", report.ExitCode, report.counts())
	for _, f := range report.withStatus("undecidable") {
		c.logf("undecidable: %s", f)
	}
	if fails := report.withStatus("fail"); len(fails) > 0 || report.ExitCode != 0 {
		resp.Error = fmt.Errorf("check on the live landing-zone plan: exit %d, failures:\n  %s", report.ExitCode, strings.Join(fails, "\n  "))
	}
}

type checkReport struct {
	ExitCode int `json:"exit_code"`
	Results  []struct {
		RuleID   string `json:"rule_id"`
		Category string `json:"category"`
		Status   string `json:"status"`
		Address  string `json:"address"`
		Message  string `json:"message"`
	} `json:"results"`
}

// withStatus lists the results of one status as "RULE ADDRESS: message".
func (r checkReport) withStatus(status string) []string {
	var out []string
	for _, res := range r.Results {
		if res.Status == status {
			out = append(out, fmt.Sprintf("%s %s: %s", res.RuleID, res.Address, res.Message))
		}
	}
	return out
}

func (r checkReport) counts() map[string]int {
	n := map[string]int{}
	for _, res := range r.Results {
		n[res.Status]++
	}
	return n
}

// passedNaming: rule passed with a message naming the address (account
// rules give one plan-level verdict).
func (r checkReport) passedNaming(rule, address string) bool {
	for _, res := range r.Results {
		if res.RuleID == rule && res.Status == "pass" && strings.Contains(res.Message, address) {
			return true
		}
	}
	return false
}

// passedOn: rule gave a pass on the instance address.
func (r checkReport) passedOn(rule, address string) bool {
	for _, res := range r.Results {
		if res.RuleID == rule && res.Address == address && res.Status == "pass" {
			return true
		}
	}
	return false
}

func (r checkReport) passesOn(address string) int {
	n := 0
	for _, res := range r.Results {
		if res.Address == address && res.Status == "pass" {
			n++
		}
	}
	return n
}

func runCheck(t *testing.T, planPath string) checkReport {
	t.Helper()
	report, err := checkPlan(context.Background(), planPath, filepath.Join(exampleDir, ".commshield.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return report
}

// checkPlan runs the check CLI with a configuration file and returns its
// JSON report.
func checkPlan(ctx context.Context, planPath, configPath string) (checkReport, error) {
	dir, err := os.MkdirTemp("", "landing-zone-report")
	if err != nil {
		return checkReport{}, err
	}
	defer os.RemoveAll(dir)
	reportPath := filepath.Join(dir, "report.json")
	var stdout, stderr bytes.Buffer
	code := check.Main(ctx, []string{
		"--config", configPath,
		"--format", "json=" + reportPath,
		planPath,
	}, nil, &stdout, &stderr)
	if code == 2 {
		return checkReport{}, fmt.Errorf("check %s: exit 2: %s", planPath, stderr.String())
	}
	raw, err := os.ReadFile(reportPath)
	if err != nil {
		return checkReport{}, fmt.Errorf("check wrote no report (exit %d, stderr %s): %w", code, stderr.String(), err)
	}
	var report checkReport
	if err := json.Unmarshal(raw, &report); err != nil {
		return checkReport{}, fmt.Errorf("decoding %s: %w", reportPath, err)
	}
	if report.ExitCode != code {
		return checkReport{}, fmt.Errorf("report says exit %d, CLI returned %d", report.ExitCode, code)
	}
	return report, nil
}

// withParams returns the YAML configuration base with params set over its
// params section. Appending a second "params:" key would make the file
// invalid (check refuses duplicate keys), so the document is merged instead.
func withParams(base []byte, params map[string]any) ([]byte, error) {
	if len(params) == 0 {
		return base, nil
	}
	var doc map[string]any
	if err := yaml.Unmarshal(base, &doc); err != nil {
		return nil, fmt.Errorf("reading the example's .commshield.yaml: %w", err)
	}
	if doc == nil {
		doc = map[string]any{}
	}
	merged, _ := doc["params"].(map[string]any)
	if merged == nil {
		merged = map[string]any{}
	}
	for k, v := range params {
		merged[k] = v
	}
	doc["params"] = merged
	out, err := yaml.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("writing the merged configuration: %w", err)
	}
	return out, nil
}

// The example's configuration already has a params section; the acceptance
// test's extra parameter must land in it, keeping the example's own params.
func TestWithParamsMergesIntoTheExampleParams(t *testing.T) {
	base, err := os.ReadFile(filepath.Join(exampleDir, ".commshield.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := withParams(base, map[string]any{"min_lock_days": 1})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		ProvidedElsewhere []string       `yaml:"provided_elsewhere"`
		Params            map[string]any `yaml:"params"`
	}
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("merged configuration is not YAML: %v\n%s", err, out)
	}
	if doc.Params["min_lock_days"] != 1 || doc.Params["management_cidrs"] == nil || len(doc.ProvidedElsewhere) == 0 {
		t.Fatalf("merged configuration lost or missed a setting:\n%s", out)
	}
}
