# ECR repositories, the ECS cluster, one task definition and service per service (ARM64 Fargate,
# read-only root filesystem, non-root user), and the worker's and api's auto scaling.

locals {
  services = toset(["worker", "api"])

  # The container user of Dockerfile.worker / Dockerfile.api (the node user of the Node image).
  container_user = "1000:1000"

  common_environment = merge(var.extra_environment, {
    NODE_ENV                    = "production"
    DOCWORKER_ADAPTERS          = "aws"
    AWS_REGION                  = local.region
    LOG_LEVEL                   = var.log_level
    RAW_BUCKET                  = aws_s3_bucket.raw.id
    PROCESSED_BUCKET            = aws_s3_bucket.processed.id
    METADATA_TABLE              = aws_dynamodb_table.metadata.name
    S3_KMS_KEY_ID               = aws_kms_key.data.arn
    OPENSEARCH_URL              = aws_opensearchserverless_collection.chunks.collection_endpoint
    OPENSEARCH_INDEX            = var.opensearch_index
    OPENSEARCH_SERVERLESS       = "true"
    BEDROCK_REGION              = local.region
    BEDROCK_EMBEDDING_MODEL_ID  = var.bedrock_embedding_model_id
    BEDROCK_EMBEDDING_DIMENSION = tostring(var.bedrock_embedding_dimension)
    BEDROCK_EXTRACTION_MODEL_ID = var.bedrock_extraction_model_id
  })

  # Only the variable turns reranking on (it overrides extra_environment), so the API's task role
  # holds the Rerank grant (iam.tf) whenever its code calls Rerank.
  api_rerank_environment = var.bedrock_rerank_model_id == "" ? { RERANKER = "none" } : {
    RERANKER                = "bedrock"
    BEDROCK_RERANK_MODEL_ID = var.bedrock_rerank_model_id
  }

  # Empty: the extraction model classifies (the worker's default), already granted.
  worker_classification_environment = var.bedrock_classification_model_id == "" ? {} : {
    BEDROCK_CLASSIFICATION_MODEL_ID = var.bedrock_classification_model_id
  }

  # ECS waits this long after SIGTERM before SIGKILL. The worker's grace (finish in-flight
  # documents) ends earlier, leaving time to hand unfinished messages back and exit.
  worker_stop_timeout_seconds   = 120
  worker_shutdown_grace_seconds = local.worker_stop_timeout_seconds - 15

  service_environment = {
    worker = merge(local.common_environment, {
      INGEST_QUEUE_URL              = aws_sqs_queue.ingest.url
      DLQ_URL                       = aws_sqs_queue.dlq.url
      WORKER_CONCURRENCY            = tostring(var.worker_concurrency)
      WORKER_MAX_ATTEMPTS           = tostring(var.worker_max_attempts)
      WORKER_SHUTDOWN_GRACE_SECONDS = tostring(local.worker_shutdown_grace_seconds)
    }, local.worker_classification_environment)
    api = merge(local.common_environment, {
      INGEST_QUEUE_URL       = aws_sqs_queue.ingest.url
      PORT                   = tostring(local.api_port)
      HOST                   = "0.0.0.0"
      COGNITO_USER_POOL_ID   = aws_cognito_user_pool.this.id
      COGNITO_CLIENT_ID      = aws_cognito_user_pool_client.cli.id
      TENANT_CLAIM           = var.tenant_claim
      UPLOAD_URL_TTL_SECONDS = tostring(var.upload_url_ttl_seconds)
      # Only the API creates PENDING records; the worker's default is never used to write one.
      PENDING_UPLOAD_TTL_SECONDS = tostring(var.pending_upload_ttl_seconds)
    }, local.api_rerank_environment)
  }

  # Per-service parts of the container definition (an object: the two have different shapes).
  container_extra = {
    # ECS waits this long after SIGTERM: the worker stops polling, finishes or releases its messages.
    worker = { stopTimeout = local.worker_stop_timeout_seconds }
    api = {
      portMappings = [{ containerPort = local.api_port, protocol = "tcp" }]
      healthCheck = {
        command     = ["CMD", "node", "-e", "fetch('http://127.0.0.1:${local.api_port}/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
        interval    = 30
        timeout     = 5
        retries     = 3
        startPeriod = 20
      }
    }
  }

  service_cpu    = { worker = var.worker_cpu, api = var.api_cpu }
  service_memory = { worker = var.worker_memory, api = var.api_memory }
  task_role_arns = { worker = aws_iam_role.worker_task.arn, api = aws_iam_role.api_task.arn }
}

resource "aws_ecr_repository" "service" {
  for_each = local.services

  name                 = "${local.name}-${each.key}"
  image_tag_mutability = "IMMUTABLE"
  force_delete         = var.force_destroy_buckets

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.data.arn
  }
}

resource "aws_ecr_lifecycle_policy" "service" {
  for_each   = local.services
  repository = aws_ecr_repository.service[each.key].name

  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "keep the last 30 images"
      selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 30 }
      action       = { type = "expire" }
    }]
  })
}

resource "aws_cloudwatch_log_group" "service" {
  for_each = local.services

  name              = "/${var.project}/${var.environment}/${each.key}"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.logs.arn
}

resource "aws_ecs_cluster" "this" {
  name = local.name

  # RunningTaskCount for the worker's backlog-per-task metric comes from Container Insights.
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_ecs_task_definition" "service" {
  for_each = local.services

  family                   = "${local.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = local.service_cpu[each.key]
  memory                   = local.service_memory[each.key]
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = local.task_role_arns[each.key]

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "ARM64"
  }

  # The only writable path of the read-only root filesystem.
  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([
    merge(
      {
        name                   = each.key
        image                  = "${aws_ecr_repository.service[each.key].repository_url}:${var.image_tag}"
        essential              = true
        user                   = local.container_user
        readonlyRootFilesystem = true
        privileged             = false
        linuxParameters        = { initProcessEnabled = true, capabilities = { drop = ["ALL"] } }
        mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
        environment            = [for k, v in local.service_environment[each.key] : { name = k, value = v }]
        secrets                = [for k, v in var.task_secrets : { name = k, valueFrom = v }]
        logConfiguration = {
          logDriver = "awslogs"
          options = {
            "awslogs-group"         = aws_cloudwatch_log_group.service[each.key].name
            "awslogs-region"        = local.region
            "awslogs-stream-prefix" = each.key
          }
        }
      },
      local.container_extra[each.key],
    )
  ])
}

resource "aws_security_group" "worker" {
  name_prefix = "${local.name}-worker-"
  description = "docworker worker tasks: no inbound; outbound HTTPS to AWS APIs"
  vpc_id      = local.vpc_id

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_egress_rule" "worker_https" {
  security_group_id = aws_security_group.worker.id
  description       = "HTTPS to AWS APIs (endpoints, or NAT where none)"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_ecs_service" "worker" {
  name                   = "${local.name}-worker"
  cluster                = aws_ecs_cluster.this.id
  task_definition        = aws_ecs_task_definition.service["worker"].arn
  launch_type            = "FARGATE"
  platform_version       = "LATEST"
  desired_count          = var.worker_min_tasks
  propagate_tags         = "SERVICE"
  enable_execute_command = false

  network_configuration {
    subnets          = local.private_subnet_ids
    security_groups  = [aws_security_group.worker.id]
    assign_public_ip = false
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # Auto scaling owns the task count after creation.
  lifecycle {
    ignore_changes = [desired_count]
  }
}

resource "aws_ecs_service" "api" {
  name                   = "${local.name}-api"
  cluster                = aws_ecs_cluster.this.id
  task_definition        = aws_ecs_task_definition.service["api"].arn
  launch_type            = "FARGATE"
  platform_version       = "LATEST"
  desired_count          = var.api_min_tasks
  propagate_tags         = "SERVICE"
  enable_execute_command = false

  health_check_grace_period_seconds = 30

  network_configuration {
    subnets          = local.private_subnet_ids
    security_groups  = [aws_security_group.api_tasks.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
    container_name   = "api"
    container_port   = local.api_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    ignore_changes = [desired_count]
  }

  depends_on = [aws_lb_listener.https]
}
