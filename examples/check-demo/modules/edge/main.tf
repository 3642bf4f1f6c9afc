variable "vpc_cidr" {
  type = string
}

resource "aws_vpc" "this" {
  cidr_block = var.vpc_cidr
}

resource "aws_security_group" "admin" {
  name   = "edge-admin"
  vpc_id = aws_vpc.this.id

  ingress {
    description = "NETCONF from anywhere"
    from_port   = 830
    to_port     = 830
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

output "vpc_id" {
  value = aws_vpc.this.id
}

resource "aws_s3_bucket" "edge_logs" {
  bucket = "commshield-demo-edge-logs"
}

resource "aws_s3_bucket_public_access_block" "edge_logs" {
  bucket                  = aws_s3_bucket.edge_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
