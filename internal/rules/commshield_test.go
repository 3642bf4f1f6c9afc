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
	fxAccess      = "commshield_access"
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
	ruleCase{Rule: "IAM-R19", Fixture: "commshield_baseline_imds_hop2", Address: "aws_instance.probe", Want: StatusFail, Note: "baseline's default hop limit 2 above imds_max_hop_limit"},
	ruleCase{Rule: "IAM-R19", Fixture: "commshield_baseline_imds_hop2", Address: "aws_instance.probe", Want: StatusPass,
		Params: map[string]any{"imds_max_hop_limit": 2}, Note: "hop limit 2 allowed for container hosts"},

	// IAM-R19 on the baseline itself: the IMDS account default and its hop limit.
	ruleCase{Rule: "IAM-R19", Fixture: fxBaselineOn, Address: "commshield_account_baseline.on", Want: StatusPass, Note: "default hop limit 1"},
	ruleCase{Rule: "IAM-R19", Fixture: "commshield_baseline_imds_hop2", Address: "commshield_account_baseline.account", Want: StatusFail, Note: "hop limit 2, default imds_max_hop_limit"},
	ruleCase{Rule: "IAM-R19", Fixture: "commshield_baseline_imds_hop2", Address: "commshield_account_baseline.account", Want: StatusPass,
		Params: map[string]any{"imds_max_hop_limit": 2}, Note: "hop limit 2 allowed by the raised parameter"},
	ruleCase{Rule: "IAM-R19", Fixture: fxBaselineOff, Address: "commshield_account_baseline.off", Want: StatusFail, Note: "IMDSv2 default off"},
	ruleCase{Rule: "IAM-R19", Fixture: fxBaselineOff, Address: "commshield_account_baseline.off", Want: StatusNotApplicable,
		Elsewhere: []string{"declarative_policy"}, Note: "off, IMDS defaults pinned by a declarative policy"},

	// Out-of-band management security group (commshield_access.go). Its
	// validation refuses 0.0.0.0/0, ::/0 and plaintext services, so NET-R01
	// and VUL-R01 fail only through their parameters; a public /24 from
	// public_cidr_allowlist fails NET-R02 unless it is a management range.
	ruleCase{Rule: "NET-R01", Fixture: fxAccess, Address: "commshield_management_access.oob", Want: StatusPass},
	ruleCase{Rule: "NET-R01", Fixture: fxAccess, Address: "commshield_management_access.noc_public", Want: StatusPass, Note: "allow-listed public 24 is not the internet"},
	ruleCase{Rule: "NET-R01", Fixture: fxAccess, Address: "commshield_management_access.pending", Want: StatusUndecidable, Note: "source_cidrs known after apply"},
	ruleCase{Rule: "NET-R02", Fixture: fxAccess, Address: "commshield_management_access.oob", Want: StatusPass,
		Params: map[string]any{"management_cidrs": []string{"10.255.0.0/16"}}},
	ruleCase{Rule: "NET-R02", Fixture: fxAccess, Address: "commshield_management_access.oob", Want: StatusFail, Note: "no management_cidrs declared"},
	ruleCase{Rule: "NET-R02", Fixture: fxAccess, Address: "commshield_management_access.noc_public", Want: StatusFail,
		Params: map[string]any{"management_cidrs": []string{"10.255.0.0/16"}}, Note: "allow-listed public source outside the management ranges"},
	ruleCase{Rule: "NET-R02", Fixture: fxAccess, Address: "commshield_management_access.noc_public", Want: StatusPass,
		Params: map[string]any{"management_cidrs": []string{"10.255.0.0/16", "52.94.76.0/24"}}, Note: "public NOC range declared a management range"},
	ruleCase{Rule: "NET-R02", Fixture: fxAccess, Address: "commshield_management_access.pending", Want: StatusUndecidable,
		Params: map[string]any{"management_cidrs": []string{"10.0.0.0/8"}}, Note: "source_cidrs known after apply"},
	ruleCase{Rule: "VUL-R01", Fixture: fxAccess, Address: "commshield_management_access.oob", Want: StatusPass},
	ruleCase{Rule: "VUL-R01", Fixture: fxAccess, Address: "commshield_management_access.oob", Want: StatusFail,
		Params: map[string]any{"plaintext_ports": []string{"tcp:9339"}, "flag_internal_sources": true}, Note: "gNMI port classed plaintext, internal sources flagged"},
	ruleCase{Rule: "VUL-R01", Fixture: fxAccess, Address: "commshield_management_access.pending", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R05", Fixture: fxAccess, Address: "commshield_management_access.oob", Want: StatusPass, Note: "syslog over TLS only"},
	ruleCase{Rule: "NET-R05", Fixture: fxAccess, Address: "commshield_management_access.outbound_ssh", Want: StatusFail, Note: "egress tcp 22 from a group not tagged zone=mgmt"},
	ruleCase{Rule: "NET-R05", Fixture: fxAccess, Address: "commshield_management_access.outbound_ssh", Want: StatusPass,
		Params: map[string]any{"management_sg_tags": []string{"Plane=management"}}, Note: "the group's own tag marks it management"},
	ruleCase{Rule: "NET-R05", Fixture: fxAccess, Address: "commshield_management_access.pending", Want: StatusUndecidable, Note: "egress destination known after apply"},

	// Break-glass role: generated trust policy and session length.
	ruleCase{Rule: "IAM-R07", Fixture: fxAccess, Address: "commshield_break_glass_role.emergency", Want: StatusPass},
	ruleCase{Rule: "IAM-R07", Fixture: fxAccess, Address: "commshield_break_glass_role.pending", Want: StatusUndecidable, Note: "principals known after apply"},
	ruleCase{Rule: "IAM-R16", Fixture: fxAccess, Address: "commshield_break_glass_role.emergency", Want: StatusPass, Note: "AdministratorAccess on the break-glass role"},
	ruleCase{Rule: "IAM-R16", Fixture: fxAccess, Address: "commshield_break_glass_role.short", Want: StatusPass, Note: "no managed policy"},
	ruleCase{Rule: "IAM-R10", Fixture: fxAccess, Address: "commshield_break_glass_role.emergency", Want: StatusPass, Note: "3600 s within the default limit"},
	ruleCase{Rule: "IAM-R10", Fixture: fxAccess, Address: "commshield_break_glass_role.emergency", Want: StatusFail,
		Params: map[string]any{"role_max_session_seconds": 900}, Note: "3600 s above a 900 s limit"},
	ruleCase{Rule: "IAM-R10", Fixture: fxAccess, Address: "commshield_break_glass_role.short", Want: StatusPass,
		Params: map[string]any{"role_max_session_seconds": 900}, Note: "900 s sessions"},

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

// TestCommshieldAccessUndecidableNamesSource: a management group or
// break-glass role whose inputs are known only after apply is undecidable
// (never failed), and the finding names the reference the value comes from.
func TestCommshieldAccessUndecidableNamesSource(t *testing.T) {
	all := All()
	p := loadFixture(t, fxAccess)
	tests := []struct {
		rule, address, wantFrom string
		params                  map[string]any
	}{
		{"NET-R01", "commshield_management_access.pending", "terraform_data.noc_cidr", nil},
		{"NET-R02", "commshield_management_access.pending", "terraform_data.noc_cidr", map[string]any{"management_cidrs": []string{"10.0.0.0/8"}}},
		{"VUL-R01", "commshield_management_access.pending", "terraform_data.noc_cidr", nil},
		{"IAM-R07", "commshield_break_glass_role.pending", "terraform_data.responder", nil},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			results := evaluateRule(t, Find(all, tt.rule), p, ruleCase{Params: tt.params})
			var found bool
			for _, r := range results {
				if r.Address != tt.address {
					continue
				}
				found = true
				if r.Status != StatusUndecidable {
					t.Fatalf("%s on %s = %s (%s), want undecidable", tt.rule, tt.address, r.Status, r.Message)
				}
				if r.Unknown == nil || !slices.ContainsFunc(r.Unknown.From, func(ref string) bool { return ref == tt.wantFrom || ref == tt.wantFrom+".output" }) {
					t.Errorf("%s on %s: unknown %+v does not name %s", tt.rule, tt.address, r.Unknown, tt.wantFrom)
				}
			}
			if !found {
				t.Fatalf("%s gave no verdict on %s", tt.rule, tt.address)
			}
		})
	}
}

func TestParseCSIngress(t *testing.T) {
	tests := []struct {
		in       string
		proto    string
		from, to int
		cidr     string
		group    string
		wantErr  bool
	}{
		{in: "tcp/22 from 10.255.0.0/16", proto: "tcp", from: 22, to: 22, cidr: "10.255.0.0/16"},
		{in: "udp/161-162 from sg-0123456789abcdef0", proto: "udp", from: 161, to: 162, group: "sg-0123456789abcdef0"},
		{in: "all from 0.0.0.0/0", proto: "all", from: 0, to: 65535, cidr: "0.0.0.0/0"},
		{in: "tcp/22 to 10.0.0.0/8", wantErr: true},
		{in: "tcp/ssh from 10.0.0.0/8", wantErr: true},
	}
	for _, tt := range tests {
		got, err := parseCSRule(tt.in, true)
		if (err != nil) != tt.wantErr {
			t.Errorf("parseCSRule(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if tt.wantErr {
			continue
		}
		var cidr string
		if len(got.CIDRs) == 1 {
			cidr = got.CIDRs[0]
		}
		if got.Protocol != tt.proto || got.FromPort != tt.from || got.ToPort != tt.to || cidr != tt.cidr || got.Group != tt.group || !got.Ingress {
			t.Errorf("parseCSRule(%q) = %+v", tt.in, got)
		}
	}
}
