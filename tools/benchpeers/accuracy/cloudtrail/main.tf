# Accuracy case: CloudTrail log file validation and KMS encryption
# (commshield LOG-R05, LOG-R06): a KMS key ARN known only after apply, a trail
# in a module that gets the key through a module input, and for_each trails.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "6.99.0" }
  }
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "fake"
  secret_key                  = "fake"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

resource "aws_kms_key" "trail" {
  description         = "CloudTrail logs"
  enable_key_rotation = true
}

resource "aws_cloudtrail" "good" {
  name                       = "acc-good"
  s3_bucket_name             = "acc-trail-logs"
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn
}

resource "aws_cloudtrail" "bad" {
  name           = "acc-bad"
  s3_bucket_name = "acc-trail-logs"
}

resource "aws_cloudtrail" "regional" {
  for_each                   = toset(["us", "eu"])
  name                       = "acc-regional-${each.key}"
  s3_bucket_name             = "acc-trail-logs"
  enable_log_file_validation = each.key == "us"
  kms_key_id                 = aws_kms_key.trail.arn
}

module "org_trail" {
  source      = "./modules/trail"
  name        = "acc-org"
  kms_key_arn = aws_kms_key.trail.arn
}
