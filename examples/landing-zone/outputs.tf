output "kms_key_arn" {
  description = "ARN of the log encryption key."
  value       = commshield_kms_key.logs.arn
}

output "log_archive_bucket" {
  description = "Name of the log archive bucket."
  value       = commshield_log_archive.central.bucket
}

output "log_archive_arn" {
  description = "ARN of the log archive bucket."
  value       = commshield_log_archive.central.arn
}

output "audit_trail_arn" {
  description = "ARN of the audit trail."
  value       = commshield_audit_trail.account.arn
}

output "audit_log_group_arn" {
  description = "CloudWatch Logs group receiving the trail's events (for metric filters and alarms)."
  value       = commshield_audit_trail.account.log_group_arn
}

output "vpc_id" {
  description = "ID of the segmented VPC."
  value       = commshield_segmented_vpc.core.vpc_id
}

output "subnet_ids" {
  description = "Subnet IDs by tier and availability zone."
  value       = commshield_segmented_vpc.core.subnet_ids
}

output "flow_log_id" {
  description = "ID of the VPC flow log."
  value       = commshield_segmented_vpc.core.flow_log_id
}
