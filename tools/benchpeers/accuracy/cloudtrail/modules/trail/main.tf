variable "name" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

resource "aws_cloudtrail" "this" {
  name                       = var.name
  s3_bucket_name             = "acc-trail-logs"
  enable_log_file_validation = true
  kms_key_id                 = var.kms_key_arn
}
