package rules

// Rows for the seed rules (the model every family follows). Fixtures:
// seed (the check demo landing zone: modules, count, for_each, sensitive
// values), seed_unknown (links known only after apply) and seed_tamper (a
// prior state planned without refresh: deletes and weakening updates).
var _ = registerCases(
	ruleCase{Rule: "LOG-R01", Fixture: "seed", Address: "aws_vpc.core", Want: StatusPass},
	ruleCase{Rule: "LOG-R01", Fixture: "seed", Address: "aws_vpc.lab", Want: StatusFail, Note: "reject-only flow log"},
	ruleCase{Rule: "LOG-R01", Fixture: "seed", Address: "aws_vpc.lab", Want: StatusPass, Params: map[string]any{"flow_log_traffic_types": []string{"ALL", "REJECT"}}, Note: "REJECT allowed by parameter"},
	ruleCase{Rule: "LOG-R01", Fixture: "seed", Address: `aws_vpc.tenant["blue"]`, Want: StatusPass},
	ruleCase{Rule: "LOG-R01", Fixture: "seed", Address: "aws_vpc.spoke[1]", Want: StatusPass},
	ruleCase{Rule: "LOG-R01", Fixture: "seed", Address: "module.edge.aws_vpc.this", Want: StatusFail},
	ruleCase{Rule: "LOG-R01", Fixture: "seed_unknown", Address: "aws_vpc.pool[0]", Want: StatusUndecidable, Note: "flow log vpc_id indexed by a value known after apply"},

	ruleCase{Rule: "NET-R16", Fixture: "seed", Address: "aws_s3_bucket.logs", Want: StatusPass},
	ruleCase{Rule: "NET-R16", Fixture: "seed", Address: "aws_s3_bucket.artifacts[0]", Want: StatusFail},
	ruleCase{Rule: "NET-R16", Fixture: "seed", Address: `aws_s3_bucket.tenant["green"]`, Want: StatusPass},
	ruleCase{Rule: "NET-R16", Fixture: "seed", Address: "module.edge.aws_s3_bucket.edge_logs", Want: StatusPass},
	ruleCase{Rule: "NET-R16", Fixture: "seed_unknown", Address: "aws_s3_bucket.pool[1]", Want: StatusUndecidable, Note: "bucket indexed by a value known after apply"},

	ruleCase{Rule: "LOG-R05", Fixture: "seed", Address: "aws_cloudtrail.main", Want: StatusPass},
	ruleCase{Rule: "LOG-R05", Fixture: "seed", Address: "aws_cloudtrail.audit", Want: StatusFail},

	ruleCase{Rule: "LOG-R06", Fixture: "seed", Address: "aws_cloudtrail.main", Want: StatusPass, Note: "key ARN unknown but resolves to a key of the plan"},
	ruleCase{Rule: "LOG-R06", Fixture: "seed", Address: "aws_cloudtrail.audit", Want: StatusFail},
	ruleCase{Rule: "LOG-R06", Fixture: "seed_unknown", Address: "aws_cloudtrail.external_key", Want: StatusUndecidable},

	ruleCase{Rule: "NET-R01", Fixture: "seed", Address: "aws_security_group.bastion", Want: StatusFail, Note: "inline ingress"},
	ruleCase{Rule: "NET-R01", Fixture: "seed", Address: "aws_security_group.bastion", Want: StatusPass, Params: map[string]any{"admin_ports": []string{"tcp:3389"}}, Note: "port not in admin_ports"},
	ruleCase{Rule: "NET-R01", Fixture: "seed", Address: "aws_security_group_rule.web_rdp", Want: StatusFail, Note: "aws_security_group_rule"},
	ruleCase{Rule: "NET-R01", Fixture: "seed", Address: "aws_vpc_security_group_ingress_rule.web_ssh_v6", Want: StatusFail, Note: "IPv6 ::/0"},
	ruleCase{Rule: "NET-R01", Fixture: "seed", Address: "aws_vpc_security_group_ingress_rule.web_ssh_partner", Want: StatusPass, Note: "sensitive partner CIDR"},
	ruleCase{Rule: "NET-R01", Fixture: "seed", Address: "aws_vpc_security_group_ingress_rule.web_ssh_jump", Want: StatusUndecidable},
	ruleCase{Rule: "NET-R01", Fixture: "seed", Address: "aws_security_group.web", Want: StatusPass},
	ruleCase{Rule: "NET-R01", Fixture: "seed", Address: "module.edge.aws_security_group.admin", Want: StatusFail, Note: "NETCONF"},
	ruleCase{Rule: "NET-R01", Fixture: "seed_unknown", Address: "aws_security_group.maybe_open", Want: StatusUndecidable},

	ruleCase{Rule: "NET-R06", Fixture: "seed", Address: "aws_default_security_group.core", Want: StatusPass},
	ruleCase{Rule: "NET-R06", Fixture: "seed", Address: "aws_default_security_group.lab", Want: StatusFail},

	ruleCase{Rule: "NET-R14", Fixture: "seed", Address: "aws_db_instance.billing", Want: StatusFail},
	ruleCase{Rule: "NET-R14", Fixture: "seed_unknown", Address: "aws_db_instance.private", Want: StatusPass},
	ruleCase{Rule: "NET-R14", Fixture: "seed_unknown", Address: "aws_db_instance.maybe_public", Want: StatusUndecidable},

	ruleCase{Rule: "CRY-R21", Fixture: "seed", Address: "aws_kms_key.trail", Want: StatusPass},
	ruleCase{Rule: "CRY-R21", Fixture: "seed", Address: "aws_kms_key.legacy", Want: StatusFail},
	ruleCase{Rule: "CRY-R21", Fixture: "seed_unknown", Address: "aws_kms_key.maybe", Want: StatusUndecidable},

	ruleCase{Rule: "CRY-R22", Fixture: "seed", Address: "aws_ebs_volume.data", Want: StatusPass},
	ruleCase{Rule: "CRY-R22", Fixture: "seed", Address: "aws_ebs_volume.scratch", Want: StatusFail},
	ruleCase{Rule: "CRY-R22", Fixture: "seed", Address: "aws_ebs_volume.scratch", Want: StatusPass, Elsewhere: []string{"ebs_encryption"}, Note: "account default encryption elsewhere"},
	ruleCase{Rule: "CRY-R22", Fixture: "seed", Address: "aws_db_instance.billing", Want: StatusFail},

	ruleCase{Rule: "CFG-R03", Fixture: "seed_tamper", Address: "aws_cloudtrail.main", Want: StatusFail, Note: "log file validation true to false"},
	ruleCase{Rule: "CFG-R03", Fixture: "seed_tamper", Address: "aws_cloudtrail.kept", Want: StatusPass},
	ruleCase{Rule: "CFG-R03", Fixture: "seed_tamper", Address: "aws_flow_log.gone", Want: StatusFail, Note: "delete"},
	ruleCase{Rule: "CFG-R03", Fixture: "seed_tamper", Address: "aws_kms_key.gone", Want: StatusFail, Note: "delete"},
	ruleCase{Rule: "CFG-R03", Fixture: "seed_tamper", Address: "aws_kms_key.rotating", Want: StatusPass},
	ruleCase{Rule: "CFG-R03", Fixture: "seed_tamper", Address: "aws_cloudwatch_log_group.audit", Want: StatusFail, Note: "retention shortened"},
	ruleCase{Rule: "CFG-R03", Fixture: "seed_tamper", Address: "aws_guardduty_detector.main", Want: StatusFail},

	ruleCase{Rule: "IAM-R13", Fixture: "seed", Address: "aws_iam_policy.admin", Want: StatusFail},
	ruleCase{Rule: "IAM-R13", Fixture: "seed", Address: "aws_iam_policy.list_buckets", Want: StatusPass},
	ruleCase{Rule: "IAM-R13", Fixture: "seed", Address: "aws_iam_policy.read_logs", Want: StatusUndecidable, Note: "policy with an unknown bucket ARN"},
)
