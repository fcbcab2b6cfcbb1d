# raw-input "Object Created" / "Object Deleted" -> EventBridge rule -> ingest queue -> worker.
# The pattern is the one packages/dev-provisioning/src/s3-event-rule.ts builds for the emulated stack.

resource "aws_sqs_queue" "dlq" {
  name                      = "${local.name}-ingest-dlq"
  kms_master_key_id         = aws_kms_key.data.arn
  message_retention_seconds = 1209600 # 14 days: time to look at and redrive what failed
}

resource "aws_sqs_queue" "ingest" {
  name                              = "${local.name}-ingest"
  kms_master_key_id                 = aws_kms_key.data.arn
  kms_data_key_reuse_period_seconds = 300
  receive_wait_time_seconds         = 20 # long polling
  visibility_timeout_seconds        = var.queue_visibility_timeout_seconds
  message_retention_seconds         = 345600 # 4 days

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = var.queue_max_receive_count
  })
}

# Only the ingest queue may use the DLQ as its dead-letter target.
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id

  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.ingest.arn]
  })
}

resource "aws_cloudwatch_event_rule" "raw_object_events" {
  name        = "${local.name}-raw-object-events"
  description = "Object Created / Object Deleted in the raw-input bucket, for the worker"

  event_pattern = jsonencode({
    source        = ["aws.s3"]
    "detail-type" = ["Object Created", "Object Deleted"]
    detail = {
      bucket = { name = [aws_s3_bucket.raw.id] }
    }
  })
}

resource "aws_cloudwatch_event_target" "ingest_queue" {
  rule      = aws_cloudwatch_event_rule.raw_object_events.name
  target_id = "ingest-queue"
  arn       = aws_sqs_queue.ingest.arn

  # Events EventBridge could not deliver (e.g. a KMS or policy mistake) are kept, not dropped.
  dead_letter_config {
    arn = aws_sqs_queue.dlq.arn
  }

  retry_policy {
    maximum_event_age_in_seconds = 86400
    maximum_retry_attempts       = 185
  }
}

data "aws_iam_policy_document" "ingest_queue" {
  statement {
    sid       = "EventBridgeRawObjectEvents"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.ingest.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.raw_object_events.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "ingest" {
  queue_url = aws_sqs_queue.ingest.id
  policy    = data.aws_iam_policy_document.ingest_queue.json
}

data "aws_iam_policy_document" "dlq" {
  statement {
    sid       = "EventBridgeUndeliverableEvents"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dlq.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.raw_object_events.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id
  policy    = data.aws_iam_policy_document.dlq.json
}
