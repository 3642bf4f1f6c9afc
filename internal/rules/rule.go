// Package rules holds the rule framework (metadata, parameters, evaluation)
// and the rule pack, one file per rule family (logging.go, network.go, …).
//
// A rule is data plus a function: its Metadata ties it to the control catalog
// (internal/controls) and to AWS Config / Security Hub equivalents, and one of
// CheckResource or CheckPlan judges the plan model (internal/plan). Rules
// never read raw JSON and never mutate the model.
package rules

import (
	"github.com/commshield/terraform-provider-commshield/internal/plan"
)

// Status is a rule's verdict on one subject.
type Status string

const (
	StatusPass          Status = "pass"
	StatusFail          Status = "fail"
	StatusUndecidable   Status = "undecidable"
	StatusNotApplicable Status = "not_applicable"
)

// Severity orders findings for humans and for --severity thresholds.
type Severity string

const (
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

// Kind says what a rule looks at; it mirrors the catalog's S/X/A/D letters.
type Kind string

const (
	KindResource Kind = "resource" // one resource instance
	KindCross    Kind = "cross"    // a resource and those it references or is referenced by
	KindAccount  Kind = "account"  // account baseline, judged once per plan
	KindDiff     Kind = "diff"     // the change itself: deletes, weakening updates, drift
)

// Param declares a rule parameter that a config file may override.
type Param struct {
	Name        string
	Description string
	// Default is a string, bool, int, float64, []string or []int.
	Default any
	// Check, when set, validates a configured value (already of the
	// default's type) beyond its type, e.g. that port ranges parse.
	Check func(value any) error
}

// Metadata describes a rule. IDs are stable forever; a retired rule keeps its ID.
type Metadata struct {
	ID       string // e.g. "LOG-R05"
	Title    string
	Severity Severity
	Kind     Kind
	// Controls are catalog IDs (LOG-01 … GEN-02), first the primary one.
	Controls []string
	// AWSConfigRules and SecurityHubControls name the closest AWS-managed
	// equivalents, empty where none exists.
	AWSConfigRules      []string
	SecurityHubControls []string
	// ResourceTypes are the types CheckResource is called for, and the types
	// a KindAccount/KindCross rule reads (for docs and applicability).
	ResourceTypes []string
	Rationale     string
	Remediation   string
	// RemediationHCL is a corrected Terraform snippet.
	RemediationHCL string
	Params         []Param
	// DefaultEnforcement is the rule's own enforcement level when the
	// config file sets none for the rule, its controls or globally:
	// EnforcementAdvisory for rules whose failures are prompts for a human
	// (e.g. "this create carries no approval marker") rather than defects;
	// "" means EnforcementHard. The Rationale says why a rule is softer.
	DefaultEnforcement Enforcement
}

// Enforcement says what a failing verdict does to a CI run (see
// internal/check): advisory reports only, soft fails unless overridden,
// hard always fails.
type Enforcement string

const (
	EnforcementAdvisory Enforcement = "advisory"
	EnforcementSoft     Enforcement = "soft"
	EnforcementHard     Enforcement = "hard"
)

// EffectiveDefaultEnforcement is DefaultEnforcement with "" read as hard.
func (m *Metadata) EffectiveDefaultEnforcement() Enforcement {
	if m.DefaultEnforcement == "" {
		return EnforcementHard
	}
	return m.DefaultEnforcement
}

// Finding is one verdict of a rule.
type Finding struct {
	Status Status
	// Address is the resource instance judged; "" for a plan-level verdict.
	Address string
	// Attribute is the attribute path the verdict is about, e.g.
	// "ingress[0].cidr_blocks"; "" when about the whole resource.
	Attribute string
	Message   string
	// Unknown explains an undecidable verdict: which value is known only
	// after apply and where it comes from.
	Unknown *Unknown
	// Chain is the reference resolution behind a cross-resource verdict.
	Chain []plan.Step
}

// Unknown names a value known only after apply and its origin.
type Unknown struct {
	// Value is the attribute path, e.g. "aws_flow_log.main.vpc_id".
	Value string
	// From lists the references the value comes from, e.g. ["aws_vpc.main.id"].
	From []string
}

// Rule is one check. Exactly one of CheckResource and CheckPlan is set.
type Rule struct {
	Metadata
	// CheckResource judges one resource instance whose type is in
	// ResourceTypes and which is in scope. It returns at least one finding.
	CheckResource func(ev *Evaluation, r *plan.Resource) []Finding
	// CheckPlan judges the whole plan once (account-baseline rules, and
	// cross rules that are easier to write plan-wide).
	CheckPlan func(ev *Evaluation) []Finding
}
