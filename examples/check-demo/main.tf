# commshield check demo: a small landing zone with deliberate mistakes.
# `make demo` plans it and runs `terraform-provider-commshield check` on the
# plan. It never talks to AWS: the provider runs with fake credentials and
# nothing is applied.

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

# A partner's address: sensitive, so no report may print it.
variable "partner_cidr" {
  type      = string
  sensitive = true
  default   = "198.51.100.77/32"
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = "demo-Passw0rd-never-printed"
}

# --- Network: VPCs and flow logs (LOG-R01, cross-resource) -----------------

resource "aws_vpc" "core" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "core" {
  vpc_id               = aws_vpc.core.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.logs.arn
}

# Only rejected traffic is logged: not enough.
resource "aws_vpc" "lab" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_flow_log" "lab" {
  vpc_id               = aws_vpc.lab.id
  traffic_type         = "REJECT"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.logs.arn
}

# One VPC per tenant, each with its own flow log (for_each on both sides).
resource "aws_vpc" "tenant" {
  for_each   = toset(["blue", "green"])
  cidr_block = each.key == "blue" ? "10.10.0.0/16" : "10.11.0.0/16"
}

resource "aws_flow_log" "tenant" {
  for_each             = aws_vpc.tenant
  vpc_id               = each.value.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.logs.arn
}

# Spokes come in a counted list, each with its flow log.
resource "aws_vpc" "spoke" {
  count      = 2
  cidr_block = "10.2${count.index}.0.0/16"
}

resource "aws_flow_log" "spoke" {
  count                = 2
  vpc_id               = aws_vpc.spoke[count.index].id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.logs.arn
}

# The edge module makes a VPC without a flow log and a bastion open to the world.
module "edge" {
  source   = "./modules/edge"
  vpc_cidr = "10.2.0.0/16"
}

# --- Security groups in all three styles (NET-R01, NET-R06) ---------------

resource "aws_security_group" "bastion" {
  name   = "bastion"
  vpc_id = aws_vpc.core.id

  ingress {
    description = "SSH from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.core.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "web_rdp" {
  type              = "ingress"
  security_group_id = aws_security_group.web.id
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_vpc_security_group_ingress_rule" "web_ssh_v6" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv6         = "::/0"
}

resource "aws_vpc_security_group_ingress_rule" "web_ssh_partner" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = var.partner_cidr
}

# The source address is known only after apply: undecidable.
resource "aws_eip" "jump" {
  domain = "vpc"
}

resource "aws_vpc_security_group_ingress_rule" "web_ssh_jump" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "${aws_eip.jump.public_ip}/32"
}

resource "aws_default_security_group" "core" {
  vpc_id = aws_vpc.core.id
}

resource "aws_default_security_group" "lab" {
  vpc_id = aws_vpc.lab.id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.partner_cidr]
  }
}

# --- S3 (NET-R16, cross-resource) -----------------------------------------

resource "aws_s3_bucket" "logs" {
  bucket = "commshield-demo-logs"
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "artifacts" {
  count  = 2
  bucket = "commshield-demo-artifacts-${count.index}"
}

resource "aws_s3_bucket" "tenant" {
  for_each = toset(["blue", "green"])
  bucket   = "commshield-demo-tenant-${each.key}"
}

resource "aws_s3_bucket_public_access_block" "tenant" {
  for_each                = aws_s3_bucket.tenant
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# --- CloudTrail and KMS (LOG-R05, LOG-R06, CRY-R21) -----------------------

resource "aws_kms_key" "trail" {
  description             = "CloudTrail logs"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_key" "legacy" {
  description             = "legacy key without rotation"
  deletion_window_in_days = 7
}

resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = aws_s3_bucket.logs.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  kms_key_id                    = aws_kms_key.trail.arn
}

resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = aws_s3_bucket.logs.id
}

# --- Storage and databases (CRY-R22, NET-R14) -----------------------------

resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 10
  encrypted         = true
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "us-east-1a"
  size              = 10
}

resource "aws_db_instance" "billing" {
  identifier          = "billing"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  username            = "billing"
  password            = var.db_password
  publicly_accessible = true
  storage_encrypted   = false
  skip_final_snapshot = true
}

# --- IAM (IAM-R13) ----------------------------------------------------------

resource "aws_iam_policy" "admin" {
  name = "everything"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_policy" "read_logs" {
  name = "read-logs"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "${aws_s3_bucket.logs.arn}/*" }]
  })
}

resource "aws_iam_policy" "list_buckets" {
  name = "list-buckets"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:ListAllMyBuckets", Resource = "*" }]
  })
}
