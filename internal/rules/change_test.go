package rules

import "testing"

// Table rows of the change-management family (CFG-R01 … CFG-R11 except the
// seed rule CFG-R03), run by TestRuleCases in pack_test.go. change_diff is
// a real update/delete plan: tools/fixtures/diff-fixture.sh applies its
// before/ configuration against moto and plans main.tf on top.

const fxChangeDiff = "change_diff"

var _ = registerCases(
	// CFG-R01 routing changes.
	ruleCase{Rule: "CFG-R01", Fixture: fxChangeDiff, Address: "aws_route_table.ticketed", Want: StatusPass},
	ruleCase{Rule: "CFG-R01", Fixture: fxChangeDiff, Address: "aws_route_table.private", Want: StatusFail, Note: "new default route despite ticket"},
	ruleCase{Rule: "CFG-R01", Fixture: fxChangeDiff, Address: "aws_route_table.private", Want: StatusPass,
		Params: map[string]any{"approved_addresses": []string{"aws_route_table.priv*"}}, Note: "default route approved by address"},
	ruleCase{Rule: "CFG-R01", Fixture: fxChangeDiff, Address: "aws_route.extra", Want: StatusFail, Note: "delete"},
	ruleCase{Rule: "CFG-R01", Fixture: fxChangeDiff, Address: "aws_route.legacy", Want: StatusPass,
		Params: map[string]any{"approved_addresses": []string{"aws_route.legacy"}}, Note: "delete approved by address"},
	ruleCase{Rule: "CFG-R01", Fixture: fxChangeDiff, Address: "aws_route_table.standalone", Want: StatusNotApplicable, Note: "no-op"},
	ruleCase{Rule: "CFG-R01", Fixture: fxChangeDiff, Address: "aws_route_table.quiet", Want: StatusFail,
		Params: map[string]any{"approved_addresses": []string{"aws_route_table.quiet"}}, Note: "default route added outside Terraform; approval does not cover drift"},

	// CFG-R02 access-list and identity changes.
	ruleCase{Rule: "CFG-R02", Fixture: fxChangeDiff, Address: "aws_security_group.ticketed", Want: StatusPass},
	ruleCase{Rule: "CFG-R02", Fixture: fxChangeDiff, Address: "aws_security_group.web", Want: StatusFail},
	ruleCase{Rule: "CFG-R02", Fixture: fxChangeDiff, Address: "aws_vpc_security_group_ingress_rule.ftp", Want: StatusFail},
	ruleCase{Rule: "CFG-R02", Fixture: fxChangeDiff, Address: "aws_vpc_security_group_ingress_rule.ftp", Want: StatusPass,
		Params: map[string]any{"approved_addresses": []string{"aws_vpc_security_group_ingress_rule.*"}}, Note: "approved by address glob"},
	ruleCase{Rule: "CFG-R02", Fixture: fxChangeDiff, Address: "aws_iam_user.contractor", Want: StatusPass, Note: "delete approved by the tag it had"},
	ruleCase{Rule: "CFG-R02", Fixture: fxChangeDiff, Address: "aws_iam_user.intern", Want: StatusFail, Note: "delete"},
	ruleCase{Rule: "CFG-R02", Fixture: fxChangeDiff, Address: "aws_iam_role.trust", Want: StatusFail, Note: "trust policy changed"},
	ruleCase{Rule: "CFG-R02", Fixture: fxChangeDiff, Address: "aws_iam_role.app", Want: StatusNotApplicable, Note: "description only"},
	ruleCase{Rule: "CFG-R02", Fixture: fxChangeDiff, Address: "aws_security_group.rules", Want: StatusNotApplicable, Note: "no-op"},
	ruleCase{Rule: "CFG-R02", Fixture: fxChangeDiff, Address: "aws_security_group.drifted", Want: StatusFail,
		Params: map[string]any{"approved_addresses": []string{"aws_security_group.*"}}, Note: "RDP opened outside Terraform; approval does not cover drift"},
	ruleCase{Rule: "CFG-R02", Fixture: fxChangeDiff, Address: "aws_iam_role.steady", Want: StatusFail,
		Params: map[string]any{"approved_addresses": []string{"aws_iam_role.steady"}}, Note: "trust policy changed outside Terraform"},
	ruleCase{Rule: "CFG-R02", Fixture: fxChangeDiff, Address: "aws_network_acl.edge", Want: StatusPass,
		Params: map[string]any{"approved_addresses": []string{"aws_network_acl.edge"}}, Note: "moto's protocol 6 and icmp 0 are not drift"},

	// CFG-R03 (seed rule) on a real retention cut.
	ruleCase{Rule: "CFG-R03", Fixture: fxChangeDiff, Address: "aws_cloudwatch_log_group.audit", Want: StatusFail, Note: "retention 400 to 30 days"},

	// CFG-R04 weakening changes.
	ruleCase{Rule: "CFG-R04", Fixture: fxChangeDiff, Address: "aws_security_group.ticketed", Want: StatusPass, Note: "HTTP opened internally only"},
	ruleCase{Rule: "CFG-R04", Fixture: fxChangeDiff, Address: "aws_security_group.web", Want: StatusFail, Note: "Telnet opened to the internet"},
	ruleCase{Rule: "CFG-R04", Fixture: fxChangeDiff, Address: "aws_vpc_security_group_ingress_rule.ftp", Want: StatusFail, Note: "FTP source widened"},
	ruleCase{Rule: "CFG-R04", Fixture: fxChangeDiff, Address: "aws_network_acl.edge", Want: StatusFail, Note: "NACL allows FTP from anywhere"},
	ruleCase{Rule: "CFG-R04", Fixture: fxChangeDiff, Address: "aws_lb_listener.downgraded", Want: StatusFail, Note: "TLS 1.3 policy to 2016-08"},
	ruleCase{Rule: "CFG-R04", Fixture: fxAccountUnknown, Address: "aws_security_group.maybe_telnet", Want: StatusUndecidable, Note: "Telnet source known only after apply"},
	ruleCase{Rule: "CFG-R04", Fixture: fxChangeDiff, Address: "aws_lb_listener.upgraded", Want: StatusPass, Note: "2016-08 to TLS 1.3 only"},

	// CFG-R05, R07, R08 account level.
	ruleCase{Rule: "CFG-R05", Fixture: fxAccountGood, Want: StatusPass},
	ruleCase{Rule: "CFG-R05", Fixture: fxAccountBad, Want: StatusFail},
	ruleCase{Rule: "CFG-R05", Fixture: fxAccountGood, Want: StatusPass,
		Params: map[string]any{"remediated_config_rules": []string{"S3_BUCKET_PUBLIC_READ_PROHIBITED"}}, Note: "automatic remediation present"},
	ruleCase{Rule: "CFG-R05", Fixture: fxAccountGood, Want: StatusFail,
		Params: map[string]any{"remediated_config_rules": []string{"INCOMING_SSH_DISABLED"}}, Note: "remediation missing"},
	ruleCase{Rule: "CFG-R07", Fixture: fxAccountGood, Want: StatusPass},
	ruleCase{Rule: "CFG-R07", Fixture: fxAccountBad, Want: StatusFail, Note: "SCP not attached"},
	ruleCase{Rule: "CFG-R08", Fixture: fxAccountGood, Want: StatusPass},
	ruleCase{Rule: "CFG-R08", Fixture: fxAccountBad, Want: StatusFail},

	// CFG-R06 scheduled associations.
	ruleCase{Rule: "CFG-R06", Fixture: fxServices, Address: "aws_ssm_association.scheduled", Want: StatusPass},
	ruleCase{Rule: "CFG-R06", Fixture: fxServices, Address: "aws_ssm_association.once", Want: StatusFail},

	// CFG-R09 configuration stores: module, count and for_each buckets.
	ruleCase{Rule: "CFG-R09", Fixture: fxBuckets, Address: "module.state_store.aws_s3_bucket.this", Want: StatusPass},
	ruleCase{Rule: "CFG-R09", Fixture: fxBuckets, Address: "aws_s3_bucket.cnt[0]", Want: StatusPass},
	ruleCase{Rule: "CFG-R09", Fixture: fxBuckets, Address: "aws_s3_bucket.cnt[1]", Want: StatusFail, Note: "SSE-S3 only"},
	ruleCase{Rule: "CFG-R09", Fixture: fxBuckets, Address: "aws_s3_bucket.config_delivery", Want: StatusFail, Note: "Config delivery bucket"},
	ruleCase{Rule: "CFG-R09", Fixture: fxBuckets, Address: `aws_s3_bucket.fe["eu"]`, Want: StatusFail,
		Params: map[string]any{"config_store_tags": []string{"purpose=logs"}}, Note: "tag from parameter; no SSE-KMS"},
	ruleCase{Rule: "CFG-R09", Fixture: fxBuckets, Address: "aws_s3_bucket.data_logged", Want: StatusNotApplicable},

	// CFG-R10 pipelines, CFG-R11 Transfer.
	ruleCase{Rule: "CFG-R10", Fixture: fxServices, Address: "aws_codebuild_project.secrets_referenced", Want: StatusPass},
	ruleCase{Rule: "CFG-R10", Fixture: fxServices, Address: "aws_codebuild_project.plaintext_secret", Want: StatusFail},
	ruleCase{Rule: "CFG-R11", Fixture: fxServices, Address: "aws_transfer_server.sftp", Want: StatusPass},
	ruleCase{Rule: "CFG-R11", Fixture: fxServices, Address: "aws_transfer_server.ftp", Want: StatusFail},
)

func TestAddressMatches(t *testing.T) {
	tests := []struct {
		pattern, address string
		want             bool
	}{
		{"aws_route.legacy", "aws_route.legacy", true},
		{"aws_route.legacy", "aws_route.legacy2", false},
		{"aws_route.*", `aws_route.r["eu"]`, true},
		{"module.net.*", `module.net.aws_route.r[0]`, true},
		{`aws_route.r["eu"]`, `aws_route.r["eu"]`, true},
		{`aws_route.r["eu"]`, `aws_route.r["us"]`, false},
		{"module.*.aws_route_table.private", `module.net["a"].aws_route_table.private`, true},
		{"aws_security_group.*", "aws_route.x", false},
	}
	for _, tt := range tests {
		if got := addressMatches(tt.pattern, tt.address); got != tt.want {
			t.Errorf("addressMatches(%q, %q) = %v, want %v", tt.pattern, tt.address, got, tt.want)
		}
	}
}
