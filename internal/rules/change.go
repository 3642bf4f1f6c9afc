package rules

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
	"github.com/zclconf/go-cty/cty"
)

// changeRules are the configuration and change-management rules (guidance
// §3.2) beyond the seed rule CFG-R03 of config.go.
//
// Approval of sensitive changes (CFG-R01, CFG-R02): a change passes when the
// changed resource carries the tag named by the approval_tag parameter
// (default "change-ticket") with a non-empty value, e.g. the ticket number,
// or when its address matches an entry of approved_addresses (glob with *),
// which a pipeline can fill from the change ticket for resources without
// tags (aws_route, rule resources). Deletes are judged by the tags the
// resource had before.
func changeRules() []*Rule {
	return []*Rule{
		{
			Metadata: Metadata{
				ID:                  "CFG-R01",
				Title:               "Routing changes are approved; new default routes are reviewed",
				Severity:            SeverityHigh,
				Kind:                KindDiff,
				Controls:            []string{"CFG-01"},
				SecurityHubControls: []string{"CloudWatch.13"},
				ResourceTypes:       routingTypes,
				Rationale: "Unexpected route updates were a hallmark of the intrusions behind the guidance: a new route can pull " +
					"traffic through an attacker's box or open a path to the internet. Every routing change in a plan must trace " +
					"back to an approved change; a new default route (0.0.0.0/0 or ::/0) needs an explicit, address-level approval. " +
					"Advisory by default: the approval marker is an organisation's convention, and until the pipeline tags changes " +
					"with their ticket the rule flags every route a plan creates, most of them the very change the review approves; " +
					"set enforcement soft or hard for CFG-R01 in .commshield.yaml once tickets are tagged.",
				Remediation: "Tag the route table or route resource with the change ticket (approval_tag), or list the address in " +
					"approved_addresses. Default routes are approved only through approved_addresses. A route changed outside " +
					"Terraform (drift) fails whatever the approval: find out who changed it before applying.",
				RemediationHCL: `resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
  tags = {
    change-ticket = "CHG-12345"
  }
}`,
				Params:             approvalParams,
				DefaultEnforcement: EnforcementAdvisory,
			},
			CheckResource: checkRoutingChange,
		},
		{
			Metadata: Metadata{
				ID:                  "CFG-R02",
				Title:               "Access-list and identity changes are approved",
				Severity:            SeverityMedium,
				Kind:                KindDiff,
				Controls:            []string{"CFG-01", "NET-15"},
				SecurityHubControls: []string{"CloudWatch.4", "CloudWatch.10", "CloudWatch.11"},
				ResourceTypes:       aclIdentityTypes,
				Rationale: "Adding a user, a policy or a firewall opening is how intruders kept access. The guidance asks that such " +
					"changes be investigated unless change management explains them; the plan is the last point to ask before they happen. " +
					"Advisory by default: without a change-ticket tag the rule flags every security group, ACL and IAM resource a " +
					"plan creates, which is a prompt for the reviewer rather than a defect; set enforcement soft or hard for CFG-R02 " +
					"in .commshield.yaml once the pipeline tags changes with their ticket.",
				Remediation: "Tag the changed security group, network ACL or IAM resource with the change ticket (approval_tag), or list " +
					"its address in approved_addresses. Rules or trust policies changed outside Terraform (drift) fail whatever the " +
					"approval: find out who changed them before applying.",
				RemediationHCL: `resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = aws_vpc.main.id
  tags = {
    change-ticket = "CHG-12345"
  }
}`,
				Params:             approvalParams,
				DefaultEnforcement: EnforcementAdvisory,
			},
			CheckResource: checkACLIdentityChange,
		},
		{
			Metadata: Metadata{
				ID:            "CFG-R04",
				Title:         "Plan does not open plaintext ports or weaken TLS",
				Severity:      SeverityHigh,
				Kind:          KindDiff,
				Controls:      []string{"CFG-01", "VUL-01", "CRY-05"},
				ResourceTypes: weakeningTypes,
				Rationale: "Switching weak protocols back on is one of the unauthorized changes the guidance names. Comparing before and " +
					"after catches a security group that newly exposes Telnet or FTP to the internet, a listener moved to an older TLS " +
					"policy, or FTP added to a Transfer server, before apply.",
				Remediation: "Keep the stronger setting; if the change is really needed, approve it with an expiring waiver naming the ticket.",
				RemediationHCL: `resource "aws_lb_listener" "https" {
  # …
  ssl_policy = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" # do not move to an older policy
}`,
				Params: []Param{{
					Name:        "plaintext_ports",
					Description: "plaintext protocol ports (tcp:PORT, udp:FROM-TO) that must not be newly opened to the internet",
					Default:     defaultPlaintextPorts(),
					Check:       checkPortRanges,
				}},
			},
			CheckResource: checkWeakeningChange,
		},
		{
			Metadata: Metadata{
				ID:             "CFG-R05",
				Title:          "AWS Config rules watch the baseline, with automatic remediation",
				Severity:       SeverityMedium,
				Kind:           KindAccount,
				Controls:       []string{"CFG-03", "CFG-04", "CFG-05"},
				AWSConfigRules: []string{"cloudformation-stack-drift-detection-check"},
				ResourceTypes:  []string{"aws_config_config_rule", "aws_config_conformance_pack", "aws_config_organization_conformance_pack", "aws_config_remediation_configuration"},
				Rationale: "Between plans, configuration is watched only if Config rules evaluate it; automatic remediation re-applies " +
					"the intended setting, which is the monitor-and-override cycle the guidance recommends.",
				Remediation: "Deploy the managed rules in required_config_rules (individually or in a conformance pack) and automatic " +
					"remediation for those in remediated_config_rules. If a central workspace deploys them, declare the baseline " +
					"\"config_rules\" provided elsewhere.",
				RemediationHCL: `resource "aws_config_config_rule" "flow_logs" {
  name = "vpc-flow-logs-enabled"
  source {
    owner             = "AWS"
    source_identifier = "VPC_FLOW_LOGS_ENABLED"
  }
}`,
				Params: []Param{
					{
						Name:        "required_config_rules",
						Description: "source identifiers of AWS managed Config rules that must be deployed",
						Default:     []string{"CLOUD_TRAIL_ENABLED", "VPC_FLOW_LOGS_ENABLED", "RESTRICTED_INCOMING_TRAFFIC", "INCOMING_SSH_DISABLED", "S3_BUCKET_PUBLIC_READ_PROHIBITED"},
					},
					{
						Name:        "remediated_config_rules",
						Description: "source identifiers whose rules must have an automatic aws_config_remediation_configuration",
						Default:     []string{},
					},
				},
			},
			CheckPlan: checkConfigRules,
		},
		{
			Metadata: Metadata{
				ID:                  "CFG-R06",
				Title:               "State Manager association re-applies on a schedule",
				Severity:            SeverityLow,
				Kind:                KindResource,
				Controls:            []string{"CFG-02", "CFG-03"},
				AWSConfigRules:      []string{"ec2-managedinstance-association-compliance-status-check"},
				SecurityHubControls: []string{"SSM.3"},
				ResourceTypes:       []string{"aws_ssm_association"},
				Rationale: "A desired-state association that runs once drifts silently afterwards; a schedule re-applies the " +
					"central configuration to the instances, overriding local edits.",
				Remediation: "Set schedule_expression (e.g. rate(30 minutes) or a cron expression).",
				RemediationHCL: `resource "aws_ssm_association" "baseline" {
  name                = aws_ssm_document.baseline.name
  schedule_expression = "rate(30 minutes)"
  targets {
    key    = "tag:role"
    values = ["router"]
  }
}`,
			},
			CheckResource: checkAssociationSchedule,
		},
		{
			Metadata: Metadata{
				ID:            "CFG-R07",
				Title:         "An attached SCP protects the logging baseline",
				Severity:      SeverityHigh,
				Kind:          KindAccount,
				Controls:      []string{"CFG-04", "LOG-05"},
				ResourceTypes: []string{"aws_organizations_policy", "aws_organizations_policy_attachment"},
				Rationale: "A stolen administrator credential in a member account can stop trails and delete detectors. A service control " +
					"policy that denies those calls enforces the logging baseline from outside the account.",
				Remediation: "Attach a SERVICE_CONTROL_POLICY that denies the actions in protected_actions (optionally excepting a " +
					"break-glass role by condition). If the organization's management workspace owns SCPs, declare the baseline " +
					"\"scp\" provided elsewhere.",
				RemediationHCL: `resource "aws_organizations_policy" "protect_logging" {
  name = "protect-logging"
  type = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Deny"
      Action   = ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "guardduty:DeleteDetector", "config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder", "ec2:DeleteFlowLogs", "logs:DeleteLogGroup"]
      Resource = "*"
    }]
  })
}

resource "aws_organizations_policy_attachment" "protect_logging" {
  policy_id = aws_organizations_policy.protect_logging.id
  target_id = "r-examplerootid"
}`,
				Params: []Param{{
					Name:        "protected_actions",
					Description: "API actions an attached SCP must deny",
					Default: []string{"cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "guardduty:DeleteDetector",
						"config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder", "ec2:DeleteFlowLogs", "logs:DeleteLogGroup"},
				}},
			},
			CheckPlan: checkLoggingSCP,
		},
		{
			Metadata: Metadata{
				ID:            "CFG-R08",
				Title:         "A declarative policy pins the EC2 baseline",
				Severity:      SeverityMedium,
				Kind:          KindAccount,
				Controls:      []string{"CFG-04", "NET-02"},
				ResourceTypes: []string{"aws_organizations_policy", "aws_organizations_policy_attachment"},
				Rationale: "Declarative policies hold account settings such as VPC and image block-public-access, IMDS defaults and " +
					"serial-console access at the organization level, so no account can drift from them.",
				Remediation: "Attach a DECLARATIVE_POLICY_EC2 that sets the attributes in declarative_ec2_attributes, or declare the " +
					"baseline \"declarative_policy\" provided elsewhere.",
				RemediationHCL: `resource "aws_organizations_policy" "ec2_baseline" {
  name = "ec2-baseline"
  type = "DECLARATIVE_POLICY_EC2"
  content = jsonencode({
    ec2_attributes = {
      vpc_block_public_access   = { internet_gateway_block = { mode = { "@@assign" = "block_ingress" } } }
      image_block_public_access = { state = { "@@assign" = "block_new_sharing" } }
      instance_metadata_defaults = { http_tokens = { "@@assign" = "required" } }
      serial_console_access     = { status = { "@@assign" = "disabled" } }
    }
  })
}

resource "aws_organizations_policy_attachment" "ec2_baseline" {
  policy_id = aws_organizations_policy.ec2_baseline.id
  target_id = "r-examplerootid"
}`,
				Params: []Param{{
					Name:        "declarative_ec2_attributes",
					Description: "ec2_attributes keys the attached declarative policy must set",
					Default:     []string{"vpc_block_public_access", "image_block_public_access", "instance_metadata_defaults", "serial_console_access"},
				}},
			},
			CheckPlan: checkDeclarativePolicy,
		},
		{
			Metadata: Metadata{
				ID:                  "CFG-R09",
				Title:               "Configuration and state buckets are TLS-only, KMS-encrypted and versioned",
				Severity:            SeverityHigh,
				Kind:                KindCross,
				Controls:            []string{"CFG-06"},
				AWSConfigRules:      []string{"s3-bucket-ssl-requests-only", "s3-default-encryption-kms", "s3-bucket-versioning-enabled"},
				SecurityHubControls: []string{"S3.5", "S3.17", "S3.14"},
				ResourceTypes:       []string{"aws_s3_bucket"},
				Rationale: "Configuration snapshots and Terraform state describe the whole network and often hold secrets. They must " +
					"travel only over TLS, rest under a customer key, and keep earlier versions to recover from tampering.",
				Remediation: "For the Config delivery bucket and buckets tagged in config_store_tags: a TLS-only bucket policy, " +
					"SSE-KMS default encryption and versioning Enabled.",
				RemediationHCL: `resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.state.arn
    }
  }
}`,
				Params: []Param{{
					Name:        "config_store_tags",
					Description: "tags (key or key=value) marking buckets that hold configurations or Terraform state",
					Default:     []string{"purpose=config|terraform-state|config-backup"},
				}},
			},
			CheckResource: checkConfigStoreBucket,
		},
		{
			Metadata: Metadata{
				ID:                  "CFG-R10",
				Title:               "Pipelines encrypt artifacts and keep credentials out of plaintext variables",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"CFG-06", "IAM-04"},
				AWSConfigRules:      []string{"codebuild-project-envvar-awscred-check", "codebuild-project-artifact-encryption"},
				SecurityHubControls: []string{"CodeBuild.2"},
				ResourceTypes:       []string{"aws_codepipeline", "aws_codebuild_project"},
				Rationale: "Deployment pipelines carry configurations to the network. Artifacts without a customer key, or credentials " +
					"in plaintext build variables, expose them to anyone who can read the pipeline.",
				Remediation: "Give each artifact_store an encryption_key, and pass secrets to CodeBuild as PARAMETER_STORE or SECRETS_MANAGER variables.",
				RemediationHCL: `resource "aws_codebuild_project" "deploy" {
  # …
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
    environment_variable {
      name  = "DB_PASSWORD"
      type  = "SECRETS_MANAGER"
      value = "prod/db:password"
    }
  }
}`,
			},
			CheckResource: checkPipelineSecrets,
		},
		{
			Metadata: Metadata{
				ID:                  "CFG-R11",
				Title:               "Transfer Family server does not offer FTP",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"CFG-06", "VUL-01"},
				AWSConfigRules:      []string{"transfer-family-server-no-ftp"},
				SecurityHubControls: []string{"Transfer.2"},
				ResourceTypes:       []string{"aws_transfer_server"},
				Rationale:           "FTP sends credentials and files in clear; the guidance forbids moving configurations over it.",
				Remediation:         "Offer SFTP (or FTPS) only.",
				RemediationHCL: `resource "aws_transfer_server" "configs" {
  protocols = ["SFTP"]
  # …
}`,
			},
			CheckResource: checkTransferNoFTP,
		},
	}
}

var routingTypes = []string{
	"aws_ec2_transit_gateway_route",
	"aws_ec2_transit_gateway_route_table_propagation",
	"aws_route",
	"aws_route_table",
	"aws_vpn_connection_route",
	"aws_vpn_gateway_route_propagation",
}

var aclIdentityTypes = []string{
	"aws_default_network_acl",
	"aws_default_security_group",
	"aws_iam_access_key",
	"aws_iam_group_membership",
	"aws_iam_group_policy",
	"aws_iam_group_policy_attachment",
	"aws_iam_policy",
	"aws_iam_policy_attachment",
	"aws_iam_role",
	"aws_iam_role_policy",
	"aws_iam_role_policy_attachment",
	"aws_iam_user",
	"aws_iam_user_group_membership",
	"aws_iam_user_login_profile",
	"aws_iam_user_policy",
	"aws_iam_user_policy_attachment",
	"aws_network_acl",
	"aws_network_acl_rule",
	"aws_security_group",
	"aws_security_group_rule",
	"aws_vpc_security_group_egress_rule",
	"aws_vpc_security_group_ingress_rule",
}

var weakeningTypes = []string{
	"aws_cloudfront_distribution",
	"aws_lb_listener",
	"aws_network_acl",
	"aws_network_acl_rule",
	"aws_security_group",
	"aws_security_group_rule",
	"aws_transfer_server",
	"aws_vpc_security_group_ingress_rule",
}

// changeVerb describes what the plan does to r.
func changeVerb(r *plan.Resource) string {
	switch r.Action {
	case plan.ActionCreate:
		return "creates"
	case plan.ActionDelete:
		return "deletes"
	case plan.ActionReplace:
		return "replaces"
	case plan.ActionForget:
		return "forgets"
	}
	return "updates"
}

// judgeApproval is the shared verdict of the approval rules on a changed
// resource.
func judgeApproval(ev *Evaluation, r *plan.Resource, what string) Finding {
	if how, ok := approval(ev, r); ok {
		return Pass(r, "the plan %s this %s; approved by %s", changeVerb(r), what, how)
	}
	return Fail(r, "", "the plan %s this %s without approval: tag it %s = <ticket> or list the address in approved_addresses",
		changeVerb(r), what, ev.String("approval_tag"))
}

func checkRoutingChange(ev *Evaluation, r *plan.Resource) []Finding {
	if f, ok := outOfBandFinding(r); ok {
		return []Finding{f}
	}
	if !r.Changes() {
		return []Finding{NotApplicable(r, "the plan does not change this routing resource")}
	}
	if !r.Deleted() {
		if dest := newDefaultRoutes(r); len(dest) > 0 {
			for _, pattern := range ev.Strings("approved_addresses") {
				if addressMatches(pattern, r.Address) {
					return []Finding{Pass(r, "the plan %s a default route (%s); approved through approved_addresses (%s)", changeVerb(r), strings.Join(dest, ", "), pattern)}
				}
			}
			return []Finding{Fail(r, "route", "the plan %s a default route (%s): traffic for any destination takes this path; approve the address in approved_addresses",
				changeVerb(r), strings.Join(dest, ", "))}
		}
	}
	return []Finding{judgeApproval(ev, r, "routing resource")}
}

// newDefaultRoutes returns the default-route destinations that r has after
// the plan and did not have before.
func newDefaultRoutes(r *plan.Resource) []string {
	before, after := defaultRoutes(r, r.Before()), defaultRoutes(r, r.After())
	var out []string
	for _, d := range after {
		if !slices.Contains(before, d) {
			out = append(out, d)
		}
	}
	return out
}

func defaultRoutes(r *plan.Resource, v cty.Value) []string {
	if StateOf(v) == Null {
		return nil
	}
	var routes []cty.Value
	switch r.Type {
	case "aws_route_table":
		routes = Elements(At(v, "route"))
	case "aws_route", "aws_ec2_transit_gateway_route":
		routes = []cty.Value{v}
	}
	var out []string
	for _, route := range routes {
		for _, attr := range []string{"cidr_block", "destination_cidr_block", "destination_ipv6_cidr_block", "ipv6_cidr_block"} {
			if c, st := String(At(route, attr)); st == Known && IsInternetCIDR(c) && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

func checkACLIdentityChange(ev *Evaluation, r *plan.Resource) []Finding {
	if f, ok := outOfBandFinding(r); ok {
		return []Finding{f}
	}
	if !r.Changes() {
		return []Finding{NotApplicable(r, "the plan does not change this resource")}
	}
	if r.Type == "aws_iam_role" && r.Action == plan.ActionUpdate {
		before, _ := String(At(r.Before(), "assume_role_policy"))
		after, st := String(At(r.After(), "assume_role_policy"))
		if st == Known && normalizedJSON(before) == normalizedJSON(after) {
			return []Finding{NotApplicable(r, "the update does not change who may assume the role")}
		}
	}
	what := "access-list resource"
	if strings.HasPrefix(r.Type, "aws_iam_") {
		what = "identity resource"
	}
	return []Finding{judgeApproval(ev, r, what)}
}

// driftAttributes are, per type, the attributes whose change outside
// Terraform (resource_drift) is an unauthorized routing, access-list or
// identity change in the sense of the guidance.
var driftAttributes = map[string][]string{
	"aws_route_table":                     {"route"},
	"aws_route":                           {"destination_cidr_block", "destination_ipv6_cidr_block", "gateway_id", "nat_gateway_id", "transit_gateway_id", "network_interface_id", "vpc_peering_connection_id"},
	"aws_ec2_transit_gateway_route":       {"destination_cidr_block", "transit_gateway_attachment_id", "blackhole"},
	"aws_security_group":                  {"ingress", "egress"},
	"aws_default_security_group":          {"ingress", "egress"},
	"aws_security_group_rule":             {"type", "protocol", "from_port", "to_port", "cidr_blocks", "ipv6_cidr_blocks", "source_security_group_id", "prefix_list_ids"},
	"aws_vpc_security_group_ingress_rule": {"ip_protocol", "from_port", "to_port", "cidr_ipv4", "cidr_ipv6", "referenced_security_group_id", "prefix_list_id"},
	"aws_vpc_security_group_egress_rule":  {"ip_protocol", "from_port", "to_port", "cidr_ipv4", "cidr_ipv6", "referenced_security_group_id", "prefix_list_id"},
	"aws_network_acl":                     {"ingress", "egress"},
	"aws_default_network_acl":             {"ingress", "egress"},
	"aws_network_acl_rule":                {"rule_action", "protocol", "from_port", "to_port", "cidr_block", "ipv6_cidr_block", "egress"},
	"aws_iam_policy":                      {"policy"},
	"aws_iam_role_policy":                 {"policy"},
	"aws_iam_group_policy":                {"policy"},
	"aws_iam_user_policy":                 {"policy"},
	"aws_iam_role":                        {"assume_role_policy"},
}

// outOfBandFinding fails a resource whose security-relevant attributes
// were changed outside Terraform: the guidance asks to investigate exactly
// such changes, whatever the plan then does about them. Attributes the
// configuration does not set inline are skipped, because separate rule or
// route resources show up there as drift of the parent.
func outOfBandFinding(r *plan.Resource) (Finding, bool) {
	d := r.Drift()
	if d == nil || StateOf(d.Before) == Null || StateOf(d.After) == Null {
		return Finding{}, false
	}
	for _, attr := range driftAttributes[r.Type] {
		if !configSets(r, attr) {
			continue
		}
		if canonical(attr, At(d.Before, attr)) != canonical(attr, At(d.After, attr)) {
			return Fail(r, attr, "%s was changed outside Terraform (the refresh found it different from the last apply): investigate who changed it and why", attr), true
		}
	}
	return Finding{}, false
}

// canonical renders a value so that representations AWS considers equal
// compare equal: collections are order-insensitive, JSON documents are
// re-serialised, protocol names and numbers agree, and unset, empty, zero
// and false all read as absent.
func canonical(key string, v cty.Value) string {
	inner, _ := v.UnmarkDeep()
	if !inner.IsKnown() {
		return "?"
	}
	if inner.IsNull() {
		return ""
	}
	ty := inner.Type()
	switch {
	case ty.IsObjectType() || ty.IsMapType():
		var parts []string
		for it := inner.ElementIterator(); it.Next(); {
			k, e := it.Element()
			if c := canonical(k.AsString(), e); c != "" {
				parts = append(parts, k.AsString()+"="+c)
			}
		}
		sort.Strings(parts)
		return "{" + strings.Join(parts, ",") + "}"
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		var parts []string
		for it := inner.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if c := canonical(key, e); c != "" {
				parts = append(parts, c)
			}
		}
		sort.Strings(parts)
		return "[" + strings.Join(parts, ",") + "]"
	}
	s, _ := String(inner)
	switch {
	case s == "0" || s == "false":
		return ""
	case key == "protocol" || key == "ip_protocol":
		return normaliseProtocol(s)
	case strings.HasPrefix(strings.TrimSpace(s), "{"):
		var doc any
		if json.Unmarshal([]byte(s), &doc) == nil {
			if b, err := json.Marshal(doc); err == nil {
				return string(b)
			}
		}
	}
	return s
}

var jsonSpace = regexp.MustCompile(`\s+`)

func normalizedJSON(s string) string { return jsonSpace.ReplaceAllString(s, "") }

// ---- CFG-R04: weakening updates ----

func checkWeakeningChange(ev *Evaluation, r *plan.Resource) []Finding {
	if r.Deleted() || (r.Action != plan.ActionUpdate && r.Action != plan.ActionReplace && r.Action != plan.ActionCreate) {
		return []Finding{NotApplicable(r, "the plan does not create or modify this resource")}
	}
	before, after := r.Before(), r.After()
	switch r.Type {
	case "aws_lb_listener", "aws_cloudfront_distribution":
		return judgeTLSDowngrade(r, before, after)
	case "aws_transfer_server":
		was, _ := Strings(At(before, "protocols"))
		now, st := Strings(At(after, "protocols"))
		if st == AfterApply {
			return []Finding{Undecidable(r, "protocols", "protocols are known only after apply")}
		}
		if containsFold(now, "FTP") && !containsFold(was, "FTP") {
			return []Finding{Fail(r, "protocols", "the plan adds plaintext FTP to the server's protocols")}
		}
		return []Finding{Pass(r, "no plaintext protocol added")}
	}
	plain, err := ParsePortRanges(ev.Strings("plaintext_ports"))
	if err != nil {
		return []Finding{Undecidable(r, "", "plaintext_ports parameter: %v", err)}
	}
	var wasOpen []PortRange
	if r.Action != plan.ActionCreate {
		wasOpen, _ = internetExposure(r.Type, before, plain)
	}
	nowOpen, unknown := internetExposure(r.Type, after, plain)
	var added []string
	for _, p := range nowOpen {
		if !slices.Contains(wasOpen, p) {
			added = append(added, p.String())
		}
	}
	switch {
	case len(added) > 0:
		return []Finding{Fail(r, "", "the plan opens internet access to plaintext port(s) %s", strings.Join(added, ", "))}
	case unknown != "":
		return []Finding{Undecidable(r, unknown, "%s is known only after apply; the change may open a plaintext port to the internet", unknown)}
	}
	return []Finding{Pass(r, "no plaintext port newly opened to the internet")}
}

// internetExposure lists the plaintext port ranges that the ingress rules
// held in value v of a security-group or network-ACL resource open to
// 0.0.0.0/0 or ::/0, and the first unknown field.
func internetExposure(typ string, v cty.Value, plain []PortRange) ([]PortRange, string) {
	if StateOf(v) == Null {
		return nil, ""
	}
	var rules []SGRule
	switch typ {
	case "aws_security_group":
		for i, b := range Elements(At(v, "ingress")) {
			rules = append(rules, classicRule(b, AttrPath("ingress", i), true))
		}
	case "aws_security_group_rule":
		if t, _ := String(At(v, "type")); t == "ingress" {
			rules = append(rules, classicRule(v, "", true))
		}
	case "aws_vpc_security_group_ingress_rule":
		rule := SGRule{Ingress: true}
		proto, st := String(At(v, "ip_protocol"))
		if st == AfterApply {
			rule.noteUnknown("ip_protocol")
		}
		rule.Protocol = normaliseProtocol(proto)
		rule.FromPort, rule.ToPort = ports(&rule, At(v, "from_port"), At(v, "to_port"), "from_port", "to_port")
		for _, field := range []string{"cidr_ipv4", "cidr_ipv6"} {
			if c, st := String(At(v, field)); st == Known {
				rule.CIDRs = append(rule.CIDRs, c)
			} else if st == AfterApply {
				rule.noteUnknown(field)
			}
		}
		rules = append(rules, rule)
	case "aws_network_acl":
		for i, b := range Elements(At(v, "ingress")) {
			rules = append(rules, naclRule(b, AttrPath("ingress", i)))
		}
	case "aws_network_acl_rule":
		if egress, _ := Bool(At(v, "egress")); !egress {
			rules = append(rules, naclRule(v, ""))
		}
	}
	var out []PortRange
	unknown := ""
	for _, rule := range rules {
		if rule.UnknownField != "" && unknown == "" {
			unknown = rule.UnknownField
		}
		if len(rule.OpenToInternet()) == 0 {
			continue
		}
		for _, p := range rule.Exposes(plain) {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out, unknown
}

// naclRule reads an allowing network-ACL entry as an SGRule; deny entries
// open nothing and yield an empty rule.
func naclRule(v cty.Value, attr string) SGRule {
	rule := SGRule{Attribute: attr, Ingress: true}
	action, _ := String(At(v, "action"))
	if action == "" {
		action, _ = String(At(v, "rule_action"))
	}
	if !strings.EqualFold(action, "allow") {
		return rule
	}
	proto, st := String(At(v, "protocol"))
	if st == AfterApply {
		rule.noteUnknown(joinField(attr, "protocol"))
	}
	rule.Protocol = normaliseProtocol(proto)
	rule.FromPort, rule.ToPort = ports(&rule, At(v, "from_port"), At(v, "to_port"), joinField(attr, "from_port"), joinField(attr, "to_port"))
	for _, field := range []string{"cidr_block", "ipv6_cidr_block"} {
		if c, st := String(At(v, field)); st == Known && c != "" {
			rule.CIDRs = append(rule.CIDRs, c)
		}
	}
	return rule
}

// judgeTLSDowngrade compares the TLS policy before and after.
func judgeTLSDowngrade(r *plan.Resource, before, after cty.Value) []Finding {
	catalog, err := TLSPolicies()
	if err != nil {
		return []Finding{Undecidable(r, "", "TLS policy catalog: %v", err)}
	}
	service, attr, path := "elbv2", "ssl_policy", []any{"ssl_policy"}
	if r.Type == "aws_cloudfront_distribution" {
		service, attr, path = "cloudfront", "viewer_certificate[0].minimum_protocol_version", []any{"viewer_certificate", 0, "minimum_protocol_version"}
	}
	if r.Type == "aws_lb_listener" {
		proto, _ := String(At(after, "protocol"))
		if proto != "HTTPS" && proto != "TLS" {
			if was, _ := String(At(before, "protocol")); was == "HTTPS" || was == "TLS" {
				return []Finding{Fail(r, "protocol", "the plan changes the listener from %s to %s: TLS is dropped", was, displayOr(proto, "unset"))}
			}
			return []Finding{NotApplicable(r, "not a TLS listener")}
		}
	}
	was, wst := String(At(before, path...))
	if r.Action == plan.ActionCreate || wst != Known || was == "" {
		return []Finding{NotApplicable(r, "no previous TLS policy to compare with (CRY rules judge the policy itself)")}
	}
	now, st := String(At(after, path...))
	if st == AfterApply {
		return []Finding{Undecidable(r, attr, "%s is known only after apply", attr)}
	}
	if now == "" {
		now = catalog.Services[service].DefaultPolicy
	}
	oldPolicy, okOld := catalog.Lookup(service, was)
	newPolicy, okNew := catalog.Lookup(service, now)
	switch {
	case was == now:
		return []Finding{Pass(r, "TLS policy unchanged (%s)", now)}
	case !okOld || !okNew:
		return []Finding{Pass(r, "TLS policy changes from %s to %s; at least one is not in the catalog, so no downgrade is claimed", was, now)}
	case TLSLevelRank(newPolicy.Level) < TLSLevelRank(oldPolicy.Level) || tlsVersionLower(newPolicy.MinTLS, oldPolicy.MinTLS):
		return []Finding{Fail(r, attr, "the plan downgrades the TLS policy from %s (%s, TLS %s+) to %s (%s, TLS %s+)",
			was, oldPolicy.Level, oldPolicy.MinTLS, now, newPolicy.Level, newPolicy.MinTLS)}
	}
	return []Finding{Pass(r, "TLS policy changes from %s to %s, not weaker", was, now)}
}

func tlsVersionLower(a, b string) bool { return a != "" && b != "" && a < b }

// ---- Account-level configuration management ----

func checkConfigRules(ev *Evaluation) []Finding {
	if f, ok := baselineElsewhere(ev, "config_rules"); ok {
		return f
	}
	deployed := map[string]string{}
	for _, rule := range liveResources(ev.Plan, "aws_config_config_rule") {
		for _, src := range Elements(At(rule.Value(), "source")) {
			if id, st := String(At(src, "source_identifier")); st == Known {
				deployed[id] = rule.Address
			}
		}
	}
	var packs []string
	for _, typ := range []string{"aws_config_conformance_pack", "aws_config_organization_conformance_pack"} {
		for _, p := range liveResources(ev.Plan, typ) {
			body, _ := String(At(p.Value(), "template_body"))
			packs = append(packs, body)
			for _, want := range ev.Strings("required_config_rules") {
				if strings.Contains(body, want) {
					deployed[want] = p.Address
				}
			}
		}
	}
	var missing []string
	for _, want := range ev.Strings("required_config_rules") {
		if deployed[want] == "" {
			missing = append(missing, want)
		}
	}
	remediated := map[string]bool{}
	for _, rem := range liveResources(ev.Plan, "aws_config_remediation_configuration") {
		auto, _ := Bool(At(rem.Value(), "automatic"))
		if !auto {
			continue
		}
		for _, want := range ev.Strings("remediated_config_rules") {
			if rule := deployed[want]; rule != "" {
				if target := ev.Plan.Lookup(rule); target != nil {
					if _, _, ok := hasReferrer(ev, target, "aws_config_remediation_configuration", "config_rule_name"); ok {
						remediated[want] = true
					}
				}
			}
		}
	}
	var unremediated []string
	for _, want := range ev.Strings("remediated_config_rules") {
		if !remediated[want] {
			unremediated = append(unremediated, want)
		}
	}
	switch {
	case len(missing) > 0:
		return []Finding{planFinding(StatusFail, "AWS Config rules not deployed: %s", strings.Join(missing, ", "))}
	case len(unremediated) > 0:
		return []Finding{planFinding(StatusFail, "no automatic remediation for: %s", strings.Join(unremediated, ", "))}
	}
	return []Finding{planFinding(StatusPass, "the required AWS Config rules are deployed (%d conformance pack(s))", len(packs))}
}

func checkAssociationSchedule(ev *Evaluation, r *plan.Resource) []Finding {
	set, st, _ := argumentSet(ev, r, "schedule_expression")
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, "schedule_expression", "schedule_expression is known only after apply")}
	case !set:
		return []Finding{Fail(r, "schedule_expression", "no schedule_expression: the desired state is applied once and then left to drift")}
	}
	expr, _ := String(At(r.Value(), "schedule_expression"))
	return []Finding{Pass(r, "re-applied on schedule %s", displayOr(expr, "(set)"))}
}

// attachedPolicies returns the organization policies of type typ that an
// aws_organizations_policy_attachment of this plan attaches.
func attachedPolicies(ev *Evaluation, typ string) (attached []*plan.Resource, unattached []string, undetermined *Finding) {
	for _, p := range liveResources(ev.Plan, "aws_organizations_policy") {
		t, st := String(At(p.Value(), "type"))
		if st == Null {
			t = "SERVICE_CONTROL_POLICY"
		}
		if t != typ {
			continue
		}
		refs := ev.Plan.ReferrersOf(p, "aws_organizations_policy_attachment", "policy_id")
		switch {
		case len(refs.Matched) > 0:
			attached = append(attached, p)
		case len(refs.Undetermined) > 0 && undetermined == nil:
			u := Undecidable(refs.Undetermined[0], "policy_id", "%s may attach %s, but its policy_id is known only after apply", refs.Undetermined[0].Address, p.Address)
			u.Address = ""
			undetermined = &u
		default:
			unattached = append(unattached, p.Address)
		}
	}
	return attached, unattached, undetermined
}

// policiesDenying maps each of actions to the address of the first policy
// whose content (an IAM policy document) has a statement that counts and
// matches the action; a content known only after apply is an undecidable.
// The SCP rule and the commshield_guardrail_policy adapter share it.
func policiesDenying(ev *Evaluation, policies []*plan.Resource, actions []string, counts func(PolicyStatement) bool) (map[string]string, *Finding) {
	denied := map[string]string{}
	for _, p := range policies {
		in := PolicyFrom(ev, p, "content")
		if in.Unknown != nil {
			return nil, &Finding{Status: StatusUndecidable, Attribute: "content", Unknown: in.Unknown,
				Message: fmt.Sprintf("the content of %s is known only after apply", p.Address)}
		}
		if in.Doc == nil {
			continue
		}
		for _, st := range in.Doc.Statements {
			if !counts(st) {
				continue
			}
			for _, action := range actions {
				if _, ok := AnyActionMatches(st.Actions, action); ok {
					if _, seen := denied[action]; !seen {
						denied[action] = p.Address
					}
				}
			}
		}
	}
	return denied, nil
}

func checkLoggingSCP(ev *Evaluation) []Finding {
	if f, ok := baselineElsewhere(ev, "scp"); ok {
		return f
	}
	attached, unattached, undetermined := attachedPolicies(ev, "SERVICE_CONTROL_POLICY")
	want := ev.Strings("protected_actions")
	denied, unknown := policiesDenying(ev, attached, want, PolicyStatement.IsDeny)
	if unknown != nil {
		return []Finding{*unknown}
	}
	var missing []string
	for _, action := range want {
		if denied[action] == "" {
			missing = append(missing, action)
		}
	}
	switch {
	case len(missing) == 0:
		return []Finding{planFinding(StatusPass, "attached SCPs deny %s", strings.Join(want, ", "))}
	case undetermined != nil:
		return []Finding{*undetermined}
	}
	msg := fmt.Sprintf("no attached service control policy denies %s", strings.Join(missing, ", "))
	if len(unattached) > 0 {
		msg += fmt.Sprintf(" (%s not attached by any aws_organizations_policy_attachment of this plan)", strings.Join(unattached, ", "))
	}
	return []Finding{planFinding(StatusFail, "%s", msg)}
}

func checkDeclarativePolicy(ev *Evaluation) []Finding {
	if f, ok := baselineElsewhere(ev, "declarative_policy"); ok {
		return f
	}
	attached, unattached, undetermined := attachedPolicies(ev, "DECLARATIVE_POLICY_EC2")
	want := ev.Strings("declarative_ec2_attributes")
	set := map[string]bool{}
	for _, p := range attached {
		doc, st, err := jsonDocument(At(p.Value(), "content"))
		switch {
		case st == AfterApply:
			f := Undecidable(p, "content", "the content of %s is known only after apply", p.Address)
			f.Address = ""
			return []Finding{f}
		case err != nil || doc == nil:
			continue
		}
		attrs, _ := doc["ec2_attributes"].(map[string]any)
		for k := range attrs {
			set[k] = true
		}
	}
	var missing []string
	for _, w := range want {
		if !set[w] {
			missing = append(missing, w)
		}
	}
	switch {
	case len(missing) == 0:
		return []Finding{planFinding(StatusPass, "an attached declarative policy sets %s", strings.Join(want, ", "))}
	case undetermined != nil:
		return []Finding{*undetermined}
	}
	msg := fmt.Sprintf("no attached DECLARATIVE_POLICY_EC2 sets %s", strings.Join(missing, ", "))
	if len(unattached) > 0 {
		msg += fmt.Sprintf(" (%s not attached in this plan)", strings.Join(unattached, ", "))
	}
	return []Finding{planFinding(StatusFail, "%s", msg)}
}

func checkConfigStoreBucket(ev *Evaluation, bucket *plan.Resource) []Finding {
	var why string
	var chain []plan.Step
	if from, c, ok := hasReferrer(ev, bucket, "aws_config_delivery_channel", "s3_bucket_name"); ok {
		why, chain = fmt.Sprintf("%s delivers configuration snapshots to it", from.Address), c
	} else if ok, _ := anyTagMatches(bucket, ev.Strings("config_store_tags")); ok {
		why = "tagged as a configuration/state store"
	} else {
		return []Finding{NotApplicable(bucket, "not a configuration or state bucket (no Config delivery channel writes to it, no config_store_tags tag)")}
	}
	tls := judgeTLSOnlyPolicy(ev, bucket)
	versioning := judgeBucketVersioning(ev, bucket)
	sse := judgeBucketKMS(ev, bucket)
	v := combine(tls, sse, versioning)
	if v.status == StatusPass {
		v.msg = "TLS-only, SSE-KMS and versioned"
	}
	v.msg = fmt.Sprintf("configuration store (%s): %s", why, v.msg)
	v.chain = append(chain, v.chain...)
	return []Finding{v.finding(bucket)}
}

// judgeBucketKMS judges default encryption with a KMS key.
func judgeBucketKMS(ev *Evaluation, bucket *plan.Resource) verdictWithChain {
	kms := func(rules cty.Value, attr string) verdict {
		if wholeUnknown(rules) {
			return pending(attr, "default encryption is known only after apply")
		}
		// S3 keeps a single default-encryption rule; the first one decides.
		ruleList := Elements(rules)
		if len(ruleList) == 0 {
			return failed(attr, "no default encryption rule")
		}
		alg, st := String(At(ruleList[0], "apply_server_side_encryption_by_default", 0, "sse_algorithm"))
		if st == AfterApply {
			return pending(attr, "sse_algorithm is known only after apply")
		}
		if strings.HasPrefix(alg, "aws:kms") {
			return passed("default encryption uses %s", alg)
		}
		return failed(attr, "default encryption uses %s, not a KMS key", displayOr(alg, "unset"))
	}
	if legacy, ok := inlineBlock(bucket, "server_side_encryption_configuration"); ok {
		if v := kms(At(legacy, "rule"), "server_side_encryption_configuration[0].rule"); v.status == StatusPass {
			return verdictWithChain{verdict: v}
		}
	}
	return bucketCompanion(ev, bucket, "aws_s3_bucket_server_side_encryption_configuration", func(c *plan.Resource) verdict {
		return kms(At(c.Value(), "rule"), "rule")
	}, "no aws_s3_bucket_server_side_encryption_configuration sets SSE-KMS (the default is SSE-S3)")
}

// credentialName matches variable names that hold credentials.
var credentialName = regexp.MustCompile(`(?i)(^AWS_ACCESS_KEY_ID$|^AWS_SECRET_ACCESS_KEY$|SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE_KEY|API_KEY)`)

func checkPipelineSecrets(ev *Evaluation, r *plan.Resource) []Finding {
	if r.Type == "aws_codepipeline" {
		stores := At(r.Value(), "artifact_store")
		if wholeUnknown(stores) {
			return []Finding{Undecidable(r, "artifact_store", "artifact_store is known only after apply")}
		}
		var out []Finding
		for i, s := range Elements(stores) {
			key := At(s, "encryption_key")
			switch {
			case wholeUnknown(key):
				out = append(out, Undecidable(r, AttrPath("artifact_store", i, "encryption_key"), "encryption_key is known only after apply"))
			case len(Elements(key)) == 0:
				out = append(out, Fail(r, AttrPath("artifact_store", i, "encryption_key"), "artifact store %d has no encryption_key: artifacts use the default S3 key", i))
			}
		}
		if len(out) == 0 {
			return []Finding{Pass(r, "artifact stores use KMS keys")}
		}
		return out
	}
	vars := At(r.Value(), "environment", 0, "environment_variable")
	if wholeUnknown(vars) {
		return []Finding{Undecidable(r, "environment[0].environment_variable", "environment variables are known only after apply")}
	}
	var out []Finding
	for i, v := range Elements(vars) {
		name, _ := String(At(v, "name"))
		typ, st := String(At(v, "type"))
		if st == Null {
			typ = "PLAINTEXT"
		}
		value, _ := String(At(v, "value"))
		if typ == "PLAINTEXT" && credentialName.MatchString(name) && !looksLikeSecretReference(value) {
			out = append(out, Fail(r, AttrPath("environment", 0, "environment_variable", i), "variable %s looks like a credential but is PLAINTEXT; use PARAMETER_STORE or SECRETS_MANAGER", name))
		}
	}
	if len(out) == 0 {
		return []Finding{Pass(r, "no credential-like plaintext environment variables")}
	}
	return out
}

func checkTransferNoFTP(_ *Evaluation, r *plan.Resource) []Finding {
	v, st := attrOrDefault(r, "protocols")
	if st == AfterApply {
		return []Finding{Undecidable(r, "protocols", "protocols are known only after apply")}
	}
	protocols, _ := Strings(v)
	if containsFold(protocols, "FTP") {
		return []Finding{Fail(r, "protocols", "protocols include FTP: credentials and files travel in clear")}
	}
	if len(protocols) == 0 {
		protocols = []string{"SFTP (default)"}
	}
	return []Finding{Pass(r, "protocols: %s", strings.Join(protocols, ", "))}
}
