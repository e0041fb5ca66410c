# The five secrets the task receives as environment variables (valueFrom in the task definition):
#   DATABASE_URL              composed here from the RDS endpoint and generated password
#   JWT_SECRET                generated here
#   PRESCRIPTION_SIGNING_KEY  put by the operators (runbook 4.5), never in Terraform state
#   DATA_ENCRYPTION_KEY       put by the operators (runbook 4.5), never in Terraform state: it seals
#                             TOTP seeds, webhook secrets, national IDs and phones in the database
#   SMS_API_KEY               put by the operators (runbook 4.5), from the SMS provider

resource "aws_secretsmanager_secret" "database_url" {
  name                    = "${local.secret_prefix}/DATABASE_URL"
  description             = "HealthFlow ${var.environment} PostgreSQL connection string"
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret_version" "database_url" {
  secret_id     = aws_secretsmanager_secret.database_url.id
  secret_string = "postgresql://${var.db_username}:${random_password.db.result}@${aws_db_instance.main.address}:5432/${var.db_name}?sslmode=require"
}

resource "random_password" "jwt" {
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret" "jwt_secret" {
  name                    = "${local.secret_prefix}/JWT_SECRET"
  description             = "HealthFlow ${var.environment} JWT signing secret"
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret_version" "jwt_secret" {
  secret_id     = aws_secretsmanager_secret.jwt_secret.id
  secret_string = random_password.jwt.result
}

resource "aws_secretsmanager_secret" "prescription_signing_key" {
  name                    = "${local.secret_prefix}/PRESCRIPTION_SIGNING_KEY"
  description             = "HealthFlow ${var.environment} Ed25519 prescription signing key (value set by operators)"
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret" "data_encryption_key" {
  name                    = "${local.secret_prefix}/DATA_ENCRYPTION_KEY"
  description             = "HealthFlow ${var.environment} key sealing secrets and identities at rest (value set by operators)"
  recovery_window_in_days = 30
}

resource "aws_secretsmanager_secret" "sms_api_key" {
  name                    = "${local.secret_prefix}/SMS_API_KEY"
  description             = "HealthFlow ${var.environment} SMS gateway API key (value set by operators)"
  recovery_window_in_days = 30
}

locals {
  task_secrets = {
    DATABASE_URL             = aws_secretsmanager_secret.database_url.arn
    JWT_SECRET               = aws_secretsmanager_secret.jwt_secret.arn
    PRESCRIPTION_SIGNING_KEY = aws_secretsmanager_secret.prescription_signing_key.arn
    DATA_ENCRYPTION_KEY      = aws_secretsmanager_secret.data_encryption_key.arn
    SMS_API_KEY              = aws_secretsmanager_secret.sms_api_key.arn
  }
}
