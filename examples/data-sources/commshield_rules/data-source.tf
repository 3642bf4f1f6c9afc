# The check rules behind control LOG-01 (flow monitoring) and their AWS
# Config equivalents, e.g. to deploy the same checks at runtime.
data "commshield_rules" "flow_monitoring" {
  control = "LOG-01"
}

output "config_rules_for_log_01" {
  value = distinct(flatten([for r in data.commshield_rules.flow_monitoring.rules : r.aws_config_rules]))
}

# Every critical rule of the network category.
data "commshield_rules" "critical_network" {
  category = "NET"
  severity = "critical"
}
