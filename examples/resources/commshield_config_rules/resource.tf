# The AWS Config managed rules behind the guidance's logging, network and
# credential controls; needs a configuration recorder in the region.
resource "commshield_config_rules" "guidance" {
  categories    = ["logging_monitoring", "network_traffic"]
  controls      = ["IAM-08"]
  exclude_rules = ["netfw-logging-enabled"] # no AWS Network Firewall here
}
