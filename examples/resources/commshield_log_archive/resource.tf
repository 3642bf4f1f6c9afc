# Central, immutable log archive for CloudTrail, VPC Flow Logs, Config and
# ELB access logs from two accounts.
resource "commshield_log_archive" "central" {
  bucket      = "noc-log-archive-111122223333"
  kms_key_arn = commshield_kms_key.logs.arn

  # COMPLIANCE mode: no one, including the root user, can delete or shorten
  # the retention of a log version for a year.
  object_lock_mode           = "COMPLIANCE"
  object_lock_retention_days = 365

  lifecycle_transitions = [
    { days = 90, storage_class = "GLACIER_IR" },
    { days = 365, storage_class = "DEEP_ARCHIVE" },
  ]
  expiration_days = 2555 # 7 years; must be >= object_lock_retention_days

  source_account_ids = ["111122223333", "444455556666"]

  # Only this MFA-protected role may delete unretained versions or change
  # Object Lock settings.
  break_glass_principal_arns = ["arn:aws:iam::111122223333:role/log-archive-break-glass"]

  # A separate, non-locked bucket that grants logging.s3.amazonaws.com.
  access_log_bucket = "noc-s3-access-logs-111122223333"

  tags = {
    DataClass = "audit"
  }
}
