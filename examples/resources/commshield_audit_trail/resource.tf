# A hardened organization-wide audit trail delivering to the log archive.
resource "commshield_audit_trail" "org" {
  name                  = "org-audit"
  s3_bucket_name        = commshield_log_archive.central.bucket
  kms_key_arn           = commshield_kms_key.logs.arn
  is_organization_trail = true

  # CloudWatch Logs copy for alerting; at least 90 days, 365 by default.
  log_retention_days = 731

  # Object-level S3 and Lambda invoke events, on top of all management events.
  data_events = {
    s3     = true
    lambda = true
  }

  # Alert on unusual API call volume and error rates.
  insight_types = ["ApiCallRateInsight", "ApiErrorRateInsight"]

  tags = {
    "commshield:control" = "LOG-01"
  }
}

# Finer data-event selection: only the evidence bucket's object writes.
resource "commshield_audit_trail" "evidence" {
  name           = "evidence-writes"
  s3_bucket_name = commshield_log_archive.central.bucket
  kms_key_arn    = commshield_kms_key.logs.arn

  advanced_event_selectors = [{
    name = "evidence bucket writes"
    field_selectors = [
      { field = "eventCategory", equals = ["Data"] },
      { field = "resources.type", equals = ["AWS::S3::Object"] },
      { field = "resources.ARN", starts_with = ["arn:aws:s3:::evidence-bucket/"] },
      { field = "readOnly", equals = ["false"] },
    ]
  }]
}
