# staging: production's shape at a smaller size (private OpenSearch, interface endpoints), with
# standby replicas off to halve the OpenSearch floor.
environment     = "staging"
region          = "us-east-1"
certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/REPLACE-WITH-YOUR-STAGING-CERTIFICATE"

nat_gateway_mode           = "single"
enable_interface_endpoints = true
opensearch_private         = true

opensearch_standby_replicas = false
deletion_protection         = false
force_destroy_buckets       = false

worker_cpu       = 1024
worker_memory    = 2048
worker_min_tasks = 0
worker_max_tasks = 4
api_cpu          = 512
api_memory       = 1024
api_min_tasks    = 1
api_max_tasks    = 2

log_level          = "info"
log_retention_days = 30
alarm_email        = null

expected_documents_per_month         = 10000
expected_worker_task_hours_per_month = 120
