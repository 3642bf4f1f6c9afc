package organizations

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/iampolicy"
)

// MaxPolicySize is Organizations' limit for a service control policy, in
// characters of the document with whitespace outside strings removed.
const MaxPolicySize = 5120

const (
	condPrincipalARN   = "aws:PrincipalArn"
	condRequestedRegio = "aws:RequestedRegion"
	sidRegionAllowList = "DenyOutsideAllowedRegions"
	sidRootUser        = "DenyRootUser"
)

// guard is one boolean option: a Deny statement of fixed actions.
type guard struct {
	option  string // schema attribute
	sid     string
	actions []string
	// defaultOff: the option is opt-in (default false), because its deny
	// reaches beyond the security services into workloads' own objects.
	defaultOff bool
}

// guards is the table of boolean options, in the order their statements
// appear in the policy. Immutable.
var guards = []guard{
	{"protect_cloudtrail", "ProtectCloudTrail", []string{
		"cloudtrail:DeleteTrail", "cloudtrail:PutEventSelectors", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail",
	}, false},
	{"protect_config", "ProtectConfig", []string{
		"config:DeleteConfigurationRecorder", "config:DeleteDeliveryChannel", "config:DeleteRetentionConfiguration",
		"config:StopConfigurationRecorder",
	}, false},
	{"protect_guardduty", "ProtectGuardDuty", []string{
		"guardduty:DeleteDetector", "guardduty:DeleteMembers", "guardduty:DisassociateFromAdministratorAccount",
		"guardduty:DisassociateFromMasterAccount", "guardduty:DisassociateMembers", "guardduty:StopMonitoringMembers",
		"guardduty:UpdateDetector",
	}, false},
	{"protect_security_hub", "ProtectSecurityHub", []string{
		"securityhub:BatchDisableStandards", "securityhub:DeleteMembers", "securityhub:DisableImportFindingsForProduct",
		"securityhub:DisableSecurityHub", "securityhub:DisassociateFromAdministratorAccount",
		"securityhub:DisassociateFromMasterAccount", "securityhub:DisassociateMembers",
	}, false},
	{"protect_flow_logs", "ProtectFlowLogs", []string{"ec2:DeleteFlowLogs"}, false},
	// The CloudWatch Logs copies of the trail and of flow logs; every log
	// group of the account, so opt-in (workloads delete their own groups).
	{"protect_log_groups", "ProtectLogGroups", []string{"logs:DeleteLogGroup"}, true},
	{"deny_leave_organization", "DenyLeaveOrganization", []string{"organizations:LeaveOrganization"}, false},
	{"protect_ebs_default_encryption", "ProtectEBSDefaultEncryption", []string{"ec2:DisableEbsEncryptionByDefault"}, false},
	// DeleteAccountPublicAccessBlock is authorised by this action too.
	{"protect_account_public_access_block", "ProtectAccountPublicAccessBlock", []string{"s3:PutAccountPublicAccessBlock"}, false},
	{"deny_iam_users_and_keys", "DenyIAMUsersAndAccessKeys", []string{"iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:CreateUser"}, false},
}

// globalServiceActions are exempt from the region allow-list: these
// services are served from us-east-1 (or are global), so denying them
// outside the allowed regions would break IAM, Organizations, billing,
// Route 53, CloudFront, support… (AWS's documented example list).
var globalServiceActions = []string{
	"a4b:*", "acm:*", "aws-marketplace-management:*", "aws-marketplace:*", "aws-portal:*", "budgets:*", "ce:*",
	"chime:*", "cloudfront:*", "config:*", "cur:*", "directconnect:*", "ec2:DescribeRegions",
	"ec2:DescribeTransitGateways", "ec2:DescribeVpnGateways", "fms:*", "globalaccelerator:*", "health:*", "iam:*",
	"importexport:*", "kms:*", "mobileanalytics:*", "networkmanager:*", "organizations:*", "pricing:*",
	"route53-recovery-cluster:*", "route53-recovery-control-config:*", "route53-recovery-readiness:*", "route53:*",
	"route53domains:*", "s3:GetAccountPublic*", "s3:ListAllMyBuckets", "s3:ListMultiRegionAccessPoints",
	"s3:PutAccountPublic*", "shield:*", "sts:*", "support:*", "trustedadvisor:*", "waf-regional:*", "waf:*",
	"wafv2:*", "wellarchitected:*",
}

// guardrailOptions is what the policy is generated from.
type guardrailOptions struct {
	Enabled          map[string]bool // by guard option name
	DenyRootUser     bool
	AllowedRegions   []string
	ExemptPrincipals []string
}

func (o guardrailOptions) any() bool {
	return o.DenyRootUser || len(o.AllowedRegions) > 0 || slices.ContainsFunc(guards, func(g guard) bool { return o.Enabled[g.option] })
}

func (o guardrailOptions) exemption() map[string]map[string]iampolicy.StringList {
	if len(o.ExemptPrincipals) == 0 {
		return nil
	}
	return map[string]map[string]iampolicy.StringList{"ArnNotLike": {condPrincipalARN: iampolicy.Sorted(o.ExemptPrincipals)}}
}

// buildPolicy generates the SCP. Exempt principals (break-glass roles,
// the pipeline that manages these services) are excluded from every
// statement except the root-user one: a root session has no other ARN.
func buildPolicy(o guardrailOptions) iampolicy.Document {
	doc := iampolicy.Document{Version: iampolicy.Version}
	for _, g := range guards {
		if !o.Enabled[g.option] {
			continue
		}
		doc.Statement = append(doc.Statement, iampolicy.Statement{
			Sid: g.sid, Effect: "Deny", Action: iampolicy.Sorted(g.actions), Resource: iampolicy.StringList{"*"}, Condition: o.exemption(),
		})
	}
	if len(o.AllowedRegions) > 0 {
		cond := o.exemption()
		if cond == nil {
			cond = map[string]map[string]iampolicy.StringList{}
		}
		cond["StringNotEquals"] = map[string]iampolicy.StringList{condRequestedRegio: iampolicy.Sorted(o.AllowedRegions)}
		doc.Statement = append(doc.Statement, iampolicy.Statement{
			Sid: sidRegionAllowList, Effect: "Deny", NotAction: iampolicy.Sorted(globalServiceActions), Resource: iampolicy.StringList{"*"}, Condition: cond,
		})
	}
	if o.DenyRootUser {
		doc.Statement = append(doc.Statement, iampolicy.Statement{
			Sid: sidRootUser, Effect: "Deny", Action: iampolicy.StringList{"*"}, Resource: iampolicy.StringList{"*"},
			Condition: map[string]map[string]iampolicy.StringList{"StringLike": {condPrincipalARN: {"arn:*:iam::*:root"}}},
		})
	}
	return doc
}

// renderPolicy renders the policy compactly: Organizations counts the
// characters of the document, and the compact form is what it stores.
func renderPolicy(doc iampolicy.Document) (string, error) {
	b, err := json.Marshal(doc)
	if err != nil {
		return "", fmt.Errorf("rendering the service control policy: %w", err)
	}
	return string(b), nil
}

// policySize counts characters as Organizations does: whitespace outside
// strings does not count.
func policySize(policy string) int {
	n, inString, escaped := 0, false, false
	for _, r := range policy {
		switch {
		case escaped:
			escaped = false
		case inString && r == '\\':
			escaped = true
		case r == '"':
			inString = !inString
		case !inString && (r == ' ' || r == '\n' || r == '\t' || r == '\r'):
			continue
		}
		n++
	}
	return n
}

// sizeReport explains where the characters of an oversized policy go, so
// the diagnostic says what to cut.
func sizeReport(o guardrailOptions) string {
	var parts []string
	base, _ := renderPolicy(iampolicy.Document{Version: iampolicy.Version})
	baseSize := policySize(base)
	measure := func(opt guardrailOptions) int {
		s, _ := renderPolicy(buildPolicy(opt))
		return policySize(s) - baseSize
	}
	noExempt := o
	noExempt.ExemptPrincipals = nil
	for _, g := range guards {
		if o.Enabled[g.option] {
			parts = append(parts, fmt.Sprintf("%s %d", g.option, measure(guardrailOptions{Enabled: map[string]bool{g.option: true}})))
		}
	}
	if len(o.AllowedRegions) > 0 {
		parts = append(parts, fmt.Sprintf("allowed_regions %d", measure(guardrailOptions{AllowedRegions: o.AllowedRegions})))
	}
	if o.DenyRootUser {
		parts = append(parts, fmt.Sprintf("deny_root_user %d", measure(guardrailOptions{DenyRootUser: true})))
	}
	if len(o.ExemptPrincipals) > 0 {
		parts = append(parts, fmt.Sprintf("exempt_principal_arns %d (repeated in every statement but the root one)", measure(o)-measure(noExempt)))
	}
	return strings.Join(parts, ", ")
}

// parsePolicy reads a policy written by buildPolicy back into its options
// (import, and drift: a statement removed outside Terraform reads as its
// option off). Statements it does not know are ignored; the content
// attribute still shows them as a diff.
func parsePolicy(policy string) (guardrailOptions, error) {
	doc, err := iampolicy.Parse(policy)
	if err != nil {
		return guardrailOptions{}, err
	}
	o := guardrailOptions{Enabled: map[string]bool{}}
	for _, g := range guards {
		if st, ok := doc.StatementBySid(g.sid); ok && st.Effect == "Deny" {
			o.Enabled[g.option] = true
			o.ExemptPrincipals = mergeSorted(o.ExemptPrincipals, st.Condition["ArnNotLike"][condPrincipalARN])
		}
	}
	if st, ok := doc.StatementBySid(sidRegionAllowList); ok && st.Effect == "Deny" {
		o.AllowedRegions = slices.Sorted(slices.Values(st.Condition["StringNotEquals"][condRequestedRegio]))
		o.ExemptPrincipals = mergeSorted(o.ExemptPrincipals, st.Condition["ArnNotLike"][condPrincipalARN])
	}
	if st, ok := doc.StatementBySid(sidRootUser); ok && st.Effect == "Deny" {
		o.DenyRootUser = true
	}
	return o, nil
}

func mergeSorted(a []string, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
