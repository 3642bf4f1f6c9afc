terraform {
  # Terraform >= 1.8 (provider functions: provider::commshield::cidr_is_public
  # in variables.tf) or OpenTofu >= 1.7.
  required_version = ">= 1.8"

  required_providers {
    commshield = {
      source = "commshield/commshield"
    }
  }
}

# Credentials come from the AWS SDK's default chain. `endpoints` is empty in
# production; tests and demos point every service at a local moto server
# through var.endpoints (see README.md).
provider "commshield" {
  region    = var.region
  endpoints = var.endpoints

  default_tags {
    tags = var.tags
  }
}

# Service control policies can only be managed from the organization's
# management account: the guardrail policy uses this provider. Give it the
# management account's credentials (a profile here, or an assume_role block
# for a role in that account).
provider "commshield" {
  alias     = "management"
  region    = var.region
  endpoints = var.endpoints
  profile   = var.management_profile

  default_tags {
    tags = var.tags
  }
}
