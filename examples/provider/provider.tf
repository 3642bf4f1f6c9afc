terraform {
  required_providers {
    commshield = {
      source = "commshield/commshield"
    }
  }
}

# Credentials come from the AWS SDK's default chain (environment variables,
# shared config/credentials files, SSO, container or instance roles) unless
# set here. Deploy through a dedicated role rather than static keys.
provider "commshield" {
  region  = "eu-west-1"
  profile = "noc-security"

  assume_role {
    role_arn     = "arn:aws:iam::111122223333:role/commshield-deployer"
    session_name = "terraform-landing-zone"
    external_id  = "noc-2026"
    duration     = "1h"
  }

  # Reach AWS through VPC interface endpoints or FIPS endpoints.
  endpoints = {
    kms = "https://kms-fips.eu-west-1.amazonaws.com"
    sts = "https://sts.eu-west-1.amazonaws.com"
  }

  retry_mode  = "adaptive"
  max_retries = 25

  default_tags {
    tags = {
      Owner      = "noc-security"
      Guidance   = "CISA-AA24-EnhancedVisibility"
      CostCenter = "core-network"
    }
  }
}
