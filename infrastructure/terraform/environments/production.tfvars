environment        = "production"
aws_region         = "us-east-1"
vpc_cidr           = "10.40.0.0/16"
single_nat_gateway = false
api_domain_name    = "api.healthflow.gov.eg"

task_cpu      = 1024
task_memory   = 2048
desired_count = 3
max_count     = 10
log_level     = "info"

db_instance_class        = "db.r6g.large"
db_allocated_storage     = 100
db_max_allocated_storage = 1000
db_multi_az              = true
db_backup_retention_days = 35
db_log_min_duration_ms   = 500
log_retention_days       = 365
