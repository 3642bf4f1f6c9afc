# Emergency administrator access for two named responders, with MFA from the
# last 15 minutes, a source identity that must be their corporate address,
# sessions of at most one hour, and an alarm to the NOC and SOC mailboxes
# whenever the role is assumed.
resource "commshield_break_glass_role" "emergency" {
  name = "break-glass-admin"
  path = "/emergency/"

  principal_arns = [
    "arn:aws:iam::111122223333:role/responder-alice",
    "arn:aws:iam::111122223333:role/responder-bob",
  ]
  mfa_max_age_seconds      = 900
  max_session_duration     = 3600
  source_identity_patterns = ["*@example.net"]

  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]

  # The key's policy must allow events.amazonaws.com to use it, e.g. a
  # commshield_kms_key with service_principals = ["events.amazonaws.com"].
  kms_key_arn           = commshield_kms_key.alarms.arn
  alarm_email_addresses = ["noc@example.net", "soc@example.net"]

  tags = {
    Access = "emergency"
  }
}
