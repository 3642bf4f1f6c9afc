# Guardrails for every workload OU: all protections on (the defaults), EU
# regions only, the break-glass roles exempt.
resource "commshield_guardrail_policy" "workloads" {
  name                  = "commshield-guardrails"
  target_ids            = ["ou-ab12-workload1", "ou-ab12-network01"]
  allowed_regions       = ["eu-west-1", "eu-central-1"]
  exempt_principal_arns = ["arn:aws:iam::*:role/break-glass-*"]
  tags                  = { Owner = "secops" }
}

# A sandbox OU where people may still create IAM users.
resource "commshield_guardrail_policy" "sandbox" {
  name                    = "commshield-guardrails-sandbox"
  target_ids              = ["ou-ab12-sandbox01"]
  deny_iam_users_and_keys = false
}

output "guardrail_policy_size" {
  value = commshield_guardrail_policy.workloads.content_size
}
