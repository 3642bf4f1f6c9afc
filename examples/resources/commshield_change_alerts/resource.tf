# A customer-managed key whose policy lets events.amazonaws.com use it, e.g.
# a commshield_kms_key with service_principals = ["events.amazonaws.com"].
variable "alerts_kms_key_arn" {
  type = string
}

# Every category (the CIS CloudWatch.1-14 set plus flow-log deletion) to one
# encrypted topic. Create it in us-east-1 too: IAM, console sign-in and root
# events of global services are delivered there.
resource "commshield_change_alerts" "account" {
  name            = "security-changes"
  kms_key_arn     = var.alerts_kms_key_arn
  email_addresses = ["soc@example.net"]
  https_endpoints = ["https://pager.example.net/aws-alerts"]
  tags            = { Team = "soc" }
}

# A narrower set, e.g. in a workload region where IAM events never arrive.
resource "commshield_change_alerts" "network" {
  name        = "network-changes"
  kms_key_arn = var.alerts_kms_key_arn
  categories  = ["security_group", "nacl", "route_table", "network_gateway", "vpc", "flow_logs", "cloudtrail_config"]
}

output "alert_topic" {
  value = commshield_change_alerts.account.sns_topic_arn
}
