import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
  SQSClient,
  type SQSClientConfig,
} from "@aws-sdk/client-sqs";

export interface EnsureQueueOptions {
  /** The queue's name; its dead-letter queue is `<name>-dlq` unless named. */
  name: string;
  deadLetterQueueName?: string;
  /** Receives before SQS moves a message to the DLQ by itself; keep it >= WORKER_MAX_ATTEMPTS. */
  maxReceiveCount?: number;
  /** Default visibility of a received message; the worker extends it while it works. */
  visibilityTimeoutSeconds?: number;
  /** Encrypt with this KMS key; default SQS-managed SSE. (EventBridge then needs kms:GenerateDataKey on it.) */
  kmsKeyId?: string;
}

export interface EnsuredQueue {
  queueUrl: string;
  queueArn: string;
  deadLetterQueueUrl: string;
  deadLetterQueueArn: string;
}

const FOURTEEN_DAYS = String(14 * 24 * 3600);

/**
 * A queue and its dead-letter queue with a redrive policy, created unless they exist and brought
 * to the given attributes each time (for tests and the emulated stack; on AWS, Terraform owns them).
 * Takes a client, or the config to make one for the call.
 */
export async function ensureQueueWithDeadLetterQueue(
  clientOrConfig: SQSClient | SQSClientConfig,
  options: EnsureQueueOptions,
): Promise<EnsuredQueue> {
  const client = clientOrConfig instanceof SQSClient ? clientOrConfig : new SQSClient(clientOrConfig);
  try {
    return await applyQueues(client, options);
  } finally {
    if (client !== clientOrConfig) client.destroy();
  }
}

async function applyQueues(client: SQSClient, options: EnsureQueueOptions): Promise<EnsuredQueue> {
  const encryption: Record<string, string> = options.kmsKeyId
    ? { KmsMasterKeyId: options.kmsKeyId }
    : { SqsManagedSseEnabled: "true" };
  const dlq = await ensureQueue(client, options.deadLetterQueueName ?? `${options.name}-dlq`, {
    MessageRetentionPeriod: FOURTEEN_DAYS,
    ...encryption,
  });
  const queue = await ensureQueue(client, options.name, {
    VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 300),
    MessageRetentionPeriod: FOURTEEN_DAYS,
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: dlq.arn,
      maxReceiveCount: options.maxReceiveCount ?? 5,
    }),
    ...encryption,
  });
  return { queueUrl: queue.url, queueArn: queue.arn, deadLetterQueueUrl: dlq.url, deadLetterQueueArn: dlq.arn };
}

async function ensureQueue(
  client: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<{ url: string; arn: string }> {
  let url = await existingQueueUrl(client, name);
  if (url) {
    await client.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
  } else {
    url = (await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl;
  }
  if (!url) throw new Error(`CreateQueue returned no URL for ${name}`);
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] }),
  );
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`no ARN for the queue ${url}`);
  return { url, arn };
}

async function existingQueueUrl(client: SQSClient, name: string): Promise<string | undefined> {
  try {
    return (await client.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
  } catch (error) {
    const errorName = (error as { name?: string }).name;
    if (errorName === "QueueDoesNotExist" || errorName === "AWS.SimpleQueueService.NonExistentQueue") return undefined;
    throw error;
  }
}
