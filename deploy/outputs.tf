output "api_url" {
  description = "HTTPS URL of the API (point a DNS name covered by certificate_arn at alb_dns_name, then use that host)."
  value       = "https://${aws_lb.api.dns_name}"
}

output "alb_dns_name" {
  description = "DNS name of the API load balancer: create a CNAME/alias record for your API host pointing here."
  value       = aws_lb.api.dns_name
}

output "alb_zone_id" {
  description = "Hosted zone id of the load balancer, for a Route 53 alias record."
  value       = aws_lb.api.zone_id
}

output "raw_bucket" {
  description = "raw-input bucket (RAW_BUCKET): uploads land here and start processing."
  value       = aws_s3_bucket.raw.id
}

output "processed_bucket" {
  description = "processed-output bucket (PROCESSED_BUCKET): one JSON result per document version."
  value       = aws_s3_bucket.processed.id
}

output "metadata_table" {
  description = "DynamoDB table of document records (METADATA_TABLE)."
  value       = aws_dynamodb_table.metadata.name
}

output "ingest_queue_url" {
  description = "SQS ingest queue (INGEST_QUEUE_URL)."
  value       = aws_sqs_queue.ingest.url
}

output "dlq_url" {
  description = "Dead-letter queue (DLQ_URL): see docs/operations.md for redriving."
  value       = aws_sqs_queue.dlq.url
}

output "opensearch_endpoint" {
  description = "OpenSearch Serverless collection endpoint (OPENSEARCH_URL)."
  value       = aws_opensearchserverless_collection.chunks.collection_endpoint
}

output "data_kms_key_arn" {
  description = "KMS key of documents, records, queues and index (S3_KMS_KEY_ID)."
  value       = aws_kms_key.data.arn
}

output "ecr_repository_urls" {
  description = "ECR repository URL per service: `make package` pushes worker and api images here."
  value       = { for name, repo in aws_ecr_repository.service : name => repo.repository_url }
}

output "ecs_cluster_name" {
  description = "ECS cluster of the worker and api services."
  value       = aws_ecs_cluster.this.name
}

output "ecs_service_names" {
  description = "ECS service names, for `aws ecs update-service --force-new-deployment`."
  value       = { worker = aws_ecs_service.worker.name, api = aws_ecs_service.api.name }
}

output "cognito_user_pool_id" {
  description = "Cognito user pool (COGNITO_USER_POOL_ID); its issuer is https://cognito-idp.<region>.amazonaws.com/<id>."
  value       = aws_cognito_user_pool.this.id
}

output "cognito_client_id" {
  description = "Cognito app client of the CLI (COGNITO_CLIENT_ID), the audience of the ID tokens the API accepts."
  value       = aws_cognito_user_pool_client.cli.id
}

output "alarm_topic_arn" {
  description = "SNS topic every alarm publishes to; subscribe more endpoints as needed."
  value       = aws_sns_topic.alarms.arn
}

output "dashboard_url" {
  description = "CloudWatch dashboard of the pipeline."
  value       = "https://${local.region}.console.aws.amazon.com/cloudwatch/home?region=${local.region}#dashboards/dashboard/${aws_cloudwatch_dashboard.pipeline.dashboard_name}"
}

output "cost_estimate_inputs" {
  description = "Usage assumptions of this environment that `make cost-estimate` prices (documents and worker task-hours per month)."
  value = {
    documents_per_month         = var.expected_documents_per_month
    worker_task_hours_per_month = var.expected_worker_task_hours_per_month
  }
}
