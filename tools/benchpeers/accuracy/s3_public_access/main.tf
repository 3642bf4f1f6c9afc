# Accuracy case: S3 bucket public access blocks (commshield NET-R16) in the
# styles plans carry: same-module references, for_each and count instances,
# a bucket and its block inside a module, and a block in the root that
# reaches a module's bucket through a module output.
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

resource "aws_s3_bucket" "complete" {
  bucket = "acc-complete"
}

resource "aws_s3_bucket_public_access_block" "complete" {
  bucket                  = aws_s3_bucket.complete.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "none" {
  bucket = "acc-none"
}

resource "aws_s3_bucket" "partial" {
  bucket = "acc-partial"
}

resource "aws_s3_bucket_public_access_block" "partial" {
  bucket                  = aws_s3_bucket.partial.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = false
}

resource "aws_s3_bucket" "tenant" {
  for_each = toset(["alpha", "beta"])
  bucket   = "acc-tenant-${each.key}"
}

resource "aws_s3_bucket_public_access_block" "tenant" {
  for_each                = aws_s3_bucket.tenant
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Two buckets, one block: only the first instance is covered.
resource "aws_s3_bucket" "counted" {
  count  = 2
  bucket = "acc-counted-${count.index}"
}

resource "aws_s3_bucket_public_access_block" "counted" {
  count                   = 1
  bucket                  = aws_s3_bucket.counted[count.index].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

module "logs" {
  source = "./modules/bucket"
  name   = "acc-logs"
}

# Buckets made by a module without a block; the root blocks only "x".
module "bare" {
  source   = "./modules/bare_bucket"
  for_each = toset(["x", "y"])
  name     = "acc-bare-${each.key}"
}

resource "aws_s3_bucket_public_access_block" "bare_x" {
  bucket                  = module.bare["x"].bucket_id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
