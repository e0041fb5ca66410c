# Traffic allowed, and nothing else:
#   internet -> ALB on 443 (and 80, which only redirects to 443)
#   ALB      -> service on the container port
#   service  -> database on 5432
#   service  -> internet on 443 via NAT (Secrets Manager, ECR, CloudWatch, SMS gateway)

resource "aws_security_group" "alb" {
  name        = "${local.name}-alb-sg"
  description = "HealthFlow ${var.environment} load balancer: HTTPS from the internet"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "HTTPS from the internet"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "HTTP from the internet (redirected to HTTPS)"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description = "To the service only"
    from_port   = var.container_port
    to_port     = var.container_port
    protocol    = "tcp"
    cidr_blocks = [var.vpc_cidr]
  }

  tags = { Name = "${local.name}-alb-sg" }
}

resource "aws_security_group" "service" {
  name        = "${local.name}-service-sg"
  description = "HealthFlow ${var.environment} ECS service: only the ALB may connect"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "Service port from the ALB only"
    from_port       = var.container_port
    to_port         = var.container_port
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }

  egress {
    description = "HTTPS out (ECR, Secrets Manager, CloudWatch Logs, SMS gateway)"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description = "PostgreSQL inside the VPC"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = [var.vpc_cidr]
  }

  tags = { Name = "${local.name}-service-sg" }
}

resource "aws_security_group" "db" {
  name        = "${local.name}-db-sg"
  description = "HealthFlow ${var.environment} database: only the service may connect"
  vpc_id      = aws_vpc.main.id

  ingress {
    description     = "PostgreSQL from the service only"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.service.id]
  }

  tags = { Name = "${local.name}-db-sg" }
}
