# Every logging and monitoring control that a Terraform plan can show.
data "commshield_controls" "logging" {
  category       = "LOG"
  plan_checkable = true
}

output "logging_controls" {
  value = { for c in data.commshield_controls.logging.controls : c.id => c.title }
}
