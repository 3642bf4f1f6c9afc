package rules

import (
	"strings"
	"testing"
)

// Table rows of the logging family (LOG-R02 … LOG-R34 except the seed
// rules), run by TestRuleCases in pack_test.go on the fixtures
// testdata/fixtures/logging_*.

const (
	fxAccountGood    = "logging_account_good"
	fxAccountBad     = "logging_account_bad"
	fxAccountUnknown = "logging_account_unknown"
	fxBuckets        = "logging_buckets"
	fxServices       = "logging_services"
)

var _ = registerCases(
	// LOG-R02 transit gateway flow logs: the edge module plain, with for_each and with count.
	ruleCase{Rule: "LOG-R02", Fixture: fxServices, Address: "module.edge.aws_ec2_transit_gateway.this", Want: StatusPass},
	ruleCase{Rule: "LOG-R02", Fixture: fxServices, Address: `module.edge_fe["east"].aws_ec2_transit_gateway.this`, Want: StatusPass},
	ruleCase{Rule: "LOG-R02", Fixture: fxServices, Address: "module.edge_cnt[0].aws_ec2_transit_gateway.this", Want: StatusPass},
	ruleCase{Rule: "LOG-R02", Fixture: fxServices, Address: "aws_ec2_transit_gateway.lonely", Want: StatusFail},
	ruleCase{Rule: "LOG-R02", Fixture: fxAccountUnknown, Address: "aws_ec2_transit_gateway.hub", Want: StatusUndecidable, Note: "flow log target through terraform_data"},

	// LOG-R03 flow log settings.
	ruleCase{Rule: "LOG-R03", Fixture: fxServices, Address: "module.edge.aws_flow_log.tgw", Want: StatusPass},
	ruleCase{Rule: "LOG-R03", Fixture: fxServices, Address: "aws_flow_log.full_format", Want: StatusPass},
	ruleCase{Rule: "LOG-R03", Fixture: fxServices, Address: "aws_flow_log.default_interval", Want: StatusFail},
	ruleCase{Rule: "LOG-R03", Fixture: fxServices, Address: "aws_flow_log.narrow_format", Want: StatusFail},

	// LOG-R04 account trail (plan-level).
	ruleCase{Rule: "LOG-R04", Fixture: fxAccountGood, Want: StatusPass},
	ruleCase{Rule: "LOG-R04", Fixture: fxAccountBad, Want: StatusFail},
	ruleCase{Rule: "LOG-R04", Fixture: fxAccountUnknown, Want: StatusUndecidable},
	ruleCase{Rule: "LOG-R04", Fixture: fxAccountBad, Want: StatusNotApplicable, Elsewhere: []string{"cloudtrail"}, Note: "provided elsewhere"},

	// LOG-R07 trail to CloudWatch Logs; the ARNs are unknown but resolve to resources of the plan.
	ruleCase{Rule: "LOG-R07", Fixture: fxAccountGood, Address: "aws_cloudtrail.org", Want: StatusPass},
	ruleCase{Rule: "LOG-R07", Fixture: fxAccountBad, Address: "aws_cloudtrail.regional", Want: StatusFail},

	// LOG-R08 trail bucket: in a child module, for_each and count.
	ruleCase{Rule: "LOG-R08", Fixture: fxBuckets, Address: "aws_cloudtrail.to_module_bucket", Want: StatusPass, Note: "bucket in module"},
	ruleCase{Rule: "LOG-R08", Fixture: fxBuckets, Address: `aws_cloudtrail.fe["eu"]`, Want: StatusPass},
	ruleCase{Rule: "LOG-R08", Fixture: fxBuckets, Address: `aws_cloudtrail.fe["us"]`, Want: StatusFail},
	ruleCase{Rule: "LOG-R08", Fixture: fxBuckets, Address: "aws_cloudtrail.cnt[0]", Want: StatusFail},
	ruleCase{Rule: "LOG-R08", Fixture: fxBuckets, Address: "aws_cloudtrail.to_bare_bucket", Want: StatusFail},
	ruleCase{Rule: "LOG-R08", Fixture: fxBuckets, Address: "aws_cloudtrail.to_external_bucket", Want: StatusNotApplicable},

	// LOG-R09 S3 data events (plan-level).
	ruleCase{Rule: "LOG-R09", Fixture: fxAccountGood, Want: StatusPass},
	ruleCase{Rule: "LOG-R09", Fixture: fxAccountBad, Want: StatusFail},

	// LOG-R10 central delivery.
	ruleCase{Rule: "LOG-R10", Fixture: fxAccountGood, Address: "aws_cloudtrail.org", Want: StatusPass},
	ruleCase{Rule: "LOG-R10", Fixture: fxAccountBad, Address: "aws_cloudtrail.regional", Want: StatusFail},
	ruleCase{Rule: "LOG-R10", Fixture: fxBuckets, Address: "aws_cloudtrail.to_external_bucket", Want: StatusPass,
		Params: map[string]any{"log_archive_buckets": []string{"example-central-archive"}}, Note: "archive allowlist"},

	// LOG-R11 … R14 log buckets.
	ruleCase{Rule: "LOG-R11", Fixture: fxBuckets, Address: "module.archive.aws_s3_bucket.this", Want: StatusPass},
	ruleCase{Rule: "LOG-R11", Fixture: fxBuckets, Address: "module.weak_logs.aws_s3_bucket.this", Want: StatusFail},
	ruleCase{Rule: "LOG-R11", Fixture: fxBuckets, Address: `aws_s3_bucket.fe["eu"]`, Want: StatusPass},
	ruleCase{Rule: "LOG-R11", Fixture: fxBuckets, Address: `aws_s3_bucket.fe["us"]`, Want: StatusFail},
	ruleCase{Rule: "LOG-R11", Fixture: fxBuckets, Address: "aws_s3_bucket.trail_cnt[0]", Want: StatusFail},
	ruleCase{Rule: "LOG-R11", Fixture: fxBuckets, Address: "aws_s3_bucket.data_logged", Want: StatusNotApplicable},

	ruleCase{Rule: "LOG-R12", Fixture: fxBuckets, Address: "module.archive.aws_s3_bucket.this", Want: StatusPass},
	ruleCase{Rule: "LOG-R12", Fixture: fxBuckets, Address: "module.weak_logs.aws_s3_bucket.this", Want: StatusFail},
	ruleCase{Rule: "LOG-R12", Fixture: fxBuckets, Address: `aws_s3_bucket.fe["eu"]`, Want: StatusPass},
	ruleCase{Rule: "LOG-R12", Fixture: fxBuckets, Address: `aws_s3_bucket.fe["us"]`, Want: StatusFail},
	ruleCase{Rule: "LOG-R12", Fixture: fxBuckets, Address: "aws_s3_bucket.trail_cnt[0]", Want: StatusFail},

	ruleCase{Rule: "LOG-R13", Fixture: fxBuckets, Address: "module.archive.aws_s3_bucket.this", Want: StatusPass},
	ruleCase{Rule: "LOG-R13", Fixture: fxBuckets, Address: "module.weak_logs.aws_s3_bucket.this", Want: StatusFail},
	ruleCase{Rule: "LOG-R13", Fixture: fxBuckets, Address: `aws_s3_bucket.fe["eu"]`, Want: StatusPass},
	ruleCase{Rule: "LOG-R13", Fixture: fxBuckets, Address: `aws_s3_bucket.fe["us"]`, Want: StatusFail},
	ruleCase{Rule: "LOG-R13", Fixture: fxBuckets, Address: "aws_s3_bucket.trail_cnt[0]", Want: StatusFail},

	ruleCase{Rule: "LOG-R14", Fixture: fxBuckets, Address: "module.archive.aws_s3_bucket.this", Want: StatusPass},
	ruleCase{Rule: "LOG-R14", Fixture: fxBuckets, Address: "module.weak_logs.aws_s3_bucket.this", Want: StatusFail},
	ruleCase{Rule: "LOG-R14", Fixture: fxBuckets, Address: `aws_s3_bucket.fe["eu"]`, Want: StatusPass},
	ruleCase{Rule: "LOG-R14", Fixture: fxBuckets, Address: `aws_s3_bucket.fe["us"]`, Want: StatusFail},
	ruleCase{Rule: "LOG-R14", Fixture: fxBuckets, Address: "aws_s3_bucket.trail_cnt[0]", Want: StatusPass, Note: "no lifecycle at all"},

	// LOG-R15 security log groups.
	ruleCase{Rule: "LOG-R15", Fixture: fxServices, Address: "aws_cloudwatch_log_group.flow", Want: StatusPass},
	ruleCase{Rule: "LOG-R15", Fixture: fxServices, Address: "aws_cloudwatch_log_group.flow_unencrypted", Want: StatusFail, Note: "named by a flow log"},
	ruleCase{Rule: "LOG-R15", Fixture: fxServices, Address: "aws_cloudwatch_log_group.waf", Want: StatusFail},
	ruleCase{Rule: "LOG-R15", Fixture: fxServices, Address: "aws_cloudwatch_log_group.app", Want: StatusNotApplicable},
	ruleCase{Rule: "LOG-R15", Fixture: fxAccountGood, Address: "aws_cloudwatch_log_group.trail", Want: StatusPass},
	ruleCase{Rule: "LOG-R15", Fixture: fxAccountBad, Address: "aws_cloudwatch_log_group.trail", Want: StatusFail},

	// LOG-R16 load balancers.
	ruleCase{Rule: "LOG-R16", Fixture: fxServices, Address: "aws_lb.logged", Want: StatusPass},
	ruleCase{Rule: "LOG-R16", Fixture: fxServices, Address: "aws_lb.unlogged", Want: StatusFail},

	// LOG-R17 bucket access logging.
	ruleCase{Rule: "LOG-R17", Fixture: fxBuckets, Address: "module.state_store.aws_s3_bucket.this", Want: StatusPass},
	ruleCase{Rule: "LOG-R17", Fixture: fxBuckets, Address: "module.plain_data.aws_s3_bucket.this", Want: StatusFail},
	ruleCase{Rule: "LOG-R17", Fixture: fxBuckets, Address: "aws_s3_bucket.data_logged", Want: StatusPass},
	ruleCase{Rule: "LOG-R17", Fixture: fxBuckets, Address: "aws_s3_bucket.data_unlogged", Want: StatusFail},
	ruleCase{Rule: "LOG-R17", Fixture: fxAccountUnknown, Address: "aws_s3_bucket.data_unknown", Want: StatusUndecidable, Note: "logging bucket through terraform_data"},
	ruleCase{Rule: "LOG-R17", Fixture: fxBuckets, Address: "aws_s3_bucket.cnt[0]", Want: StatusPass},
	ruleCase{Rule: "LOG-R17", Fixture: fxBuckets, Address: "aws_s3_bucket.cnt[1]", Want: StatusFail},
	ruleCase{Rule: "LOG-R17", Fixture: fxBuckets, Address: `aws_s3_bucket.fe["eu"]`, Want: StatusNotApplicable, Note: "log bucket"},
	ruleCase{Rule: "LOG-R17", Fixture: fxAccountGood, Address: "aws_s3_bucket.config", Want: StatusNotApplicable, Note: "Config delivery bucket"},

	// LOG-R18 CloudFront.
	ruleCase{Rule: "LOG-R18", Fixture: fxServices, Address: "aws_cloudfront_distribution.logged", Want: StatusPass},
	ruleCase{Rule: "LOG-R18", Fixture: fxServices, Address: "aws_cloudfront_distribution.unlogged", Want: StatusFail},

	// LOG-R19 API Gateway.
	ruleCase{Rule: "LOG-R19", Fixture: fxServices, Address: "aws_api_gateway_stage.logged", Want: StatusPass},
	ruleCase{Rule: "LOG-R19", Fixture: fxServices, Address: "aws_apigatewayv2_stage.unlogged", Want: StatusFail},
	ruleCase{Rule: "LOG-R19", Fixture: fxServices, Address: "aws_api_gateway_method_settings.errors", Want: StatusPass},
	ruleCase{Rule: "LOG-R19", Fixture: fxServices, Address: "aws_api_gateway_method_settings.off", Want: StatusFail},

	// LOG-R20 … R22 cross rules on the edge module instances.
	ruleCase{Rule: "LOG-R20", Fixture: fxServices, Address: "module.edge.aws_wafv2_web_acl.this", Want: StatusPass},
	ruleCase{Rule: "LOG-R20", Fixture: fxServices, Address: `module.edge_fe["east"].aws_wafv2_web_acl.this`, Want: StatusPass},
	ruleCase{Rule: "LOG-R20", Fixture: fxServices, Address: "module.edge_cnt[0].aws_wafv2_web_acl.this", Want: StatusPass},
	ruleCase{Rule: "LOG-R20", Fixture: fxServices, Address: "aws_wafv2_web_acl.unlogged", Want: StatusFail},
	ruleCase{Rule: "LOG-R20", Fixture: fxAccountUnknown, Address: "aws_wafv2_web_acl.edge", Want: StatusUndecidable, Note: "resource_arn through terraform_data"},

	ruleCase{Rule: "LOG-R21", Fixture: fxServices, Address: "module.edge.aws_networkfirewall_firewall.this", Want: StatusPass},
	ruleCase{Rule: "LOG-R21", Fixture: fxServices, Address: `module.edge_fe["east"].aws_networkfirewall_firewall.this`, Want: StatusPass},
	ruleCase{Rule: "LOG-R21", Fixture: fxServices, Address: "module.edge_cnt[0].aws_networkfirewall_firewall.this", Want: StatusPass},
	ruleCase{Rule: "LOG-R21", Fixture: fxServices, Address: "aws_networkfirewall_firewall.flow_only", Want: StatusFail},

	ruleCase{Rule: "LOG-R22", Fixture: fxServices, Address: "module.edge.aws_route53_zone.public", Want: StatusPass},
	ruleCase{Rule: "LOG-R22", Fixture: fxServices, Address: "module.edge.aws_vpc.this", Want: StatusPass},
	ruleCase{Rule: "LOG-R22", Fixture: fxServices, Address: `module.edge_fe["east"].aws_route53_zone.public`, Want: StatusPass},
	ruleCase{Rule: "LOG-R22", Fixture: fxServices, Address: "module.edge_cnt[0].aws_vpc.this", Want: StatusPass},
	ruleCase{Rule: "LOG-R22", Fixture: fxServices, Address: "aws_route53_zone.public_unlogged", Want: StatusFail},
	ruleCase{Rule: "LOG-R22", Fixture: fxServices, Address: "aws_vpc.main", Want: StatusFail},
	ruleCase{Rule: "LOG-R22", Fixture: fxServices, Address: "aws_route53_zone.private", Want: StatusNotApplicable},

	// LOG-R23 … R25 service logs.
	ruleCase{Rule: "LOG-R23", Fixture: fxServices, Address: "aws_eks_cluster.audited", Want: StatusPass},
	ruleCase{Rule: "LOG-R23", Fixture: fxServices, Address: "aws_eks_cluster.api_only", Want: StatusFail},
	ruleCase{Rule: "LOG-R24", Fixture: fxServices, Address: "aws_db_instance.postgres_logged", Want: StatusPass},
	ruleCase{Rule: "LOG-R24", Fixture: fxServices, Address: "aws_db_instance.mysql_unlogged", Want: StatusFail},
	ruleCase{Rule: "LOG-R24", Fixture: fxServices, Address: "aws_mq_broker.activemq", Want: StatusPass},
	ruleCase{Rule: "LOG-R25", Fixture: fxServices, Address: "aws_ec2_client_vpn_endpoint.logged", Want: StatusPass},
	ruleCase{Rule: "LOG-R25", Fixture: fxServices, Address: "aws_vpn_connection.unlogged", Want: StatusFail},

	// LOG-R26 Session Manager logging: preferences in a child module; instances with for_each (good) and count (bad).
	ruleCase{Rule: "LOG-R26", Fixture: fxAccountGood, Address: "module.session_prefs.aws_ssm_document.session_prefs", Want: StatusPass, Note: "preferences in a module"},
	ruleCase{Rule: "LOG-R26", Fixture: fxAccountBad, Want: StatusFail, Note: "count and for_each instances without preferences"},
	ruleCase{Rule: "LOG-R26", Fixture: fxAccountUnknown, Address: "aws_ssm_document.session_prefs", Want: StatusUndecidable},

	// LOG-R27 … R30 account baselines.
	ruleCase{Rule: "LOG-R27", Fixture: fxAccountGood, Want: StatusPass},
	ruleCase{Rule: "LOG-R27", Fixture: fxAccountBad, Want: StatusFail},
	ruleCase{Rule: "LOG-R27", Fixture: fxAccountUnknown, Want: StatusUndecidable},
	ruleCase{Rule: "LOG-R27", Fixture: fxAccountBad, Want: StatusNotApplicable, Elsewhere: []string{"guardduty"}, Note: "provided elsewhere"},
	ruleCase{Rule: "LOG-R28", Fixture: fxAccountGood, Want: StatusPass},
	ruleCase{Rule: "LOG-R28", Fixture: fxAccountBad, Want: StatusFail},
	ruleCase{Rule: "LOG-R29", Fixture: fxAccountGood, Want: StatusPass},
	ruleCase{Rule: "LOG-R29", Fixture: fxAccountBad, Want: StatusFail},
	ruleCase{Rule: "LOG-R30", Fixture: fxAccountGood, Want: StatusPass, Note: "alarms via module, for_each and count"},
	ruleCase{Rule: "LOG-R30", Fixture: fxAccountBad, Want: StatusFail, Note: "filter without alarm, rule without target"},

	// LOG-R31 alarm actions (the topic ARN is unknown but resolves; in a module through a variable).
	ruleCase{Rule: "LOG-R31", Fixture: fxServices, Address: "aws_cloudwatch_metric_alarm.notifies", Want: StatusPass},
	ruleCase{Rule: "LOG-R31", Fixture: fxAccountGood, Address: "module.alarm_root.aws_cloudwatch_metric_alarm.this", Want: StatusPass},
	ruleCase{Rule: "LOG-R31", Fixture: fxServices, Address: "aws_cloudwatch_metric_alarm.silent", Want: StatusFail},
	ruleCase{Rule: "LOG-R31", Fixture: fxServices, Address: "aws_cloudwatch_metric_alarm.muted", Want: StatusFail},

	// LOG-R32 traffic mirroring.
	ruleCase{Rule: "LOG-R32", Fixture: fxServices, Address: "module.edge.aws_network_interface.probe", Want: StatusPass},
	ruleCase{Rule: "LOG-R32", Fixture: fxServices, Address: `module.edge_fe["east"].aws_network_interface.probe`, Want: StatusPass},
	ruleCase{Rule: "LOG-R32", Fixture: fxServices, Address: "module.edge_cnt[0].aws_network_interface.probe", Want: StatusPass},
	ruleCase{Rule: "LOG-R32", Fixture: fxServices, Address: "aws_network_interface.tagged_unmirrored", Want: StatusFail},
	ruleCase{Rule: "LOG-R32", Fixture: fxServices, Address: "aws_network_interface.collector", Want: StatusNotApplicable},

	// LOG-R33 Insights.
	ruleCase{Rule: "LOG-R33", Fixture: fxAccountGood, Address: "aws_cloudtrail.org", Want: StatusPass},
	ruleCase{Rule: "LOG-R33", Fixture: fxAccountBad, Address: "aws_cloudtrail.multi_without_insights", Want: StatusFail},
	ruleCase{Rule: "LOG-R33", Fixture: fxAccountBad, Address: "aws_cloudtrail.regional", Want: StatusNotApplicable},

	// LOG-R34 security contact.
	ruleCase{Rule: "LOG-R34", Fixture: fxAccountGood, Want: StatusPass},
	ruleCase{Rule: "LOG-R34", Fixture: fxAccountBad, Want: StatusFail},
	ruleCase{Rule: "LOG-R34", Fixture: fxAccountUnknown, Want: StatusUndecidable},
)

// LOG-R26 must find Session Manager targets created with count and with
// for_each alike (instance profiles resolved per instance).
func TestSessionLoggingNamesEveryManagedInstance(t *testing.T) {
	rule := Find(All(), "LOG-R26")
	results := evaluateRule(t, rule, loadFixture(t, fxAccountBad), ruleCase{})
	if len(results) != 1 {
		t.Fatalf("want one plan-level verdict, got %d", len(results))
	}
	for _, want := range []string{"aws_instance.app[0]", "aws_instance.app[1]", `aws_instance.ops["noc"]`, `aws_instance.ops["soc"]`} {
		if !strings.Contains(results[0].Message, want) {
			t.Errorf("verdict %q does not name %s", results[0].Message, want)
		}
	}
}
