# A visibility landing zone for a communications operator (CISA/NSA/FBI
# "Enhanced Visibility and Hardening Guidance", December 2024):
#
#   commshield_kms_key        one rotated CMK for every log stream
#   commshield_log_archive    immutable (Object Lock), TLS-only, KMS-encrypted archive
#   commshield_audit_trail    multi-region, validated CloudTrail into the archive
#                             plus a KMS-encrypted CloudWatch Logs copy
#   commshield_segmented_vpc  management / signaling / user-plane tiers with
#                             per-tier NACLs, closed default SG and flow logs
#                             (ALL traffic, 60 s) into the archive

resource "commshield_kms_key" "logs" {
  alias              = "alias/${var.name}-logs"
  description        = "${var.name}: audit trail, CloudWatch Logs and VPC flow log encryption"
  administrator_arns = var.kms_administrator_arns
  user_arns          = var.kms_user_arns

  # CloudTrail writes the trail, CloudWatch Logs encrypts the trail's log
  # group, VPC Flow Logs (delivery.logs) writes SSE-KMS objects to the archive.
  service_principals = [
    "cloudtrail.amazonaws.com",
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

  # CloudTrail and VPC Flow Logs deliver here; both are scoped to this
  # account by the bucket policy (aws:SourceAccount).
  log_delivery_services = [
    "cloudtrail.amazonaws.com",
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
