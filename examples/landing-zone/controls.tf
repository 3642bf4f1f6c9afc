# Reading where the account stands, with the catalog `check` uses.

# The guidance's controls a Terraform plan can show, for the report below.
data "commshield_controls" "plan_checkable" {
  plan_checkable = true
}

# The rules behind hardening of identities, with their AWS Config and
# Security Hub equivalents (for the SOC's runtime dashboards).
data "commshield_rules" "identity" {
  category = "IAM"
}

# The load-balancer TLS policies a workload of this zone may use.
data "commshield_tls_policies" "elbv2" {
  service       = "elbv2"
  minimum_level = "tls12"
}

# The live account, read after the baseline, trail and VPC are in place:
# per control compliant / non_compliant / unknown, with evidence.
data "commshield_account_posture" "account" {
  access_key_max_age_days = 90

  depends_on = [
    commshield_account_baseline.account,
    commshield_audit_trail.account,
    commshield_segmented_vpc.core,
  ]
}

# Fail the run (not the apply) when a posture check of critical severity
# fails: visible in every plan, without blocking emergency changes.
check "no_critical_posture_failures" {
  assert {
    condition = alltrue([
      for c in data.commshield_account_posture.account.checks : c.status != "non_compliant" || c.severity != "critical"
    ])
    error_message = "A critical posture check is non-compliant; see output posture_failures."
  }
}
