// Package configservice holds commshield_config_rules: the AWS Config
// managed rules that the rule catalog (internal/rules) maps to the
// guidance's controls, so runtime detection and the pre-apply gate share
// one mapping.
package configservice

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/controls"
	"github.com/commshield/terraform-provider-commshield/internal/rules"
)

// sourceIdentifierExceptions lists the managed rules whose SourceIdentifier
// is not the upper-snake form of their documented lower-kebab name. Checked
// against moto's copy of the AWS managed-rule list
// (moto/config/resources/aws_managed_rules.json.gz, keyed by
// SourceIdentifier) and the AWS Config developer guide.
var sourceIdentifierExceptions = map[string]string{
	"cloudtrail-enabled":                      "CLOUD_TRAIL_ENABLED",
	"multi-region-cloudtrail-enabled":         "MULTI_REGION_CLOUD_TRAIL_ENABLED",
	"restricted-ssh":                          "INCOMING_SSH_DISABLED",
	"restricted-common-ports":                 "RESTRICTED_INCOMING_TRAFFIC",
	"ec2-instance-managed-by-systems-manager": "EC2_INSTANCE_MANAGED_BY_SSM",
}

// excludedManagedRules are catalog identifiers never deployed, with the
// reason: a required parameter that only the operator can know (a
// commshield default would be a guess that produces false findings), or
// an identifier absent from the managed-rule list we verify against.
var excludedManagedRules = map[string]string{
	"approved-amis-by-id":                          "needs amiIds, the operator's approved AMI list",
	"approved-amis-by-tag":                         "needs amisByTagKeyAndValue, the operator's AMI approval tags",
	"cloudformation-stack-drift-detection-check":   "needs cloudformationRoleArn, a role in the operator's account",
	"ecs-no-environment-secrets":                   "needs secretKeys, the operator's secret variable names",
	"eks-cluster-oldest-supported-version":         "needs oldestVersionSupported, which changes with the EKS calendar",
	"eks-cluster-supported-version":                "needs oldestVersionSupported, which changes with the EKS calendar",
	"elb-custom-security-policy-ssl-check":         "needs sslProtocolsAndCiphers, the operator's cipher list",
	"elb-predefined-security-policy-ssl-check":     "needs predefinedPolicyName, the operator's chosen policy",
	"elbv2-predefined-security-policy-ssl-check":   "needs sslPolicies, the operator's chosen policies",
	"iam-customer-policy-blocked-kms-actions":      "needs blockedActionsPatterns, the operator's KMS action list",
	"iam-inline-policy-blocked-kms-actions":        "needs blockedActionsPatterns, the operator's KMS action list",
	"lambda-function-settings-check":               "needs runtime, the operator's allowed runtimes",
	"netfw-policy-default-action-fragment-packets": "needs statelessFragmentDefaultActions, the operator's firewall design",
	"netfw-policy-default-action-full-packets":     "needs statelessDefaultActions, the operator's firewall design",
	"sagemaker-notebook-instance-platform-version": "needs supportedPlatformIdentifierVersions, the operator's platform list",
	"service-vpc-endpoint-enabled":                 "needs serviceName; one rule per service is the operator's choice",
	"vpc-sg-restricted-common-ports":               "not in the verified managed-rule list; restricted-common-ports covers the same ports",
	"ec2-vpc-bpa-internet-gateway-blocked":         "not in the verified managed-rule list",
}

// managedRuleParameters are defaults for managed rules whose required
// parameters have a value every operator should accept: the CIS AWS
// Foundations / guidance values (90-day key and credential age; alarms
// must act; Redshift major-version upgrades allowed, so patches land).
var managedRuleParameters = map[string]map[string]string{
	"access-keys-rotated":                        {"maxAccessKeyAge": "90"},
	"iam-user-unused-credentials-check":          {"maxCredentialUsageAge": "90"},
	"iam-policy-blacklisted-check":               {"policyArns": "arn:aws:iam::aws:policy/AdministratorAccess"},
	"redshift-cluster-maintenancesettings-check": {"allowVersionUpgrade": "true"},
	"cloudwatch-alarm-action-check":              {"alarmActionRequired": "true", "insufficientDataActionRequired": "true", "okActionRequired": "false"},
}

// SourceIdentifier returns the AWS Config SourceIdentifier of the managed
// rule documented as identifier (lower-kebab, e.g. vpc-flow-logs-enabled).
func SourceIdentifier(identifier string) string {
	if s, ok := sourceIdentifierExceptions[identifier]; ok {
		return s
	}
	return strings.ToUpper(strings.ReplaceAll(identifier, "-", "_"))
}

// ExclusionReason says why identifier is never deployed; "" when it is
// deployable.
func ExclusionReason(identifier string) string { return excludedManagedRules[identifier] }

// ManagedRule is one AWS Config managed rule to deploy.
type ManagedRule struct {
	Identifier       string            // lower-kebab, as in the rule catalog
	SourceIdentifier string            // UPPER_SNAKE, as AWS Config wants it
	InputParameters  map[string]string // nil when the rule needs none
	Controls         []string          // selected controls it serves, sorted
	CommshieldRules  []string          // commshield rule IDs that name it, sorted
}

// Selection chooses managed rules. Empty Controls and Categories select
// every control; ExcludeRules names lower-kebab identifiers to leave out.
type Selection struct {
	Controls     []string
	Categories   []string
	ExcludeRules []string
}

// SelectionError is a selection naming something the catalogs do not know,
// or one that yields nothing to deploy.
type SelectionError struct {
	Field   string // controls, categories or exclude_rules
	Message string
}

func (e *SelectionError) Error() string { return e.Field + ": " + e.Message }

// Select returns the managed rules catalog maps to the selected controls,
// sorted by identifier.
func Select(catalog *controls.Catalog, ruleCatalog []*rules.Rule, sel Selection) ([]ManagedRule, error) {
	wanted, err := selectedControls(catalog, sel)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, r := range ruleCatalog {
		for _, id := range r.AWSConfigRules {
			known[id] = true
		}
	}
	excluded := map[string]bool{}
	for _, id := range sel.ExcludeRules {
		if !known[id] {
			return nil, &SelectionError{Field: "exclude_rules", Message: fmt.Sprintf(
				"%q is not an AWS Config rule of the rule catalog; valid values: %s",
				id, strings.Join(slices.Sorted(maps.Keys(known)), ", "))}
		}
		excluded[id] = true
	}

	byID := map[string]*ManagedRule{}
	for _, r := range ruleCatalog {
		var served []string
		for _, c := range r.Controls {
			if wanted[c] {
				served = append(served, c)
			}
		}
		if len(served) == 0 {
			continue
		}
		for _, id := range r.AWSConfigRules {
			if excluded[id] || ExclusionReason(id) != "" {
				continue
			}
			m, ok := byID[id]
			if !ok {
				m = &ManagedRule{Identifier: id, SourceIdentifier: SourceIdentifier(id)}
				if p := managedRuleParameters[id]; p != nil {
					m.InputParameters = maps.Clone(p)
				}
				byID[id] = m
			}
			m.Controls = append(m.Controls, served...)
			m.CommshieldRules = append(m.CommshieldRules, r.ID)
		}
	}
	if len(byID) == 0 {
		return nil, &SelectionError{Field: "controls", Message: "the selection maps to no deployable AWS Config managed rule; select more controls or categories, or exclude fewer rules"}
	}
	out := make([]ManagedRule, 0, len(byID))
	for _, id := range slices.Sorted(maps.Keys(byID)) {
		m := byID[id]
		slices.Sort(m.Controls)
		m.Controls = slices.Compact(m.Controls)
		slices.Sort(m.CommshieldRules)
		m.CommshieldRules = slices.Compact(m.CommshieldRules)
		out = append(out, *m)
	}
	return out, nil
}

func selectedControls(catalog *controls.Catalog, sel Selection) (map[string]bool, error) {
	wanted := map[string]bool{}
	all := len(sel.Controls) == 0 && len(sel.Categories) == 0
	var validControls []string
	for _, c := range catalog.Controls() {
		validControls = append(validControls, c.ID)
		if all {
			wanted[c.ID] = true
		}
	}
	for _, id := range sel.Controls {
		c, ok := catalog.Lookup(id)
		if !ok {
			return nil, &SelectionError{Field: "controls", Message: fmt.Sprintf(
				"unknown control %q; valid values: %s", id, strings.Join(validControls, ", "))}
		}
		wanted[c.ID] = true
	}
	for _, cat := range sel.Categories {
		if _, ok := catalog.Category(cat); !ok {
			var valid []string
			for _, c := range catalog.Categories() {
				valid = append(valid, c.ID)
			}
			return nil, &SelectionError{Field: "categories", Message: fmt.Sprintf(
				"unknown category %q; valid values: %s", cat, strings.Join(valid, ", "))}
		}
		for _, c := range catalog.Controls() {
			if c.Category == cat {
				wanted[c.ID] = true
			}
		}
	}
	return wanted, nil
}
