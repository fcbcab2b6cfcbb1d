# One task role per service, granting exactly the AWS actions its code sends, on only its
# resources; tests/deploy/iam-least-privilege.test.ts derives the actions from packages/aws and
# fails when this file and the code disagree. The execution role (image pull, logs, secrets) is
# separate and never reachable from application code.

locals {
  # A model id with a geography prefix (us., eu., apac., global.) is a cross-region inference
  # profile: invoking it needs the profile in this region and the model in every region it routes to.
  bedrock_models = merge(
    {
      embedding  = var.bedrock_embedding_model_id
      extraction = var.bedrock_extraction_model_id
    },
    # While the documents are re-embedded after a change of Bedrock embedding model, the API
    # embeds queries with the old model and the workers write both spaces: both are invoked.
    var.bedrock_previous_embedding_model_id == "" ? {} : { previous_embedding = var.bedrock_previous_embedding_model_id },
    var.bedrock_classification_model_id == "" ? {} : { classification = var.bedrock_classification_model_id },
  )
  bedrock_model_arns = {
    for use, id in local.bedrock_models : use => (
      can(regex("^(us|eu|apac|global|us-gov)\\.", id))
      ? [
        "arn:${local.partition}:bedrock:${local.region}:${local.account_id}:inference-profile/${id}",
        "arn:${local.partition}:bedrock:*::foundation-model/${replace(id, "/^(us|eu|apac|global|us-gov)\\./", "")}",
      ]
      : ["arn:${local.partition}:bedrock:${local.region}::foundation-model/${id}"]
    )
  }

  # The API's reranker calls Rerank in this region with the model's foundation-model ARN; Rerank is
  # authorised by bedrock:InvokeModel on that model as well. Nothing while reranking is off.
  bedrock_rerank_model_arns = var.bedrock_rerank_model_id == "" ? [] : [
    "arn:${local.partition}:bedrock:${local.region}::foundation-model/${var.bedrock_rerank_model_id}",
  ]
}

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:*"]
    }
  }
}

# --- Execution role: pull images, write logs, read the task secrets ------------------------------

resource "aws_iam_role" "execution" {
  name               = "${local.name}-ecs-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "execution" {
  statement {
    sid       = "EcrAuth"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"] # GetAuthorizationToken has no resource-level permissions
  }

  statement {
    sid       = "EcrPull"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = [for repo in aws_ecr_repository.service : repo.arn]
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [for group in aws_cloudwatch_log_group.service : "${group.arn}:*"]
  }

  dynamic "statement" {
    for_each = length(var.task_secrets) > 0 ? [1] : []
    content {
      sid       = "TaskSecrets"
      actions   = ["ssm:GetParameters", "secretsmanager:GetSecretValue"]
      resources = distinct(values(var.task_secrets))
    }
  }

  dynamic "statement" {
    for_each = length(var.task_secrets_kms_key_arns) > 0 ? [1] : []
    content {
      sid       = "TaskSecretsDecrypt"
      actions   = ["kms:Decrypt"]
      resources = var.task_secrets_kms_key_arns
    }
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "pull-log-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# --- Worker: read raw, write processed, records, queue, Bedrock, index -----------------------------

resource "aws_iam_role" "worker_task" {
  name               = "${local.name}-worker-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "worker_task" {
  statement {
    sid       = "ReadRawInput"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.raw.arn}/*"]
  }

  # No call of its own: without it S3 answers a GET of a missing key with 403 instead of 404, so a
  # deleted object would read as AccessDenied and be retried instead of ending OBJECT_MISSING.
  statement {
    sid       = "TellMissingFromDenied"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.raw.arn]
  }

  # Processed JSON; and a zip archive's files, which become documents of their own: written under
  # the raw bucket's document keys, whose events ingest them like uploads (core's unpack-archive.ts).
  statement {
    sid       = "WriteProcessedOutputAndArchiveFiles"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.processed.arn}/*", "${aws_s3_bucket.raw.arn}/tenants/*/documents/*"]
  }

  statement {
    sid       = "DeleteProcessedOutput"
    actions   = ["s3:DeleteObject"]
    resources = ["${aws_s3_bucket.processed.arn}/*"]
  }

  # Query: a reprocess job lists the tenant's records page by page (the status index for a status filter).
  statement {
    sid       = "DocumentRecords"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"]
    resources = [aws_dynamodb_table.metadata.arn, "${aws_dynamodb_table.metadata.arn}/index/*"]
  }

  statement {
    sid       = "ConsumeIngestQueue"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.ingest.arn]
  }

  statement {
    sid       = "DeadLetter"
    actions   = ["sqs:GetQueueUrl"]
    resources = [aws_sqs_queue.dlq.arn]
  }

  # Dead letters to the DLQ; a reprocess job's next page and its documents to the ingest queue.
  statement {
    sid       = "SendMessages"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dlq.arn, aws_sqs_queue.ingest.arn]
  }

  # Raw objects, processed JSON and queue messages are SSE-KMS with the data key.
  statement {
    sid       = "DataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.data.arn]
  }

  # Converse is authorised by bedrock:InvokeModel.
  statement {
    sid       = "Bedrock"
    actions   = ["bedrock:InvokeModel"]
    resources = distinct(flatten(values(local.bedrock_model_arns)))
  }

  statement {
    sid       = "ChunkIndex"
    actions   = ["aoss:APIAccessAll"]
    resources = [aws_opensearchserverless_collection.chunks.arn]
  }
}

resource "aws_iam_role_policy" "worker_task" {
  name   = "docworker-worker"
  role   = aws_iam_role.worker_task.id
  policy = data.aws_iam_policy_document.worker_task.json
}

# --- API: upload URLs, deletions, records, search ----------------------------------------------------

resource "aws_iam_role" "api_task" {
  name               = "${local.name}-api-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "api_task" {
  # PutObject is used through a pre-signed URL: the client's upload runs with these permissions.
  statement {
    sid       = "UploadAndDeleteRawInput"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.raw.arn}/*"]
  }

  # GET /documents/{id}/content serves the upload, /chunks reads the processed JSON.
  statement {
    sid       = "ReadDocuments"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.raw.arn}/*", "${aws_s3_bucket.processed.arn}/*"]
  }

  # No call of its own: a missing object then answers 404, not 403 (see the worker's).
  statement {
    sid       = "TellMissingFromDenied"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.raw.arn, aws_s3_bucket.processed.arn]
  }

  statement {
    sid       = "DocumentRecords"
    actions   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
    resources = [aws_dynamodb_table.metadata.arn, "${aws_dynamodb_table.metadata.arn}/index/*"]
  }

  # POST /documents/{id}/reprocess and POST /reprocess send their requests through the ingest queue.
  statement {
    sid       = "RequestReprocessing"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.ingest.arn]
  }

  # A pre-signed SSE-KMS PUT needs a data key under the signer's identity; reading an SSE-KMS
  # object needs Decrypt.
  statement {
    sid       = "DataKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.data.arn]
  }

  # Query embeddings for vector and hybrid search (with the previous model's while re-embedding),
  # and the rerank model while reranking is on.
  statement {
    sid     = "BedrockInvokeModel"
    actions = ["bedrock:InvokeModel"]
    resources = distinct(concat(
      local.bedrock_model_arns.embedding,
      lookup(local.bedrock_model_arns, "previous_embedding", []),
      local.bedrock_rerank_model_arns,
    ))
  }

  # Rerank has no resource-level permissions: "*", pinned to this region; the model it may use is
  # the one InvokeModel above names. Only while reranking is on.
  dynamic "statement" {
    for_each = var.bedrock_rerank_model_id == "" ? [] : [1]
    content {
      sid       = "Rerank"
      actions   = ["bedrock:Rerank"]
      resources = ["*"]

      condition {
        test     = "StringEquals"
        variable = "aws:RequestedRegion"
        values   = [local.region]
      }
    }
  }

  statement {
    sid       = "ChunkIndex"
    actions   = ["aoss:APIAccessAll"]
    resources = [aws_opensearchserverless_collection.chunks.arn]
  }
}

resource "aws_iam_role_policy" "api_task" {
  name   = "docworker-api"
  role   = aws_iam_role.api_task.id
  policy = data.aws_iam_policy_document.api_task.json
}
