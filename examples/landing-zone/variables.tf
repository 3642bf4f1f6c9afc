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
  description = "Short name of the landing zone, used in the trail, VPC and KMS alias names."
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
  description = "On-premises NOC networks (over VPN or Direct Connect) allowed to reach the out-of-band management tier."
  type        = list(string)
  default     = ["192.168.10.0/24"]
}

variable "tags" {
  description = "Tags applied to every AWS object of the landing zone (provider default_tags)."
  type        = map(string)
  default = {
    Owner    = "noc-security"
    Guidance = "CISA-Enhanced-Visibility-2024"
  }
}
