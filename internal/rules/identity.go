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

// identityRules are the identity and access rules IAM-R01 … IAM-R21 of
// guidance §3.3.
func identityRules() []*Rule {
	return []*Rule{
		{
			Metadata: Metadata{
				ID:                  "IAM-R01",
				Title:               "Account password policy is strong",
				Severity:            SeverityMedium,
				Kind:                KindAccount,
				Controls:            []string{"IAM-03"},
				AWSConfigRules:      []string{"iam-password-policy"},
				SecurityHubControls: []string{"IAM.7", "IAM.10", "IAM.11", "IAM.12", "IAM.13", "IAM.14", "IAM.15", "IAM.16", "IAM.17"},
				ResourceTypes:       []string{"aws_iam_account_password_policy"},
				Rationale: "The guidance asks for password policies with complexity requirements that follow NIST guidance. " +
					"Length and reuse prevention matter most; forced composition and expiry are kept configurable because " +
					"NIST SP 800-63B discourages them while CIS benchmarks still expect them.",
				Remediation: "Manage the account password policy with aws_iam_account_password_policy (or declare it provided " +
					"elsewhere in the commshield config when a baseline workspace owns it).",
				RemediationHCL: `resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length        = 14
  password_reuse_prevention      = 24
  require_lowercase_characters   = true
  require_uppercase_characters   = true
  require_numbers                = true
  require_symbols                = true
  max_password_age               = 90
  allow_users_to_change_password = true
}`,
				Params: []Param{
					{Name: "min_password_length", Description: "minimum accepted minimum_password_length", Default: 14},
					{Name: "password_reuse_prevention", Description: "minimum accepted password_reuse_prevention (remembered passwords)", Default: 24},
					{Name: "max_password_age_days", Description: "largest accepted max_password_age in days; 0 turns the expiry check off (NIST SP 800-63B style)", Default: 90},
					{Name: "require_password_composition", Description: "demand the four character-class flags (CIS style); false follows NIST SP 800-63B", Default: true},
				},
			},
			CheckPlan: checkPasswordPolicy,
		},
		{
			Metadata: Metadata{
				ID:            "IAM-R02",
				Title:         "Console login profiles force a password change at first sign-in",
				Severity:      SeverityMedium,
				Kind:          KindResource,
				Controls:      []string{"IAM-02"},
				ResourceTypes: []string{"aws_iam_user_login_profile"},
				Rationale: "An initial password chosen by an administrator is a default password; the guidance asks that " +
					"defaults are changed on first use.",
				Remediation: "Set password_reset_required = true on the login profile.",
				RemediationHCL: `resource "aws_iam_user_login_profile" "breakglass" {
  user                    = aws_iam_user.breakglass.name
  password_reset_required = true
}`,
			},
			CheckResource: checkLoginProfileReset,
		},
		{
			Metadata: Metadata{
				ID:       "IAM-R03",
				Title:    "Database and broker master passwords are managed, not literals",
				Severity: SeverityHigh,
				Kind:     KindResource,
				Controls: []string{"IAM-02", "IAM-04"},
				ResourceTypes: []string{"aws_db_instance", "aws_docdb_cluster", "aws_mq_broker", "aws_rds_cluster",
					"aws_redshift_cluster"},
				Rationale: "A master password written into the configuration is a shared default that lives in version " +
					"control and in state; the guidance forbids default and reversibly stored passwords.",
				Remediation: "Let AWS manage the password in Secrets Manager (manage_master_user_password / " +
					"manage_master_password), or pass it from a sensitive variable without a default or a secret store.",
				RemediationHCL: `resource "aws_db_instance" "main" {
  # …
  username                    = "ops_owner"
  manage_master_user_password = true
}`,
			},
			CheckResource: checkMasterPassword,
		},
		{
			Metadata: Metadata{
				ID:                  "IAM-R04",
				Title:               "Database admin user and database names are not well-known defaults",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"IAM-02"},
				AWSConfigRules:      []string{"rds-instance-default-admin-check", "rds-cluster-default-admin-check", "redshift-default-admin-check", "redshift-default-db-name-check"},
				SecurityHubControls: []string{"RDS.25", "RDS.24", "Redshift.8", "Redshift.9"},
				ResourceTypes:       []string{"aws_db_instance", "aws_rds_cluster", "aws_redshift_cluster"},
				Rationale: "Default administrator names halve the work of a password-guessing attack; the guidance asks " +
					"that defaults are never kept.",
				Remediation: "Choose a non-default master user name (and, for Redshift, a database name other than dev).",
				RemediationHCL: `resource "aws_redshift_cluster" "dw" {
  # …
  master_username = "dw_owner"
  database_name   = "telemetry"
}`,
				Params: []Param{
					{Name: "default_admin_usernames", Description: "master user names treated as defaults (case-insensitive)", Default: []string{"admin", "administrator", "root", "postgres", "sa", "master", "awsuser", "user", "mysql"}},
					{Name: "default_database_names", Description: "Redshift database names treated as defaults", Default: []string{"dev"}},
				},
			},
			CheckResource: checkDefaultAdminNames,
		},
		{
			Metadata: Metadata{
				ID:                  "IAM-R05",
				Title:               "Secrets are not stored in plaintext parameters, environment variables or user data",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"IAM-04", "CRY-09"},
				AWSConfigRules:      []string{"ecs-no-environment-secrets", "codebuild-project-envvar-awscred-check"},
				SecurityHubControls: []string{"ECS.8", "CodeBuild.2"},
				ResourceTypes: []string{"aws_codebuild_project", "aws_ecs_task_definition", "aws_instance", "aws_lambda_function",
					"aws_launch_template", "aws_ssm_parameter"},
				Rationale: "Passwords kept in plaintext parameters, environment variables or boot scripts are readable by " +
					"anyone who can describe the resource; the guidance asks for one-way or protected storage only.",
				Remediation: "Store secrets as SSM SecureString parameters or in Secrets Manager, and pass them to containers " +
					"through `secrets` (ECS) or fetch them at runtime; keep them out of user data.",
				RemediationHCL: `resource "aws_ssm_parameter" "db_password" {
  name   = "/app/db/password"
  type   = "SecureString"
  key_id = aws_kms_key.app.arn
  value  = var.db_password
}`,
				Params: []Param{{Name: "secret_name_pattern", Description: "regular expression (case-insensitive) for names that hold secrets", Default: secretName.String(), Check: checkRegexpParam}},
			},
			CheckResource: checkPlaintextSecrets,
		},
		{
			Metadata: Metadata{
				ID:                  "IAM-R06",
				Title:               "Console users are in a group that denies everything without MFA",
				Severity:            SeverityHigh,
				Kind:                KindCross,
				Controls:            []string{"IAM-05"},
				AWSConfigRules:      []string{"mfa-enabled-for-iam-console-access", "iam-user-mfa-enabled"},
				SecurityHubControls: []string{"IAM.5", "IAM.19"},
				// Judged on each console login profile; the rule reads aws_iam_user,
				// aws_iam_user_group_membership, aws_iam_group_membership,
				// aws_iam_group_policy(_attachment) and aws_iam_policy.
				ResourceTypes: []string{"aws_iam_user_login_profile"},
				Rationale: "The guidance asks for phishing-resistant MFA on every account. Whether a device is registered is " +
					"runtime state, but a plan can ensure every console user is in a group whose policy refuses all actions " +
					"until MFA is present.",
				Remediation: "Put every console user in a group with a policy that denies everything (except managing their own " +
					"MFA device) when aws:MultiFactorAuthPresent is false.",
				RemediationHCL: `data "aws_iam_policy_document" "require_mfa" {
  statement {
    effect        = "Deny"
    not_actions   = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "sts:GetSessionToken"]
    resources     = ["*"]
    condition {
      test     = "BoolIfExists"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["false"]
    }
  }
}
resource "aws_iam_group_policy" "require_mfa" {
  group  = aws_iam_group.console.name
  policy = data.aws_iam_policy_document.require_mfa.json
}`,
				Params: []Param{{Name: "mfa_policy_arns", Description: "managed policy ARNs known to enforce MFA (attached to the group)", Default: []string{}}},
			},
			CheckResource: checkConsoleUserMFAGroup,
		},
		{
			Metadata: Metadata{
				ID:            "IAM-R07",
				Title:         "Role trust policies require MFA for account principals and never trust everyone",
				Severity:      SeverityHigh,
				Kind:          KindResource,
				Controls:      []string{"IAM-05", "IAM-11"},
				ResourceTypes: []string{"aws_iam_role"},
				Rationale: "A role that any principal of a trusted account can assume without MFA is a path around the " +
					"guidance's MFA requirement; Principal \"*\" without a condition lets anyone in any account assume it.",
				Remediation: "Add a Bool condition aws:MultiFactorAuthPresent = true to statements trusting AWS principals, " +
					"or trust a service or identity provider instead.",
				RemediationHCL: `data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}`,
				Params: []Param{{Name: "trusted_principals_without_mfa", Description: "principal ARNs (automation roles) that may assume roles without MFA", Default: []string{}}},
			},
			CheckResource: checkTrustPolicyMFA,
		},
		{
			Metadata: Metadata{
				ID:             "IAM-R08",
				Title:          "IAM users exist only as tagged break-glass accounts",
				Severity:       SeverityMedium,
				Kind:           KindResource,
				Controls:       []string{"IAM-06", "IAM-07", "IAM-10"},
				AWSConfigRules: []string{"iam-user-group-membership-check"},
				ResourceTypes:  []string{"aws_iam_user", "aws_iam_user_login_profile"},
				Rationale: "The guidance keeps local accounts for emergencies and routes day-to-day administration through a " +
					"central identity service with MFA (IAM Identity Center, SAML or OIDC federation).",
				Remediation: "Give people access through IAM Identity Center or federation; keep IAM users only for break-glass " +
					"and tag them so.",
				RemediationHCL: `resource "aws_iam_user" "breakglass" {
  name = "breakglass-1"
  tags = { "commshield:break-glass" = "true" }
}`,
				Params: []Param{{Name: "break_glass_tags", Description: "tags (key=value, or key for any value) that mark break-glass principals", Default: []string{"commshield:break-glass=true"}}},
			},
			CheckResource: checkIAMUserBreakGlass,
		},
		{
			Metadata: Metadata{
				ID:                  "IAM-R09",
				Title:               "No long-lived access keys outside the allowlist",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"IAM-08", "IAM-11"},
				AWSConfigRules:      []string{"access-keys-rotated", "iam-user-unused-credentials-check"},
				SecurityHubControls: []string{"IAM.3", "IAM.8", "IAM.22"},
				ResourceTypes:       []string{"aws_iam_access_key"},
				Rationale: "Access keys never expire on their own and bypass MFA; the guidance asks for short sessions that " +
					"force re-authentication.",
				Remediation: "Use roles (instance profiles, IRSA, Roles Anywhere, OIDC federation for CI) instead of access keys.",
				RemediationHCL: `resource "aws_iam_role" "ci" {
  name               = "ci-deploy"
  assume_role_policy = data.aws_iam_policy_document.github_oidc_trust.json
}`,
				Params: []Param{{Name: "access_key_allowed_users", Description: "IAM user names allowed to hold access keys", Default: []string{}}},
			},
			CheckResource: checkAccessKeyAllowed,
		},
		{
			Metadata: Metadata{
				ID:       "IAM-R10",
				Title:    "Session lifetimes stay within the configured limits",
				Severity: SeverityMedium,
				Kind:     KindResource,
				Controls: []string{"IAM-08"},
				ResourceTypes: []string{"aws_cognito_user_pool_client", "aws_ec2_client_vpn_endpoint", "aws_iam_role",
					"aws_rolesanywhere_profile", "aws_ssoadmin_permission_set"},
				Rationale: "The guidance asks to limit session-token lifetime and force re-authentication at expiry, with " +
					"audited standard durations per role.",
				Remediation: "Lower the session duration to the configured limit.",
				RemediationHCL: `resource "aws_ssoadmin_permission_set" "admin" {
  name             = "NetworkAdmin"
  instance_arn     = local.sso_instance_arn
  session_duration = "PT1H"
}`,
				Params: []Param{
					{Name: "role_max_session_seconds", Description: "largest aws_iam_role.max_session_duration", Default: 3600},
					{Name: "admin_permission_set_max", Description: "largest session_duration (ISO-8601) of admin permission sets", Default: "PT1H"},
					{Name: "permission_set_max", Description: "largest session_duration (ISO-8601) of other permission sets", Default: "PT4H"},
					{Name: "admin_permission_set_pattern", Description: "regular expression on the permission set name that marks admin sets", Default: "(?i)admin|poweruser|breakglass|break-glass", Check: checkRegexpParam},
					{Name: "client_vpn_max_session_hours", Description: "largest aws_ec2_client_vpn_endpoint.session_timeout_hours", Default: 8},
					{Name: "roles_anywhere_max_seconds", Description: "largest aws_rolesanywhere_profile.duration_seconds", Default: 3600},
					{Name: "cognito_access_token_max_minutes", Description: "largest Cognito access/ID token validity in minutes", Default: 60},
					{Name: "cognito_refresh_token_max_hours", Description: "largest Cognito refresh token validity in hours", Default: 24},
				},
			},
			CheckResource: checkSessionLimits,
		},
		{
			Metadata: Metadata{
				ID:            "IAM-R11",
				Title:         "Session Manager sessions time out",
				Severity:      SeverityMedium,
				Kind:          KindResource,
				Controls:      []string{"IAM-08"},
				ResourceTypes: []string{"aws_ssm_document"},
				Rationale: "Idle or endless shell sessions on network functions are exactly the long-lived access the " +
					"guidance asks to cut short.",
				Remediation: "In the SSM-SessionManagerRunShell preferences document set inputs.idleSessionTimeout to at most " +
					"the limit and set inputs.maxSessionDuration.",
				RemediationHCL: `resource "aws_ssm_document" "session_prefs" {
  name            = "SSM-SessionManagerRunShell"
  document_type   = "Session"
  document_format = "JSON"
  content = jsonencode({
    schemaVersion = "1.0"
    description   = "Session Manager preferences"
    sessionType   = "Standard_Stream"
    inputs = {
      idleSessionTimeout  = "15"
      maxSessionDuration  = "60"
      cloudWatchLogGroupName = "/ssm/sessions"
    }
  })
}`,
				Params: []Param{
					{Name: "session_idle_timeout_max_minutes", Description: "largest idleSessionTimeout in minutes", Default: 20},
					{Name: "session_max_duration_minutes", Description: "largest maxSessionDuration in minutes", Default: 480},
				},
			},
			CheckResource: checkSessionManagerPrefs,
		},
		{
			Metadata: Metadata{
				ID:                  "IAM-R12",
				Title:               "Permissions are granted to groups, roles or permission sets, never to users",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"IAM-09"},
				AWSConfigRules:      []string{"iam-user-no-policies-check", "iam-no-inline-policy-check"},
				SecurityHubControls: []string{"IAM.2"},
				ResourceTypes:       []string{"aws_iam_policy_attachment", "aws_iam_user_policy", "aws_iam_user_policy_attachment"},
				Rationale: "Role-based access control with inherited permissions is what the guidance asks for; policies on " +
					"individual users escape review and outlive the person's role.",
				Remediation: "Attach the policy to a group (or a role / permission set) and add the user to that group.",
				RemediationHCL: `resource "aws_iam_group_policy_attachment" "ops" {
  group      = aws_iam_group.ops.name
  policy_arn = aws_iam_policy.ops.arn
}`,
			},
			CheckResource: checkNoUserPolicies,
		},
		{
			Metadata: Metadata{
				ID:                  "IAM-R13",
				Title:               "No policy grants every action on every resource",
				Severity:            SeverityCritical,
				Kind:                KindResource,
				Controls:            []string{"IAM-11"},
				AWSConfigRules:      []string{"iam-policy-no-statements-with-admin-access"},
				SecurityHubControls: []string{"IAM.1"},
				ResourceTypes:       policyTypes(),
				Rationale: "Least privilege for every account: a principal holding Action \"*\" on Resource \"*\" can disable " +
					"every other control, including logging.",
				Remediation: "Grant the specific actions and resources the principal needs; keep full administration to a " +
					"break-glass role.",
				RemediationHCL: `data "aws_iam_policy_document" "deploy" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${aws_s3_bucket.artifacts.arn}/*"]
  }
}`,
			},
			CheckResource: checkNoAdminPolicy,
		},
		{
			Metadata: Metadata{
				ID:                  "IAM-R14",
				Title:               "No policy allows every action of a service",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"IAM-11"},
				AWSConfigRules:      []string{"iam-policy-no-statements-with-full-access"},
				SecurityHubControls: []string{"IAM.21"},
				ResourceTypes:       identityPolicyTypes,
				Rationale: "A service wildcard such as ec2:* or iam:* grants today's and tomorrow's destructive actions; " +
					"least privilege names the actions needed.",
				Remediation: "Replace the service wildcard with the actions the principal needs.",
				RemediationHCL: `data "aws_iam_policy_document" "ops" {
  statement {
    actions   = ["ec2:DescribeInstances", "ec2:RebootInstances"]
    resources = ["*"]
  }
}`,
				Params: []Param{{Name: "service_wildcard_allowed_services", Description: "services whose full wildcard is tolerated (e.g. \"cloudwatch\")", Default: []string{}}},
			},
			CheckResource: checkServiceWildcard,
		},
		{
			Metadata: Metadata{
				ID:                  "IAM-R15",
				Title:               "No policy allows KMS decryption with every key",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"IAM-11"},
				AWSConfigRules:      []string{"iam-customer-policy-blocked-kms-actions", "iam-inline-policy-blocked-kms-actions"},
				SecurityHubControls: []string{"KMS.1", "KMS.2"},
				ResourceTypes:       identityPolicyTypes,
				Rationale: "kms:Decrypt on every key lets one principal read every encrypted log, backup and secret; " +
					"least privilege scopes decryption to named keys.",
				Remediation: "List the key ARNs in Resource, or restrict with kms:ViaService / kms:EncryptionContext conditions.",
				RemediationHCL: `data "aws_iam_policy_document" "read_logs" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = [aws_kms_key.logs.arn]
  }
}`,
				Params: []Param{{Name: "kms_restricting_condition_keys", Description: "condition keys that scope a statement to specific keys or callers", Default: []string{"kms:ViaService", "kms:EncryptionContextKeys", "kms:CallerAccount", "aws:ResourceTag/*", "kms:EncryptionContext:*"}}},
			},
			CheckResource: checkKMSDecryptAll,
		},
		{
			Metadata: Metadata{
				ID:                  "IAM-R16",
				Title:               "Administrator-level managed policies are attached only to break-glass or admin principals",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"IAM-06", "IAM-11"},
				AWSConfigRules:      []string{"iam-policy-blacklisted-check"},
				SecurityHubControls: []string{"IAM.27"},
				ResourceTypes: []string{"aws_iam_group_policy_attachment", "aws_iam_policy_attachment", "aws_iam_role",
					"aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_ssoadmin_managed_policy_attachment"},
				Rationale: "Full administration should sit only on a few audited break-glass or admin roles; attaching it " +
					"to workload roles defeats least privilege.",
				Remediation: "Attach a scoped policy instead, or tag the role as break-glass / add it to the allowlist after review.",
				RemediationHCL: `resource "aws_iam_role_policy_attachment" "app" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.app_scoped.arn
}`,
				Params: []Param{
					{Name: "privileged_policy_names", Description: "managed policy names (ARN suffixes) that grant administrator-level access", Default: []string{"AdministratorAccess", "IAMFullAccess", "AWSCloudShellFullAccess"}},
					{Name: "privileged_policy_allowed_principals", Description: "role, group or permission-set names allowed to hold them", Default: []string{}},
					{Name: "break_glass_tags", Description: "tags (key=value, or key for any value) that mark break-glass principals", Default: []string{"commshield:break-glass=true"}},
				},
			},
			CheckResource: checkPrivilegedAttachment,
		},
		{
			Metadata: Metadata{
				ID:                  "IAM-R17",
				Title:               "IAM Access Analyzer watches external and unused access",
				Severity:            SeverityMedium,
				Kind:                KindAccount,
				Controls:            []string{"IAM-01", "IAM-10", "IAM-12"},
				AWSConfigRules:      []string{"iam-external-access-analyzer-enabled"},
				SecurityHubControls: []string{"IAM.28"},
				ResourceTypes:       []string{"aws_accessanalyzer_analyzer"},
				Rationale: "The guidance asks to validate accounts, remove unneeded ones and monitor accounts continuously; " +
					"external-access and unused-access analyzers do that review continuously.",
				Remediation: "Create an external-access analyzer (ACCOUNT or ORGANIZATION) and an unused-access analyzer, or " +
					"declare access_analyzer provided elsewhere.",
				RemediationHCL: `resource "aws_accessanalyzer_analyzer" "external" {
  analyzer_name = "external"
  type          = "ORGANIZATION"
}
resource "aws_accessanalyzer_analyzer" "unused" {
  analyzer_name = "unused"
  type          = "ORGANIZATION_UNUSED_ACCESS"
  configuration {
    unused_access {
      unused_access_age = 90
    }
  }
}`,
			},
			CheckPlan: checkAccessAnalyzers,
		},
		{
			Metadata: Metadata{
				ID:                  "IAM-R18",
				Title:               "Cognito user pools require MFA and strong passwords",
				Severity:            SeverityMedium,
				Kind:                KindResource,
				Controls:            []string{"IAM-03", "IAM-05"},
				AWSConfigRules:      []string{"cognito-user-pool-mfa-enabled", "cognito-user-pool-password-policy-check"},
				SecurityHubControls: []string{"Cognito.3"},
				ResourceTypes:       []string{"aws_cognito_user_pool"},
				Rationale: "Operator portals built on Cognito are accounts too: the guidance asks for MFA everywhere and " +
					"strong password policies.",
				Remediation: "Set mfa_configuration = \"ON\", password_policy.minimum_length to the limit and enforce advanced security.",
				RemediationHCL: `resource "aws_cognito_user_pool" "ops" {
  name              = "ops-portal"
  mfa_configuration = "ON"
  software_token_mfa_configuration {
    enabled = true
  }
  password_policy {
    minimum_length = 14
  }
  user_pool_add_ons {
    advanced_security_mode = "ENFORCED"
  }
}`,
				Params: []Param{
					{Name: "cognito_min_password_length", Description: "smallest accepted password_policy.minimum_length", Default: 14},
					{Name: "cognito_require_advanced_security", Description: "demand user_pool_add_ons.advanced_security_mode = ENFORCED", Default: true},
				},
			},
			CheckResource: checkCognitoPool,
		},
		{
			Metadata: Metadata{
				ID:                  "IAM-R19",
				Title:               "Instance metadata requires IMDSv2 tokens with a minimal hop limit",
				Severity:            SeverityHigh,
				Kind:                KindResource,
				Controls:            []string{"IAM-08", "IAM-11"},
				AWSConfigRules:      []string{"ec2-imdsv2-check", "ec2-launch-template-imdsv2-check", "autoscaling-launchconfig-requires-imdsv2", "ec2-token-hop-limit-check", "autoscaling-launch-config-hop-limit"},
				SecurityHubControls: []string{"EC2.8", "EC2.170", "AutoScaling.3", "AutoScaling.4"},
				ResourceTypes:       []string{"aws_ec2_instance_metadata_defaults", "aws_instance", "aws_launch_configuration", "aws_launch_template"},
				Rationale: "IMDSv1 hands role credentials to any SSRF; session tokens and a hop limit of 1 keep instance " +
					"credentials on the instance.",
				Remediation: "Set metadata_options { http_tokens = \"required\", http_put_response_hop_limit = 1 } (2 on container hosts).",
				RemediationHCL: `resource "aws_launch_template" "nf" {
  # …
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}`,
				Params: []Param{
					{Name: "imds_max_hop_limit", Description: "largest http_put_response_hop_limit", Default: 1},
					{Name: "imds_container_host_max_hop_limit", Description: "largest hop limit on container hosts", Default: 2},
					{Name: "container_host_tags", Description: "tags (key=value or key) marking container hosts", Default: []string{"commshield:container-host=true"}},
				},
			},
			CheckResource: checkIMDSv2,
		},
		{
			Metadata: Metadata{
				ID:             "IAM-R20",
				Title:          "Instances run with an instance profile",
				Severity:       SeverityLow,
				Kind:           KindResource,
				Controls:       []string{"IAM-11", "NET-04"},
				AWSConfigRules: []string{"ec2-instance-profile-attached"},
				ResourceTypes:  []string{"aws_instance"},
				Rationale: "Without a role the workload ends up with stored keys, and the instance cannot be managed through " +
					"Session Manager, the enforced management path the guidance prefers to open admin ports.",
				Remediation: "Attach an instance profile whose role has AmazonSSMManagedInstanceCore plus the workload's needs.",
				RemediationHCL: `resource "aws_instance" "nf" {
  # …
  iam_instance_profile = aws_iam_instance_profile.nf.name
}`,
			},
			CheckResource: checkInstanceProfile,
		},
		{
			Metadata: Metadata{
				ID:             "IAM-R21",
				Title:          "Client VPN authorization rules name an access group",
				Severity:       SeverityMedium,
				Kind:           KindResource,
				Controls:       []string{"IAM-09", "NET-13"},
				AWSConfigRules: []string{"ec2-client-vpn-not-authorize-all"},
				ResourceTypes:  []string{"aws_ec2_client_vpn_authorization_rule"},
				Rationale: "Authorizing all groups gives every authenticated user every network behind the VPN, the opposite " +
					"of role-based access.",
				Remediation: "Set access_group_id to the directory or IdP group allowed to reach the target network.",
				RemediationHCL: `resource "aws_ec2_client_vpn_authorization_rule" "noc" {
  client_vpn_endpoint_id = aws_ec2_client_vpn_endpoint.ops.id
  target_network_cidr    = "10.10.0.0/16"
  access_group_id        = "noc-engineers"
}`,
			},
			CheckResource: checkClientVPNAuthorization,
		},
	}
}

// IAM-R01

func checkPasswordPolicy(ev *Evaluation) []Finding {
	if ev.ProvidedElsewhere("password_policy") {
		return []Finding{planFinding(StatusNotApplicable, "the account password policy is declared provided elsewhere (provided_elsewhere: password_policy)")}
	}
	policies := liveResources(ev.Plan, "aws_iam_account_password_policy")
	if len(policies) == 0 {
		return []Finding{planFinding(StatusFail, "no aws_iam_account_password_policy in this plan: the account keeps the AWS default policy "+
			"(8 characters, no reuse prevention); add one, or declare password_policy provided elsewhere")}
	}
	var all []Finding
	for _, r := range policies {
		all = append(all, judgePasswordPolicy(ev, r)...)
	}
	return []Finding{oneAccountVerdict(all)}
}

// oneAccountVerdict folds the findings of an account rule into the single
// plan verdict account rules give: the worst status wins (fail, then
// undecidable, then pass, then n/a), it keeps the address, attribute and
// unknown of its first finding, and its message lists every finding of that
// status, so that a weak password policy is one failure naming its four
// weak settings rather than four failures.
func oneAccountVerdict(findings []Finding) Finding {
	rank := map[Status]int{StatusFail: 3, StatusUndecidable: 2, StatusPass: 1, StatusNotApplicable: 0}
	worst := findings[0]
	for _, f := range findings[1:] {
		if rank[f.Status] > rank[worst.Status] {
			worst = f
		}
	}
	var parts []string
	for _, f := range findings {
		if f.Status != worst.Status {
			continue
		}
		msg := f.Message
		if f.Address != worst.Address {
			msg = f.Address + ": " + msg
		}
		parts = append(parts, msg)
	}
	worst.Message = strings.Join(parts, "; ")
	return worst
}

func judgePasswordPolicy(ev *Evaluation, r *plan.Resource) []Finding {
	var fails, unknown []Finding
	atLeast := func(attr string, required int, unsetMeans int64) {
		v, st := attrOrDefault(r, attr)
		n, _ := Int(v)
		switch st {
		case AfterApply:
			unknown = append(unknown, Undecidable(r, attr, "%s is known only after apply", attr))
			return
		case Null:
			n = unsetMeans
		}
		if n < int64(required) {
			fails = append(fails, Fail(r, attr, "%s is %d; at least %d is required", attr, n, required))
		}
	}
	atLeast("minimum_password_length", ev.Int("min_password_length"), 6)
	atLeast("password_reuse_prevention", ev.Int("password_reuse_prevention"), 0)
	if maxAge := ev.Int("max_password_age_days"); maxAge > 0 {
		v, st := attrOrDefault(r, "max_password_age")
		n, _ := Int(v)
		switch {
		case st == AfterApply:
			unknown = append(unknown, Undecidable(r, "max_password_age", "max_password_age is known only after apply"))
		case st == Null || n == 0:
			fails = append(fails, Fail(r, "max_password_age", "passwords never expire; set max_password_age to at most %d days (or set the max_password_age_days parameter to 0 to follow NIST SP 800-63B)", maxAge))
		case n > int64(maxAge):
			fails = append(fails, Fail(r, "max_password_age", "max_password_age is %d days; at most %d is allowed", n, maxAge))
		}
	}
	if ev.Bool("require_password_composition") {
		for _, flag := range []string{"require_lowercase_characters", "require_uppercase_characters", "require_numbers", "require_symbols"} {
			v, st := attrOrDefault(r, flag)
			on, _ := Bool(v)
			switch {
			case st == AfterApply:
				unknown = append(unknown, Undecidable(r, flag, "%s is known only after apply", flag))
			case !on:
				fails = append(fails, Fail(r, flag, "%s is not true (require_password_composition is on)", flag))
			}
		}
	}
	switch {
	case len(fails) > 0:
		return fails
	case len(unknown) > 0:
		return unknown
	}
	return []Finding{Pass(r, "password policy meets the configured length, reuse, expiry and composition limits")}
}

// IAM-R02

func checkLoginProfileReset(_ *Evaluation, r *plan.Resource) []Finding {
	v, st := attrOrDefault(r, "password_reset_required")
	on, _ := Bool(v)
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, "password_reset_required", "password_reset_required is known only after apply")}
	case !on:
		return []Finding{Fail(r, "password_reset_required", "password_reset_required is not true: the initial password stays valid after first sign-in")}
	}
	return []Finding{Pass(r, "the initial password must be changed at first sign-in")}
}

// IAM-R03

// masterPassword says, per type, which switch makes AWS manage the password
// and which arguments carry a password.
var masterPasswordArgs = map[string]struct {
	managed   string
	passwords []string
}{
	"aws_db_instance":      {managed: "manage_master_user_password", passwords: []string{"password"}},
	"aws_rds_cluster":      {managed: "manage_master_user_password", passwords: []string{"master_password"}},
	"aws_redshift_cluster": {managed: "manage_master_password", passwords: []string{"master_password"}},
	"aws_docdb_cluster":    {managed: "manage_master_user_password", passwords: []string{"master_password"}},
	"aws_mq_broker":        {passwords: []string{"user.password"}},
}

func checkMasterPassword(_ *Evaluation, r *plan.Resource) []Finding {
	args := masterPasswordArgs[r.Type]
	if args.managed != "" {
		if on, st := Bool(At(r.Value(), args.managed)); st == Known && on {
			return []Finding{Pass(r, "%s is true: AWS keeps the password in Secrets Manager", args.managed)}
		}
	}
	if r.Config == nil {
		return []Finding{NotApplicable(r, "the plan has no configuration section, so literal passwords cannot be told from variables")}
	}
	var out []Finding
	for _, arg := range args.passwords {
		for _, attr := range literalArguments(r, arg) {
			out = append(out, Fail(r, attr, "%s is a literal in the configuration: it is stored in version control and shared by every copy of this code", attr))
		}
		if !strings.Contains(arg, ".") {
			if ref, ok := variableWithLiteralDefault(r, arg); ok {
				out = append(out, Fail(r, arg, "%s comes from %s, which has a literal default in the code", arg, ref))
			}
		}
	}
	if len(out) > 0 {
		return out
	}
	return []Finding{Pass(r, "no master password is written as a literal")}
}

// IAM-R04

func checkDefaultAdminNames(ev *Evaluation, r *plan.Resource) []Finding {
	userAttr := "master_username"
	if r.Type == "aws_db_instance" {
		userAttr = "username"
		if src, st := String(At(r.Value(), "replicate_source_db")); st == Known && src != "" {
			return []Finding{NotApplicable(r, "read replica: the master user comes from the source database")}
		}
	}
	var fails, unknown []Finding
	name, st := String(At(r.Value(), userAttr))
	switch st {
	case AfterApply:
		unknown = append(unknown, Undecidable(r, userAttr, "%s is known only after apply", userAttr))
	case Known:
		if slices.ContainsFunc(ev.Strings("default_admin_usernames"), func(d string) bool { return strings.EqualFold(d, name) }) {
			fails = append(fails, Fail(r, userAttr, "%s is the well-known default %q", userAttr, name))
		}
	}
	if r.Type == "aws_redshift_cluster" {
		db, st := attrOrDefault(r, "database_name")
		dbName, _ := String(db)
		switch st {
		case AfterApply:
			unknown = append(unknown, Undecidable(r, "database_name", "database_name is known only after apply"))
		case Null:
			dbName = "dev"
			fallthrough
		default:
			if slices.ContainsFunc(ev.Strings("default_database_names"), func(d string) bool { return strings.EqualFold(d, dbName) }) {
				fails = append(fails, Fail(r, "database_name", "the database name is the default %q", dbName))
			}
		}
	}
	switch {
	case len(fails) > 0:
		return fails
	case len(unknown) > 0:
		return unknown
	}
	return []Finding{Pass(r, "admin user and database names are not defaults")}
}

// IAM-R05

func checkPlaintextSecrets(ev *Evaluation, r *plan.Resource) []Finding {
	pattern, err := regexp.Compile("(?i)" + ev.String("secret_name_pattern"))
	if err != nil {
		return []Finding{Fail(r, "", "parameter secret_name_pattern is not a valid regular expression: %v", err)}
	}
	v := r.Value()
	var fails, unknown []Finding
	switch r.Type {
	case "aws_ssm_parameter":
		name, nst := String(At(v, "name"))
		typ, tst := String(At(v, "type"))
		switch {
		case nst == AfterApply:
			unknown = append(unknown, Undecidable(r, "name", "the parameter name is known only after apply"))
		case !pattern.MatchString(name):
			return []Finding{NotApplicable(r, "parameter name %q does not look like a secret", name)}
		case tst == AfterApply:
			unknown = append(unknown, Undecidable(r, "type", "type is known only after apply"))
		case typ != "SecureString":
			fails = append(fails, Fail(r, "type", "parameter %q looks like a secret but has type %q; use SecureString", name, typ))
		}
	case "aws_lambda_function":
		vars := At(v, "environment", 0, "variables")
		fails, unknown = judgeEnvMap(r, pattern, vars, "environment[0].variables")
	case "aws_codebuild_project":
		for i, e := range Elements(At(v, "environment", 0, "environment_variable")) {
			attr := AttrPath("environment", 0, "environment_variable", i)
			name, _ := String(At(e, "name"))
			typ, _ := String(At(e, "type"))
			if pattern.MatchString(name) && (typ == "" || typ == "PLAINTEXT") {
				fails = append(fails, Fail(r, attr, "environment variable %s looks like a secret but is PLAINTEXT; use PARAMETER_STORE or SECRETS_MANAGER", name))
			}
		}
	case "aws_ecs_task_definition":
		text, st := String(At(v, "container_definitions"))
		switch st {
		case AfterApply:
			unknown = append(unknown, Undecidable(r, "container_definitions", "container_definitions is known only after apply"))
		case Known:
			var defs []struct {
				Name        string `json:"name"`
				Environment []struct {
					Name  string `json:"name"`
					Value string `json:"value"`
				} `json:"environment"`
			}
			if err := json.Unmarshal([]byte(text), &defs); err != nil {
				fails = append(fails, Fail(r, "container_definitions", "container_definitions is not a JSON list of containers: %v", err))
				break
			}
			for _, d := range defs {
				for _, env := range d.Environment {
					if pattern.MatchString(env.Name) && !looksLikeSecretReference(env.Value) {
						fails = append(fails, Fail(r, "container_definitions", "container %s sets environment variable %s in plaintext; pass it through `secrets` (valueFrom)", d.Name, env.Name))
					}
				}
			}
		}
	case "aws_instance", "aws_launch_template":
		fails, unknown = judgeUserData(r)
	}
	switch {
	case len(fails) > 0:
		return fails
	case len(unknown) > 0:
		return unknown
	}
	return []Finding{Pass(r, "no plaintext secret found")}
}

func judgeEnvMap(r *plan.Resource, pattern *regexp.Regexp, vars cty.Value, attr string) (fails, unknown []Finding) {
	inner, _ := vars.Unmark()
	if !inner.IsKnown() {
		return nil, []Finding{Undecidable(r, "environment", "the environment variables are known only after apply")}
	}
	if inner.IsNull() || !inner.CanIterateElements() {
		return nil, nil
	}
	var names []string
	for it := inner.ElementIterator(); it.Next(); {
		k, e := it.Element()
		name := k.AsString()
		if !pattern.MatchString(name) {
			continue
		}
		val, st := String(e)
		if st == Known && looksLikeSecretReference(val) {
			continue
		}
		names = append(names, name)
	}
	sort.Strings(names)
	for _, n := range names {
		fails = append(fails, Fail(r, attr, "environment variable %s looks like a secret; read it from Secrets Manager or SSM at runtime instead", n))
	}
	return fails, nil
}

func judgeUserData(r *plan.Resource) (fails, unknown []Finding) {
	// aws_instance stores only a hash of user_data, so the configuration's
	// literal is the only readable copy; launch templates keep base64.
	for _, attr := range []string{"user_data", "user_data_base64"} {
		var text string
		if r.Config != nil && r.Config.Expressions[attr] != nil && r.Config.Expressions[attr].Constant {
			text, _ = String(r.Config.Expressions[attr].ConstantValue)
		} else if r.Type == "aws_launch_template" {
			s, st := String(At(r.Value(), attr))
			if st == AfterApply {
				unknown = append(unknown, Undecidable(r, attr, "%s is known only after apply", attr))
				continue
			}
			text = s
		}
		if text == "" {
			continue
		}
		if decoded, ok := decodeBase64(text); ok && (attr == "user_data_base64" || r.Type == "aws_launch_template") {
			text = decoded
		}
		if m := secretInText.FindString(text); m != "" {
			kind := "a password assignment"
			switch {
			case strings.Contains(m, "PRIVATE KEY"):
				kind = "a private key"
			case strings.HasPrefix(m, "AKIA"):
				kind = "an AWS access key ID"
			}
			fails = append(fails, Fail(r, attr, "%s contains %s in plaintext; fetch secrets at boot from Secrets Manager or SSM SecureString", attr, kind))
		}
	}
	return fails, unknown
}

// IAM-R06

func checkConsoleUserMFAGroup(ev *Evaluation, r *plan.Resource) []Finding {
	if r.Type != "aws_iam_user_login_profile" {
		return []Finding{NotApplicable(r, "judged through the console users' login profiles")}
	}
	users := resolveTo(ev, r, "user", "aws_iam_user")
	if len(users.Targets) == 0 {
		if len(users.Unresolved) > 0 {
			f := Undecidable(r, "user", "the login profile's user could not be followed to an aws_iam_user of this plan")
			f.Chain = users.Unresolved
			return []Finding{f}
		}
		return []Finding{Undecidable(r, "user", "the login profile's user is not managed in this plan, so its groups cannot be checked")}
	}
	var out []Finding
	for _, ut := range users.Targets {
		user := ut.Resource
		groups, undetermined := groupsOfUser(ev, user)
		if len(undetermined) > 0 && len(groups) == 0 {
			out = append(out, undecidableRef(r, undetermined[0], "user", "group membership %s is known only after apply", undetermined[0].Address))
			continue
		}
		ok, unknownGroup, why := false, (*plan.Resource)(nil), ""
		for _, g := range groups {
			enforced, st, detail := groupEnforcesMFA(ev, g.Resource)
			if enforced {
				ok, why = true, fmt.Sprintf("group %s: %s", g.Resource.Address, detail)
				break
			}
			if st == AfterApply && unknownGroup == nil {
				unknownGroup = g.Resource
			}
		}
		switch {
		case ok:
			out = append(out, withChain(Pass(r, "console user %s is in a group that denies access without MFA (%s)", user.Address, why), ut.Chain))
		case unknownGroup != nil || len(undetermined) > 0:
			out = append(out, withChain(Undecidable(r, "user", "console user %s: a group policy or membership is known only after apply", user.Address), ut.Chain))
		case len(groups) == 0:
			out = append(out, withChain(Fail(r, "user", "console user %s is in no group of this plan, so nothing denies access without MFA", user.Address), ut.Chain))
		default:
			out = append(out, withChain(Fail(r, "user", "none of console user %s's groups has a policy denying access when aws:MultiFactorAuthPresent is false", user.Address), ut.Chain))
		}
	}
	return out
}

// groupsOfUser follows both membership styles to the user's groups.
func groupsOfUser(ev *Evaluation, user *plan.Resource) (groups []plan.Target, undetermined []*plan.Resource) {
	seen := map[string]bool{}
	add := func(ts []plan.Target) {
		for _, t := range ts {
			if t.Resource.Type == "aws_iam_group" && !seen[t.Resource.Address] && !t.Resource.Deleted() {
				seen[t.Resource.Address] = true
				groups = append(groups, t)
			}
		}
	}
	m1 := referrersOf(ev, user, "aws_iam_user_group_membership", "user")
	for _, m := range m1.Matched {
		if m.Resource.Deleted() {
			continue
		}
		res := resolveTo(ev, m.Resource, "groups", "aws_iam_group")
		add(res.Targets)
	}
	undetermined = append(undetermined, m1.Undetermined...)
	m2 := referrersOf(ev, user, "aws_iam_group_membership", "users")
	for _, m := range m2.Matched {
		if m.Resource.Deleted() {
			continue
		}
		add(resolveTo(ev, m.Resource, "group", "aws_iam_group").Targets)
	}
	undetermined = append(undetermined, m2.Undetermined...)
	return groups, undetermined
}

// groupEnforcesMFA looks at the group's inline and attached policies.
func groupEnforcesMFA(ev *Evaluation, group *plan.Resource) (bool, State, string) {
	state := Known
	inline := referrersOf(ev, group, "aws_iam_group_policy", "group")
	for _, t := range inline.Matched {
		in := PolicyFrom(ev, t.Resource, "policy")
		if in.Unknown != nil {
			state = AfterApply
			continue
		}
		if in.Doc != nil && documentDeniesWithoutMFA(in.Doc) {
			return true, Known, "inline policy " + t.Resource.Address
		}
	}
	if len(inline.Undetermined) > 0 {
		state = AfterApply
	}
	attached := referrersOf(ev, group, "aws_iam_group_policy_attachment", "group")
	allowed := ev.Strings("mfa_policy_arns")
	for _, t := range attached.Matched {
		arn, st := String(At(t.Resource.Value(), "policy_arn"))
		if st == Known && slices.Contains(allowed, arn) {
			return true, Known, "attached policy " + arn
		}
		for _, pt := range resolveTo(ev, t.Resource, "policy_arn", "aws_iam_policy").Targets {
			if pt.Resource.Type != "aws_iam_policy" {
				continue
			}
			in := PolicyFrom(ev, pt.Resource, "policy")
			if in.Unknown != nil {
				state = AfterApply
				continue
			}
			if in.Doc != nil && documentDeniesWithoutMFA(in.Doc) {
				return true, Known, "attached policy " + pt.Resource.Address
			}
		}
		if st == AfterApply && len(resolveTo(ev, t.Resource, "policy_arn", "aws_iam_policy").Targets) == 0 {
			state = AfterApply
		}
	}
	if len(attached.Undetermined) > 0 {
		state = AfterApply
	}
	return false, state, ""
}

// documentDeniesWithoutMFA: a Deny statement on every action (Action "*" or
// a NotAction carve-out) conditioned on MFA being absent.
func documentDeniesWithoutMFA(doc *PolicyDocument) bool {
	for _, st := range doc.Statements {
		if !st.IsDeny() {
			continue
		}
		broad := st.HasNotAction || slices.Contains(st.Actions, "*")
		if !broad || !st.broadResource() {
			continue
		}
		vals := st.ConditionValues("aws:MultiFactorAuthPresent", func(op string) bool {
			return strings.EqualFold(op, "Bool") || strings.EqualFold(op, "BoolIfExists")
		})
		if slices.ContainsFunc(vals, func(v string) bool { return strings.EqualFold(v, "false") }) {
			return true
		}
		// Null aws:MultiFactorAuthPresent = true also means "no MFA".
		nulls := st.ConditionValues("aws:MultiFactorAuthPresent", func(op string) bool { return strings.EqualFold(op, "Null") })
		if slices.ContainsFunc(nulls, func(v string) bool { return strings.EqualFold(v, "true") }) {
			return true
		}
	}
	return false
}

// IAM-R07

func checkTrustPolicyMFA(ev *Evaluation, r *plan.Resource) []Finding {
	in := PolicyFrom(ev, r, "assume_role_policy")
	exempt := ev.Strings("trusted_principals_without_mfa")
	return judgePolicies(r, []PolicyInput{in}, func(st PolicyStatement) policyProblem {
		return trustStatementMFAProblem(st, exempt)
	}, "every statement trusting AWS principals requires MFA")
}

// trustStatementMFAProblem is IAM-R07's verdict on one trust-policy
// statement: an Allow that trusts everyone without a condition, or AWS
// principals outside exempt without aws:MultiFactorAuthPresent = true, is
// bad. IAM-R07 (aws_iam_role) and the commshield_break_glass_role adapter
// share it.
func trustStatementMFAProblem(st PolicyStatement, exempt []string) policyProblem {
	if p, undecided := undecidedIf(st, "Effect", "Principal", "Condition"); undecided {
		return p
	}
	if !st.IsAllow() {
		return policyProblem{}
	}
	everyone := len(st.Principals["*"]) > 0 || slices.Contains(st.Principals["AWS"], "*")
	if everyone && len(st.Conditions) == 0 {
		return policyProblem{Bad: true, Why: "trusts Principal \"*\" without any condition: anyone in any account can assume the role"}
	}
	aws := st.Principals["AWS"]
	if !everyone && len(aws) == 0 {
		return policyProblem{} // service or federated principal
	}
	if !everyone && !slices.ContainsFunc(aws, func(p string) bool { return !slices.Contains(exempt, p) }) {
		return policyProblem{}
	}
	mfa := st.ConditionValues("aws:MultiFactorAuthPresent", func(op string) bool {
		return strings.EqualFold(op, "Bool") || strings.EqualFold(op, "BoolIfExists")
	})
	if slices.ContainsFunc(mfa, func(v string) bool { return strings.EqualFold(v, "true") }) {
		return policyProblem{}
	}
	who := strings.Join(aws, ", ")
	if everyone {
		who = "\"*\""
	}
	return policyProblem{Bad: true, Why: fmt.Sprintf("trusts AWS principals %s without requiring aws:MultiFactorAuthPresent = true", who)}
}

// IAM-R08

func checkIAMUserBreakGlass(ev *Evaluation, r *plan.Resource) []Finding {
	tags := ev.Strings("break_glass_tags")
	user := r
	var chain []plan.Step
	if r.Type == "aws_iam_user_login_profile" {
		res := resolveTo(ev, r, "user", "aws_iam_user")
		if len(res.Targets) == 0 {
			return []Finding{Undecidable(r, "user", "the login profile's user is not managed in this plan, so its break-glass tag cannot be checked")}
		}
		user, chain = res.Targets[0].Resource, res.Targets[0].Chain
	}
	ok, st := anyTagMatches(user, tags)
	switch {
	case st == AfterApply:
		return []Finding{withChain(undecidableRef(r, user, "tags", "the tags of %s are known only after apply", user.Address), chain)}
	case ok:
		return []Finding{withChain(Pass(r, "%s is tagged as a break-glass account", user.Address), chain)}
	}
	what := "IAM user"
	if r.Type == "aws_iam_user_login_profile" {
		what = "console password for IAM user"
	}
	return []Finding{withChain(Fail(r, "tags", "%s %s is not tagged as break-glass (%s); give people access through IAM Identity Center or federation", what, user.Address, strings.Join(tags, " or ")), chain)}
}

// IAM-R09

func checkAccessKeyAllowed(ev *Evaluation, r *plan.Resource) []Finding {
	user, st := String(At(r.Value(), "user"))
	if st == AfterApply {
		return []Finding{Undecidable(r, "user", "the key's user is known only after apply")}
	}
	if slices.Contains(ev.Strings("access_key_allowed_users"), user) {
		return []Finding{Pass(r, "user %q is allowlisted for access keys", user)}
	}
	return []Finding{Fail(r, "", "long-lived access key for IAM user %q; use role credentials, or add the user to access_key_allowed_users after review", user)}
}

// IAM-R10

func checkSessionLimits(ev *Evaluation, r *plan.Resource) []Finding {
	limit := func(attr string, allowed int64, unit string, unset int64) []Finding {
		v, st := attrOrDefault(r, attr)
		n, _ := Int(v)
		switch st {
		case AfterApply:
			return []Finding{Undecidable(r, attr, "%s is known only after apply", attr)}
		case Null:
			n = unset
		}
		if n > allowed {
			return []Finding{Fail(r, attr, "%s is %d %s; at most %d is allowed", attr, n, unit, allowed)}
		}
		return []Finding{Pass(r, "%s is %d %s (limit %d)", attr, n, unit, allowed)}
	}
	switch r.Type {
	case "aws_iam_role":
		return limit("max_session_duration", int64(ev.Int("role_max_session_seconds")), "seconds", 3600)
	case "aws_rolesanywhere_profile":
		return limit("duration_seconds", int64(ev.Int("roles_anywhere_max_seconds")), "seconds", 3600)
	case "aws_ec2_client_vpn_endpoint":
		return limit("session_timeout_hours", int64(ev.Int("client_vpn_max_session_hours")), "hours", 24)
	case "aws_ssoadmin_permission_set":
		return judgePermissionSetSession(ev, r)
	case "aws_cognito_user_pool_client":
		return judgeCognitoTokens(ev, r)
	}
	return []Finding{NotApplicable(r, "no session setting for this type")}
}

func judgePermissionSetSession(ev *Evaluation, r *plan.Resource) []Finding {
	name, nst := String(At(r.Value(), "name"))
	if nst == AfterApply {
		return []Finding{Undecidable(r, "name", "the permission set name is known only after apply, so its admin tier is unknown")}
	}
	adminPattern, err := regexp.Compile(ev.String("admin_permission_set_pattern"))
	if err != nil {
		return []Finding{Fail(r, "", "parameter admin_permission_set_pattern is not a valid regular expression: %v", err)}
	}
	limitParam := "permission_set_max"
	if adminPattern.MatchString(name) {
		limitParam = "admin_permission_set_max"
	}
	limit, err := parseISODuration(ev.String(limitParam))
	if err != nil {
		return []Finding{Fail(r, "", "parameter %s: %v", limitParam, err)}
	}
	v, st := attrOrDefault(r, "session_duration")
	text, _ := String(v)
	switch st {
	case AfterApply:
		return []Finding{Undecidable(r, "session_duration", "session_duration is known only after apply")}
	case Null:
		text = "PT1H"
	}
	got, err := parseISODuration(text)
	if err != nil {
		return []Finding{Fail(r, "session_duration", "session_duration: %v", err)}
	}
	if got > limit {
		return []Finding{Fail(r, "session_duration", "session_duration %s exceeds %s for %s permission set %q", text, ev.Param(limitParam), strings.TrimSuffix(limitParam, "_max"), name)}
	}
	return []Finding{Pass(r, "session_duration %s is within %s", text, ev.Param(limitParam))}
}

func judgeCognitoTokens(ev *Evaluation, r *plan.Resource) []Finding {
	v := r.Value()
	units := func(token, unset string) string {
		u, st := String(At(v, "token_validity_units", 0, token))
		if st != Known || u == "" {
			return unset
		}
		return u
	}
	toMinutes := map[string]int64{"seconds": 0, "minutes": 1, "hours": 60, "days": 1440}
	var fails, unknown []Finding
	for _, tok := range []struct {
		attr, unit, defUnit string
		def                 int64
		maxMinutes          int64
	}{
		{"access_token_validity", "access_token", "hours", 1, int64(ev.Int("cognito_access_token_max_minutes"))},
		{"id_token_validity", "id_token", "hours", 1, int64(ev.Int("cognito_access_token_max_minutes"))},
		{"refresh_token_validity", "refresh_token", "days", 30, int64(ev.Int("cognito_refresh_token_max_hours")) * 60},
	} {
		val, st := attrOrDefault(r, tok.attr)
		n, _ := Int(val)
		unit := units(tok.unit, tok.defUnit)
		switch st {
		case AfterApply:
			unknown = append(unknown, Undecidable(r, tok.attr, "%s is known only after apply", tok.attr))
			continue
		case Null:
			n, unit = tok.def, tok.defUnit
		}
		minutes := n * toMinutes[unit]
		if unit == "seconds" {
			minutes = (n + 59) / 60
		}
		if minutes > tok.maxMinutes {
			fails = append(fails, Fail(r, tok.attr, "%s is %d %s; at most %d minutes is allowed", tok.attr, n, unit, tok.maxMinutes))
		}
	}
	switch {
	case len(fails) > 0:
		return fails
	case len(unknown) > 0:
		return unknown
	}
	return []Finding{Pass(r, "token lifetimes are within the configured limits")}
}

// IAM-R11

func checkSessionManagerPrefs(ev *Evaluation, r *plan.Resource) []Finding {
	v := r.Value()
	typ, st := String(At(v, "document_type"))
	if st == Known && typ != "Session" {
		return []Finding{NotApplicable(r, "document_type %q is not a Session Manager preferences document", typ)}
	}
	if st == AfterApply {
		return []Finding{Undecidable(r, "document_type", "document_type is known only after apply")}
	}
	format, _ := String(At(v, "document_format"))
	content, cst := String(At(v, "content"))
	if cst == AfterApply {
		return []Finding{Undecidable(r, "content", "the document content is known only after apply")}
	}
	if format != "" && !strings.EqualFold(format, "JSON") {
		return []Finding{Undecidable(r, "document_format", "Session documents in %s are not parsed; write the preferences with document_format = \"JSON\" and jsonencode()", format)}
	}
	var doc struct {
		SessionType string         `json:"sessionType"`
		Inputs      map[string]any `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(content), &doc); err != nil {
		return []Finding{Fail(r, "content", "the Session document is not valid JSON: %v", err)}
	}
	if doc.SessionType != "" && doc.SessionType != "Standard_Stream" {
		return []Finding{NotApplicable(r, "sessionType %s has no idle timeout", doc.SessionType)}
	}
	var fails []Finding
	minutes := func(key string) (int64, bool) {
		raw, ok := doc.Inputs[key]
		if !ok {
			return 0, false
		}
		s, err := scalarString(raw)
		if err != nil {
			return 0, false
		}
		n, st := Int(cty.StringVal(s))
		return n, st == Known && s != ""
	}
	idleMax := int64(ev.Int("session_idle_timeout_max_minutes"))
	idle, ok := minutes("idleSessionTimeout")
	switch {
	case !ok:
		fails = append(fails, Fail(r, "content", "inputs.idleSessionTimeout is not set; the service default is 20 minutes but the policy must be explicit (limit %d)", idleMax))
	case idle > idleMax:
		fails = append(fails, Fail(r, "content", "inputs.idleSessionTimeout is %d minutes; at most %d is allowed", idle, idleMax))
	}
	maxMax := int64(ev.Int("session_max_duration_minutes"))
	dur, ok := minutes("maxSessionDuration")
	switch {
	case !ok:
		fails = append(fails, Fail(r, "content", "inputs.maxSessionDuration is not set: sessions never end on their own"))
	case dur > maxMax:
		fails = append(fails, Fail(r, "content", "inputs.maxSessionDuration is %d minutes; at most %d is allowed", dur, maxMax))
	}
	if len(fails) > 0 {
		return fails
	}
	return []Finding{Pass(r, "idle timeout %d min and maximum duration %d min are set", idle, dur)}
}

// IAM-R12

func checkNoUserPolicies(_ *Evaluation, r *plan.Resource) []Finding {
	switch r.Type {
	case "aws_iam_user_policy":
		return []Finding{Fail(r, "user", "an inline policy on an IAM user; grant permissions through a group or role")}
	case "aws_iam_user_policy_attachment":
		return []Finding{Fail(r, "user", "a managed policy attached directly to an IAM user; attach it to a group instead")}
	}
	users, st := Strings(At(r.Value(), "users"))
	users = slices.DeleteFunc(users, func(u string) bool { return u == "" })
	switch {
	case st == AfterApply:
		return []Finding{Undecidable(r, "users", "the users list is known only after apply")}
	case len(users) > 0:
		return []Finding{Fail(r, "users", "the attachment grants the policy directly to users %s; use groups", strings.Join(users, ", "))}
	}
	return []Finding{Pass(r, "attached to groups and roles only")}
}

// IAM-R14

func checkServiceWildcard(ev *Evaluation, r *plan.Resource) []Finding {
	tolerated := ev.Strings("service_wildcard_allowed_services")
	return judgePolicies(r, IdentityPolicies(ev, r), func(st PolicyStatement) policyProblem {
		if p, undecided := undecidedIf(st, "Effect", "Action"); undecided {
			return p
		}
		if !st.IsAllow() {
			return policyProblem{}
		}
		var wild []string
		for _, a := range st.Actions {
			svc, rest, ok := strings.Cut(a, ":")
			if ok && strings.Trim(rest, "*") == "" && rest != "" && !slices.ContainsFunc(tolerated, func(t string) bool { return strings.EqualFold(t, svc) }) {
				wild = append(wild, strconvQuote(a))
			}
		}
		if len(wild) > 0 {
			return policyProblem{Bad: true, Why: fmt.Sprintf("allows %s: every action of the service", strings.Join(wild, ", "))}
		}
		return policyProblem{}
	}, "no statement allows a whole service")
}

// IAM-R15

var kmsDecryptActions = []string{"kms:Decrypt", "kms:ReEncryptFrom"}

func checkKMSDecryptAll(ev *Evaluation, r *plan.Resource) []Finding {
	restricting := ev.Strings("kms_restricting_condition_keys")
	return judgePolicies(r, IdentityPolicies(ev, r), func(st PolicyStatement) policyProblem {
		if p, undecided := undecidedIf(st, "Effect", "Action"); undecided {
			return p
		}
		if !st.IsAllow() {
			return policyProblem{}
		}
		var granted string
		if st.HasNotAction {
			if _, excluded := AnyActionMatches(st.NotActions, kmsDecryptActions...); !excluded {
				granted = "NotAction " + strings.Join(st.NotActions, ", ")
			}
		} else if p, ok := AnyActionMatches(st.Actions, kmsDecryptActions...); ok {
			granted = p
		}
		if granted == "" {
			return policyProblem{}
		}
		if p, undecided := undecidedIf(st, "Resource", "Condition"); undecided {
			return p
		}
		if !st.broadResource() && !slices.ContainsFunc(st.Resources, isAllKeysARN) {
			return policyProblem{}
		}
		for _, c := range st.Conditions {
			if slices.ContainsFunc(restricting, func(k string) bool { return ActionMatches(k, c.Key) }) {
				return policyProblem{}
			}
		}
		return policyProblem{Bad: true, Why: fmt.Sprintf("allows %s (kms:Decrypt / kms:ReEncryptFrom) on every KMS key", granted)}
	}, "KMS decryption is scoped to named keys")
}

// isAllKeysARN matches key ARNs that cover every key: arn:aws:kms:*:*:key/*.
func isAllKeysARN(res string) bool {
	parts := strings.SplitN(res, ":", 6)
	return len(parts) == 6 && parts[2] == "kms" && (parts[5] == "*" || parts[5] == "key/*")
}

// IAM-R16

func checkPrivilegedAttachment(ev *Evaluation, r *plan.Resource) []Finding {
	privileged := ev.Strings("privileged_policy_names")
	isPrivileged := func(arn string) (string, bool) {
		for _, name := range privileged {
			if strings.HasSuffix(arn, ":policy/"+name) || strings.HasSuffix(arn, "/"+name) {
				return name, true
			}
		}
		return "", false
	}
	v := r.Value()
	var arns []string
	var arnAttr string
	switch r.Type {
	case "aws_iam_role":
		arnAttr = "managed_policy_arns"
		mv, _ := attrOrDefault(r, arnAttr)
		list, st := Strings(mv)
		if st == AfterApply {
			return []Finding{Undecidable(r, arnAttr, "managed_policy_arns is known only after apply")}
		}
		arns = list
	case "aws_ssoadmin_managed_policy_attachment":
		arnAttr = "managed_policy_arn"
	default:
		arnAttr = "policy_arn"
	}
	if arns == nil && r.Type != "aws_iam_role" {
		arn, st := String(At(v, arnAttr))
		if st == AfterApply {
			// A policy created in this plan is customer managed, so it is not one of the AWS-managed names.
			return []Finding{Pass(r, "the attached policy is created in this plan, not an AWS-managed admin policy")}
		}
		arns = []string{arn}
	}
	var names []string
	for _, arn := range arns {
		if n, ok := isPrivileged(arn); ok {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return []Finding{Pass(r, "no administrator-level managed policy")}
	}
	principals, unknown := privilegedHolders(ev, r)
	if unknown != nil {
		return []Finding{*unknown}
	}
	allowed := ev.Strings("privileged_policy_allowed_principals")
	var bad []string
	for _, p := range principals {
		if slices.Contains(allowed, p.name) {
			continue
		}
		if p.res != nil {
			ok, st := anyTagMatches(p.res, ev.Strings("break_glass_tags"))
			if st == AfterApply {
				return []Finding{undecidableRef(r, p.res, "tags", "the tags of %s are known only after apply", p.res.Address)}
			}
			if ok {
				continue
			}
		}
		bad = append(bad, p.label)
	}
	if len(bad) > 0 {
		return []Finding{Fail(r, arnAttr, "%s attached to %s, which is neither allowlisted nor tagged break-glass", strings.Join(names, ", "), strings.Join(bad, ", "))}
	}
	return []Finding{Pass(r, "%s held only by allowlisted or break-glass principals", strings.Join(names, ", "))}
}

// principalTypes are the resources an attachment can grant to.
var principalTypes = []string{"aws_iam_role", "aws_iam_group", "aws_iam_user", "aws_ssoadmin_permission_set"}

type policyHolder struct {
	name, label string
	res         *plan.Resource
}

// privilegedHolders names the principals an attachment grants to.
func privilegedHolders(ev *Evaluation, r *plan.Resource) ([]policyHolder, *Finding) {
	if r.Type == "aws_iam_role" {
		name, _ := String(At(r.Value(), "name"))
		return []policyHolder{{name: name, label: r.Address, res: r}}, nil
	}
	var attrs []string
	switch r.Type {
	case "aws_iam_role_policy_attachment":
		attrs = []string{"role"}
	case "aws_iam_group_policy_attachment":
		attrs = []string{"group"}
	case "aws_iam_user_policy_attachment":
		attrs = []string{"user"}
	case "aws_iam_policy_attachment":
		attrs = []string{"roles", "groups", "users"}
	case "aws_ssoadmin_managed_policy_attachment":
		attrs = []string{"permission_set_arn"}
	}
	var out []policyHolder
	for _, attr := range attrs {
		v := At(r.Value(), attr)
		if StateOf(v) == AfterApply {
			res := resolveTo(ev, r, attr, principalTypes...)
			if len(res.Targets) == 0 {
				f := Undecidable(r, attr, "%s is known only after apply", attr)
				return nil, &f
			}
			for _, t := range res.Targets {
				name, _ := String(At(t.Resource.Value(), "name"))
				out = append(out, policyHolder{name: name, label: t.Resource.Address, res: t.Resource})
			}
			continue
		}
		names, _ := Strings(v)
		if len(Elements(v)) == 0 {
			if s, st := String(v); st == Known {
				names = []string{s}
			}
		}
		targets := resolveTo(ev, r, attr, principalTypes...).Targets
		for _, n := range names {
			h := policyHolder{name: n, label: fmt.Sprintf("%s %q", strings.TrimSuffix(attr, "s"), n)}
			for _, t := range targets {
				if tn, _ := String(At(t.Resource.Value(), "name")); tn == n {
					h.res = t.Resource
				}
			}
			out = append(out, h)
		}
	}
	return out, nil
}

// IAM-R17

func checkAccessAnalyzers(ev *Evaluation) []Finding {
	if ev.ProvidedElsewhere("access_analyzer") {
		return []Finding{planFinding(StatusNotApplicable, "IAM Access Analyzer is declared provided elsewhere (provided_elsewhere: access_analyzer)")}
	}
	var external, unused, unknown []*plan.Resource
	for _, r := range liveResources(ev.Plan, "aws_accessanalyzer_analyzer") {
		v, st := attrOrDefault(r, "type")
		typ, _ := String(v)
		switch st {
		case AfterApply:
			unknown = append(unknown, r)
			continue
		case Null:
			typ = "ACCOUNT"
		}
		if strings.HasSuffix(typ, "_UNUSED_ACCESS") {
			unused = append(unused, r)
		} else {
			external = append(external, r)
		}
	}
	var missing []string
	if len(external) == 0 {
		missing = append(missing, "an external-access analyzer (type ACCOUNT or ORGANIZATION)")
	}
	// The unused-access analyzer alone may be organization-wide (one
	// ORGANIZATION_UNUSED_ACCESS analyzer in the delegated administrator
	// account, priced per role) while each account keeps its own external one.
	if len(unused) == 0 && ev.ProvidedElsewhere("unused_access_analyzer") {
		unused = append(unused, nil)
	}
	if len(unused) == 0 {
		missing = append(missing, "an unused-access analyzer (type ACCOUNT_UNUSED_ACCESS or ORGANIZATION_UNUSED_ACCESS)")
	}
	switch {
	case len(missing) == 0:
		if unused[0] == nil {
			return []Finding{planFinding(StatusPass, "external-access analyzer %s exists; the unused-access analyzer is provided elsewhere (provided_elsewhere: unused_access_analyzer)", external[0].Address)}
		}
		return []Finding{planFinding(StatusPass, "external-access analyzer %s and unused-access analyzer %s exist", external[0].Address, unused[0].Address)}
	case len(unknown) > 0:
		return []Finding{Undecidable(unknown[0], "type", "analyzer type is known only after apply; still missing: %s", strings.Join(missing, " and "))}
	}
	return []Finding{planFinding(StatusFail, "the plan lacks %s; add them, or declare access_analyzer provided elsewhere", strings.Join(missing, " and "))}
}

// IAM-R18

func checkCognitoPool(ev *Evaluation, r *plan.Resource) []Finding {
	var fails, unknown []Finding
	mfa, st := attrOrDefault(r, "mfa_configuration")
	mode, _ := String(mfa)
	switch {
	case st == AfterApply:
		unknown = append(unknown, Undecidable(r, "mfa_configuration", "mfa_configuration is known only after apply"))
	case mode != "ON":
		if mode == "" {
			mode = "OFF"
		}
		fails = append(fails, Fail(r, "mfa_configuration", "mfa_configuration is %s; set it to ON so every user needs MFA", mode))
	}
	minLen := int64(ev.Int("cognito_min_password_length"))
	pp := At(r.Value(), "password_policy", 0, "minimum_length")
	n, pst := Int(pp)
	switch pst {
	case AfterApply:
		if configSets(r, "password_policy") {
			unknown = append(unknown, Undecidable(r, "password_policy", "password_policy.minimum_length is known only after apply"))
			break
		}
		n = 8
		fallthrough
	default:
		if pst == Null {
			n = 8
		}
		if n < minLen {
			fails = append(fails, Fail(r, "password_policy", "password_policy.minimum_length is %d; at least %d is required", n, minLen))
		}
	}
	if ev.Bool("cognito_require_advanced_security") {
		adv, ast := String(At(r.Value(), "user_pool_add_ons", 0, "advanced_security_mode"))
		switch {
		case ast == AfterApply:
			unknown = append(unknown, Undecidable(r, "user_pool_add_ons", "advanced_security_mode is known only after apply"))
		case adv != "ENFORCED":
			if adv == "" {
				adv = "OFF"
			}
			fails = append(fails, Fail(r, "user_pool_add_ons", "advanced_security_mode is %s; set it to ENFORCED (risk-based adaptive authentication)", adv))
		}
	}
	switch {
	case len(fails) > 0:
		return fails
	case len(unknown) > 0:
		return unknown
	}
	return []Finding{Pass(r, "MFA is on, passwords are long and advanced security is enforced")}
}

// IAM-R19

func checkIMDSv2(ev *Evaluation, r *plan.Resource) []Finding {
	maxHops := int64(ev.Int("imds_max_hop_limit"))
	if r.Type != "aws_ec2_instance_metadata_defaults" {
		if ok, _ := anyTagMatches(r, ev.Strings("container_host_tags")); ok {
			maxHops = int64(ev.Int("imds_container_host_max_hop_limit"))
		}
	}
	v := r.Value()
	tokensAttr, hopAttr := "metadata_options[0].http_tokens", "metadata_options[0].http_put_response_hop_limit"
	tokens, tst := String(At(v, "metadata_options", 0, "http_tokens"))
	hops, hst := Int(At(v, "metadata_options", 0, "http_put_response_hop_limit"))
	if r.Type == "aws_ec2_instance_metadata_defaults" {
		tokensAttr, hopAttr = "http_tokens", "http_put_response_hop_limit"
		tokens, tst = String(At(v, "http_tokens"))
		hops, hst = Int(At(v, "http_put_response_hop_limit"))
	}
	endpoint, _ := String(At(v, "metadata_options", 0, "http_endpoint"))
	if endpoint == "disabled" {
		return []Finding{Pass(r, "the instance metadata endpoint is disabled")}
	}
	// Unset metadata options show as unknown (computed) in a plan: the
	// account default or the AMI decides, which is IMDSv1-capable unless an
	// aws_ec2_instance_metadata_defaults in this plan says otherwise.
	accountRequired := false
	var baselineDefault State
	var baselineRejected string
	if r.Type != "aws_ec2_instance_metadata_defaults" {
		for _, d := range liveResources(ev.Plan, "aws_ec2_instance_metadata_defaults") {
			if t, st := String(At(d.Value(), "http_tokens")); st == Known && t == "required" {
				accountRequired = true
			}
		}
		// commshield_account_baseline sets the same account default
		// unless its IMDSv2 part is off; its hop limit applies too, so a
		// default above this resource's limit does not stand in for it.
		var ok bool
		ok, baselineRejected, baselineDefault = csBaselineIMDSDefault(ev.Plan, maxHops)
		if ok {
			accountRequired = true
		}
	}
	configured := configSets(r, "metadata_options") || r.Type == "aws_ec2_instance_metadata_defaults"
	if tst == AfterApply && r.Type != "aws_ec2_instance_metadata_defaults" && configured && r.Config != nil {
		if e := r.Config.Expressions["metadata_options"]; e != nil && len(e.Blocks) > 0 && e.Blocks[0]["http_tokens"] == nil {
			tst = Null
		}
	}
	var fails, unknown []Finding
	switch {
	case tst == AfterApply && configured:
		unknown = append(unknown, Undecidable(r, tokensAttr, "http_tokens is known only after apply"))
	case tokens == "required":
	case (tst == Null || tst == AfterApply) && accountRequired:
	case (tst == Null || tst == AfterApply) && baselineDefault == AfterApply:
		unknown = append(unknown, Undecidable(r, tokensAttr, "http_tokens is not set and the account default's hop limit (imdsv2_hop_limit) is known only after apply"))
	case (tst == Null || tst == AfterApply) && baselineRejected != "":
		fails = append(fails, Fail(r, tokensAttr, "http_tokens is not set: %s; set metadata_options here or lower the baseline's hop limit", baselineRejected))
	case tst == Null || tst == AfterApply:
		fails = append(fails, Fail(r, tokensAttr, "http_tokens is not set: IMDSv1 stays available unless the AMI or account default forbids it; set http_tokens = \"required\""))
	default:
		fails = append(fails, Fail(r, tokensAttr, "http_tokens is %q: IMDSv1 (no session token) is allowed", tokens))
	}
	if hst == Known && hops > maxHops {
		fails = append(fails, Fail(r, hopAttr, "http_put_response_hop_limit is %d; at most %d is allowed", hops, maxHops))
	}
	switch {
	case len(fails) > 0:
		return fails
	case len(unknown) > 0:
		return unknown
	}
	return []Finding{Pass(r, "IMDSv2 session tokens are required")}
}

// IAM-R20

func checkInstanceProfile(_ *Evaluation, r *plan.Resource) []Finding {
	v, st := attrOrDefault(r, "iam_instance_profile")
	name, _ := String(v)
	switch {
	case st == AfterApply:
		return []Finding{Pass(r, "an instance profile is set (its name is known after apply)")}
	case name == "":
		return []Finding{Fail(r, "iam_instance_profile", "no instance profile: the workload cannot use role credentials or be managed through Session Manager")}
	}
	return []Finding{Pass(r, "instance profile %q", name)}
}

// IAM-R21

func checkClientVPNAuthorization(_ *Evaluation, r *plan.Resource) []Finding {
	all, ast := Bool(At(r.Value(), "authorize_all_groups"))
	group, gst := String(At(r.Value(), "access_group_id"))
	switch {
	case ast == Known && all:
		return []Finding{Fail(r, "authorize_all_groups", "authorize_all_groups is true: every VPN user reaches the target network")}
	case gst == AfterApply:
		return []Finding{Pass(r, "access_group_id is set (known after apply)")}
	case group != "":
		return []Finding{Pass(r, "access limited to group %q", group)}
	case ast == AfterApply:
		return []Finding{Undecidable(r, "authorize_all_groups", "authorize_all_groups is known only after apply")}
	}
	return []Finding{Fail(r, "access_group_id", "no access_group_id: authorize a specific group")}
}

// checkRegexpParam is a Param.Check for regular-expression parameters.
func checkRegexpParam(v any) error {
	s, _ := v.(string)
	if _, err := regexp.Compile(s); err != nil {
		return fmt.Errorf("not a valid regular expression: %w", err)
	}
	return nil
}

func strconvQuote(s string) string { return fmt.Sprintf("%q", s) }

// policyAttributes lists where each type carries policy JSON; "*" expands a
// block list.
var policyAttributes = map[string][][]any{
	"aws_iam_policy":                            {{"policy"}},
	"aws_iam_role_policy":                       {{"policy"}},
	"aws_iam_group_policy":                      {{"policy"}},
	"aws_iam_user_policy":                       {{"policy"}},
	"aws_iam_role":                              {{"inline_policy", "*", "policy"}},
	"aws_ssoadmin_permission_set_inline_policy": {{"inline_policy"}},
}

func policyTypes() []string {
	return []string{"aws_iam_group_policy", "aws_iam_policy", "aws_iam_role", "aws_iam_role_policy",
		"aws_iam_user_policy", "aws_ssoadmin_permission_set_inline_policy"}
}

func checkNoAdminPolicy(_ *Evaluation, r *plan.Resource) []Finding {
	var out []Finding
	documents := 0
	for _, path := range policyAttributes[r.Type] {
		walkPath(r.Value(), path, nil, func(v cty.Value, taken []any) {
			attr := AttrPath(taken...)
			text, st := String(v)
			switch st {
			case AfterApply:
				documents++
				out = append(out, Undecidable(r, attr, "%s is known only after apply, so its statements cannot be judged yet", attr))
				return
			case Null:
				return
			}
			if text == "" {
				return
			}
			documents++
			doc, err := ParsePolicyJSON(text)
			if err != nil {
				out = append(out, Fail(r, attr, "%s is not a valid policy document: %v", attr, err))
				return
			}
			for i, s := range doc.Statements {
				if s.Effect == "Allow" && slices.Contains(s.Actions, "*") && slices.Contains(s.Resources, "*") {
					out = append(out, Fail(r, attr, "statement %d allows Action \"*\" on Resource \"*\"", i))
				}
			}
		})
	}
	switch {
	case len(out) > 0:
		return out
	case documents == 0:
		return []Finding{NotApplicable(r, "no inline policy document")}
	}
	return []Finding{Pass(r, "no statement grants full administrative access")}
}
