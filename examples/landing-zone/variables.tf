variable "region" {
  description = "AWS Region of the landing zone."
  type        = string
  default     = "us-east-1"
}

variable "endpoints" {
  description = "Per-service endpoint overrides (service name => URL), e.g. VPC interface or FIPS endpoints. Empty: the AWS defaults."
  type        = map(string)
  default     = {}
}

variable "name" {
  description = "Short name of the landing zone, used in the names of every object of the landing zone."
  type        = string
  default     = "noc"
}

variable "log_archive_bucket" {
  description = "Globally unique name of the log archive bucket, e.g. <org>-log-archive-<account id>."
  type        = string
  default     = "noc-log-archive-123456789012"
}

variable "kms_administrator_arns" {
  description = "IAM roles or users that administer the log key (never decrypt). Include the identity Terraform runs as, or AWS rejects the key policy."
  type        = list(string)
  default     = ["arn:aws:iam::123456789012:role/commshield-deployer"]
}

variable "kms_user_arns" {
  description = "IAM roles or users that may decrypt the logs, e.g. the SIEM's reader role."
  type        = list(string)
  default     = []
}

variable "object_lock_mode" {
  description = "Object Lock mode of the log archive: COMPLIANCE (production) or GOVERNANCE (disposable test archives only)."
  type        = string
  default     = "COMPLIANCE"
}

variable "object_lock_retention_days" {
  description = "Days every log version is locked against deletion."
  type        = number
  default     = 365
}

variable "log_expiration_days" {
  description = "Days after which logs expire from the archive; at least object_lock_retention_days."
  type        = number
  default     = 2557
}

variable "trail_log_retention_days" {
  description = "Retention of the audit trail's CloudWatch Logs copy, in days (a value CloudWatch Logs accepts, at least 90)."
  type        = number
  default     = 365
}

variable "retain_log_groups_on_destroy" {
  description = "Keep the CloudWatch Logs groups of the trail when the landing zone is destroyed. Keep true outside disposable test accounts."
  type        = bool
  default     = true
}

variable "availability_zones" {
  description = "Availability zones the VPC tiers are spread across (at least 2)."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b"]
}

variable "vpc_cidr" {
  description = "IPv4 CIDR of the segmented VPC."
  type        = string
  default     = "10.20.0.0/16"
}

variable "noc_cidrs" {
  description = "On-premises NOC networks (over VPN or Direct Connect) allowed to reach the out-of-band management tier and its management security group."
  type        = list(string)
  default     = ["192.168.10.0/24"]

  # Management reaches the routers over private paths only; a public range
  # here would be one VPN misroute away from the internet.
  validation {
    condition     = alltrue([for c in var.noc_cidrs : !provider::commshield::cidr_is_public(c)])
    error_message = "noc_cidrs must be private or internal ranges (RFC 1918, RFC 6598 …), never public ones."
  }
}

variable "ebs_key_user_arns" {
  description = "Roles that use the EBS default key: the Auto Scaling service-linked role and any role creating volumes or instances."
  type        = list(string)
  default     = ["arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"]
}

variable "password_minimum_length" {
  description = "Minimum IAM user password length (at least 14)."
  type        = number
  default     = 16
}

variable "restore_account_defaults_on_destroy" {
  description = "Whether destroying the landing zone turns the account switches back to the AWS defaults. Keep false outside disposable test accounts."
  type        = bool
  default     = false
}

variable "config_rule_categories" {
  description = "Guidance categories whose AWS Config managed rules are deployed (commshield_config_rules categories)."
  type        = list(string)
  default     = ["logging_monitoring", "network_traffic"]
}

variable "config_rule_controls" {
  description = "Additional controls whose AWS Config managed rules are deployed, e.g. IAM-08 (no long-term access keys)."
  type        = list(string)
  default     = ["IAM-08"]
}

variable "soc_email_addresses" {
  description = "Mailboxes of the SOC/NOC that receive change alerts and break-glass alarms (each must confirm its subscription)."
  type        = list(string)
  default     = ["soc@example.net"]
}

variable "break_glass_principal_arns" {
  description = "Named responders allowed to assume the break-glass role (with MFA)."
  type        = list(string)
  default     = ["arn:aws:iam::123456789012:role/noc-responder"]
}

variable "break_glass_policy_arns" {
  description = "Managed policies of the break-glass role: what an emergency may need to repair."
  type        = list(string)
  default     = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

variable "break_glass_source_identity_patterns" {
  description = "Source identities a responder must set when assuming the break-glass role, e.g. their corporate address."
  type        = list(string)
  default     = ["*@example.net"]
}

variable "management_profile" {
  description = "AWS profile of the organization's management account, for the guardrail SCP. null: the same credentials as the workload account (only right when both are one account, as in tests)."
  type        = string
  default     = null
}

variable "guardrail_target_ids" {
  description = "OU or account IDs the guardrail SCP is attached to, e.g. the OU of the workload accounts."
  type        = list(string)
  default     = ["ou-ab12-workloads"]
}

variable "allowed_regions" {
  description = "Regions the guardrail SCP allows (global services stay reachable)."
  type        = list(string)
  default     = ["us-east-1", "eu-west-1"]
}

variable "tags" {
  description = "Tags applied to every AWS object of the landing zone (provider default_tags)."
  type        = map(string)
  default = {
    Owner    = "noc-security"
    Guidance = "CISA-Enhanced-Visibility-2024"
  }
}
