data "commshield_account_posture" "this" {
  access_key_max_age_days = 90
}

output "failing_checks" {
  value = {
    for c in data.commshield_account_posture.this.checks : c.id => c.evidence
    if c.status == "non_compliant"
  }
}

output "control_status" {
  value = { for c in data.commshield_account_posture.this.controls : c.control_id => c.status }
}

# Fail the run (Terraform >= 1.5) when a critical check fails.
check "no_critical_posture_failures" {
  assert {
    condition = alltrue([
      for c in data.commshield_account_posture.this.checks : c.status != "non_compliant" || c.severity != "critical"
    ])
    error_message = "A critical posture check is non-compliant; see output failing_checks."
  }
}
