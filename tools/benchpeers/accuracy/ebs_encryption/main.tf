# Accuracy case: EBS encryption at rest (commshield CRY-R22): volumes and
# instance root devices, for_each values, a module called with count, and a
# volume whose encryption flag is known only after apply.
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

resource "aws_kms_key" "ebs" {
  description         = "EBS"
  enable_key_rotation = true
}

resource "aws_ebs_volume" "encrypted" {
  availability_zone = "us-east-1a"
  size              = 10
  encrypted         = true
  kms_key_id        = aws_kms_key.ebs.arn
}

resource "aws_ebs_volume" "zone" {
  for_each          = { a = true, b = false }
  availability_zone = "us-east-1${each.key}"
  size              = 10
  encrypted         = each.value
}

resource "aws_instance" "encrypted" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = true
  }
}

resource "aws_instance" "plain" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  root_block_device {
    encrypted = false
  }
}

# Encryption derived from another resource: unknown until apply, true once applied.
resource "aws_ebs_volume" "derived" {
  availability_zone = "us-east-1a"
  size              = 10
  encrypted         = length(aws_kms_key.ebs.arn) > 0
  kms_key_id        = aws_kms_key.ebs.arn
}

module "disks" {
  source    = "./modules/disk"
  count     = 2
  encrypted = count.index == 0
}
