terraform {
  # OpenTofu >= 1.8 or Terraform >= 1.10 (S3 backend native locking: use_lockfile).
  required_version = ">= 1.8.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.24.0, < 7.0.0"
    }
  }
}
