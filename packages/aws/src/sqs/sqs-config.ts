import { int, num } from "@docworker/core";
import type { SqsEventSourceOptions } from "./sqs-event-source.ts";

type Env = Record<string, string | undefined>;

/**
 * SqsEventSource settings from the environment. Region, credentials and endpoint are the SDK's own
 * (AWS_REGION, the credential chain, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_SQS); on top of them:
 * - INGEST_QUEUE_URL (required);
 * - DLQ_URL: where dead-letter dispositions go (default: the queue's redrive policy target);
 * - SQS_WAIT_TIME_SECONDS: long polling, 1-20 (default 20);
 * - SQS_VISIBILITY_TIMEOUT_SECONDS: asked for on receive (default: the queue's);
 * - SQS_HANDLER_ERROR_DELAY_SECONDS: retry delay after a handler threw (default 5).
 */
export function sqsEventSourceOptionsFromEnv(env: Env = process.env): SqsEventSourceOptions {
  const queueUrl = env.INGEST_QUEUE_URL?.trim();
  if (!queueUrl) throw new Error("invalid configuration: INGEST_QUEUE_URL is required for the SQS event source");
  const waitTimeSeconds = int(env, "SQS_WAIT_TIME_SECONDS", 20);
  if (waitTimeSeconds < 1 || waitTimeSeconds > 20) {
    throw new Error("invalid configuration: SQS_WAIT_TIME_SECONDS must be from 1 to 20");
  }
  const visibility = env.SQS_VISIBILITY_TIMEOUT_SECONDS ? int(env, "SQS_VISIBILITY_TIMEOUT_SECONDS", 0) : undefined;
  if (visibility !== undefined && (visibility < 0 || visibility > 43_200)) {
    throw new Error("invalid configuration: SQS_VISIBILITY_TIMEOUT_SECONDS must be from 0 to 43200");
  }
  const errorDelay = num(env, "SQS_HANDLER_ERROR_DELAY_SECONDS", 5);
  if (errorDelay < 0) throw new Error("invalid configuration: SQS_HANDLER_ERROR_DELAY_SECONDS must not be negative");
  return {
    queueUrl,
    waitTimeSeconds,
    handlerErrorDelaySeconds: errorDelay,
    ...(env.DLQ_URL ? { deadLetterQueueUrl: env.DLQ_URL } : {}),
    ...(visibility === undefined ? {} : { visibilityTimeoutSeconds: visibility }),
  };
}
