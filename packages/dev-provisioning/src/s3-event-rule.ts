import {
  EventBridgeClient,
  type EventBridgeClientConfig,
  PutRuleCommand,
  PutTargetsCommand,
} from "@aws-sdk/client-eventbridge";
import { SetQueueAttributesCommand, SQSClient, type SQSClientConfig } from "@aws-sdk/client-sqs";

export interface S3EventRuleOptions {
  ruleName: string;
  /** The raw-input bucket, which must send its events to EventBridge (ensureBucket eventBridge). */
  bucket: string;
  queueUrl: string;
  queueArn: string;
  eventBusName?: string;
}

/** The event pattern: only object creations and deletions of the one bucket reach the queue. */
export function s3ObjectEventPattern(bucket: string): Record<string, unknown> {
  return {
    source: ["aws.s3"],
    "detail-type": ["Object Created", "Object Deleted"],
    detail: { bucket: { name: [bucket] } },
  };
}

/**
 * S3 -> EventBridge -> SQS: a rule on the bucket's object events targeting the queue, and the queue
 * policy that lets EventBridge send for exactly that rule (moto stores the policy without
 * enforcing it; AWS enforces it). Idempotent. Returns the rule's ARN. Takes clients, or the configs
 * to make them for the call.
 */
export async function ensureS3EventRule(
  clients: { eventBridge: EventBridgeClient | EventBridgeClientConfig; sqs: SQSClient | SQSClientConfig },
  options: S3EventRuleOptions,
): Promise<string> {
  const eventBridge =
    clients.eventBridge instanceof EventBridgeClient ? clients.eventBridge : new EventBridgeClient(clients.eventBridge);
  const sqs = clients.sqs instanceof SQSClient ? clients.sqs : new SQSClient(clients.sqs);
  try {
    return await applyRule(eventBridge, sqs, options);
  } finally {
    if (eventBridge !== clients.eventBridge) eventBridge.destroy();
    if (sqs !== clients.sqs) sqs.destroy();
  }
}

async function applyRule(eventBridge: EventBridgeClient, sqs: SQSClient, options: S3EventRuleOptions): Promise<string> {
  const bus = options.eventBusName ? { EventBusName: options.eventBusName } : {};
  const { RuleArn } = await eventBridge.send(
    new PutRuleCommand({
      Name: options.ruleName,
      EventPattern: JSON.stringify(s3ObjectEventPattern(options.bucket)),
      State: "ENABLED",
      Description: `S3 object events of ${options.bucket} to the docworker ingestion queue`,
      ...bus,
    }),
  );
  if (!RuleArn) throw new Error(`PutRule returned no ARN for ${options.ruleName}`);
  const policy = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowEventBridgeRule",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: options.queueArn,
        Condition: { ArnEquals: { "aws:SourceArn": RuleArn } },
      },
    ],
  };
  await sqs.send(
    new SetQueueAttributesCommand({ QueueUrl: options.queueUrl, Attributes: { Policy: JSON.stringify(policy) } }),
  );
  const { FailedEntryCount, FailedEntries } = await eventBridge.send(
    new PutTargetsCommand({ Rule: options.ruleName, Targets: [{ Id: "ingest-queue", Arn: options.queueArn }], ...bus }),
  );
  if (FailedEntryCount) throw new Error(`PutTargets failed: ${JSON.stringify(FailedEntries)}`);
  return RuleArn;
}
