# ---------------------------------------------------------------------------------------------
# Identity
# ---------------------------------------------------------------------------------------------

variable "project" {
  description = "Prefix of every resource name."
  type        = string
  default     = "docworker"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.project))
    error_message = "project must be 2-21 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "environment" {
  description = "Environment name (dev, staging, prod, or any other short name for ENV=custom deployments)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,11}$", var.environment))
    error_message = "environment must be 2-12 lowercase letters, digits or '-', starting with a letter."
  }
}

variable "region" {
  description = "AWS region to deploy into. Bedrock must offer the configured models there (or via an inference profile)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must look like us-east-1."
  }
}

variable "tags" {
  description = "Extra tags on every resource (Project, Environment and ManagedBy are always set)."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------

variable "vpc_id" {
  description = "An existing VPC to deploy into. null: create a VPC with public and private subnets."
  type        = string
  default     = null
}

variable "private_subnet_ids" {
  description = "Private subnets (one per AZ) of the existing VPC for the tasks and interface endpoints. Used only with vpc_id."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.private_subnet_ids) == 0 || length(var.private_subnet_ids) >= 2
    error_message = "give at least two private subnets (in different AZs), or none when the VPC is created."
  }
}

variable "public_subnet_ids" {
  description = "Public subnets of the existing VPC for the load balancer. Used only with vpc_id."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.public_subnet_ids) == 0 || length(var.public_subnet_ids) >= 2
    error_message = "an ALB needs at least two public subnets in different AZs."
  }
}

variable "private_route_table_ids" {
  description = "Route tables of the existing private subnets, for the S3 and DynamoDB gateway endpoints. Used only with vpc_id."
  type        = list(string)
  default     = []
}

variable "vpc_cidr" {
  description = "CIDR of the VPC created when vpc_id is null."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr)) && can(regex("/(1[6-9]|20)$", var.vpc_cidr))
    error_message = "vpc_cidr must be an IPv4 CIDR from /16 to /20."
  }
}

variable "availability_zone_count" {
  description = "How many AZs the created VPC spans (subnets, NAT gateways, interface endpoints)."
  type        = number
  default     = 2

  validation {
    condition     = var.availability_zone_count >= 2 && var.availability_zone_count <= 3
    error_message = "availability_zone_count must be 2 or 3."
  }
}

variable "nat_gateway_mode" {
  description = "Outbound internet for private subnets of the created VPC: none (endpoints only), single (one NAT, cheap), per_az (one per AZ, resilient)."
  type        = string
  default     = "single"

  validation {
    condition     = contains(["none", "single", "per_az"], var.nat_gateway_mode)
    error_message = "nat_gateway_mode must be none, single or per_az."
  }
}

variable "enable_interface_endpoints" {
  description = "Create interface VPC endpoints (SQS, Bedrock runtime, ECR, CloudWatch Logs, KMS, OpenSearch Serverless) so task traffic stays in the VPC. About 7.3 USD per endpoint per AZ per month."
  type        = bool
  default     = true
}

# ---------------------------------------------------------------------------------------------
# Storage
# ---------------------------------------------------------------------------------------------

variable "raw_noncurrent_version_days" {
  description = "Days a replaced or deleted raw-input object version is kept before it expires."
  type        = number
  default     = 30

  validation {
    condition     = var.raw_noncurrent_version_days >= 1
    error_message = "raw_noncurrent_version_days must be at least 1."
  }
}

variable "raw_transition_to_ia_days" {
  description = "Days after which current raw-input objects move to S3 Standard-IA (0: never)."
  type        = number
  default     = 0

  validation {
    condition     = var.raw_transition_to_ia_days == 0 || var.raw_transition_to_ia_days >= 30
    error_message = "S3 Standard-IA needs at least 30 days (or 0 to disable)."
  }
}

variable "processed_noncurrent_version_days" {
  description = "Days a replaced processed-output version is kept."
  type        = number
  default     = 7

  validation {
    condition     = var.processed_noncurrent_version_days >= 1
    error_message = "processed_noncurrent_version_days must be at least 1."
  }
}

variable "log_bucket_retention_days" {
  description = "Days ALB and S3 access logs are kept."
  type        = number
  default     = 90

  validation {
    condition     = var.log_bucket_retention_days >= 1
    error_message = "log_bucket_retention_days must be at least 1."
  }
}

variable "deletion_protection" {
  description = "Protect the DynamoDB table, Cognito user pool and ALB from deletion (turn off only for throwaway environments)."
  type        = bool
  default     = true
}

variable "force_destroy_buckets" {
  description = "Let `destroy` delete non-empty buckets. Only for throwaway environments."
  type        = bool
  default     = false
}

# ---------------------------------------------------------------------------------------------
# Queue
# ---------------------------------------------------------------------------------------------

variable "queue_visibility_timeout_seconds" {
  description = "Ingest queue visibility timeout. The worker extends it between stages once 10 s have passed since the last extension; this only has to cover the longest single stage plus those 10 s."
  type        = number
  default     = 300

  validation {
    condition     = var.queue_visibility_timeout_seconds >= 30 && var.queue_visibility_timeout_seconds <= 43200
    error_message = "queue_visibility_timeout_seconds must be from 30 to 43200."
  }
}

variable "queue_max_receive_count" {
  description = "Receives before SQS moves a message to the DLQ. Keep it above worker_max_attempts so the worker records RETRIES_EXHAUSTED first."
  type        = number
  default     = 10

  validation {
    condition     = var.queue_max_receive_count >= 2 && var.queue_max_receive_count <= 1000
    error_message = "queue_max_receive_count must be from 2 to 1000."
  }
}

# ---------------------------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------------------------

variable "opensearch_standby_replicas" {
  description = "OpenSearch Serverless standby replicas (redundancy across AZs). Off halves the OCU floor; keep on in prod."
  type        = bool
  default     = true
}

variable "opensearch_private" {
  description = "Reach the collection only through an OpenSearch Serverless VPC endpoint (no public access)."
  type        = bool
  default     = true
}

variable "opensearch_index" {
  description = "Name of the chunk index in the collection (OPENSEARCH_INDEX)."
  type        = string
  default     = "docworker-chunks"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._-]*$", var.opensearch_index))
    error_message = "opensearch_index must be lowercase letters, digits, '.', '_' or '-'."
  }
}

variable "opensearch_admin_principal_arns" {
  description = "IAM principals (operators, CI) granted full data access to the collection, e.g. for reindexing."
  type        = list(string)
  default     = []
}

# ---------------------------------------------------------------------------------------------
# Bedrock
# ---------------------------------------------------------------------------------------------

variable "bedrock_extraction_model_id" {
  description = "Converse model (or cross-region inference profile, us./eu./apac./global. prefix) that supports forced tool use."
  type        = string
  default     = "us.anthropic.claude-haiku-4-5-20251001-v1:0"

  validation {
    condition     = length(var.bedrock_extraction_model_id) > 0
    error_message = "bedrock_extraction_model_id must not be empty."
  }
}

variable "bedrock_embedding_model_id" {
  description = "Titan Text Embeddings V2 model id (or an inference profile for it)."
  type        = string
  default     = "amazon.titan-embed-text-v2:0"

  validation {
    condition     = length(var.bedrock_embedding_model_id) > 0
    error_message = "bedrock_embedding_model_id must not be empty."
  }
}

variable "bedrock_previous_embedding_model_id" {
  description = "The Bedrock embedding model the documents were embedded with before bedrock_embedding_model_id changed; while set, both task roles may invoke it too, as re-embedding calls both. Empty (the default) once the re-embedding job is done."
  type        = string
  default     = ""

  validation {
    condition     = var.bedrock_previous_embedding_model_id == "" || can(regex("^[a-z0-9][a-z0-9.:-]{2,199}$", var.bedrock_previous_embedding_model_id))
    error_message = "bedrock_previous_embedding_model_id must be empty or a Bedrock model id (or inference profile id) such as amazon.titan-embed-text-v1."
  }

  validation {
    condition     = var.bedrock_previous_embedding_model_id != var.bedrock_embedding_model_id
    error_message = "bedrock_previous_embedding_model_id must differ from bedrock_embedding_model_id (leave it empty when nothing changed)."
  }
}

variable "bedrock_classification_model_id" {
  description = "Converse model (or cross-region inference profile) that classifies documents (BEDROCK_CLASSIFICATION_MODEL_ID); while set, the worker may invoke it too. Empty (the default): the extraction model classifies."
  type        = string
  default     = ""

  validation {
    condition     = var.bedrock_classification_model_id == "" || can(regex("^[a-z0-9][a-z0-9.:-]{2,199}$", var.bedrock_classification_model_id))
    error_message = "bedrock_classification_model_id must be empty or a Bedrock model id (or inference profile id) such as us.amazon.nova-lite-v1:0."
  }
}

variable "bedrock_rerank_model_id" {
  description = "Bedrock Rerank model that reorders the first RERANK_DEPTH results of every search (RERANKER=bedrock, BEDROCK_RERANK_MODEL_ID): amazon.rerank-v1:0 or cohere.rerank-v3-5:0. While set, the API task role may call Rerank and invoke that model. Empty (the default): no reranking, which the Rerank API bills per query."
  type        = string
  default     = ""

  # Rerank takes a foundation model in the calling region: no inference profiles (no us./eu. prefix).
  validation {
    condition     = var.bedrock_rerank_model_id == "" || can(regex("^(amazon|cohere)\\.rerank-[a-z0-9.:-]+$", var.bedrock_rerank_model_id))
    error_message = "bedrock_rerank_model_id must be empty or a Bedrock rerank model id: amazon.rerank-v1:0 or cohere.rerank-v3-5:0."
  }
}

variable "bedrock_embedding_dimension" {
  description = "Embedding vector size (256, 512 or 1024). Changing it needs a reindex into a new index."
  type        = number
  default     = 1024

  validation {
    condition     = contains([256, 512, 1024], var.bedrock_embedding_dimension)
    error_message = "bedrock_embedding_dimension must be 256, 512 or 1024."
  }
}

# ---------------------------------------------------------------------------------------------
# Compute
# ---------------------------------------------------------------------------------------------

variable "image_tag" {
  description = "Tag of the worker and api images in ECR (`make package` pushes the git commit as the tag)."
  type        = string
  default     = "latest"

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag))
    error_message = "image_tag must be a valid OCI tag."
  }
}

variable "worker_cpu" {
  description = "Worker task CPU units (1024 = 1 vCPU)."
  type        = number
  default     = 1024

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.worker_cpu)
    error_message = "worker_cpu must be a Fargate CPU size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "worker_memory" {
  description = "Worker task memory in MiB (must be a valid Fargate pairing with worker_cpu)."
  type        = number
  default     = 2048

  validation {
    condition     = var.worker_memory >= 512 && var.worker_memory <= 122880
    error_message = "worker_memory must be from 512 to 122880 MiB."
  }
}

variable "worker_min_tasks" {
  description = "Fewest worker tasks. 0 lets the worker idle at zero when the queue is empty (a step policy starts the first task)."
  type        = number
  default     = 0

  validation {
    condition     = var.worker_min_tasks >= 0
    error_message = "worker_min_tasks must not be negative."
  }
}

variable "worker_max_tasks" {
  description = "Most worker tasks (bounds Bedrock and OpenSearch load as well as cost)."
  type        = number
  default     = 10

  validation {
    condition     = var.worker_max_tasks >= 1 && var.worker_max_tasks <= 1000
    error_message = "worker_max_tasks must be from 1 to 1000."
  }
}

variable "worker_backlog_per_task" {
  description = "Target visible messages per running worker task (target tracking on backlog per task)."
  type        = number
  default     = 20

  validation {
    condition     = var.worker_backlog_per_task >= 1
    error_message = "worker_backlog_per_task must be at least 1."
  }
}

variable "worker_concurrency" {
  description = "Documents one worker task processes at once (WORKER_CONCURRENCY)."
  type        = number
  default     = 4

  validation {
    condition     = var.worker_concurrency >= 1 && var.worker_concurrency <= 64
    error_message = "worker_concurrency must be from 1 to 64."
  }
}

variable "worker_max_attempts" {
  description = "Transient failures before a document ends FAILED/RETRIES_EXHAUSTED (WORKER_MAX_ATTEMPTS)."
  type        = number
  default     = 5

  validation {
    condition     = var.worker_max_attempts >= 1 && var.worker_max_attempts <= 50
    error_message = "worker_max_attempts must be from 1 to 50."
  }
}

variable "api_cpu" {
  description = "API task CPU units (1024 = 1 vCPU)."
  type        = number
  default     = 512

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.api_cpu)
    error_message = "api_cpu must be 256, 512, 1024, 2048 or 4096."
  }
}

variable "api_memory" {
  description = "API task memory in MiB (must be a valid Fargate pairing with api_cpu)."
  type        = number
  default     = 1024

  validation {
    condition     = var.api_memory >= 512 && var.api_memory <= 30720
    error_message = "api_memory must be from 512 to 30720 MiB."
  }
}

variable "api_min_tasks" {
  description = "Fewest API tasks (2+ spreads across AZs)."
  type        = number
  default     = 1

  validation {
    condition     = var.api_min_tasks >= 1
    error_message = "api_min_tasks must be at least 1: the API does not scale from zero."
  }
}

variable "api_max_tasks" {
  description = "Most API tasks."
  type        = number
  default     = 4

  validation {
    condition     = var.api_max_tasks >= 1 && var.api_max_tasks <= 100
    error_message = "api_max_tasks must be from 1 to 100."
  }
}

variable "api_requests_per_target" {
  description = "Target ALB requests per API task per minute (target tracking)."
  type        = number
  default     = 600

  validation {
    condition     = var.api_requests_per_target >= 10
    error_message = "api_requests_per_target must be at least 10."
  }
}

variable "log_level" {
  description = "pino log level of both services (LOG_LEVEL)."
  type        = string
  default     = "info"

  validation {
    condition     = contains(["fatal", "error", "warn", "info", "debug", "trace"], var.log_level)
    error_message = "log_level must be a pino level."
  }
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention of the service and WAF log groups (days)."
  type        = number
  default     = 365

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value."
  }
}

variable "task_secrets" {
  description = "Extra environment variables of both services taken from SSM Parameter Store or Secrets Manager at task start: name => parameter/secret ARN."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for arn in values(var.task_secrets) : can(regex("^arn:aws[a-z-]*:(ssm|secretsmanager):", arn))])
    error_message = "task_secrets values must be SSM parameter or Secrets Manager ARNs."
  }
}

variable "task_secrets_kms_key_arns" {
  description = "Customer managed KMS keys that encrypt the task_secrets (the execution role may decrypt with them)."
  type        = list(string)
  default     = []
}

variable "extra_environment" {
  description = "Extra plain environment variables for both services (e.g. CHUNK_TARGET_TOKENS, PRICE_*_PER_1K_TOKENS, RERANK_DEPTH). Not the Bedrock model ids nor RERANKER: their variables also grant the task roles what they call."
  type        = map(string)
  default     = {}

  # A model set here would be called without a grant: AccessDenied on every document or search.
  validation {
    condition     = length(setintersection(keys(var.extra_environment), ["RERANKER", "BEDROCK_RERANK_MODEL_ID", "BEDROCK_CLASSIFICATION_MODEL_ID", "BEDROCK_EXTRACTION_MODEL_ID", "BEDROCK_EMBEDDING_MODEL_ID"])) == 0
    error_message = "extra_environment must not set RERANKER or a BEDROCK_*_MODEL_ID: use bedrock_rerank_model_id, bedrock_classification_model_id, bedrock_extraction_model_id or bedrock_embedding_model_id, which also grant the task roles the model."
  }
}

# ---------------------------------------------------------------------------------------------
# API edge and auth
# ---------------------------------------------------------------------------------------------

variable "certificate_arn" {
  description = "ACM certificate (same region) for the ALB's HTTPS listener, covering the API's host name."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
  }
}

variable "alb_ingress_cidrs" {
  description = "IPv4 CIDRs allowed to reach the load balancer on 80/443."
  type        = list(string)
  default     = ["0.0.0.0/0"]

  validation {
    condition     = alltrue([for c in var.alb_ingress_cidrs : can(cidrnetmask(c))])
    error_message = "alb_ingress_cidrs must be IPv4 CIDRs."
  }
}

variable "alb_tls_policy" {
  description = "ELB security policy of the HTTPS listener."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  validation {
    condition     = startswith(var.alb_tls_policy, "ELBSecurityPolicy-TLS13")
    error_message = "use a TLS 1.3 capable ELBSecurityPolicy-TLS13-* policy."
  }
}

variable "tenant_claim" {
  description = "ID-token claim that carries the tenant (TENANT_CLAIM). The user pool defines custom:tenant."
  type        = string
  default     = "custom:tenant"
}

variable "upload_url_ttl_seconds" {
  description = "Lifetime of a pre-signed upload URL (UPLOAD_URL_TTL_SECONDS). Capped by the task role session too."
  type        = number
  default     = 900

  validation {
    condition     = var.upload_url_ttl_seconds >= 60 && var.upload_url_ttl_seconds <= 3600
    error_message = "upload_url_ttl_seconds must be from 60 to 3600."
  }
}

variable "pending_upload_ttl_seconds" {
  description = "A document announced by POST /documents whose upload never came expires after this (PENDING_UPLOAD_TTL_SECONDS)."
  type        = number
  default     = 86400

  validation {
    condition     = var.pending_upload_ttl_seconds >= 3600 && var.pending_upload_ttl_seconds <= 2592000
    error_message = "pending_upload_ttl_seconds must be from 3600 (one hour, longer than any upload URL) to 2592000 (30 days)."
  }
}

variable "web_ui_origins" {
  description = "Origins of the web UI (the API's https://host, as users open it). The raw bucket allows browser PUTs of pre-signed uploads from these only; empty: no browser uploads."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for o in var.web_ui_origins : can(regex("^https://[a-z0-9.-]+(:[0-9]+)?$", o))])
    error_message = "web_ui_origins must be https:// origins without a path, e.g. https://docworker.example.com."
  }
}

# ---------------------------------------------------------------------------------------------
# Monitoring
# ---------------------------------------------------------------------------------------------

variable "alarm_email" {
  description = "Address subscribed to the alarm topic (confirm the e-mail AWS sends). null: no subscription."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address or null."
  }
}

variable "alarm_oldest_message_seconds" {
  description = "Alarm when the oldest ingest message is older than this (the pipeline is falling behind)."
  type        = number
  default     = 900

  validation {
    condition     = var.alarm_oldest_message_seconds >= 60
    error_message = "alarm_oldest_message_seconds must be at least 60."
  }
}

variable "alarm_api_5xx_percent" {
  description = "Alarm when 5xx responses exceed this share of API requests (percent, 5-minute windows)."
  type        = number
  default     = 2

  validation {
    condition     = var.alarm_api_5xx_percent > 0 && var.alarm_api_5xx_percent <= 100
    error_message = "alarm_api_5xx_percent must be in (0, 100]."
  }
}

variable "alarm_api_p95_seconds" {
  description = "Alarm when the API's p95 target response time exceeds this many seconds."
  type        = number
  default     = 2

  validation {
    condition     = var.alarm_api_p95_seconds > 0
    error_message = "alarm_api_p95_seconds must be positive."
  }
}

variable "alarm_bedrock_throttles" {
  description = "Alarm when Bedrock throttles more than this many invocations in 5 minutes (some throttling is normal and retried)."
  type        = number
  default     = 50

  validation {
    condition     = var.alarm_bedrock_throttles >= 0
    error_message = "alarm_bedrock_throttles must not be negative."
  }
}

# ---------------------------------------------------------------------------------------------
# Cost estimate inputs (read by scripts/deploy/cost-estimate.ts, not by Terraform resources)
# ---------------------------------------------------------------------------------------------

variable "expected_documents_per_month" {
  description = "Documents ingested per month; used by `make cost-estimate` only."
  type        = number
  default     = 10000

  validation {
    condition     = var.expected_documents_per_month >= 0
    error_message = "expected_documents_per_month must not be negative."
  }
}

variable "expected_worker_task_hours_per_month" {
  description = "Worker task-hours per month (tasks scale with the backlog); used by `make cost-estimate` only."
  type        = number
  default     = 100

  validation {
    condition     = var.expected_worker_task_hours_per_month >= 0
    error_message = "expected_worker_task_hours_per_month must not be negative."
  }
}
