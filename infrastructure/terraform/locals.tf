locals {
  # Naming scheme, used everywhere and in docs/deployment/DEPLOYMENT_RUNBOOK.md:
  #   healthflow-<env>-db, healthflow-<env>-cluster, healthflow-<env>-alb,
  #   service healthflow-backend-service, log group /aws/ecs/healthflow-<env>.
  name           = "healthflow-${var.environment}"
  db_identifier  = "${local.name}-db"
  cluster_name   = "${local.name}-cluster"
  alb_name       = "${local.name}-alb"
  service_name   = "healthflow-backend-service"
  task_family    = "${local.name}-backend"
  container_name = "healthflow"
  log_group_name = "/aws/ecs/${local.name}"
  secret_prefix  = "healthflow/${var.environment}"

  azs = slice(data.aws_availability_zones.available.names, 0, var.az_count)

  tags = {
    Project     = "HealthFlow"
    Environment = var.environment
    ManagedBy   = "terraform"
  }
}

data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_caller_identity" "current" {}
