resource "aws_cloudwatch_log_group" "app" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
}

resource "aws_ecs_cluster" "main" {
  name = local.cluster_name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = ["FARGATE"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# Execution role: pulls the image, writes logs, reads the five secrets.
resource "aws_iam_role" "execution" {
  name               = "${local.name}-ecs-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "execution_secrets" {
  name = "read-healthflow-secrets"
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = values(local.task_secrets)
    }]
  })
}

# Task role: the server itself calls no AWS API.
resource "aws_iam_role" "task" {
  name               = "${local.name}-ecs-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

# CloudWatch agent sidecar: scrapes the server's /metrics into the CloudWatch namespace HealthFlow
# (dimension Environment; http_requests_total also by status_class), for the dashboard and alarms
# of docs/monitoring/.
locals {
  cloudwatch_agent_container = {
    name      = "cloudwatch-agent"
    image     = var.cloudwatch_agent_image
    essential = false
    environment = [
      {
        name = "CW_CONFIG_CONTENT"
        value = templatefile("${path.module}/monitoring/cloudwatch-agent.json.tftpl", {
          region    = var.aws_region
          log_group = local.log_group_name
        })
      },
      {
        name = "PROMETHEUS_CONFIG_CONTENT"
        value = templatefile("${path.module}/monitoring/prometheus.yaml.tftpl", {
          container_port = var.container_port
          environment    = var.environment
        })
      },
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = local.log_group_name
        awslogs-region        = var.aws_region
        awslogs-stream-prefix = "cloudwatch-agent"
      }
    }
  }
}

# The agent (task role) writes metrics and its EMF log group.
resource "aws_iam_role_policy_attachment" "task_cloudwatch_agent" {
  count      = var.enable_cloudwatch_agent ? 1 : 0
  role       = aws_iam_role.task.name
  policy_arn = "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"
}

resource "aws_ecs_task_definition" "app" {
  family                   = local.task_family
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_cpu
  memory                   = var.task_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode(concat([{
    name      = local.container_name
    image     = "${aws_ecr_repository.app.repository_url}:${var.image_tag}"
    essential = true
    command   = ["serve", "--host", "0.0.0.0", "--port", tostring(var.container_port)]

    portMappings = [{
      containerPort = var.container_port
      protocol      = "tcp"
    }]

    environment = [
      { name = "HOST", value = "0.0.0.0" },
      { name = "PORT", value = tostring(var.container_port) },
      { name = "LOG_LEVEL", value = var.log_level },
      { name = "MFA_REQUIRED_ROLES", value = var.mfa_required_roles },
      { name = "SMS_GATEWAY_URL", value = var.sms_gateway_url },
      { name = "DRAIN_TIMEOUT_SECONDS", value = tostring(var.drain_timeout_seconds) },
      # Behind the ALB: take the client address from X-Forwarded-For (rate limits, audit log).
      { name = "TRUST_PROXY", value = "1" },
      { name = "DB_POOL_SIZE", value = tostring(var.db_pool_size) },
    ]

    secrets = [for name, arn in local.task_secrets : { name = name, valueFrom = arn }]

    healthCheck = {
      command     = ["CMD-SHELL", "curl -fsS --max-time 4 http://127.0.0.1:${var.container_port}/health > /dev/null || exit 1"]
      interval    = 15
      timeout     = 5
      retries     = 3
      startPeriod = 60
    }

    # SIGTERM, then this long before SIGKILL: longer than the server's drain.
    stopTimeout = var.drain_timeout_seconds + 20

    user = "10001:10001"

    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.app.name
        awslogs-region        = var.aws_region
        awslogs-stream-prefix = "healthflow"
      }
    }
  }], var.enable_cloudwatch_agent ? [local.cloudwatch_agent_container] : []))
}

resource "aws_ecs_service" "app" {
  name                              = local.service_name
  cluster                           = aws_ecs_cluster.main.id
  task_definition                   = aws_ecs_task_definition.app.arn
  desired_count                     = var.desired_count
  launch_type                       = "FARGATE"
  platform_version                  = "LATEST"
  health_check_grace_period_seconds = 60
  enable_execute_command            = false
  propagate_tags                    = "SERVICE"

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.service.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.app.arn
    container_name   = local.container_name
    container_port   = var.container_port
  }

  # The deploy workflows register new task definition revisions (new image tag) and move the
  # service to them; Terraform owns the template, the pipeline owns which revision runs.
  lifecycle {
    ignore_changes = [task_definition, desired_count]
  }

  depends_on = [aws_lb_listener.https]
}

resource "aws_appautoscaling_target" "app" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.app.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.desired_count
  max_capacity       = var.max_count
}

resource "aws_appautoscaling_policy" "cpu" {
  name               = "${local.name}-cpu-target"
  service_namespace  = aws_appautoscaling_target.app.service_namespace
  resource_id        = aws_appautoscaling_target.app.resource_id
  scalable_dimension = aws_appautoscaling_target.app.scalable_dimension
  policy_type        = "TargetTrackingScaling"

  target_tracking_scaling_policy_configuration {
    target_value       = 60
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
