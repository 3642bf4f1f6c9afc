terraform {
  # Terraform >= 1.6 or OpenTofu >= 1.6 (the acceptance suite runs both).
  required_version = ">= 1.6"

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
