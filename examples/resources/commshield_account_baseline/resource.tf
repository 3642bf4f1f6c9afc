# Customer managed key for EBS volumes (for example commshield_kms_key.ebs.arn;
# its policy must allow the EC2 and Auto Scaling service-linked roles).
variable "ebs_key_arn" {
  type = string
}

# The log archive bucket (for example commshield_log_archive.this.bucket).
variable "log_archive_bucket" {
  type = string
}

resource "commshield_account_baseline" "this" {
  ebs_default_kms_key_arn = var.ebs_key_arn
  config_delivery_bucket  = var.log_archive_bucket

  security_hub_standards = [
    "aws-foundational-security-best-practices/v/1.0.0",
    "cis-aws-foundations-benchmark/v/1.4.0",
  ]

  # GuardDuty publishes findings every 15 minutes with every protection
  # feature on; a feature is turned off only with a reason.
  guardduty_disabled_features = {
    RDS_LOGIN_EVENTS = "no RDS or Aurora databases in this account (architecture decision AD-17)"
  }

  password_minimum_length = 16
  password_max_age_days   = 90

  # IMDSv2 is the account default with hop limit 1 (imdsv2_hop_limit). On
  # container hosts whose containers need the instance role, set 2 and raise
  # rule IAM-R19's imds_max_hop_limit to 2 in .commshield.yaml.
  # imdsv2_hop_limit = 2

  # A part is on unless turned off explicitly, with a reason.
  s3_public_access_block_enabled         = false
  s3_public_access_block_disabled_reason = "set by the organization's delegated administrator"
}
