terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }

  # One state per environment: the bucket, key and lock table come from
  # environments/<env>.backend.hcl (terraform init -backend-config=environments/<env>.backend.hcl).
  backend "s3" {}
}
