package rules

import "github.com/commshield/terraform-provider-commshield/internal/plan"

// Evaluation is what a rule sees while it runs: the plan model, the rule's
// own parameters (defaults overridden by the config file) and the project
// settings. It is read-only.
//
// Methods (implemented by the engine):
//
//	ev.Param(name) any; ev.Int(name) int; ev.Bool(name) bool; ev.Strings(name) []string; ev.Ints(name) []int
//	ev.ProvidedElsewhere(baseline string) bool // "cloudtrail", "guardduty", "securityhub", "config", "password_policy", "ebs_encryption", "s3_account_public_access_block", "access_analyzer", …
type Evaluation struct {
	Plan *plan.Plan
}
