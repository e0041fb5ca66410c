variable "environment" {
  description = "Deployment environment: staging or production. Every name is healthflow-<environment>-<thing>."
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be \"staging\" or \"production\"."
  }
}

variable "aws_region" {
  description = "AWS region."
  type        = string
  default     = "us-east-1"
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC."
  type        = string
  default     = "10.40.0.0/16"
}

variable "az_count" {
  description = "Number of availability zones (public + private subnet in each)."
  type        = number
  default     = 2

  validation {
    condition     = var.az_count >= 2
    error_message = "At least two availability zones are required (ALB and Multi-AZ RDS)."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all private subnets (cheaper, staging) instead of one per AZ (production)."
  type        = bool
  default     = false
}

variable "hosted_zone_name" {
  description = "Route 53 public hosted zone that holds the API record."
  type        = string
  default     = "healthflow.gov.eg"
}

variable "api_domain_name" {
  description = "Public name of the API and portals (api.healthflow.gov.eg, staging-api.healthflow.gov.eg)."
  type        = string
}

variable "container_port" {
  description = "Port the healthflow server listens on inside the task."
  type        = number
  default     = 8080
}

variable "image_tag" {
  description = "Image tag the task definition template starts from; deployments register new revisions with the commit tag."
  type        = string
  default     = "latest"
}

variable "task_cpu" {
  description = "Fargate task CPU units."
  type        = number
  default     = 1024
}

variable "task_memory" {
  description = "Fargate task memory (MiB)."
  type        = number
  default     = 2048
}

variable "desired_count" {
  description = "Number of running copies of the server."
  type        = number
  default     = 2
}

variable "max_count" {
  description = "Upper bound for CPU-based auto scaling."
  type        = number
  default     = 6
}

variable "log_level" {
  description = "LOG_LEVEL of the server."
  type        = string
  default     = "info"
}

variable "log_retention_days" {
  description = "Retention of /aws/ecs/healthflow-<env>."
  type        = number
  default     = 90
}

variable "mfa_required_roles" {
  description = "MFA_REQUIRED_ROLES of the server."
  type        = string
  default     = "admin,doctor"
}

variable "sms_gateway_url" {
  description = "SMS_GATEWAY_URL of the server (the key is in Secrets Manager)."
  type        = string
  default     = ""
}

variable "drain_timeout_seconds" {
  description = "DRAIN_TIMEOUT_SECONDS: how long SIGTERM waits for in-flight requests."
  type        = number
  default     = 10
}

variable "db_pool_size" {
  description = "DB_POOL_SIZE: database connections per task (tasks x pool must stay under the instance's max_connections)."
  type        = number
  default     = 16
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.medium"
}

variable "db_allocated_storage" {
  description = "Initial RDS storage (GiB)."
  type        = number
  default     = 50
}

variable "db_max_allocated_storage" {
  description = "Storage autoscaling ceiling (GiB)."
  type        = number
  default     = 500
}

variable "db_multi_az" {
  description = "Run RDS Multi-AZ (true in production)."
  type        = bool
  default     = true
}

variable "db_backup_retention_days" {
  description = "Automated backup retention (days)."
  type        = number
  default     = 30

  validation {
    condition     = var.db_backup_retention_days >= 7
    error_message = "Keep automated backups for at least 7 days."
  }
}

variable "db_log_min_duration_ms" {
  description = "log_min_duration_statement: statements slower than this many milliseconds are logged."
  type        = number
  default     = 500
}

variable "db_name" {
  description = "Database name."
  type        = string
  default     = "healthflow"
}

variable "db_username" {
  description = "Master user of the database."
  type        = string
  default     = "healthflow"
}

variable "enable_cloudwatch_agent" {
  description = "Run the CloudWatch agent sidecar that puts the server's /metrics into CloudWatch (namespace HealthFlow)."
  type        = bool
  default     = true
}

variable "cloudwatch_agent_image" {
  description = "Image of the CloudWatch agent sidecar."
  type        = string
  default     = "public.ecr.aws/cloudwatch-agent/cloudwatch-agent:latest"
}
