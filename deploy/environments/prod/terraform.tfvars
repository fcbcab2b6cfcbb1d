# prod: private everywhere, redundant (standby replicas, a NAT per AZ, two API tasks), protected
# from deletion. Fill in the certificate and the alarm address.
environment     = "prod"
region          = "us-east-1"
certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/REPLACE-WITH-YOUR-PROD-CERTIFICATE"

availability_zone_count    = 3
nat_gateway_mode           = "per_az"
enable_interface_endpoints = true
opensearch_private         = true

opensearch_standby_replicas = true
deletion_protection         = true
force_destroy_buckets       = false

worker_cpu              = 2048
worker_memory           = 4096
worker_min_tasks        = 0
worker_max_tasks        = 20
worker_concurrency      = 8
worker_backlog_per_task = 40
api_cpu                 = 512
api_memory              = 1024
api_min_tasks           = 2
api_max_tasks           = 8

log_level          = "info"
log_retention_days = 90
alarm_email        = "REPLACE-ME@example.com"

expected_documents_per_month         = 100000
expected_worker_task_hours_per_month = 720
