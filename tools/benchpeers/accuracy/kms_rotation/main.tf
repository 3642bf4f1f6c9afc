# Accuracy case: KMS key rotation (commshield CRY-R21): literal settings,
# for_each values and a module called with count.
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

resource "aws_kms_key" "rotated" {
  description         = "rotated"
  enable_key_rotation = true
}

resource "aws_kms_key" "static" {
  description = "never rotated"
}

resource "aws_kms_key" "by_purpose" {
  for_each            = { logs = true, backup = false }
  description         = each.key
  enable_key_rotation = each.value
}

module "keys" {
  source = "./modules/key"
  count  = 2
  name   = "acc-key-${count.index}"
  rotate = count.index == 0
}
