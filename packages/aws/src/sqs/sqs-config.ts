import { type Env, readSettings, Setting, type SettingsConcern, settingsSchema } from "@docworker/core";
import type { SqsEventSourceOptions } from "./sqs-event-source.ts";

export const SQS_SETTINGS = settingsSchema({
  INGEST_QUEUE_URL: Setting.optional(
    Setting.string({
      defaultText: "required on AWS for the worker",
      meaning: "the ingestion queue: the worker consumes it, the API sends reprocess messages to it",
      readBy: ["api", "worker"],
    }),
  ),
  DLQ_URL: Setting.optional(
    Setting.string({
      defaultText: "the queue's redrive target",
      meaning: "where dead-letter dispositions go",
      readBy: ["worker"],
    }),
  ),
  SQS_WAIT_TIME_SECONDS: Setting.integer(
    { minimum: 1, maximum: 20 },
    { default: 20, meaning: "long polling of the ingestion queue", readBy: ["worker"] },
  ),
  SQS_VISIBILITY_TIMEOUT_SECONDS: Setting.optional(
    Setting.integer(
      { minimum: 0, maximum: 43_200 },
      { defaultText: "the queue's", meaning: "visibility timeout asked for on receive", readBy: ["worker"] },
    ),
  ),
  SQS_HANDLER_ERROR_DELAY_SECONDS: Setting.number(
    { minimum: 0 },
    { default: 5, meaning: "retry delay of a message whose handler threw", readBy: ["worker"] },
  ),
});

export const SQS_CONCERN: SettingsConcern = { title: "SQS", schema: SQS_SETTINGS };

/** The ingestion queue, when one is configured (the API sends reprocess messages to it). */
export function ingestQueueUrlFromEnv(env: Env = process.env): string | undefined {
  return readSettings(SQS_SETTINGS, env).INGEST_QUEUE_URL;
}

/**
 * SqsEventSource settings from the environment. Region, credentials and endpoint are the SDK's own
 * (AWS_REGION, the credential chain, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_SQS).
 */
export function sqsEventSourceOptionsFromEnv(env: Env = process.env): SqsEventSourceOptions {
  const s = readSettings(SQS_SETTINGS, env);
  if (!s.INGEST_QUEUE_URL) {
    throw new Error("invalid configuration: INGEST_QUEUE_URL is required for the SQS event source");
  }
  return {
    queueUrl: s.INGEST_QUEUE_URL,
    waitTimeSeconds: s.SQS_WAIT_TIME_SECONDS,
    handlerErrorDelaySeconds: s.SQS_HANDLER_ERROR_DELAY_SECONDS,
    ...(s.DLQ_URL ? { deadLetterQueueUrl: s.DLQ_URL } : {}),
    ...(s.SQS_VISIBILITY_TIMEOUT_SECONDS === undefined
      ? {}
      : { visibilityTimeoutSeconds: s.SQS_VISIBILITY_TIMEOUT_SECONDS }),
  };
}
