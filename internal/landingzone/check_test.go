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

	"github.com/commshield/terraform-provider-commshield/internal/check"
)

// gatedCategories are the report categories in which the landing zone must
// have no failure: the visibility rules of the issue.
var gatedCategories = []string{"Logging and monitoring", "Network and traffic management"}

var exampleDir = filepath.Join("..", "..", "examples", "landing-zone")

// TestLandingZonePlanPassesCheck runs `check` exactly as a CI gate would on
// the committed plan of examples/landing-zone (with the example's
// .commshield.yaml): exit 0 and no failure in the logging and network
// categories, and the commshield resources are actually judged (passes on
// each of them), so the zero is not an empty report.
func TestLandingZonePlanPassesCheck(t *testing.T) {
	planPath := filepath.Join(exampleDir, "plan.json")
	report := runCheck(t, planPath)
	if report.ExitCode != 0 {
		t.Errorf("check exited %d, want 0", report.ExitCode)
	}
	for _, f := range report.failuresIn(gatedCategories) {
		t.Errorf("failure in a gated category: %s", f)
	}
	for _, addr := range []string{keyAddr, archiveAddr, trailAddr, vpcAddr} {
		if report.passesOn(addr) == 0 {
			t.Errorf("no rule passed on %s: the commshield adapter did not judge it", addr)
		}
	}
}

// rulePackPasses is the same gate as a plan check on the live plan of the
// acceptance test. extraConfig is appended to the example's
// .commshield.yaml (the acceptance test runs a deliberately short-lived
// GOVERNANCE archive and says so there).
type rulePackPasses struct{ extraConfig string }

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
	if err := os.WriteFile(configPath, append(base, c.extraConfig...), 0o644); err != nil {
		resp.Error = err
		return
	}
	report, err := checkPlan(ctx, planPath, configPath)
	if err != nil {
		resp.Error = err
		return
	}
	if fails := report.failuresIn(gatedCategories); len(fails) > 0 || report.ExitCode != 0 {
		resp.Error = fmt.Errorf("check on the live landing-zone plan: exit %d, failures in gated categories:\n  %s", report.ExitCode, strings.Join(fails, "\n  "))
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

func (r checkReport) failuresIn(categories []string) []string {
	var out []string
	for _, res := range r.Results {
		for _, c := range categories {
			if res.Category == c && res.Status == "fail" {
				out = append(out, fmt.Sprintf("%s %s: %s", res.RuleID, res.Address, res.Message))
			}
		}
	}
	return out
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
