environment        = "staging"
aws_region         = "us-east-1"
vpc_cidr           = "10.41.0.0/16"
single_nat_gateway = true
api_domain_name    = "staging-api.healthflow.gov.eg"

task_cpu      = 512
task_memory   = 1024
desired_count = 2
max_count     = 3
log_level     = "debug"

db_instance_class        = "db.t4g.medium"
db_allocated_storage     = 20
db_max_allocated_storage = 100
db_multi_az              = false
db_backup_retention_days = 7
db_log_min_duration_ms   = 250
log_retention_days       = 30
