# A key for the audit trail, its CloudWatch Logs group and VPC flow logs
# delivered to S3. Administrators manage the key but cannot decrypt; the SIEM
# role can decrypt but cannot change the key.
resource "commshield_kms_key" "logs" {
  alias       = "alias/noc-audit-logs"
  description = "Audit and flow log encryption"

  administrator_arns = [
    "arn:aws:iam::111122223333:role/commshield-deployer",
    "arn:aws:iam::111122223333:role/kms-admin",
  ]
  user_arns = [
    "arn:aws:iam::111122223333:role/siem-reader",
  ]
  service_principals = [
    "cloudtrail.amazonaws.com",
    "delivery.logs.amazonaws.com",
    "logs.eu-west-1.amazonaws.com",
  ]

  rotation_period_in_days = 365
  deletion_window_in_days = 30

  tags = {
    DataClass = "audit"
  }
}
