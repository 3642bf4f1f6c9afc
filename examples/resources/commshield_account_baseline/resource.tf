# Customer managed key for EBS volumes (for example commshield_kms_key.ebs.arn;
# its policy must allow the EC2 and Auto Scaling service-linked roles).
variable "ebs_key_arn" {
  type = string
}

resource "commshield_account_baseline" "this" {
  ebs_default_kms_key_arn = var.ebs_key_arn

  password_minimum_length = 16
  password_max_age_days   = 90

  # A part is on unless turned off explicitly, with a reason.
  s3_public_access_block_enabled         = false
  s3_public_access_block_disabled_reason = "set by the organization's delegated administrator"
}
