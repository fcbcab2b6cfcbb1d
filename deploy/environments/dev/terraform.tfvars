# dev: smallest footprint. Created VPC with one NAT gateway and no interface endpoints; public
# (IAM-authenticated) OpenSearch access; no standby replicas; the worker idles at zero.
environment     = "dev"
region          = "us-east-1"
certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/REPLACE-WITH-YOUR-DEV-CERTIFICATE"

nat_gateway_mode           = "single"
enable_interface_endpoints = false
opensearch_private         = false

opensearch_standby_replicas = false
deletion_protection         = false
force_destroy_buckets       = true

worker_cpu       = 1024
worker_memory    = 2048
worker_min_tasks = 0
worker_max_tasks = 2
api_cpu          = 256
api_memory       = 512
api_min_tasks    = 1
api_max_tasks    = 2

log_level          = "debug"
log_retention_days = 14
alarm_email        = null

expected_documents_per_month         = 2000
expected_worker_task_hours_per_month = 30
