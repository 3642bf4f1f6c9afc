package rules

import (
	"slices"
	"testing"
)

// Table rows of the commshield adapter (commshield.go), run by
// TestRuleCases in pack_test.go on a plan of commshield's own resources made
// by the fixture pipeline (tools/fixtures/commshield-fixture.sh: the provider
// built from this work tree, planned against moto).

const (
	fxCommshield  = "commshield_visibility"
	fxBaselineOn  = "commshield_baseline_on"
	fxBaselineOff = "commshield_baseline_off"
	fxGovernance  = "commshield_governance"
)

var commshieldCases = registerCases(
	// Segmented VPC: flow logs (S3 archive or KMS log group), default SG and NACL.
	ruleCase{Rule: "LOG-R01", Fixture: fxCommshield, Address: "commshield_segmented_vpc.to_archive", Want: StatusPass},
	ruleCase{Rule: "LOG-R01", Fixture: fxCommshield, Address: "commshield_segmented_vpc.to_log_group", Want: StatusPass},
	ruleCase{Rule: "LOG-R01", Fixture: fxCommshield, Address: "commshield_segmented_vpc.to_archive", Want: StatusFail,
		Params: map[string]any{"flow_log_traffic_types": []string{"REJECT"}}, Note: "ALL not accepted"},
	ruleCase{Rule: "LOG-R03", Fixture: fxCommshield, Address: "commshield_segmented_vpc.to_archive", Want: StatusPass},
	ruleCase{Rule: "LOG-R03", Fixture: fxCommshield, Address: "commshield_segmented_vpc.to_archive", Want: StatusFail,
		Params: map[string]any{"flow_log_required_fields": []string{"action", "ecs-cluster-name"}}, Note: "field outside the format"},
	ruleCase{Rule: "NET-R06", Fixture: fxCommshield, Address: "commshield_segmented_vpc.to_archive", Want: StatusPass},
	ruleCase{Rule: "NET-R07", Fixture: fxCommshield, Address: "commshield_segmented_vpc.to_log_group", Want: StatusPass},
	ruleCase{Rule: "NET-R09", Fixture: fxCommshield, Address: "commshield_segmented_vpc.to_archive", Want: StatusPass},
	ruleCase{Rule: "NET-R08", Fixture: fxCommshield, Address: "commshield_segmented_vpc.to_archive", Want: StatusPass},
	ruleCase{Rule: "NET-R08", Fixture: fxCommshield, Address: "commshield_segmented_vpc.to_log_group", Want: StatusPass, Note: "edge tier without internet CIDRs"},
	ruleCase{Rule: "NET-R08", Fixture: fxCommshield, Address: "commshield_segmented_vpc.open_edge", Want: StatusFail, Note: "edge tier allows 0.0.0.0/0"},

	// Change alerts (LOG-R30): every category passes; network and logging
	// categories only, over two resources, leave root/console/IAM missing.
	ruleCase{Rule: "LOG-R30", Fixture: "commshield_alerts_full", Want: StatusPass, Note: "commshield_change_alerts with all categories"},
	ruleCase{Rule: "LOG-R30", Fixture: "commshield_alerts_partial", Want: StatusFail, Note: "network and logging categories only"},
	ruleCase{Rule: "LOG-R30", Fixture: "commshield_alerts_partial", Want: StatusPass,
		Params: map[string]any{"required_alerts": []string{"security_group", "nacl", "cloudtrail_config", "config_changes"}}, Note: "two resources together cover the required classes"},
	ruleCase{Rule: "LOG-R30", Fixture: "commshield_alerts_full", Want: StatusFail,
		Params: map[string]any{"required_alerts": []string{"root_use", "s3_object_reads"}}, Note: "a class the resource has no category for"},

	// Audit trail.
	ruleCase{Rule: "LOG-R04", Fixture: fxCommshield, Want: StatusPass, Note: "commshield_audit_trail is the account trail"},
	ruleCase{Rule: "LOG-R09", Fixture: fxCommshield, Want: StatusPass, Note: "data_events.s3 on commshield_audit_trail"},
	ruleCase{Rule: "LOG-R05", Fixture: fxCommshield, Address: "commshield_audit_trail.no_insights", Want: StatusPass},
	ruleCase{Rule: "LOG-R06", Fixture: fxCommshield, Address: "commshield_audit_trail.hardened", Want: StatusPass, Note: "key ARN known after apply, from commshield_kms_key"},
	ruleCase{Rule: "LOG-R07", Fixture: fxCommshield, Address: "commshield_audit_trail.hardened", Want: StatusPass},
	ruleCase{Rule: "LOG-R15", Fixture: fxCommshield, Address: "commshield_audit_trail.hardened", Want: StatusPass},
	ruleCase{Rule: "LOG-R15", Fixture: fxCommshield, Address: "commshield_audit_trail.hardened", Want: StatusFail,
		Params: map[string]any{"min_retention_days": 731}, Note: "365 days below a stricter minimum"},
	ruleCase{Rule: "LOG-R15", Fixture: fxCommshield, Address: "commshield_segmented_vpc.to_log_group", Want: StatusPass},
	ruleCase{Rule: "LOG-R15", Fixture: fxCommshield, Address: "commshield_segmented_vpc.to_archive", Want: StatusNotApplicable},
	ruleCase{Rule: "LOG-R33", Fixture: fxCommshield, Address: "commshield_audit_trail.hardened", Want: StatusPass},
	ruleCase{Rule: "LOG-R33", Fixture: fxCommshield, Address: "commshield_audit_trail.no_insights", Want: StatusFail},

	// Log archive.
	ruleCase{Rule: "LOG-R11", Fixture: fxCommshield, Address: "commshield_log_archive.hardened", Want: StatusPass},
	ruleCase{Rule: "LOG-R11", Fixture: fxCommshield, Address: "commshield_log_archive.short_lived", Want: StatusFail},
	ruleCase{Rule: "LOG-R13", Fixture: fxCommshield, Address: "commshield_log_archive.hardened", Want: StatusPass},
	ruleCase{Rule: "CRY-R13", Fixture: fxCommshield, Address: "commshield_log_archive.short_lived", Want: StatusPass},
	ruleCase{Rule: "LOG-R14", Fixture: fxCommshield, Address: "commshield_log_archive.hardened", Want: StatusPass},
	ruleCase{Rule: "LOG-R14", Fixture: fxCommshield, Address: "commshield_log_archive.short_lived", Want: StatusFail},
	ruleCase{Rule: "NET-R16", Fixture: fxCommshield, Address: "commshield_log_archive.hardened", Want: StatusPass},

	// Change management on commshield resources (prior state applied on moto).
	ruleCase{Rule: "CFG-R03", Fixture: "commshield_diff", Address: "commshield_audit_trail.removed", Want: StatusFail, Note: "trail deleted"},
	ruleCase{Rule: "CFG-R03", Fixture: "commshield_diff", Address: "commshield_audit_trail.kept", Want: StatusFail, Note: "log retention 731 to 365 days"},
	ruleCase{Rule: "CFG-R03", Fixture: "commshield_diff", Address: "commshield_kms_key.logs", Want: StatusPass},
	ruleCase{Rule: "CFG-R03", Fixture: "commshield_diff", Address: "commshield_log_archive.central", Want: StatusPass},
	ruleCase{Rule: "CFG-R03", Fixture: "commshield_baseline_diff", Address: "commshield_account_baseline.kept", Want: StatusFail, Note: "GuardDuty switched off"},
	ruleCase{Rule: "CFG-R03", Fixture: fxBaselineOn, Address: "commshield_account_baseline.on", Want: StatusPass, Note: "created with every part on"},
	ruleCase{Rule: "CFG-R03", Fixture: "commshield_baseline_removed", Address: "commshield_account_baseline.removed", Want: StatusFail, Note: "deleted with restore_defaults_on_destroy"},
	ruleCase{Rule: "CFG-R03", Fixture: "commshield_baseline_released", Address: "commshield_account_baseline.released", Want: StatusPass, Note: "deleted, protections stay on"},

	// Account baseline: every part on passes the account rules it stands
	// for; every part turned off (with reasons) fails them, or is
	// not_applicable when the configuration declares the part provided
	// elsewhere.
	ruleCase{Rule: "LOG-R27", Fixture: fxBaselineOn, Want: StatusPass, Note: "GuardDuty with all features"},
	ruleCase{Rule: "LOG-R27", Fixture: fxBaselineOn, Want: StatusFail,
		Params: map[string]any{"guardduty_features": []string{"S3_DATA_EVENTS", "EC2_FLOW_TRAFFIC"}}, Note: "a feature the baseline does not enable"},
	ruleCase{Rule: "LOG-R27", Fixture: fxBaselineOff, Want: StatusFail},
	ruleCase{Rule: "LOG-R27", Fixture: fxBaselineOff, Want: StatusNotApplicable, Elsewhere: []string{"guardduty"}, Note: "off and provided elsewhere"},
	ruleCase{Rule: "LOG-R28", Fixture: fxBaselineOn, Want: StatusPass, Note: "default standards"},
	ruleCase{Rule: "LOG-R28", Fixture: fxBaselineOn, Want: StatusFail,
		Params: map[string]any{"securityhub_standards": []string{"nist-800-53"}}, Note: "a standard not subscribed"},
	ruleCase{Rule: "LOG-R28", Fixture: fxBaselineOff, Want: StatusFail},
	ruleCase{Rule: "LOG-R28", Fixture: fxBaselineOff, Want: StatusNotApplicable, Elsewhere: []string{"securityhub"}, Note: "off and provided elsewhere"},
	ruleCase{Rule: "LOG-R29", Fixture: fxBaselineOn, Want: StatusPass},
	ruleCase{Rule: "LOG-R29", Fixture: fxBaselineOff, Want: StatusFail},
	ruleCase{Rule: "LOG-R29", Fixture: fxBaselineOff, Want: StatusNotApplicable, Elsewhere: []string{"config"}, Note: "off and provided elsewhere"},
	ruleCase{Rule: "IAM-R01", Fixture: fxBaselineOn, Want: StatusPass},
	ruleCase{Rule: "IAM-R01", Fixture: fxBaselineOn, Want: StatusFail, Params: map[string]any{"max_password_age_days": 30}, Note: "stricter expiry"},
	ruleCase{Rule: "IAM-R01", Fixture: fxBaselineOn, Want: StatusFail, Params: map[string]any{"min_password_length": 20}, Note: "longer minimum"},
	ruleCase{Rule: "IAM-R01", Fixture: fxBaselineOff, Want: StatusFail},
	ruleCase{Rule: "IAM-R01", Fixture: fxBaselineOff, Want: StatusNotApplicable, Elsewhere: []string{"password_policy"}, Note: "off and provided elsewhere"},
	ruleCase{Rule: "IAM-R17", Fixture: fxBaselineOn, Want: StatusFail, Note: "external analyzer only, no unused-access analyzer"},
	ruleCase{Rule: "IAM-R17", Fixture: fxBaselineOn, Want: StatusPass, Elsewhere: []string{"unused_access_analyzer"}, Note: "unused-access analyzer provided elsewhere"},
	ruleCase{Rule: "IAM-R17", Fixture: fxBaselineOff, Want: StatusFail, Elsewhere: []string{"unused_access_analyzer"}},
	ruleCase{Rule: "IAM-R17", Fixture: fxBaselineOff, Want: StatusNotApplicable, Elsewhere: []string{"access_analyzer"}, Note: "off and provided elsewhere"},
	ruleCase{Rule: "CRY-R22", Fixture: fxBaselineOn, Address: "commshield_account_baseline.on", Want: StatusPass},
	ruleCase{Rule: "CRY-R22", Fixture: fxBaselineOff, Address: "commshield_account_baseline.off", Want: StatusFail},
	ruleCase{Rule: "CRY-R22", Fixture: fxBaselineOff, Address: "commshield_account_baseline.off", Want: StatusNotApplicable, Elsewhere: []string{"ebs_encryption"}, Note: "off and provided elsewhere"},
	ruleCase{Rule: "NET-R16", Fixture: fxBaselineOn, Address: "commshield_account_baseline.on", Want: StatusPass},
	ruleCase{Rule: "NET-R16", Fixture: fxBaselineOff, Address: "commshield_account_baseline.off", Want: StatusFail},
	ruleCase{Rule: "NET-R16", Fixture: fxBaselineOff, Address: "commshield_account_baseline.off", Want: StatusNotApplicable,
		Elsewhere: []string{"s3_account_public_access_block"}, Note: "off and provided elsewhere"},

	// Governance: Config rules deployed from the shared mapping (CFG-R05)
	// and the guardrail SCP attached to an OU (CFG-R07).
	ruleCase{Rule: "CFG-R05", Fixture: fxGovernance, Want: StatusPass, Note: "the default required rules are in the selection"},
	ruleCase{Rule: "CFG-R05", Fixture: fxGovernance, Want: StatusFail,
		Params: map[string]any{"required_config_rules": []string{"VPC_FLOW_LOGS_ENABLED", "DYNAMODB_PITR_ENABLED"}}, Note: "a required rule outside the selection"},
	ruleCase{Rule: "CFG-R05", Fixture: fxGovernance, Want: StatusFail,
		Params: map[string]any{"remediated_config_rules": []string{"VPC_FLOW_LOGS_ENABLED"}}, Note: "no automatic remediation"},
	ruleCase{Rule: "CFG-R07", Fixture: fxGovernance, Want: StatusPass},
	ruleCase{Rule: "CFG-R07", Fixture: "commshield_alerts_full", Want: StatusFail, Note: "protect_log_groups off: logs:DeleteLogGroup not denied"},
	ruleCase{Rule: "CFG-R07", Fixture: fxGovernance, Want: StatusFail,
		Params: map[string]any{"protected_actions": []string{"cloudtrail:StopLogging", "iam:DeleteRole"}}, Note: "an action the guardrail does not deny"},
	ruleCase{Rule: "CFG-R07", Fixture: fxBaselineOn, Want: StatusFail, Note: "no guardrail policy in the plan"},

	// The baseline's account switches judged on hashicorp/aws resources of
	// the same plan (mixed fixtures).
	ruleCase{Rule: "CRY-R22", Fixture: "commshield_baseline_mixed_on", Address: "aws_ebs_volume.data", Want: StatusPass, Note: "EBS encryption by default from the baseline"},
	ruleCase{Rule: "NET-R16", Fixture: "commshield_baseline_mixed_on", Address: "aws_s3_bucket.cdr_exports", Want: StatusPass, Note: "account public access block from the baseline"},
	ruleCase{Rule: "CRY-R22", Fixture: "commshield_baseline_mixed_off", Address: "aws_ebs_volume.data", Want: StatusFail, Note: "baseline's EBS encryption off"},
	ruleCase{Rule: "NET-R16", Fixture: "commshield_baseline_mixed_off", Address: "aws_s3_bucket.cdr_exports", Want: StatusFail, Note: "baseline's public access block off"},
	ruleCase{Rule: "IAM-R19", Fixture: "commshield_baseline_mixed_on", Address: "aws_instance.probe", Want: StatusPass, Note: "IMDSv2 account default from the baseline"},
	ruleCase{Rule: "IAM-R19", Fixture: "commshield_baseline_mixed_off", Address: "aws_instance.probe", Want: StatusFail, Note: "baseline's IMDSv2 default off"},

	// KMS key.
	ruleCase{Rule: "CRY-R21", Fixture: fxCommshield, Address: "commshield_kms_key.hardened", Want: StatusPass},
	ruleCase{Rule: "CRY-R21", Fixture: fxCommshield, Address: "commshield_kms_key.slow_rotation", Want: StatusFail},
)

// TestCommshieldAdaptationsCovered: every rule of the adapter table exists,
// lists the commshield types it now judges, and has a pass row here.
func TestCommshieldAdaptationsCovered(t *testing.T) {
	all := All()
	for id, a := range commshieldAdaptations() {
		r := Find(all, id)
		if r == nil {
			t.Errorf("adapter names %s, which is not in All()", id)
			continue
		}
		for typ := range a.judges {
			if !slices.Contains(r.ResourceTypes, typ) {
				t.Errorf("%s: ResourceTypes %v lack %s", id, r.ResourceTypes, typ)
			}
		}
		if !slices.ContainsFunc(commshieldCases, func(c ruleCase) bool { return c.Rule == id && c.Want == StatusPass }) {
			t.Errorf("%s: no pass row on the commshield fixture", id)
		}
	}
}
