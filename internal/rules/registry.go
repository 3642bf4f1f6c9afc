package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// RuleSetVersion versions the rule pack as a whole: bump it whenever a rule
// is added or its verdicts change, so reports say which judgement they used.
const RuleSetVersion = "2026.11.2"

// Baselines are the account baselines a config file may declare
// provided_elsewhere (Evaluation.ProvidedElsewhere). An immutable table:
// TestBaselinesListEveryName keeps it in step with the names rules ask for,
// so that the config loader can reject typos.
var Baselines = []string{
	"access_analyzer", "cloudtrail", "config", "config_rules", "declarative_policy", "ebs_encryption",
	"guardduty", "inspector", "network_access_analyzer", "password_policy", "patching",
	"s3_account_public_access_block", "scp", "security_alarms", "security_contact", "securityhub",
	"session_manager", "unused_access_analyzer",
}

// All returns a fresh copy of every rule, sorted by ID. The rule pack lives
// in one file per family; each contributes a constructor here. There is no
// global mutable registry: callers own what All returns.
func All() []*Rule {
	families := [][]*Rule{
		loggingRules(),
		configRules(),
		changeRules(),
		identityRules(),
		networkRules(),
		cryptoRules(),
		vulnerabilityRules(),
	}
	var all []*Rule
	for _, f := range families {
		all = append(all, f...)
	}
	slices.SortFunc(all, func(a, b *Rule) int { return strings.Compare(a.ID, b.ID) })
	return withCommshieldResources(all) // commshield.go: rules that also judge commshield_* resources
}

// Find returns the rule with the given ID (case-insensitive) from rules.
func Find(rules []*Rule, id string) *Rule {
	for _, r := range rules {
		if strings.EqualFold(r.ID, id) {
			return r
		}
	}
	return nil
}

var (
	ruleIDPattern    = regexp.MustCompile(`^(LOG|CFG|IAM|NET|CRY|VUL|GEN)-R[0-9]{2,3}$`)
	controlIDPattern = regexp.MustCompile(`^(LOG|CFG|IAM|NET|CRY|VUL|GEN)-(X?[0-9]{1,2})$`)
)

// Validate checks the invariants every rule must keep; the registry test runs
// it over All so that a malformed rule never ships.
func Validate(rules []*Rule) error {
	seen := map[string]bool{}
	var problems []string
	for _, r := range rules {
		bad := func(format string, args ...any) {
			problems = append(problems, r.ID+": "+fmt.Sprintf(format, args...))
		}
		if !ruleIDPattern.MatchString(r.ID) {
			bad("ID does not look like LOG-R01")
		}
		if seen[r.ID] {
			bad("duplicate ID")
		}
		seen[r.ID] = true
		if r.Title == "" || r.Rationale == "" || r.Remediation == "" {
			bad("title, rationale and remediation are required")
		}
		switch r.Severity {
		case SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical:
		default:
			bad("unknown severity %q", r.Severity)
		}
		switch r.Kind {
		case KindResource, KindCross, KindAccount, KindDiff:
		default:
			bad("unknown kind %q", r.Kind)
		}
		if len(r.Controls) == 0 {
			bad("maps to no control")
		}
		for _, c := range r.Controls {
			if !controlIDPattern.MatchString(c) {
				bad("control %q is not a catalog ID", c)
			}
		}
		if (r.CheckResource == nil) == (r.CheckPlan == nil) {
			bad("exactly one of CheckResource and CheckPlan must be set")
		}
		if r.CheckResource != nil && len(r.ResourceTypes) == 0 {
			bad("CheckResource needs ResourceTypes")
		}
		names := map[string]bool{}
		for _, p := range r.Params {
			if names[p.Name] {
				bad("parameter %s declared twice", p.Name)
			}
			names[p.Name] = true
			switch p.Default.(type) {
			case string, bool, int, float64, []string, []int:
			default:
				bad("parameter %s: default of unsupported type %T", p.Name, p.Default)
			}
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("invalid rules:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}
