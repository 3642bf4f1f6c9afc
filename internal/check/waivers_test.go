package check

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/commshield/terraform-provider-commshield/internal/controls"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

func TestAddressPatterns(t *testing.T) {
	tests := []struct {
		pattern, address string
		want             bool
	}{
		{"*", `module.a["x"].aws_s3_bucket.b[0]`, true},
		{`aws_s3_bucket.logs`, `aws_s3_bucket.logs`, true},
		{`aws_s3_bucket.logs`, `aws_s3_bucket.logs[0]`, false},
		{`aws_s3_bucket.logs[*]`, `aws_s3_bucket.logs[0]`, true},
		{`aws_s3_bucket.logs[*]`, `aws_s3_bucket.logs["eu"]`, true},
		{`aws_s3_bucket.logs[*]`, `aws_s3_bucket.logs`, false},
		{`module.app["*"].aws_s3_bucket.logs[*]`, `module.app["blue"].aws_s3_bucket.logs[1]`, true},
		{`module.app["*"].aws_s3_bucket.logs[*]`, `module.app["blue"].module.x.aws_s3_bucket.logs[1]`, false},
		{`module.edge.*`, `module.edge.aws_security_group.admin`, true},
		{`module.edge.*`, `module.edgy.aws_security_group.admin`, false},
		{`aws_s3_bucket.a.b`, `aws_s3_bucketXa.b`, false}, // dots are literal
	}
	for _, tt := range tests {
		if got := compileAddressPattern(tt.pattern).MatchString(tt.address); got != tt.want {
			t.Errorf("pattern %s on %s = %v, want %v", tt.pattern, tt.address, got, tt.want)
		}
	}
}

func TestWaiverExpiryIsInclusive(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "w.yaml", "waivers:\n  - rule: NET-R01\n    address: '*'\n    reason: r\n    owner: o\n    expires: 2026-11-26\n")
	ws, err := LoadWaivers(path, rules.All(), controls.Load())
	if err != nil {
		t.Fatal(err)
	}
	if ws[0].Expired(time.Date(2026, 11, 26, 23, 59, 0, 0, time.UTC)) {
		t.Error("a waiver expiring today must still apply today")
	}
	if !ws[0].Expired(time.Date(2026, 11, 27, 0, 0, 1, 0, time.UTC)) {
		t.Error("a waiver must expire the day after its date")
	}
}

func TestEnforcementPrecedence(t *testing.T) {
	all := rules.All()
	dir := t.TempDir()
	path := writeFile(t, dir, "c.yaml", "enforcement: soft\nrules:\n  NET-R01: {enforcement: advisory}\ncontrols:\n  LOG-13: {enforcement: hard}\n  LOG-05: {enforcement: advisory}\n")
	cfg, err := LoadConfig(path, all, controls.Load())
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]Enforcement{
		"NET-R01": Advisory, // the rule's own level
		"LOG-R05": Hard,     // LOG-05 advisory, LOG-13 hard: the strictest control wins
		"NET-R14": Soft,     // the default
	} {
		if got := cfg.EnforcementOf(rules.Find(all, id)); got != want {
			t.Errorf("%s: enforcement %s, want %s", id, got, want)
		}
	}
}

// TestRuleDefaultEnforcement checks where a rule's own default level sits:
// below every setting of the config file, above the built-in hard.
func TestRuleDefaultEnforcement(t *testing.T) {
	all := rules.All()
	dir := t.TempDir()
	tests := []struct {
		name, config string
		want         map[string]Enforcement
	}{
		{"no config file", "", map[string]Enforcement{
			"CFG-R01": Advisory, "CFG-R02": Advisory, "NET-R28": Advisory, // rule defaults
			"NET-R01": Hard, // no rule default: hard
		}},
		{"global level overrides rule defaults", "enforcement: soft\n", map[string]Enforcement{
			"CFG-R02": Soft, "NET-R28": Soft, "NET-R01": Soft,
		}},
		{"rule and control levels override rule defaults", "rules:\n  CFG-R02: {enforcement: hard}\ncontrols:\n  NET-09: {enforcement: soft}\n", map[string]Enforcement{
			"CFG-R02": Hard, // rule setting
			"NET-R28": Soft, // control setting (NET-09 is one of its controls)
			"CFG-R01": Advisory,
			"NET-R01": Hard,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := ""
			if tt.config != "" {
				path = writeFile(t, dir, strings.ReplaceAll(tt.name, " ", "-")+".yaml", tt.config)
			}
			cfg, err := LoadConfig(path, all, controls.Load())
			if err != nil {
				t.Fatal(err)
			}
			for id, want := range tt.want {
				if got := cfg.EnforcementOf(rules.Find(all, id)); got != want {
					t.Errorf("%s: enforcement %s, want %s", id, got, want)
				}
			}
		})
	}
}

func TestEnforcedResults(t *testing.T) {
	tests := []struct {
		status       Status
		level        Enforcement
		unknown      string
		overrideSoft bool
		want         bool
	}{
		{StatusFail, Hard, "warn", true, true},
		{StatusFail, Soft, "warn", false, true},
		{StatusFail, Soft, "warn", true, false},
		{StatusFail, Advisory, "fail", false, false},
		{StatusUndecidable, Hard, "warn", false, false},
		{StatusUndecidable, Hard, "fail", false, true},
		{StatusUndecidable, Hard, "pass", false, false},
		{StatusWaived, Hard, "fail", false, false},
		{StatusBaselined, Hard, "fail", false, false},
		{StatusPass, Hard, "fail", false, false},
	}
	for _, tt := range tests {
		got := enforced(Result{Status: tt.status, Enforcement: tt.level}, tt.unknown, tt.overrideSoft)
		if got != tt.want {
			t.Errorf("enforced(%s, %s, unknown=%s, override=%v) = %v, want %v", tt.status, tt.level, tt.unknown, tt.overrideSoft, got, tt.want)
		}
	}
}

// TestExitCodesFollowOptions runs the demo plan through the real CLI with
// the options that change the exit code.
func TestExitCodesFollowOptions(t *testing.T) {
	set := seedRules(t)
	dir := t.TempDir()
	allAdvisory := writeFile(t, dir, "advisory.yaml", "enforcement: advisory\n")
	allSoft := writeFile(t, dir, "soft.yaml", "enforcement: soft\n")
	expired := writeFile(t, dir, "expired.yaml", "waivers:\n  - rule: LOG-R05\n    address: '*'\n    reason: r\n    owner: o\n    expires: 2020-01-01\n")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"hard failures", nil, ExitFindings},
		{"advisory", []string{"--config", allAdvisory}, ExitOK},
		{"soft", []string{"--config", allSoft}, ExitFindings},
		{"soft overridden", []string{"--config", allSoft, "--override-soft"}, ExitOK},
		{"expired waiver fails even when findings are advisory", []string{"--config", allAdvisory, "--waivers", expired}, ExitFindings},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runWith(t, set, append(tt.args, demoPlan)...)
			if code != tt.want {
				t.Fatalf("exit %d, want %d (stderr %s)", code, tt.want, stderr)
			}
		})
	}
}

// TestBaselineRoundTrip: writing a baseline and checking against it leaves
// no enforced failure; a finding not in the baseline still fails.
func TestBaselineRoundTrip(t *testing.T) {
	set := seedRules(t)
	dir := t.TempDir()
	baseline := filepath.Join(dir, "baseline.json")
	code, _, stderr := runWith(t, set, "--write-baseline", baseline, "--format", "json="+filepath.Join(dir, "first.json"), demoPlan)
	if code != ExitFindings {
		t.Fatalf("first run: exit %d (%s)", code, stderr)
	}
	code, stdout, stderr := runWith(t, set, "--baseline", baseline, "--unknown", "fail", "--format", "json", demoPlan)
	if code != ExitOK {
		t.Fatalf("with the baseline: exit %d, want 0 (%s)\n%s", code, stderr, stdout)
	}
	if !strings.Contains(stdout, `"status": "baselined"`) || strings.Contains(stdout, `"status": "fail"`) {
		t.Fatal("baselined findings must be reported as baselined, and none as fail")
	}
	// The same baseline on a plan with other findings: those still fail.
	other := filepath.Join(dir, "other-baseline.json")
	writeFile(t, dir, "other-baseline.json", `{"schema_version": 1, "tool": "commshield", "findings": []}`)
	if code, _, _ := runWith(t, set, "--baseline", other, demoPlan); code != ExitFindings {
		t.Fatalf("an empty baseline must not hide findings: exit %d", code)
	}
}

func TestWaiverMatchesRuleOrControl(t *testing.T) {
	all := rules.All()
	dir := t.TempDir()
	path := writeFile(t, dir, "w.yaml", `waivers:
  - control: NET-04
    address: module.app["*"].aws_security_group.admin[*]
    reason: r
    owner: o
    expires: 2027-01-01
  - rule: net-r14
    address: '*'
    reason: r
    owner: o
    expires: 2027-01-01
`)
	ws, err := LoadWaivers(path, all, controls.Load())
	if err != nil {
		t.Fatal(err)
	}
	netR01, netR06, netR14 := rules.Find(all, "NET-R01"), rules.Find(all, "NET-R06"), rules.Find(all, "NET-R14")
	addr := `module.app["blue"].aws_security_group.admin[0]`
	if !ws[0].Matches(netR01, addr) {
		t.Error("a control waiver must cover the rules of the control (NET-R01 maps to NET-04)")
	}
	if ws[0].Matches(netR06, addr) {
		t.Error("a control waiver must not cover rules of other controls (NET-R06 maps to NET-06)")
	}
	if ws[1].Rule != "NET-R14" || !ws[1].Matches(netR14, "aws_db_instance.x") {
		t.Error("rule IDs in waivers are case-insensitive and normalised")
	}
}

// TestConfigDiscovery: without --config, .commshield.yaml is read from the
// current directory, else from the plan's directory.
func TestConfigDiscovery(t *testing.T) {
	set := seedRules(t)
	data, err := os.ReadFile(demoPlan)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	planPath := writeFile(t, dir, "plan.json", string(data))
	if code, _, _ := runWith(t, set, planPath); code != ExitFindings {
		t.Fatalf("without config: exit %d, want 1", code)
	}
	writeFile(t, dir, ConfigFileName, "enforcement: advisory\n")
	code, stdout, stderr := runWith(t, set, "--format", "json", planPath)
	if code != ExitOK || !strings.Contains(stdout, `"config": "`+filepath.Join(dir, ConfigFileName)+`"`) {
		t.Fatalf("with %s beside the plan: exit %d, stderr %s", ConfigFileName, code, stderr)
	}
}

func TestExplainShowsDefaultEnforcement(t *testing.T) {
	all := rules.All()
	for id, want := range map[string]string{"CFG-R02": "advisory", "NET-R01": "hard"} {
		var text, js strings.Builder
		if err := explainRule(&text, rules.Find(all, id), false); err != nil {
			t.Fatal(err)
		}
		if err := explainRule(&js, rules.Find(all, id), true); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text.String(), "Default enforcement: "+want) {
			t.Errorf("--explain %s does not show default enforcement %s:\n%s", id, want, text.String())
		}
		if !strings.Contains(js.String(), `"default_enforcement": "`+want+`"`) {
			t.Errorf("--explain %s --format json lacks default_enforcement %s:\n%s", id, want, js.String())
		}
	}
}
