# Accuracy case: VPC flow logs (commshield LOG-R01): same-module references,
# for_each and count instances, and flow logs in the root that reach a
# module's VPC through a module output.
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

resource "aws_cloudwatch_log_group" "flow" {
  name = "acc-flow-logs"
}

resource "aws_iam_role" "flow" {
  name = "acc-flow-logs"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "vpc-flow-logs.amazonaws.com" } }]
  })
}

resource "aws_vpc" "logged" {
  cidr_block = "10.10.0.0/16"
}

resource "aws_flow_log" "logged" {
  vpc_id          = aws_vpc.logged.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = aws_iam_role.flow.arn
}

resource "aws_vpc" "unlogged" {
  cidr_block = "10.11.0.0/16"
}

resource "aws_vpc" "spoke" {
  for_each   = { a = "10.20.0.0/16", b = "10.21.0.0/16" }
  cidr_block = each.value
}

resource "aws_flow_log" "spoke" {
  for_each        = aws_vpc.spoke
  vpc_id          = each.value.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = aws_iam_role.flow.arn
}

# Two VPCs, one flow log: only the first is covered.
resource "aws_vpc" "counted" {
  count      = 2
  cidr_block = "10.3${count.index}.0.0/16"
}

resource "aws_flow_log" "counted" {
  count           = 1
  vpc_id          = aws_vpc.counted[count.index].id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = aws_iam_role.flow.arn
}

module "network" {
  source = "./modules/vpc"
  cidr   = "10.40.0.0/16"
}

resource "aws_flow_log" "network" {
  vpc_id          = module.network.vpc_id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = aws_iam_role.flow.arn
}

module "network_nolog" {
  source = "./modules/vpc"
  cidr   = "10.41.0.0/16"
}
