output "api_url" {
  description = "Public base URL (health, version, API, portals)."
  value       = "https://${var.api_domain_name}"
}

output "alb_name" {
  value = aws_lb.main.name
}

output "alb_dns_name" {
  value = aws_lb.main.dns_name
}

output "cluster_name" {
  value = aws_ecs_cluster.main.name
}

output "service_name" {
  value = aws_ecs_service.app.name
}

output "task_definition_family" {
  value = aws_ecs_task_definition.app.family
}

output "db_instance_identifier" {
  value = aws_db_instance.main.identifier
}

output "db_endpoint" {
  value = aws_db_instance.main.address
}

output "log_group_name" {
  value = aws_cloudwatch_log_group.app.name
}

output "ecr_repository_url" {
  value = aws_ecr_repository.app.repository_url
}

output "secret_arns" {
  description = "Secrets Manager ARNs given to the task."
  value       = local.task_secrets
}
