package organizations

import (
	"fmt"
	"regexp"

	"github.com/commshield/terraform-provider-commshield/internal/fwvalidators"
)

var (
	targetIDPattern       = regexp.MustCompile(`^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$`)
	policyIDPattern       = regexp.MustCompile(`^p-[0-9a-zA-Z_]{8,128}$`)
	regionPattern         = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$`)
	exemptARNPattern      = regexp.MustCompile(`^arn:(aws[a-z-]*|\*):iam::(\d{12}|\*):(role|user)/[\w+=,.@/*?-]+$`)
	everyPrincipalPattern = regexp.MustCompile(`:(role|user)/[*?/]*$`)
	policyNamePattern     = regexp.MustCompile(`^[\x20-\x7e]{1,128}$`)
	defaultPolicyDesc     = "commshield guardrails: security services, logging and encryption cannot be switched off from member accounts"
	errCodePolicyAbsent   = "PolicyNotFoundException"
	errCodeTargetAbsent   = "TargetNotFoundException"
	errCodeNotAttached    = "PolicyNotAttachedException"
	errCodeDuplicate      = "DuplicatePolicyAttachmentException"
	errCodeTypeDisabled   = "PolicyTypeNotEnabledException"
)

func validateTargetID(id string) error {
	if !targetIDPattern.MatchString(id) {
		return fmt.Errorf("%q is not an organization root (r-…), OU (ou-…-…) or 12-digit account ID", id)
	}
	return nil
}

func validatePolicyID(id string) error {
	if !policyIDPattern.MatchString(id) {
		return fmt.Errorf("%q is not an Organizations policy ID (p-…)", id)
	}
	return nil
}

func validateRegion(r string) error {
	if !regionPattern.MatchString(r) {
		return fmt.Errorf("%q is not an AWS region name (e.g. eu-west-1)", r)
	}
	return nil
}

// validateExemptARN accepts IAM role or user ARNs, with wildcards in the
// account and name (ArnNotLike), but never one that exempts every role or
// every user: that would switch the guardrails off for everyone.
func validateExemptARN(arn string) error {
	if !exemptARNPattern.MatchString(arn) {
		return fmt.Errorf("%q is not an IAM role or user ARN (arn:aws:iam::<account>:role/<name>, wildcards allowed in account and name)", arn)
	}
	if m := everyPrincipalPattern.FindStringSubmatch(arn); m != nil {
		return fmt.Errorf("%q exempts every %s: name the break-glass or pipeline roles, e.g. arn:aws:iam::*:role/break-glass-*", arn, m[1])
	}
	return nil
}

func validatePolicyName(name string) error {
	if !policyNamePattern.MatchString(name) {
		return fmt.Errorf("%q: a policy name is 1-128 printable ASCII characters", name)
	}
	return nil
}

var (
	targetIDValidator   = fwvalidators.StringFunc("Invalid target ID", "an organization root, OU or account ID", validateTargetID)
	regionValidator     = fwvalidators.StringFunc("Invalid region", "an AWS region name", validateRegion)
	exemptARNValidator  = fwvalidators.StringFunc("Exemption not allowed", "an IAM role or user ARN naming specific principals", validateExemptARN)
	policyNameValidator = fwvalidators.StringFunc("Invalid policy name", "1-128 printable ASCII characters", validatePolicyName)
)
