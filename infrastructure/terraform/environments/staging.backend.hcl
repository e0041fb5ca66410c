# terraform init -reconfigure -backend-config=environments/staging.backend.hcl
bucket         = "healthflow-terraform-state"
key            = "healthflow/staging/terraform.tfstate"
region         = "us-east-1"
encrypt        = true
dynamodb_table = "healthflow-terraform-locks"
