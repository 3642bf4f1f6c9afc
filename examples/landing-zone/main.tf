# A landing zone for a communications operator's workload account, built the
# way the CISA/NSA/FBI "Enhanced Visibility and Hardening Guidance for
# Communications Infrastructure" (December 2024) asks: first visibility (see
# what happens), then hardening (make the dangerous things impossible), then
# a way for the security team to read where the account stands.
#
# Visibility (the first half of this file):
#   commshield_kms_key.logs        one rotated CMK for every log stream
#   commshield_log_archive         immutable (Object Lock), TLS-only archive
#   commshield_audit_trail         multi-region, validated CloudTrail
#   commshield_segmented_vpc       management / signaling / user-plane tiers,
#                                  flow logs (ALL traffic, 60 s) to the archive
#   commshield_account_baseline    GuardDuty, Security Hub, AWS Config (to the
#                                  archive), Access Analyzer, EBS default CMK,
#                                  account public access block, password policy
#   commshield_config_rules        AWS Config managed rules for the controls
#   commshield_change_alerts       EventBridge alerts on risky changes
# Hardening:
#   commshield_management_access   out-of-band management SG, encrypted
#                                  protocols only, from the NOC only
#   commshield_break_glass_role    MFA-gated emergency role with an alarm
#   commshield_guardrail_policy    SCP nobody in the member accounts can lift
#                                  (management account: see its provider
#                                  alias in versions.tf)
# Reading: data sources and the posture check (controls.tf), a provider
# function validating the NOC ranges (variables.tf), outputs (outputs.tf).

# ---------------------------------------------------------------- visibility

resource "commshield_kms_key" "logs" {
  alias              = "alias/${var.name}-logs"
  description        = "${var.name}: audit trail, CloudWatch Logs, VPC flow log and AWS Config encryption"
  administrator_arns = var.kms_administrator_arns
  user_arns          = var.kms_user_arns

  # CloudTrail writes the trail, CloudWatch Logs encrypts the trail's log
  # group, VPC Flow Logs (delivery.logs) and AWS Config write SSE-KMS objects
  # to the archive.
  service_principals = [
    "cloudtrail.amazonaws.com",
    "config.amazonaws.com",
    "delivery.logs.amazonaws.com",
    "logs.${var.region}.amazonaws.com",
  ]

  rotation_period_in_days = 365
  deletion_window_in_days = 30
}

resource "commshield_log_archive" "central" {
  bucket      = var.log_archive_bucket
  kms_key_arn = commshield_kms_key.logs.arn

  object_lock_mode           = var.object_lock_mode
  object_lock_retention_days = var.object_lock_retention_days

  lifecycle_transitions = [
    { days = 90, storage_class = "GLACIER_IR" },
    { days = 365, storage_class = "DEEP_ARCHIVE" },
  ]
  expiration_days = var.log_expiration_days

  # CloudTrail, VPC Flow Logs and AWS Config deliver here; all are scoped to
  # this account by the bucket policy (aws:SourceAccount).
  log_delivery_services = [
    "cloudtrail.amazonaws.com",
    "config.amazonaws.com",
    "delivery.logs.amazonaws.com",
  ]
}

resource "commshield_audit_trail" "account" {
  name           = "${var.name}-audit"
  s3_bucket_name = commshield_log_archive.central.bucket
  kms_key_arn    = commshield_kms_key.logs.arn

  log_retention_days          = var.trail_log_retention_days
  retain_log_group_on_destroy = var.retain_log_groups_on_destroy

  # Object-level S3 events (who read or overwrote a configuration backup or
  # a log) on top of all management events, and Insights on API call and
  # error rates.
  data_events = {
    s3     = true
    lambda = false
  }
  insight_types = ["ApiCallRateInsight", "ApiErrorRateInsight"]
}

resource "commshield_segmented_vpc" "core" {
  name               = "${var.name}-core"
  cidr_block         = var.vpc_cidr
  availability_zones = var.availability_zones

  management = {
    newbits       = 6
    allowed_cidrs = var.noc_cidrs
  }
  signaling  = { newbits = 4 }
  user_plane = { newbits = 3 }

  # Flow logs (ALL traffic, 60-second aggregation) to the archive, under
  # AWSLogs/ as its bucket policy requires: give the ARN without a prefix.
  flow_log_destination_arn = commshield_log_archive.central.arn
}

# EBS volumes of the network functions (snapshots leave the instance, and
# carry subscriber data) are encrypted with a key the operator governs, not
# the AWS managed alias/aws/ebs that cannot be shared or restricted.
resource "commshield_kms_key" "ebs" {
  alias              = "alias/${var.name}-ebs"
  description        = "${var.name}: EBS encryption by default"
  administrator_arns = var.kms_administrator_arns
  # Auto Scaling launches instances with its service-linked role, which must
  # be able to use the key; roles creating volumes directly go here too.
  user_arns = var.ebs_key_user_arns

  rotation_period_in_days = 365
  deletion_window_in_days = 30
}

# The account's switches in one resource. Every part is on by default and
# can be turned off only with a written reason (e.g. when the organization's
# delegated administrator runs GuardDuty centrally).
resource "commshield_account_baseline" "account" {
  ebs_default_kms_key_arn = commshield_kms_key.ebs.arn

  # AWS Config snapshots and history go to the same immutable archive as the
  # trail and flow logs (AWSLogs/<account>/Config/...).
  config_delivery_bucket = commshield_log_archive.central.bucket

  security_hub_standards = [
    "aws-foundational-security-best-practices/v/1.0.0",
    "cis-aws-foundations-benchmark/v/1.4.0",
  ]

  password_minimum_length = var.password_minimum_length
  password_max_age_days   = 90

  restore_defaults_on_destroy = var.restore_account_defaults_on_destroy
}

# Runtime detection with the same mapping as the pre-apply gate: the AWS
# Config managed rules behind the chosen guidance categories, plus the
# controls listed explicitly. They evaluate the recorder of the baseline.
resource "commshield_config_rules" "guidance" {
  name_prefix   = "${var.name}-"
  categories    = var.config_rule_categories
  controls      = var.config_rule_controls
  exclude_rules = ["netfw-logging-enabled"] # no AWS Network Firewall in this zone

  depends_on = [commshield_account_baseline.account]
}

# A key for the alert topics: SNS encrypts them, EventBridge must be able to
# publish (events.amazonaws.com).
resource "commshield_kms_key" "alerts" {
  alias              = "alias/${var.name}-alerts"
  description        = "${var.name}: security alert topics"
  administrator_arns = var.kms_administrator_arns
  service_principals = ["events.amazonaws.com"]

  rotation_period_in_days = 365
  deletion_window_in_days = 30
}

# Alerts on the changes the guidance names (trail, flow logs, security
# groups, NACLs, routes, gateways, IAM policies, KMS keys, bucket policies,
# Config, console login without MFA, root use). Deploy it in us-east-1 as
# well: IAM, sign-in and root events of global services arrive there.
resource "commshield_change_alerts" "account" {
  name            = "${var.name}-security-changes"
  kms_key_arn     = commshield_kms_key.alerts.arn
  email_addresses = var.soc_email_addresses
}

# ----------------------------------------------------------------- hardening

# Routers and hosts in the management tier accept SSH, NETCONF over SSH
# (830), gNMI and HTTPS from the NOC networks only; plaintext protocols and
# 0.0.0.0/0 are refused at plan time. Their only way out is syslog over TLS
# to the collectors in the same tier.
resource "commshield_management_access" "oob" {
  name   = "${var.name}-oob-management"
  vpc_id = commshield_segmented_vpc.core.vpc_id

  services     = ["ssh", "netconf", "gnmi", "https"]
  source_cidrs = var.noc_cidrs

  egress = [{
    protocol    = "tcp"
    port        = 6514
    cidr_blocks = sort(values(commshield_segmented_vpc.core.subnet_cidrs["management"]))
    description = "syslog-tls"
  }]

  tags = {
    Plane = "management"
  }
}

# Emergency access for named responders: MFA from the last 15 minutes, a
# source identity, one-hour sessions, and an alarm to the SOC on every use.
resource "commshield_break_glass_role" "emergency" {
  name = "${var.name}-break-glass"
  path = "/emergency/"

  principal_arns           = var.break_glass_principal_arns
  mfa_max_age_seconds      = 900
  max_session_duration     = 3600
  source_identity_patterns = var.break_glass_source_identity_patterns

  managed_policy_arns = var.break_glass_policy_arns

  kms_key_arn           = commshield_kms_key.alerts.arn
  alarm_email_addresses = var.soc_email_addresses

  tags = {
    Access = "emergency"
  }
}

# Service control policies exist only in the organization's MANAGEMENT
# account (or a delegated policy administrator): an SCP created from a member
# account fails with AWSOrganizationsNotInUseException/AccessDenied. Hence the
# aliased provider "commshield.management" (versions.tf), which in production
# uses the management account's credentials (var.management_profile); the
# targets are the OUs or accounts the guardrails protect, e.g. the OU of this
# workload account. The break-glass roles stay exempt, so that an emergency
# can still repair a broken trail.
resource "commshield_guardrail_policy" "workloads" {
  provider = commshield.management

  name                  = "${var.name}-guardrails"
  description           = "Protect logging, detection and the account switches of the ${var.name} landing zone"
  target_ids            = var.guardrail_target_ids
  allowed_regions       = var.allowed_regions
  exempt_principal_arns = ["arn:aws:iam::*:role/emergency/${var.name}-break-glass"]

  # Also deny deleting CloudWatch Logs groups (the trail's copy): opt-in,
  # because it covers every group of the targeted accounts; workloads there
  # get their log groups from a pipeline running as an exempt principal.
  protect_log_groups = true
}
