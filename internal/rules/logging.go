package rules

import (
	"slices"
	"strings"

	"github.com/commshield/terraform-provider-commshield/internal/plan"
)

// loggingRules are the LOG-Rxx rules (guidance §3.1).
func loggingRules() []*Rule {
	return []*Rule{
		{
			Metadata: Metadata{
				ID:                  "LOG-R01",
				Title:               "VPC has a flow log recording all traffic",
				Severity:            SeverityHigh,
				Kind:                KindCross,
				Controls:            []string{"LOG-01", "NET-07"},
				AWSConfigRules:      []string{"vpc-flow-logs-enabled"},
				SecurityHubControls: []string{"EC2.6"},
				ResourceTypes:       []string{"aws_vpc"},
				Rationale: "The guidance asks operators to monitor network flows at every ingress/egress point and to log denied traffic. " +
					"A VPC without a flow log leaves no record of who talked to what during an intrusion.",
				Remediation: "Add an aws_flow_log whose vpc_id references the VPC, with traffic_type = \"ALL\" and a log destination.",
				RemediationHCL: `resource "aws_flow_log" "main" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.flow_logs.arn
}`,
				Params: []Param{{
					Name:        "flow_log_traffic_types",
					Description: "traffic_type values that satisfy the rule (add REJECT to accept reject-only logs)",
					Default:     []string{"ALL"},
				}},
			},
			CheckResource: checkVPCFlowLog,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R05",
				Title:               "CloudTrail validates log file integrity",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"LOG-05", "LOG-13"},
				AWSConfigRules:      []string{"cloud-trail-log-file-validation-enabled"},
				SecurityHubControls: []string{"CloudTrail.4"},
				ResourceTypes:       []string{"aws_cloudtrail"},
				Rationale: "Attackers in telecom networks deleted and altered logs to hide. Digest files let responders prove " +
					"that trail logs were not modified after delivery.",
				Remediation: "Set enable_log_file_validation = true on the trail.",
				RemediationHCL: `resource "aws_cloudtrail" "main" {
  # …
  enable_log_file_validation = true
}`,
			},
			CheckResource: checkTrailLogValidation,
		},
		{
			Metadata: Metadata{
				ID:                  "LOG-R06",
				Title:               "CloudTrail encrypts logs with a customer-managed KMS key",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"LOG-13", "CRY-X1"},
				AWSConfigRules:      []string{"cloud-trail-encryption-enabled"},
				SecurityHubControls: []string{"CloudTrail.2"},
				ResourceTypes:       []string{"aws_cloudtrail"},
				Rationale: "AAA and audit logs must be protected for confidentiality and integrity. A customer-managed key " +
					"adds a separate permission (kms:Decrypt) between a stolen bucket credential and the log content.",
				Remediation: "Set kms_key_id to the ARN of a customer-managed aws_kms_key whose policy lets CloudTrail encrypt.",
				RemediationHCL: `resource "aws_cloudtrail" "main" {
  # …
  kms_key_id = aws_kms_key.trail.arn
}`,
			},
			CheckResource: checkTrailKMS,
		},
	}
}

func checkVPCFlowLog(ev *Evaluation, vpc *plan.Resource) []Finding {
	allowed := ev.Strings("flow_log_traffic_types")
	refs := ev.Plan.ReferrersOf(vpc, "aws_flow_log", "vpc_id")
	var weak []Finding
	var unknownTraffic []Finding
	for _, t := range refs.Matched {
		fl := t.Resource
		if fl.Deleted() {
			continue
		}
		traffic, st := String(At(fl.Value(), "traffic_type"))
		switch {
		case st == Known && slices.ContainsFunc(allowed, func(a string) bool { return strings.EqualFold(a, traffic) }):
			f := Pass(vpc, "flow log %s records %s traffic", fl.Address, traffic)
			f.Chain = t.Chain
			return []Finding{f}
		case st == AfterApply:
			f := Undecidable(fl, "traffic_type", "the traffic_type of flow log %s is known only after apply", fl.Address)
			f.Address, f.Chain = vpc.Address, t.Chain
			unknownTraffic = append(unknownTraffic, f)
		default:
			f := Fail(vpc, "", "flow log %s records only %s traffic; this rule accepts %s",
				fl.Address, Display(At(fl.Value(), "traffic_type")), strings.Join(allowed, ", "))
			f.Chain = t.Chain
			weak = append(weak, f)
		}
	}
	if len(unknownTraffic) > 0 {
		return unknownTraffic[:1]
	}
	for _, fl := range refs.Undetermined {
		if fl.Deleted() {
			continue
		}
		f := Undecidable(fl, "vpc_id", "flow log %s may cover this VPC, but its vpc_id is known only after apply", fl.Address)
		f.Address = vpc.Address
		return []Finding{f}
	}
	if len(weak) > 0 {
		return weak[:1]
	}
	return []Finding{Fail(vpc, "", "no aws_flow_log in this plan references the VPC (vpc_id)")}
}

func checkTrailLogValidation(_ *Evaluation, trail *plan.Resource) []Finding {
	v := At(trail.Value(), "enable_log_file_validation")
	on, st := Bool(v)
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(trail, "enable_log_file_validation", "enable_log_file_validation is known only after apply")}
	case on:
		return []Finding{Pass(trail, "log file validation is enabled")}
	case st == Null:
		return []Finding{Fail(trail, "enable_log_file_validation", "enable_log_file_validation is unset (the default is false)")}
	}
	return []Finding{Fail(trail, "enable_log_file_validation", "enable_log_file_validation is false")}
}

func checkTrailKMS(ev *Evaluation, trail *plan.Resource) []Finding {
	key, st := String(At(trail.Value(), "kms_key_id"))
	switch {
	case st == Known && key != "":
		return []Finding{Pass(trail, "logs are encrypted with a KMS key")}
	case st == AfterApply:
		// Typically kms_key_id = aws_kms_key.x.arn: unknown until the key
		// exists, but provably set when it resolves to a key of this plan.
		res := ev.Plan.Resolve(trail, "kms_key_id")
		for _, t := range res.Targets {
			if t.Resource.Type == "aws_kms_key" && !t.Resource.Deleted() {
				f := Pass(trail, "logs are encrypted with KMS key %s", t.Resource.Address)
				f.Chain = t.Chain
				return []Finding{f}
			}
		}
		f := Undecidable(trail, "kms_key_id", "kms_key_id is known only after apply and does not refer to a KMS key of this plan")
		if len(res.Unresolved) > 0 {
			f.Chain = res.Unresolved
		}
		return []Finding{f}
	}
	return []Finding{Fail(trail, "kms_key_id", "kms_key_id is unset: logs use SSE-S3 only")}
}
