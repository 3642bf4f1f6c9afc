package rules

import (
	"fmt"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/zclconf/go-cty/cty"
)

// configRules are the CFG-Rxx rules (guidance §3.2).
func configRules() []*Rule {
	return []*Rule{
		{
			Metadata: Metadata{
				ID:                  "CFG-R03",
				Title:               "Plan does not remove or weaken logging, monitoring or key material",
				Severity:            SeverityHigh,
				Kind:                KindDiff,
				Controls:            []string{"CFG-01", "LOG-05"},
				AWSConfigRules:      nil, // AWS Config sees a change only after it happened
				SecurityHubControls: nil,
				ResourceTypes:       tamperTypes(),
				Rationale: "Intruders in telecom networks disabled logging and deleted evidence before acting. A plan that " +
					"deletes a trail, flow log, recorder, detector or KMS key, or switches logging off, is the same act " +
					"done through the pipeline; it must be stopped before apply, which post-hoc tools cannot do.",
				Remediation: "Keep the resource, or get the change approved and waive this finding with an expiring waiver " +
					"naming the change ticket.",
				RemediationHCL: `resource "aws_cloudtrail" "main" {
  # …
  enable_logging             = true
  enable_log_file_validation = true

  lifecycle {
    prevent_destroy = true
  }
}`,
			},
			CheckResource: checkNoLoggingTamper,
		},
	}
}

// weakening is an update that switches protection off. Table rows are easy to
// extend: attribute, what unset means, and whether lower numbers are weaker.
type weakening struct {
	attribute string
	// defaultOn is what an unset boolean means.
	defaultOn bool
	// retention compares day counts where 0 means "forever".
	retention bool
}

var tamperByType = map[string][]weakening{
	"aws_cloudtrail": {
		{attribute: "enable_logging", defaultOn: true},
		{attribute: "enable_log_file_validation"},
	},
	"aws_flow_log":                             nil,
	"aws_kms_key":                              {{attribute: "enable_key_rotation"}, {attribute: "is_enabled", defaultOn: true}},
	"aws_config_configuration_recorder":        nil,
	"aws_config_configuration_recorder_status": {{attribute: "is_enabled"}},
	"aws_guardduty_detector":                   {{attribute: "enable", defaultOn: true}},
	"aws_securityhub_account":                  nil,
	"aws_cloudwatch_log_group":                 {{attribute: "retention_in_days", retention: true}},
}

func tamperTypes() []string {
	return []string{"aws_cloudtrail", "aws_cloudwatch_log_group", "aws_config_configuration_recorder",
		"aws_config_configuration_recorder_status", "aws_flow_log", "aws_guardduty_detector", "aws_kms_key",
		"aws_securityhub_account"}
}

func checkNoLoggingTamper(_ *Evaluation, r *plan.Resource) []Finding {
	switch r.Action {
	case plan.ActionDelete:
		return []Finding{Fail(r, "", "the plan deletes %s", describeType(r.Type))}
	case plan.ActionForget:
		return []Finding{Fail(r, "", "the plan removes %s from Terraform management (forget); nothing will guard its settings", describeType(r.Type))}
	case plan.ActionReplace:
		if r.Type == "aws_kms_key" {
			return []Finding{Fail(r, "", "the plan replaces the KMS key: the old key is scheduled for deletion and data it encrypted becomes unreadable")}
		}
	}
	return judgeWeakenings(r, tamperByType[r.Type])
}

// judgeWeakenings reports every watched setting the plan or a change
// outside Terraform weakens on r, or a pass. CFG-R08 on aws_* resources and
// on the commshield_* resources share it.
func judgeWeakenings(r *plan.Resource, watches []weakening) []Finding {
	var out []Finding
	for _, w := range watches {
		if f, ok := weakened(r, w, r.Before(), r.After(), "the plan"); ok {
			out = append(out, f)
		}
	}
	// Drift: the setting was already weakened outside Terraform. Applying
	// the plan may restore it, but the out-of-band change is itself a
	// tamper signal the guidance asks to investigate.
	if d := r.Drift(); d != nil {
		for _, w := range watches {
			if f, ok := weakened(r, w, d.Before, d.After, "a change outside Terraform"); ok {
				out = append(out, f)
			}
		}
	}
	if len(out) == 0 {
		return []Finding{Pass(r, "no logging or key protection removed")}
	}
	return out
}

func weakened(r *plan.Resource, w weakening, before, after cty.Value, who string) (Finding, bool) {
	if StateOf(before) == Null || StateOf(after) == Null {
		return Finding{}, false
	}
	b, a := At(before, w.attribute), At(after, w.attribute)
	if w.retention {
		old, ost := Int(b)
		now, nst := Int(a)
		if ost == Null {
			old, ost = 0, Known
		}
		switch {
		case nst == AfterApply:
			return Undecidable(r, w.attribute, "%s becomes a value known only after apply; it may shorten log retention", w.attribute), true
		case ost != Known:
			return Finding{}, false
		case nst == Null:
			now = 0
		}
		if shorter(now, old) {
			return Fail(r, w.attribute, "%s shortens %s from %s to %s", who, w.attribute, days(old), days(now)), true
		}
		return Finding{}, false
	}
	wasOn := boolOr(b, w.defaultOn)
	if !wasOn {
		return Finding{}, false
	}
	if StateOf(a) == AfterApply {
		return Undecidable(r, w.attribute, "%s becomes a value known only after apply; it may switch protection off", w.attribute), true
	}
	if !boolOr(a, w.defaultOn) {
		return Fail(r, w.attribute, "%s switches %s from true to %s", who, w.attribute, strings.Trim(Display(a), `"`)), true
	}
	return Finding{}, false
}

func boolOr(v cty.Value, unset bool) bool {
	b, st := Bool(v)
	if st == Null {
		return unset
	}
	return b
}

// shorter compares retention periods where 0 means "never expire".
func shorter(now, old int64) bool {
	switch {
	case old == 0:
		return now != 0
	case now == 0:
		return false
	}
	return now < old
}

func days(n int64) string {
	if n == 0 {
		return "never expire"
	}
	return fmt.Sprintf("%d days", n)
}

func describeType(t string) string {
	switch t {
	case "aws_cloudtrail":
		return "a CloudTrail trail"
	case "aws_flow_log":
		return "a VPC flow log"
	case "aws_kms_key":
		return "a KMS key (scheduled deletion destroys the key material)"
	case "aws_cloudwatch_log_group":
		return "a log group and the logs in it"
	}
	return "a " + t
}
