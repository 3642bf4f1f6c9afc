package iam

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/fwvalidators"
)

// Limits of the role.
const (
	MinSessionSeconds     = 900  // AWS's minimum
	MaxSessionSeconds     = 3600 // the guidance's short session; AWS allows 12 h
	MinMFAAgeSeconds      = 60
	maxRoleNameLength     = 54 // 64 minus the "-use-alarm" suffix of the rule name
	defaultRoleDesc       = "Break-glass emergency access (commshield)"
	defaultMFAAgeSeconds  = MaxSessionSeconds
	defaultSessionSeconds = MaxSessionSeconds
)

var (
	roleNamePattern      = regexp.MustCompile(`^[\w+=,.@-]+$`)
	rolePathPattern      = regexp.MustCompile(`^/([\x21-\x7e]*/)?$`)
	principalARNPattern  = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:(root|(role|user)/[\w+=,.@/-]+)$`)
	policyARNPattern     = regexp.MustCompile(`^arn:aws[a-z-]*:iam::(aws|\d{12}):policy/[\w+=,.@/-]+$`)
	kmsKeyARNPattern     = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key/[0-9a-zA-Z-]+|alias/[a-zA-Z0-9/_-]+)$`)
	emailPattern         = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	sourceIdentityFormat = regexp.MustCompile(`^[\w+=,.@*?$\{\}:-]{1,64}$`)
)

func validateRoleName(name string) error {
	if len(name) > maxRoleNameLength {
		return fmt.Errorf("%q is %d characters; at most %d, so the alarm rule's name (%s) fits EventBridge's 64", name, len(name), maxRoleNameLength, ruleName(name))
	}
	if !roleNamePattern.MatchString(name) {
		return fmt.Errorf("%q: an IAM role name uses only letters, digits and + = , . @ _ -", name)
	}
	return nil
}

func validateRolePath(p string) error {
	if !rolePathPattern.MatchString(p) || len(p) > 512 {
		return fmt.Errorf("%q is not an IAM path: it must start and end with /, e.g. /break-glass/", p)
	}
	return nil
}

// validatePrincipalARN accepts IAM role, user and account-root ARNs, never a
// wildcard (anyone in any account with MFA could assume the role).
// Whether a root ARN is acceptable depends on allow_account_root and is
// judged in ValidateConfig.
func validatePrincipalARN(arn string) error {
	if strings.Contains(arn, "*") || strings.Contains(arn, "?") {
		return fmt.Errorf("%q: wildcards are not allowed; name each person's role or user", arn)
	}
	if !principalARNPattern.MatchString(arn) {
		return fmt.Errorf("%q is not an IAM role, user or account-root ARN (arn:aws:iam::<account>:role/<name>); assumed-role session ARNs are not stable principals", arn)
	}
	return nil
}

func validatePolicyARN(arn string) error {
	if !policyARNPattern.MatchString(arn) {
		return fmt.Errorf("%q is not a managed policy ARN (arn:aws:iam::aws:policy/<name> or arn:aws:iam::<account>:policy/<name>)", arn)
	}
	return nil
}

func validateKMSKeyARN(arn string) error {
	if !kmsKeyARNPattern.MatchString(arn) {
		return fmt.Errorf("%q is not a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/<id>); use commshield_kms_key's arn", arn)
	}
	if strings.HasSuffix(arn, ":alias/aws/sns") {
		return fmt.Errorf("%q is the AWS-managed SNS key, whose policy EventBridge cannot be granted: alarms would never arrive. Use a customer-managed key", arn)
	}
	return nil
}

func validateEmail(addr string) error {
	if !emailPattern.MatchString(addr) {
		return fmt.Errorf("%q is not an email address", addr)
	}
	return nil
}

func validateSourceIdentityPattern(p string) error {
	if !sourceIdentityFormat.MatchString(p) {
		return fmt.Errorf("%q: a source identity pattern is 1-64 characters of letters, digits, + = , . @ - and the wildcards * ?, or a policy variable such as ${aws:username}", p)
	}
	return nil
}

var (
	roleNameValidator       = fwvalidators.StringFunc("Invalid role name", "IAM role name of at most 54 characters", validateRoleName)
	rolePathValidator       = fwvalidators.StringFunc("Invalid IAM path", "an IAM path, /…/", validateRolePath)
	principalARNValidator   = fwvalidators.StringFunc("Principal not allowed", "an IAM role, user or account-root ARN without wildcards", validatePrincipalARN)
	policyARNValidator      = fwvalidators.StringFunc("Invalid managed policy ARN", "a managed policy ARN", validatePolicyARN)
	kmsKeyARNValidator      = fwvalidators.StringFunc("Invalid KMS key ARN", "a customer-managed KMS key ARN", validateKMSKeyARN)
	emailValidator          = fwvalidators.StringFunc("Invalid email address", "an email address", validateEmail)
	sourceIdentityValidator = fwvalidators.StringFunc("Invalid source identity pattern", "a StringLike pattern for sts:SourceIdentity", validateSourceIdentityPattern)
)
