package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
)

// commshield_account_baseline is one resource for the account's switches
// (internal/service/baseline): EBS encryption by default, the account-level
// S3 public access block, the IAM password policy, IMDSv2 default, a
// GuardDuty detector, Security Hub with standards, the AWS Config recorder
// with a delivery channel, and an IAM Access Analyzer. Each part is on unless
// turned off explicitly with a `<part>_disabled_reason`. The account rules
// that look for the aws_* equivalents somewhere in the plan accept a
// baseline whose part is on; a part turned off fails the rule, unless the
// configuration declares that baseline provided elsewhere (then the rule's
// own not_applicable stands), or unless aws_* resources of the plan provide
// it (then the rule's own check judges those).

const typeCSAccountBaseline = "commshield_account_baseline"

// csBaselineGuardDutyFeatures are the detector features the baseline
// enables (baseline.GuardDutyFeatures; not imported, so that the rules stay
// free of the AWS SDK). A plan that lists them in a guardduty_features
// attribute (a later provider version) is read instead.
var csBaselineGuardDutyFeatures = []string{
	"S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS", "RUNTIME_MONITORING",
}

// Fixed settings of the baseline's password policy (baseline.PasswordReusePrevention
// and the four character classes, which the resource always requires).
const csBaselinePasswordReusePrevention = 24

// csBaselinePart names one switch of the baseline.
type csBaselinePart struct {
	prefix    string // attribute prefix: <prefix>_enabled, <prefix>_disabled_reason
	what      string // human name
	elsewhere string // the provided_elsewhere baseline it stands for
}

var (
	csPartGuardDuty      = csBaselinePart{"guardduty", "GuardDuty", "guardduty"}
	csPartSecurityHub    = csBaselinePart{"security_hub", "Security Hub", "securityhub"}
	csPartConfig         = csBaselinePart{"config_recorder", "the AWS Config recorder", "config"}
	csPartPasswordPolicy = csBaselinePart{"password_policy", "the IAM password policy", "password_policy"}
	csPartAccessAnalyzer = csBaselinePart{"access_analyzer", "IAM Access Analyzer", "access_analyzer"}
	csPartEBS            = csBaselinePart{"ebs_encryption", "EBS encryption by default", "ebs_encryption"}
	csPartPublicAccess   = csBaselinePart{"s3_public_access_block", "the account-level S3 public access block", "s3_account_public_access_block"}
	// An organization pins IMDS defaults with an EC2 declarative policy.
	csPartIMDS = csBaselinePart{"imdsv2_required", "the IMDSv2 account default", "declarative_policy"}
)

// csBaselineLegacyIMDSHopLimit is the hop limit the baseline fixed before
// it had imdsv2_hop_limit: a plan without the attribute was made by such a
// provider version, and its account default has hop limit 2.
const csBaselineLegacyIMDSHopLimit = 2

// csBaselineIMDSHopLimit is the account default hop limit r sets.
func csBaselineIMDSHopLimit(r *plan.Resource) (int64, State) {
	v := At(r.Value(), "imdsv2_hop_limit")
	switch StateOf(v) {
	case Null:
		return csBaselineLegacyIMDSHopLimit, Known
	case AfterApply:
		return 0, AfterApply
	}
	return Int(v)
}

// csBaselineState is where one baseline instance leaves a part.
type csBaselineState int

const (
	csPartOn csBaselineState = iota
	csPartOff
	csPartPending
)

func csBaselinePartState(r *plan.Resource, part csBaselinePart) csBaselineState {
	on, st := boolDefault(r, true, part.prefix+"_enabled")
	switch {
	case st == AfterApply:
		return csPartPending
	case on:
		return csPartOn
	}
	return csPartOff
}

// csOffReason describes a part turned off, with the recorded reason.
func csOffReason(r *plan.Resource, part csBaselinePart) string {
	reason, st := String(At(r.Value(), part.prefix+"_disabled_reason"))
	if st != Known || reason == "" {
		return fmt.Sprintf("%s turns %s off (%s_enabled = false)", r.Address, part.what, part.prefix)
	}
	return fmt.Sprintf("%s turns %s off (%s_enabled = false, reason %q)", r.Address, part.what, part.prefix, reason)
}

// csBaselinesByPart sorts the plan's live baselines by the state of part.
func csBaselinesByPart(p *plan.Plan, part csBaselinePart) (on, off, pending []*plan.Resource) {
	for _, r := range liveResources(p, typeCSAccountBaseline) {
		switch csBaselinePartState(r, part) {
		case csPartOn:
			on = append(on, r)
		case csPartOff:
			off = append(off, r)
		default:
			pending = append(pending, r)
		}
	}
	return on, off, pending
}

// csBaselineAccount is the common frame of the account adaptations: judge
// the baselines with the part on (the first verdict that passes wins, as
// for several aws_* detectors), report a pending switch as undecidable, and
// fail a part turned off when nothing else can provide it. nil hands the
// rule back to its own check: no baseline in the plan, or the part is off
// but declared provided elsewhere, or aws_* resources of awsTypes exist.
func csBaselineAccount(ev *Evaluation, part csBaselinePart, awsTypes []string, judge func(r *plan.Resource) Finding) []Finding {
	on, off, pending := csBaselinesByPart(ev.Plan, part)
	var fails []Finding
	for _, r := range on {
		f := judge(r)
		// Account rules give one plan-level verdict; the message names
		// the baseline.
		f.Address = ""
		if f.Status == StatusPass {
			return []Finding{f}
		}
		fails = append(fails, f)
	}
	if len(fails) > 0 {
		return []Finding{oneAccountVerdict(fails)}
	}
	if len(pending) > 0 {
		f := Undecidable(pending[0], part.prefix+"_enabled", "%s_enabled of %s is known only after apply", part.prefix, pending[0].Address)
		f.Address = ""
		return []Finding{f}
	}
	if len(off) == 0 || ev.ProvidedElsewhere(part.elsewhere) {
		return nil
	}
	for _, t := range awsTypes {
		if len(liveResources(ev.Plan, t)) > 0 {
			return nil
		}
	}
	var reasons []string
	for _, r := range off {
		reasons = append(reasons, csOffReason(r, part))
	}
	return []Finding{planFinding(StatusFail, "%s; nothing else in the plan provides it: turn it on, or declare %s provided elsewhere if the organization manages it",
		strings.Join(reasons, "; "), part.elsewhere)}
}

// LOG-R27: the baseline's detector publishes every 15 minutes with its
// features; the rule's guardduty_features must be among them.
func csBaselineGuardDuty(ev *Evaluation) []Finding {
	return csBaselineAccount(ev, csPartGuardDuty, []string{"aws_guardduty_detector"}, func(r *plan.Resource) Finding {
		features := csBaselineGuardDutyFeatures
		if listed, st := Strings(At(r.Value(), "guardduty_features")); st == Known {
			features = listed
		} else if st == AfterApply {
			return Undecidable(r, "guardduty_features", "guardduty_features of %s is known only after apply", r.Address)
		}
		var missing []string
		for _, want := range ev.Strings("guardduty_features") {
			if !slices.Contains(features, want) {
				missing = append(missing, want)
			}
		}
		if len(missing) > 0 {
			return planFinding(StatusFail, "GuardDuty of %s lacks features %s", r.Address, strings.Join(missing, ", "))
		}
		return planFinding(StatusPass, "%s enables a GuardDuty detector with %s", r.Address, strings.Join(ev.Strings("guardduty_features"), ", "))
	})
}

// LOG-R28: the baseline enables Security Hub with security_hub_standards
// (names like aws-foundational-security-best-practices/v/1.0.0).
func csBaselineSecurityHub(ev *Evaluation) []Finding {
	return csBaselineAccount(ev, csPartSecurityHub, []string{"aws_securityhub_account"}, func(r *plan.Resource) Finding {
		standards, st := Strings(At(r.Value(), "security_hub_standards"))
		if st == AfterApply {
			return Undecidable(r, "security_hub_standards", "security_hub_standards of %s is known only after apply", r.Address)
		}
		var missing []string
		for _, want := range ev.Strings("securityhub_standards") {
			if !slices.ContainsFunc(standards, func(s string) bool { return strings.Contains(s, want) }) {
				missing = append(missing, want)
			}
		}
		if len(missing) > 0 {
			return planFinding(StatusFail, "Security Hub is enabled by %s but not subscribed to %s (security_hub_standards = %s)",
				r.Address, strings.Join(missing, ", "), strings.Join(standards, ", "))
		}
		return planFinding(StatusPass, "%s enables Security Hub with %s", r.Address, strings.Join(standards, ", "))
	})
}

// LOG-R29: the baseline's recorder records all supported types with global
// types, is started, and delivers to config_delivery_bucket.
func csBaselineConfig(ev *Evaluation) []Finding {
	return csBaselineAccount(ev, csPartConfig, []string{"aws_config_configuration_recorder"}, func(r *plan.Resource) Finding {
		bucket := At(r.Value(), "config_delivery_bucket")
		switch StateOf(bucket) {
		case Null:
			// The provider refuses this at plan time; only a broken plan gets here.
			return Fail(r, "config_delivery_bucket", "the recorder of %s has no delivery bucket: recorded items are not delivered", r.Address)
		case AfterApply:
			if refs := ReferencesOf(r, "config_delivery_bucket"); len(refs) > 0 {
				return planFinding(StatusPass, "%s records all resource types (global types included), starts the recorder and delivers to %s", r.Address, strings.Join(refs, ", "))
			}
		}
		return planFinding(StatusPass, "%s records all resource types (global types included), starts the recorder and delivers to %s", r.Address, Display(bucket))
	})
}

// IAM-R01: the baseline's policy requires all four character classes and
// prevents reuse of 24 passwords; length and maximum age are attributes.
func csBaselinePasswordPolicy(ev *Evaluation) []Finding {
	return csBaselineAccount(ev, csPartPasswordPolicy, []string{"aws_iam_account_password_policy"}, func(r *plan.Resource) Finding {
		var problems, pending []string
		length, st := Int(At(r.Value(), "password_minimum_length"))
		switch {
		case st == AfterApply:
			pending = append(pending, "password_minimum_length")
		case length < int64(ev.Int("min_password_length")):
			problems = append(problems, fmt.Sprintf("password_minimum_length is %d; at least %d is required", length, ev.Int("min_password_length")))
		}
		if csBaselinePasswordReusePrevention < ev.Int("password_reuse_prevention") {
			problems = append(problems, fmt.Sprintf("the baseline prevents reuse of %d passwords; at least %d is required", csBaselinePasswordReusePrevention, ev.Int("password_reuse_prevention")))
		}
		if maxAge := ev.Int("max_password_age_days"); maxAge > 0 {
			age, st := Int(At(r.Value(), "password_max_age_days"))
			switch {
			case st == AfterApply:
				pending = append(pending, "password_max_age_days")
			case age > int64(maxAge):
				problems = append(problems, fmt.Sprintf("password_max_age_days is %d; at most %d is allowed", age, maxAge))
			}
		}
		switch {
		case len(problems) > 0:
			return Fail(r, "", "password policy of %s: %s", r.Address, strings.Join(problems, "; "))
		case len(pending) > 0:
			return Undecidable(r, pending[0], "%s of %s is known only after apply", strings.Join(pending, ", "), r.Address)
		}
		return planFinding(StatusPass, "%s sets a password policy of at least %s characters, all four character classes, reuse prevention %d, maximum age %s days",
			r.Address, Display(At(r.Value(), "password_minimum_length")), csBaselinePasswordReusePrevention, Display(At(r.Value(), "password_max_age_days")))
	})
}

// IAM-R17 asks for an external-access analyzer and an unused-access
// analyzer. The baseline creates the first (type ACCOUNT); the second comes
// from an aws_accessanalyzer_analyzer of an *_UNUSED_ACCESS type, or is
// declared provided elsewhere as unused_access_analyzer (it is usually one
// ORGANIZATION_UNUSED_ACCESS analyzer in the delegated administrator account,
// priced per role).
func csBaselineAccessAnalyzer(ev *Evaluation) []Finding {
	return csBaselineAccount(ev, csPartAccessAnalyzer, []string{"aws_accessanalyzer_analyzer"}, func(r *plan.Resource) Finding {
		external := fmt.Sprintf("%s creates the external-access analyzer %s", r.Address, Display(At(r.Value(), "access_analyzer_name")))
		if ev.ProvidedElsewhere("unused_access_analyzer") {
			return planFinding(StatusPass, "%s; the unused-access analyzer is provided elsewhere (provided_elsewhere: unused_access_analyzer)", external)
		}
		for _, a := range liveResources(ev.Plan, "aws_accessanalyzer_analyzer") {
			typ, st := String(At(a.Value(), "type"))
			switch {
			case st == AfterApply:
				return Undecidable(a, "type", "%s; the type of %s is known only after apply", external, a.Address)
			case strings.HasSuffix(typ, "_UNUSED_ACCESS"):
				return planFinding(StatusPass, "%s; %s is the unused-access analyzer", external, a.Address)
			}
		}
		return planFinding(StatusFail, "%s, but the plan lacks an unused-access analyzer (aws_accessanalyzer_analyzer of type ACCOUNT_UNUSED_ACCESS "+
			"or ORGANIZATION_UNUSED_ACCESS); add one, or declare unused_access_analyzer provided elsewhere", external)
	})
}

// csBaselineOn reports the first live baseline of the plan with part on
// (for the plan-wide helpers of resource rules, e.g. "is EBS encryption by
// default on in this account").
func csBaselineOn(p *plan.Plan, part csBaselinePart) *plan.Resource {
	on, _, _ := csBaselinesByPart(p, part)
	if len(on) == 0 {
		return nil
	}
	return on[0]
}

// csBaselineSwitch judges the baseline resource itself for a resource rule
// about an account switch: on passes, pending is undecidable, off fails
// unless declared provided elsewhere.
func csBaselineSwitch(ev *Evaluation, r *plan.Resource, part csBaselinePart, pass string) []Finding {
	switch csBaselinePartState(r, part) {
	case csPartOn:
		return []Finding{Pass(r, "%s", pass)}
	case csPartPending:
		return []Finding{Undecidable(r, part.prefix+"_enabled", "%s_enabled is known only after apply", part.prefix)}
	}
	if ev.ProvidedElsewhere(part.elsewhere) {
		return []Finding{NotApplicable(r, "%s is turned off here and declared provided elsewhere (provided_elsewhere: %s)", part.what, part.elsewhere)}
	}
	return []Finding{Fail(r, part.prefix+"_enabled", "%s; declare %s provided elsewhere if the organization manages it", csOffReason(r, part), part.elsewhere)}
}

// CRY-R22 on the baseline: EBS encryption by default with its CMK.
func judgeCSBaselineEBS(ev *Evaluation, r *plan.Resource) []Finding {
	key := Display(At(r.Value(), "ebs_default_kms_key_arn"))
	if refs := ReferencesOf(r, "ebs_default_kms_key_arn"); len(refs) > 0 {
		key = strings.Join(refs, ", ")
	}
	return csBaselineSwitch(ev, r, csPartEBS, "EBS encryption by default is on, with the customer managed key "+key)
}

// NET-R16 on the baseline: the account-level block overrides every
// bucket's own settings.
func judgeCSBaselinePublicAccessBlock(ev *Evaluation, r *plan.Resource) []Finding {
	return csBaselineSwitch(ev, r, csPartPublicAccess, "the account-level S3 public access block sets all four flags for every bucket of the account")
}

// IAM-R19 on the baseline: IMDSv2 required as the account default, with a
// hop limit the rule's imds_max_hop_limit allows (the account default is
// not a container host: container_host_tags do not apply).
func judgeCSBaselineIMDS(ev *Evaluation, r *plan.Resource) []Finding {
	if csBaselinePartState(r, csPartIMDS) != csPartOn {
		return csBaselineSwitch(ev, r, csPartIMDS, "")
	}
	maxHops := int64(ev.Int("imds_max_hop_limit"))
	hops, st := csBaselineIMDSHopLimit(r)
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, "imdsv2_hop_limit", "imdsv2_hop_limit is known only after apply")}
	case hops > maxHops:
		return []Finding{Fail(r, "imdsv2_hop_limit", "the account default hop limit (imdsv2_hop_limit) is %d; at most %d is allowed: if the account runs "+
			"containers that need the instance role through IMDS, set the rule's imds_max_hop_limit to %d in .commshield.yaml "+
			"(params: or rules.IAM-R19.params:), otherwise lower imdsv2_hop_limit to %d", hops, maxHops, hops, maxHops)}
	}
	return []Finding{Pass(r, "IMDSv2 session tokens are required by the account default, hop limit %d", hops)}
}

// csBaselineIMDSDefault judges the IMDS account default that the plan's
// baselines set, for instances and templates that leave metadata_options
// unset: Known with ok when a baseline requires tokens with a hop limit of
// at most maxHops; Known without ok and a reason when the baselines' hop
// limit is above it; AfterApply when a hop limit is known only after
// apply; Null when no baseline has the IMDS part on.
func csBaselineIMDSDefault(p *plan.Plan, maxHops int64) (ok bool, reason string, st State) {
	on, _, _ := csBaselinesByPart(p, csPartIMDS)
	st = Null
	for _, r := range on {
		hops, hst := csBaselineIMDSHopLimit(r)
		switch {
		case hst == AfterApply:
			st = AfterApply
		case hops <= maxHops:
			return true, "", Known
		case st == Null:
			st = Known
			reason = fmt.Sprintf("the account default of %s requires IMDSv2 tokens with hop limit %d (imdsv2_hop_limit); at most %d is allowed here", r.Address, hops, maxHops)
		}
	}
	return false, reason, st
}
