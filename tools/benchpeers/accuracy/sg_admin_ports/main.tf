# Accuracy case: administrative ports open to the internet (commshield NET-R01)
# in the three security-group styles (inline blocks, aws_security_group_rule,
# aws_vpc_security_group_ingress_rule), with for_each and count instances and
# a module called twice with different sources.
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

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "ssh_open" {
  name   = "acc-ssh-open"
  vpc_id = aws_vpc.main.id
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "ssh_private" {
  name   = "acc-ssh-private"
  vpc_id = aws_vpc.main.id
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_security_group" "base" {
  name   = "acc-base"
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group_rule" "rdp_open" {
  type              = "ingress"
  security_group_id = aws_security_group.base.id
  protocol          = "tcp"
  from_port         = 3389
  to_port           = 3389
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_security_group_rule" "ssh_from_group" {
  type                     = "ingress"
  security_group_id        = aws_security_group.base.id
  protocol                 = "tcp"
  from_port                = 22
  to_port                  = 22
  source_security_group_id = aws_security_group.ssh_private.id
}

# count: the same rule from a private range and from anywhere.
resource "aws_security_group_rule" "mgmt" {
  count             = 2
  type              = "ingress"
  security_group_id = aws_security_group.base.id
  protocol          = "tcp"
  from_port         = 3389
  to_port           = 3389
  cidr_blocks       = [["10.0.0.0/8"], ["0.0.0.0/0"]][count.index]
}

resource "aws_security_group" "v2" {
  name   = "acc-v2"
  vpc_id = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "ssh_v6" {
  security_group_id = aws_security_group.v2.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv6         = "::/0"
}

resource "aws_vpc_security_group_ingress_rule" "ssh_private" {
  security_group_id = aws_security_group.v2.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "10.0.0.0/8"
}

# for_each: SSH from an office range and from anywhere.
resource "aws_vpc_security_group_ingress_rule" "ssh" {
  for_each          = { office = "203.0.113.0/24", world = "0.0.0.0/0" }
  security_group_id = aws_security_group.v2.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = each.value
}

module "bastion_open" {
  source = "./modules/bastion"
  name   = "acc-bastion-open"
  vpc_id = aws_vpc.main.id
  cidr   = "0.0.0.0/0"
}

module "bastion_closed" {
  source = "./modules/bastion"
  name   = "acc-bastion-closed"
  vpc_id = aws_vpc.main.id
  cidr   = "10.0.0.0/8"
}
