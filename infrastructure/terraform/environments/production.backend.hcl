# terraform init -reconfigure -backend-config=environments/production.backend.hcl
bucket         = "healthflow-terraform-state"
key            = "healthflow/production/terraform.tfstate"
region         = "us-east-1"
encrypt        = true
dynamodb_table = "healthflow-terraform-locks"
