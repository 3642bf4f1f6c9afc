package kms

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
)

// Statement IDs of the generated key policy. Read parses them back into the
// resource's inputs, so they are part of the resource's contract: a policy
// replaced outside Terraform without them reads as "no administrators" and
// the next plan restores it.
const (
	sidIAMDelegation  = "EnableIAMDelegation"
	sidAdministrators = "KeyAdministration"
	sidUsers          = "KeyUsage"
	sidServicePrefix  = "ServiceUse"
	sidServiceDescr   = "ServiceDescribe"
)

// administratorActions manage the key's lifecycle and policy but never use
// it: no Encrypt/Decrypt/GenerateDataKey/ReEncrypt, and no CreateGrant (a
// grant would let an administrator hand themselves crypto use), and no
// DisableKeyRotation (commshield keeps rotation on).
var administratorActions = []string{
	"kms:CancelKeyDeletion",
	"kms:CreateAlias",
	"kms:DeleteAlias",
	"kms:DescribeKey",
	"kms:DisableKey",
	"kms:EnableKey",
	"kms:EnableKeyRotation",
	"kms:GetKeyPolicy",
	"kms:GetKeyRotationStatus",
	"kms:ListGrants",
	"kms:ListKeyRotations",
	"kms:ListResourceTags",
	"kms:PutKeyPolicy",
	"kms:ReplicateKey",
	"kms:RevokeGrant",
	"kms:RotateKeyOnDemand",
	"kms:ScheduleKeyDeletion",
	"kms:TagResource",
	"kms:UntagResource",
	"kms:UpdateAlias",
	"kms:UpdateKeyDescription",
	"kms:UpdatePrimaryRegion",
}

// userActions are the cryptographic operations key users need.
var userActions = []string{
	"kms:Decrypt",
	"kms:DescribeKey",
	"kms:Encrypt",
	"kms:GenerateDataKey*",
	"kms:ReEncrypt*",
}

// serviceActions are what a log-delivery service needs to write encrypted
// logs; DescribeKey is granted in a separate statement because it carries no
// encryption context for the per-service conditions to match.
var serviceActions = []string{
	"kms:Decrypt",
	"kms:Encrypt",
	"kms:GenerateDataKey*",
	"kms:ReEncrypt*",
}

var (
	principalARNPattern = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:(root|user/[\w+=,.@/-]+|role/[\w+=,.@/-]+)$`)
	logsServicePattern  = regexp.MustCompile(`^logs\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com$`)
)

// supportedServicePrincipals names the fixed log-delivery principals, plus
// EventBridge, which needs the key to publish alarms to an encrypted SNS
// topic; CloudWatch Logs' regional principal (logs.<region>.amazonaws.com)
// is matched by pattern.
var supportedServicePrincipals = []string{
	"cloudtrail.amazonaws.com",
	"config.amazonaws.com",
	"delivery.logs.amazonaws.com",
	"events.amazonaws.com",
}

// validatePrincipalARN accepts IAM users, roles and account roots. Wildcards
// are refused: a key policy with "*" principals is not least privilege.
func validatePrincipalARN(arn string) error {
	if !principalARNPattern.MatchString(arn) {
		return fmt.Errorf("%q is not an IAM role, user or account-root ARN (arn:aws:iam::123456789012:role/name); wildcards are not allowed", arn)
	}
	return nil
}

func validateServicePrincipal(p string) error {
	if slices.Contains(supportedServicePrincipals, p) || logsServicePattern.MatchString(p) {
		return nil
	}
	return fmt.Errorf("%q is not a supported log-delivery or alarm service principal; use %s or logs.<region>.amazonaws.com",
		p, strings.Join(supportedServicePrincipals, ", "))
}

// policyInput is what the key policy is generated from.
type policyInput struct {
	Partition         string
	AccountID         string
	Region            string
	Administrators    []string
	Users             []string
	ServicePrincipals []string
	IAMDelegation     bool
}

// buildKeyPolicy generates the least-privilege key policy. The output is
// deterministic (sorted principals, fixed statement order).
func buildKeyPolicy(in policyInput) iampolicy.Document {
	doc := iampolicy.Document{Version: iampolicy.Version}
	if in.IAMDelegation {
		doc.Statement = append(doc.Statement, iampolicy.Statement{
			Sid:       sidIAMDelegation,
			Effect:    "Allow",
			Principal: map[string]iampolicy.StringList{"AWS": {fmt.Sprintf("arn:%s:iam::%s:root", in.Partition, in.AccountID)}},
			Action:    iampolicy.StringList{"kms:*"},
			Resource:  iampolicy.StringList{"*"},
		})
	}
	doc.Statement = append(doc.Statement, iampolicy.Statement{
		Sid:       sidAdministrators,
		Effect:    "Allow",
		Principal: map[string]iampolicy.StringList{"AWS": iampolicy.Sorted(in.Administrators)},
		Action:    administratorActions,
		Resource:  iampolicy.StringList{"*"},
	})
	if len(in.Users) > 0 {
		doc.Statement = append(doc.Statement, iampolicy.Statement{
			Sid:       sidUsers,
			Effect:    "Allow",
			Principal: map[string]iampolicy.StringList{"AWS": iampolicy.Sorted(in.Users)},
			Action:    userActions,
			Resource:  iampolicy.StringList{"*"},
		})
	}
	for _, svc := range iampolicy.Sorted(in.ServicePrincipals) {
		sourceAccount := map[string]iampolicy.StringList{"aws:SourceAccount": {in.AccountID}}
		use := iampolicy.Statement{
			Sid:       sidServicePrefix + sidSuffix(svc),
			Effect:    "Allow",
			Principal: map[string]iampolicy.StringList{"Service": {svc}},
			Action:    serviceActions,
			Resource:  iampolicy.StringList{"*"},
			Condition: map[string]map[string]iampolicy.StringList{"StringEquals": sourceAccount},
		}
		// Where the service sends an encryption context, pin it to this
		// account's trails / log groups so the grant cannot be used for
		// another account's resources through a confused deputy.
		switch {
		case svc == "cloudtrail.amazonaws.com":
			use.Condition["StringLike"] = map[string]iampolicy.StringList{
				"kms:EncryptionContext:aws:cloudtrail:arn": {fmt.Sprintf("arn:%s:cloudtrail:*:%s:trail/*", in.Partition, in.AccountID)},
			}
		case logsServicePattern.MatchString(svc):
			region := strings.TrimSuffix(strings.TrimPrefix(svc, "logs."), ".amazonaws.com")
			use.Condition["ArnLike"] = map[string]iampolicy.StringList{
				"kms:EncryptionContext:aws:logs:arn": {fmt.Sprintf("arn:%s:logs:%s:%s:log-group:*", in.Partition, region, in.AccountID)},
			}
		}
		doc.Statement = append(doc.Statement, use, iampolicy.Statement{
			Sid:       sidServiceDescr + sidSuffix(svc),
			Effect:    "Allow",
			Principal: map[string]iampolicy.StringList{"Service": {svc}},
			Action:    iampolicy.StringList{"kms:DescribeKey"},
			Resource:  iampolicy.StringList{"*"},
			Condition: map[string]map[string]iampolicy.StringList{"StringEquals": sourceAccount},
		})
	}
	return doc
}

// sidSuffix turns "delivery.logs.amazonaws.com" into "DeliveryLogs" (Sids
// allow only alphanumerics).
func sidSuffix(service string) string {
	var b strings.Builder
	for _, part := range strings.Split(strings.TrimSuffix(service, ".amazonaws.com"), ".") {
		for _, sub := range strings.Split(part, "-") {
			if sub == "" {
				continue
			}
			b.WriteString(strings.ToUpper(sub[:1]) + sub[1:])
		}
	}
	return b.String()
}

// parseKeyPolicy recovers the generator's inputs from a key policy, so
// import and drift show up as attribute changes. Statements without our Sids
// are ignored; a foreign policy therefore reads as empty inputs.
func parseKeyPolicy(policy string) (policyInput, error) {
	doc, err := iampolicy.Parse(policy)
	if err != nil {
		return policyInput{}, err
	}
	var in policyInput
	for _, s := range doc.Statement {
		switch {
		case s.Sid == sidIAMDelegation:
			in.IAMDelegation = true
		case s.Sid == sidAdministrators:
			in.Administrators = append(in.Administrators, s.Principal["AWS"]...)
		case s.Sid == sidUsers:
			in.Users = append(in.Users, s.Principal["AWS"]...)
		case strings.HasPrefix(s.Sid, sidServicePrefix):
			in.ServicePrincipals = append(in.ServicePrincipals, s.Principal["Service"]...)
		}
	}
	in.Administrators = iampolicy.Sorted(in.Administrators)
	in.Users = iampolicy.Sorted(in.Users)
	in.ServicePrincipals = iampolicy.Sorted(in.ServicePrincipals)
	return in, nil
}
