package rules

import (
	"slices"
	"testing"
)

// Rows for the identity family (IAM-R01 … IAM-R21 except the seed IAM-R13).
// Fixtures: identity_policies (policy documents as jsonencode literals,
// data.aws_iam_policy_document known at plan time and known only after
// apply, trust policies), identity_users (users, groups, memberships and
// attachments with module, for_each and count variants), identity_compute
// (databases, secrets, sessions, metadata options, Cognito, Client VPN) and
// identity_baseline_{good,weak,unknown} (account password policy, Access
// Analyzer).
var _ = registerCases(
	ruleCase{Rule: "IAM-R01", Fixture: "identity_baseline_good", Address: "aws_iam_account_password_policy.strict", Want: StatusPass},
	ruleCase{Rule: "IAM-R01", Fixture: "identity_baseline_weak", Want: StatusFail, Address: "aws_iam_account_password_policy.weak"},
	ruleCase{Rule: "IAM-R01", Fixture: "identity_policies", Want: StatusFail, Note: "no password policy in the plan"},
	ruleCase{Rule: "IAM-R01", Fixture: "identity_policies", Want: StatusNotApplicable, Elsewhere: []string{"password_policy"}, Note: "provided elsewhere"},
	ruleCase{Rule: "IAM-R01", Fixture: "identity_baseline_unknown", Address: "aws_iam_account_password_policy.computed", Want: StatusUndecidable},
	ruleCase{Rule: "IAM-R01", Fixture: "identity_baseline_good", Address: "aws_iam_account_password_policy.strict", Want: StatusFail, Params: map[string]any{"max_password_age_days": 30}, Note: "stricter expiry"},

	ruleCase{Rule: "IAM-R02", Fixture: "identity_users", Address: "aws_iam_user_login_profile.alice", Want: StatusPass},
	ruleCase{Rule: "IAM-R02", Fixture: "identity_users", Address: "aws_iam_user_login_profile.bob", Want: StatusFail, Note: "password_reset_required unset"},

	ruleCase{Rule: "IAM-R03", Fixture: "identity_compute", Address: "aws_db_instance.managed", Want: StatusPass},
	ruleCase{Rule: "IAM-R03", Fixture: "identity_compute", Address: "aws_db_instance.from_variable", Want: StatusPass, Note: "sensitive variable without default"},
	ruleCase{Rule: "IAM-R03", Fixture: "identity_compute", Address: "aws_db_instance.literal", Want: StatusFail},
	ruleCase{Rule: "IAM-R03", Fixture: "identity_compute", Address: "aws_rds_cluster.default_in_code", Want: StatusFail, Note: "variable with a literal default"},
	ruleCase{Rule: "IAM-R03", Fixture: "identity_compute", Address: "aws_redshift_cluster.defaults", Want: StatusFail},
	ruleCase{Rule: "IAM-R03", Fixture: "identity_compute", Address: "aws_redshift_cluster.named", Want: StatusPass},
	ruleCase{Rule: "IAM-R03", Fixture: "identity_compute", Address: "aws_mq_broker.literal_user", Want: StatusFail, Note: "nested user block"},

	ruleCase{Rule: "IAM-R04", Fixture: "identity_compute", Address: "aws_db_instance.managed", Want: StatusPass},
	ruleCase{Rule: "IAM-R04", Fixture: "identity_compute", Address: "aws_db_instance.literal", Want: StatusFail},
	ruleCase{Rule: "IAM-R04", Fixture: "identity_compute", Address: "aws_rds_cluster.default_in_code", Want: StatusFail},
	ruleCase{Rule: "IAM-R04", Fixture: "identity_compute", Address: "aws_rds_cluster.computed_user", Want: StatusUndecidable},
	ruleCase{Rule: "IAM-R04", Fixture: "identity_compute", Address: "aws_redshift_cluster.defaults", Want: StatusFail, Note: "awsuser and database dev"},
	ruleCase{Rule: "IAM-R04", Fixture: "identity_compute", Address: "aws_redshift_cluster.named", Want: StatusPass},

	ruleCase{Rule: "IAM-R05", Fixture: "identity_compute", Address: "aws_ssm_parameter.db_password_plain", Want: StatusFail},
	ruleCase{Rule: "IAM-R05", Fixture: "identity_compute", Address: "aws_ssm_parameter.db_password_secure", Want: StatusPass},
	ruleCase{Rule: "IAM-R05", Fixture: "identity_compute", Address: "aws_ssm_parameter.endpoint", Want: StatusNotApplicable},
	ruleCase{Rule: "IAM-R05", Fixture: "identity_compute", Address: "aws_lambda_function.env_secret", Want: StatusFail},
	ruleCase{Rule: "IAM-R05", Fixture: "identity_compute", Address: "aws_lambda_function.env_reference", Want: StatusPass},
	ruleCase{Rule: "IAM-R05", Fixture: "identity_compute", Address: "aws_ecs_task_definition.plain_env", Want: StatusFail},
	ruleCase{Rule: "IAM-R05", Fixture: "identity_compute", Address: "aws_ecs_task_definition.secrets", Want: StatusPass},
	ruleCase{Rule: "IAM-R05", Fixture: "identity_compute", Address: "aws_launch_template.user_data_secret", Want: StatusFail, Note: "base64 user data"},
	ruleCase{Rule: "IAM-R05", Fixture: "identity_compute", Address: "aws_instance.imdsv1", Want: StatusFail, Note: "user data read from the configuration"},
	ruleCase{Rule: "IAM-R05", Fixture: "identity_compute", Address: "aws_instance.imdsv2", Want: StatusPass},

	ruleCase{Rule: "IAM-R06", Fixture: "identity_users", Address: "aws_iam_user_login_profile.alice", Want: StatusPass, Note: "inline group policy"},
	ruleCase{Rule: "IAM-R06", Fixture: "identity_users", Address: "aws_iam_user_login_profile.erin", Want: StatusPass, Note: "attached customer policy"},
	ruleCase{Rule: "IAM-R06", Fixture: "identity_users", Address: "aws_iam_user_login_profile.bob", Want: StatusFail},
	ruleCase{Rule: "IAM-R06", Fixture: "identity_users", Address: "aws_iam_user_login_profile.frank", Want: StatusUndecidable, Note: "group policy known after apply"},
	ruleCase{Rule: "IAM-R06", Fixture: "identity_users", Address: `aws_iam_user_login_profile.team["carol"]`, Want: StatusPass, Note: "for_each users via aws_iam_group_membership"},
	ruleCase{Rule: "IAM-R06", Fixture: "identity_users", Address: "aws_iam_user_login_profile.contractor[1]", Want: StatusFail, Note: "count users in no group"},
	ruleCase{Rule: "IAM-R06", Fixture: "identity_users", Address: "module.console_user.aws_iam_user_login_profile.this", Want: StatusPass, Note: "module joins the caller's group"},

	ruleCase{Rule: "IAM-R07", Fixture: "identity_policies", Address: "aws_iam_role.app", Want: StatusPass, Note: "service principal"},
	ruleCase{Rule: "IAM-R07", Fixture: "identity_policies", Address: "aws_iam_role.cross_account_mfa", Want: StatusPass},
	ruleCase{Rule: "IAM-R07", Fixture: "identity_policies", Address: "aws_iam_role.cross_account_no_mfa", Want: StatusFail},
	ruleCase{Rule: "IAM-R07", Fixture: "identity_policies", Address: "aws_iam_role.cross_account_no_mfa", Want: StatusPass, Params: map[string]any{"trusted_principals_without_mfa": []string{"arn:aws:iam::111122223333:root"}}, Note: "allowlisted automation principal"},
	ruleCase{Rule: "IAM-R07", Fixture: "identity_policies", Address: "aws_iam_role.trust_everyone", Want: StatusFail},
	ruleCase{Rule: "IAM-R07", Fixture: "identity_policies", Address: "aws_iam_role.trust_unknown", Want: StatusUndecidable},

	ruleCase{Rule: "IAM-R08", Fixture: "identity_users", Address: "aws_iam_user.alice", Want: StatusPass},
	ruleCase{Rule: "IAM-R08", Fixture: "identity_users", Address: "aws_iam_user.bob", Want: StatusFail},
	ruleCase{Rule: "IAM-R08", Fixture: "identity_users", Address: "aws_iam_user_login_profile.bob", Want: StatusFail},
	ruleCase{Rule: "IAM-R08", Fixture: "identity_users", Address: "module.console_user.aws_iam_user_login_profile.this", Want: StatusPass},

	ruleCase{Rule: "IAM-R09", Fixture: "identity_users", Address: "aws_iam_access_key.ci", Want: StatusFail},
	ruleCase{Rule: "IAM-R09", Fixture: "identity_users", Address: "aws_iam_access_key.ci", Want: StatusPass, Params: map[string]any{"access_key_allowed_users": []string{"ci-legacy"}}, Note: "allowlisted user"},

	ruleCase{Rule: "IAM-R10", Fixture: "identity_compute", Address: "aws_iam_role.long_session", Want: StatusFail},
	ruleCase{Rule: "IAM-R10", Fixture: "identity_compute", Address: "aws_iam_role.default_session", Want: StatusPass},
	ruleCase{Rule: "IAM-R10", Fixture: "identity_compute", Address: "aws_ssoadmin_permission_set.admin_long", Want: StatusFail},
	ruleCase{Rule: "IAM-R10", Fixture: "identity_compute", Address: "aws_ssoadmin_permission_set.reader", Want: StatusPass},
	ruleCase{Rule: "IAM-R10", Fixture: "identity_compute", Address: "aws_ec2_client_vpn_endpoint.ops", Want: StatusPass},
	ruleCase{Rule: "IAM-R10", Fixture: "identity_compute", Address: "aws_ec2_client_vpn_endpoint.default_timeout", Want: StatusFail, Note: "AWS default 24 h"},
	ruleCase{Rule: "IAM-R10", Fixture: "identity_compute", Address: "aws_rolesanywhere_profile.short", Want: StatusPass},
	ruleCase{Rule: "IAM-R10", Fixture: "identity_compute", Address: "aws_cognito_user_pool_client.long_tokens", Want: StatusFail},
	ruleCase{Rule: "IAM-R10", Fixture: "identity_compute", Address: "aws_cognito_user_pool_client.short_tokens", Want: StatusPass},

	ruleCase{Rule: "IAM-R11", Fixture: "identity_compute", Address: "aws_ssm_document.session_prefs", Want: StatusPass},
	ruleCase{Rule: "IAM-R11", Fixture: "identity_compute", Address: "aws_ssm_document.session_prefs_lax", Want: StatusFail},

	ruleCase{Rule: "IAM-R12", Fixture: "identity_users", Address: "aws_iam_user_policy.bob_inline", Want: StatusFail},
	ruleCase{Rule: "IAM-R12", Fixture: "identity_users", Address: "aws_iam_user_policy_attachment.bob_readonly", Want: StatusFail},
	ruleCase{Rule: "IAM-R12", Fixture: "identity_users", Address: "aws_iam_policy_attachment.groups_only", Want: StatusPass},
	ruleCase{Rule: "IAM-R12", Fixture: "identity_users", Address: "aws_iam_policy_attachment.with_users", Want: StatusFail},

	ruleCase{Rule: "IAM-R14", Fixture: "identity_policies", Address: "aws_iam_policy.scoped", Want: StatusPass},
	ruleCase{Rule: "IAM-R14", Fixture: "identity_policies", Address: "aws_iam_policy.ec2_full", Want: StatusFail, Note: "Statement as a single object"},
	ruleCase{Rule: "IAM-R14", Fixture: "identity_policies", Address: "aws_iam_policy.from_document", Want: StatusPass, Note: "policy document read at plan time"},
	ruleCase{Rule: "IAM-R14", Fixture: "identity_policies", Address: "aws_iam_policy.from_unknown_document", Want: StatusFail, Note: "resolved from the data source's statement blocks"},
	ruleCase{Rule: "IAM-R14", Fixture: "identity_policies", Address: "aws_iam_policy.from_unknown_document_ok", Want: StatusPass, Note: "resolved from the data source's statement blocks"},
	ruleCase{Rule: "IAM-R14", Fixture: "identity_policies", Address: "aws_iam_policy.unknown", Want: StatusUndecidable},
	ruleCase{Rule: "IAM-R14", Fixture: "identity_policies", Address: "aws_ssoadmin_permission_set_inline_policy.ops", Want: StatusFail},
	ruleCase{Rule: "IAM-R14", Fixture: "identity_policies", Address: "aws_iam_policy.ec2_full", Want: StatusPass, Params: map[string]any{"service_wildcard_allowed_services": []string{"ec2"}}, Note: "tolerated service"},

	ruleCase{Rule: "IAM-R15", Fixture: "identity_policies", Address: "aws_iam_role.app", Want: StatusFail, Note: "inline_policy block of aws_iam_role"},
	ruleCase{Rule: "IAM-R15", Fixture: "identity_policies", Address: "aws_iam_role_policy.kms_via_service", Want: StatusPass},
	ruleCase{Rule: "IAM-R15", Fixture: "identity_policies", Address: "aws_iam_role_policy.kms_named_key", Want: StatusPass},
	ruleCase{Rule: "IAM-R15", Fixture: "identity_policies", Address: "aws_iam_group_policy.notaction", Want: StatusFail, Note: "NotAction"},
	ruleCase{Rule: "IAM-R15", Fixture: "identity_policies", Address: "aws_ssoadmin_permission_set_inline_policy.ops", Want: StatusFail, Note: "kms:ReEncrypt* wildcard"},
	ruleCase{Rule: "IAM-R15", Fixture: "identity_policies", Address: "aws_iam_policy.unknown", Want: StatusUndecidable},

	ruleCase{Rule: "IAM-R16", Fixture: "identity_users", Address: "aws_iam_role_policy_attachment.break_glass_admin", Want: StatusPass},
	ruleCase{Rule: "IAM-R16", Fixture: "identity_users", Address: "aws_iam_role_policy_attachment.app_admin", Want: StatusFail},
	ruleCase{Rule: "IAM-R16", Fixture: "identity_users", Address: "aws_iam_role_policy_attachment.app_admin", Want: StatusPass, Params: map[string]any{"privileged_policy_allowed_principals": []string{"app"}}, Note: "allowlisted role"},
	ruleCase{Rule: "IAM-R16", Fixture: "identity_users", Address: "aws_iam_role_policy_attachment.app_custom", Want: StatusPass, Note: "customer policy created in the plan"},
	ruleCase{Rule: "IAM-R16", Fixture: "identity_users", Address: "aws_iam_group_policy_attachment.console_readonly", Want: StatusPass},
	ruleCase{Rule: "IAM-R16", Fixture: "identity_users", Address: "aws_iam_policy_attachment.with_users", Want: StatusFail},
	ruleCase{Rule: "IAM-R16", Fixture: "identity_users", Address: "aws_ssoadmin_managed_policy_attachment.ops_admin", Want: StatusFail},

	ruleCase{Rule: "IAM-R17", Fixture: "identity_baseline_good", Want: StatusPass},
	ruleCase{Rule: "IAM-R17", Fixture: "identity_baseline_weak", Want: StatusFail},
	ruleCase{Rule: "IAM-R17", Fixture: "identity_baseline_weak", Want: StatusNotApplicable, Elsewhere: []string{"access_analyzer"}, Note: "provided elsewhere"},
	ruleCase{Rule: "IAM-R17", Fixture: "identity_baseline_unknown", Address: "aws_accessanalyzer_analyzer.computed", Want: StatusUndecidable},

	ruleCase{Rule: "IAM-R18", Fixture: "identity_compute", Address: "aws_cognito_user_pool.strong", Want: StatusPass},
	ruleCase{Rule: "IAM-R18", Fixture: "identity_compute", Address: "aws_cognito_user_pool.weak", Want: StatusFail},

	ruleCase{Rule: "IAM-R19", Fixture: "identity_compute", Address: "aws_instance.imdsv2", Want: StatusPass},
	ruleCase{Rule: "IAM-R19", Fixture: "identity_compute", Address: "aws_instance.imdsv1", Want: StatusFail},
	ruleCase{Rule: "IAM-R19", Fixture: "identity_compute", Address: "aws_instance.unset_metadata", Want: StatusPass, Note: "account default requires tokens"},
	ruleCase{Rule: "IAM-R19", Fixture: "network_misc", Address: "aws_instance.private", Want: StatusFail, Note: "unset, no account default"},
	ruleCase{Rule: "IAM-R19", Fixture: "identity_compute", Address: "aws_instance.container_host", Want: StatusPass, Note: "hop limit 2 on a container host"},
	ruleCase{Rule: "IAM-R19", Fixture: "identity_compute", Address: "aws_launch_template.hop3", Want: StatusFail},
	ruleCase{Rule: "IAM-R19", Fixture: "identity_compute", Address: "aws_ec2_instance_metadata_defaults.account", Want: StatusPass},

	ruleCase{Rule: "IAM-R20", Fixture: "identity_compute", Address: "aws_instance.imdsv2", Want: StatusPass},
	ruleCase{Rule: "IAM-R20", Fixture: "identity_compute", Address: "aws_instance.imdsv1", Want: StatusFail},

	ruleCase{Rule: "IAM-R21", Fixture: "identity_compute", Address: "aws_ec2_client_vpn_authorization_rule.noc", Want: StatusPass},
	ruleCase{Rule: "IAM-R21", Fixture: "identity_compute", Address: "aws_ec2_client_vpn_authorization_rule.all_groups", Want: StatusFail},
	// identity_unknown: values known only after apply, some passed through
	// terraform_data so that no reference can be followed.
	ruleCase{Rule: "IAM-R02", Fixture: "identity_unknown", Address: "aws_iam_user_login_profile.maybe_reset", Want: StatusUndecidable},
	ruleCase{Rule: "IAM-R05", Fixture: "identity_unknown", Address: "aws_ssm_parameter.named_later", Want: StatusUndecidable},
	ruleCase{Rule: "IAM-R06", Fixture: "identity_unknown", Address: "aws_iam_user_login_profile.indirect_user", Want: StatusUndecidable, Note: "user through terraform_data"},
	ruleCase{Rule: "IAM-R08", Fixture: "identity_unknown", Address: "aws_iam_user.tagged_later", Want: StatusUndecidable},
	ruleCase{Rule: "IAM-R08", Fixture: "identity_unknown", Address: "aws_iam_user_login_profile.indirect_user", Want: StatusUndecidable},
	ruleCase{Rule: "IAM-R09", Fixture: "identity_unknown", Address: "aws_iam_access_key.indirect_user", Want: StatusUndecidable},
	ruleCase{Rule: "IAM-R10", Fixture: "identity_unknown", Address: "aws_iam_role.maybe_long", Want: StatusUndecidable},
	ruleCase{Rule: "IAM-R11", Fixture: "identity_unknown", Address: "aws_ssm_document.session_later", Want: StatusUndecidable},
	ruleCase{Rule: "IAM-R12", Fixture: "identity_unknown", Address: "aws_iam_policy_attachment.maybe_users", Want: StatusUndecidable},
	ruleCase{Rule: "IAM-R16", Fixture: "identity_unknown", Address: "aws_iam_role_policy_attachment.indirect_admin", Want: StatusUndecidable},
	ruleCase{Rule: "IAM-R18", Fixture: "identity_unknown", Address: "aws_cognito_user_pool.maybe_mfa", Want: StatusUndecidable},
	ruleCase{Rule: "IAM-R19", Fixture: "identity_unknown", Address: "aws_launch_template.maybe_imdsv2", Want: StatusUndecidable},
	ruleCase{Rule: "IAM-R20", Fixture: "identity_unknown", Address: "aws_instance.maybe_profile", Want: StatusPass, Note: "profile name known after apply"},
	ruleCase{Rule: "IAM-R21", Fixture: "identity_unknown", Address: "aws_ec2_client_vpn_authorization_rule.maybe_all", Want: StatusUndecidable},
)

func TestParsePolicyJSON(t *testing.T) {
	tests := []struct {
		name      string
		doc       string
		wantErr   bool
		actions   []string
		notAction bool
		principal map[string][]string
		condKey   string
	}{
		{name: "single statement object, string fields", doc: `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, actions: []string{"s3:*"}},
		{name: "list with NotAction", doc: `{"Statement":[{"Effect":"Deny","NotAction":["iam:*"],"Resource":"*"}]}`, notAction: true},
		{name: "principal star", doc: `{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":"*"}]}`, actions: []string{"sts:AssumeRole"}, principal: map[string][]string{"*": {"*"}}},
		{name: "principal map with list", doc: `{"Statement":[{"Effect":"Allow","Action":["sts:AssumeRole"],"Principal":{"AWS":["arn:aws:iam::1:root"]},"Condition":{"Bool":{"aws:MultiFactorAuthPresent":true}}}]}`, actions: []string{"sts:AssumeRole"}, principal: map[string][]string{"AWS": {"arn:aws:iam::1:root"}}, condKey: "aws:MultiFactorAuthPresent"},
		{name: "no statement", doc: `{"Version":"2012-10-17"}`},
		{name: "not JSON", doc: `{"Statement":`, wantErr: true},
		{name: "statement is a string", doc: `{"Statement":"x"}`, wantErr: true},
		{name: "action is an object", doc: `{"Statement":[{"Effect":"Allow","Action":{"a":1}}]}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ParsePolicyJSON(tt.doc)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if len(doc.Statements) == 0 {
				if tt.actions != nil || tt.notAction {
					t.Fatal("no statements parsed")
				}
				return
			}
			st := doc.Statements[0]
			if tt.actions != nil && !slices.Equal(st.Actions, tt.actions) {
				t.Errorf("actions = %v, want %v", st.Actions, tt.actions)
			}
			if st.HasNotAction != tt.notAction {
				t.Errorf("HasNotAction = %v", st.HasNotAction)
			}
			for typ, ids := range tt.principal {
				if !slices.Equal(st.Principals[typ], ids) {
					t.Errorf("principal %s = %v, want %v", typ, st.Principals[typ], ids)
				}
			}
			if tt.condKey != "" {
				if got := st.ConditionValues(tt.condKey, nil); !slices.Equal(got, []string{"true"}) {
					t.Errorf("condition %s = %v, want [true]", tt.condKey, got)
				}
			}
		})
	}
}

func TestActionMatches(t *testing.T) {
	tests := []struct {
		pattern, action string
		want            bool
	}{
		{"kms:*", "kms:Decrypt", true},
		{"KMS:decrypt", "kms:Decrypt", true},
		{"kms:ReEncrypt*", "kms:ReEncryptFrom", true},
		{"kms:Re?ncrypt*", "kms:ReEncryptFrom", true},
		{"*", "kms:Decrypt", true},
		{"kms:Encrypt", "kms:Decrypt", false},
		{"kms:Decrypt*", "kms:Decryp", false},
		{"s3:Get*Object", "s3:GetObject", true},
	}
	for _, tt := range tests {
		if got := ActionMatches(tt.pattern, tt.action); got != tt.want {
			t.Errorf("ActionMatches(%q, %q) = %v, want %v", tt.pattern, tt.action, got, tt.want)
		}
	}
}

func TestParseISODuration(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		wantErr bool
	}{
		{"PT1H", 3600, false},
		{"PT2H30M", 9000, false},
		{"PT45M", 2700, false},
		{"P1D", 86400, false},
		{"PT", 0, true},
		{"1H", 0, true},
	}
	for _, tt := range tests {
		got, err := parseISODuration(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("parseISODuration(%q) = %d, %v; want %d, err %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
