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

output "ebs_kms_key_arn" {
  description = "ARN of the key new EBS volumes are encrypted with by default."
  value       = commshield_kms_key.ebs.arn
}

output "guardduty_detector_id" {
  description = "ID of the account's GuardDuty detector."
  value       = commshield_account_baseline.account.guardduty_detector_id
}

output "access_analyzer_arn" {
  description = "ARN of the account's IAM Access Analyzer."
  value       = commshield_account_baseline.account.access_analyzer_arn
}

output "config_rule_names" {
  description = "AWS Config managed rules deployed for the guidance's controls."
  value       = sort(keys(commshield_config_rules.guidance.rules))
}

output "change_alert_topic_arn" {
  description = "KMS-encrypted SNS topic of the change alerts (subscribe the SIEM here)."
  value       = commshield_change_alerts.account.sns_topic_arn
}

output "management_security_group_id" {
  description = "Security group to attach to the management interfaces of routers and hosts."
  value       = commshield_management_access.oob.id
}

output "break_glass_role_arn" {
  description = "ARN of the emergency role."
  value       = commshield_break_glass_role.emergency.arn
}

output "guardrail_policy_id" {
  description = "ID of the guardrail service control policy, and its size against the 5,120-character SCP limit."
  value = {
    id   = commshield_guardrail_policy.workloads.id
    size = commshield_guardrail_policy.workloads.content_size
  }
}

output "alb_tls_policy" {
  description = "The strongest approved TLS policy for load balancers of this zone."
  value       = data.commshield_tls_policies.elbv2.names[0]
}

output "identity_rules_config_equivalents" {
  description = "AWS Config managed rules equivalent to the identity rules of check, by rule ID."
  value       = { for r in data.commshield_rules.identity.rules : r.id => r.aws_config_rules if length(r.aws_config_rules) > 0 }
}

output "plan_checkable_controls" {
  description = "Number of the guidance's controls that check can judge before apply."
  value       = length(data.commshield_controls.plan_checkable.controls)
}

output "posture" {
  description = "Status of each control evidenced in the live account (compliant, non_compliant, unknown)."
  value       = { for c in data.commshield_account_posture.account.controls : c.control_id => c.status }
}

output "posture_failures" {
  description = "Non-compliant posture checks with their evidence."
  value       = { for c in data.commshield_account_posture.account.checks : c.id => c.evidence if c.status == "non_compliant" }
}

output "posture_checks" {
  description = "Status of each posture check of the live account, by check ID (the account switches this zone turns on should read compliant)."
  value       = { for c in data.commshield_account_posture.account.checks : c.id => c.status }
}
