import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from "@aws-sdk/client-sqs";

/** Message attribute names a dead-lettered message carries on the DLQ. */
export const DEAD_LETTER_ATTRIBUTES = {
  reason: "docworker-dead-letter-reason",
  sourceMessageId: "docworker-source-message-id",
  receiveCount: "docworker-receive-count",
} as const;

/** The source queue's maxReceiveCount, from its RedrivePolicy; undefined when it has none. */
export async function readMaxReceiveCount(client: SQSClient, queueUrl: string): Promise<number | undefined> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["RedrivePolicy"] }),
  );
  const policy = Attributes?.RedrivePolicy;
  const max = policy ? Number((JSON.parse(policy) as { maxReceiveCount?: unknown }).maxReceiveCount) : Number.NaN;
  return Number.isInteger(max) && max > 0 ? max : undefined;
}

/**
 * The DLQ URL from the source queue's RedrivePolicy (deadLetterTargetArn), so configuring the
 * queue URL alone is enough. Throws when the queue has no redrive policy.
 */
export async function resolveDeadLetterQueueUrl(client: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["RedrivePolicy"] }),
  );
  const policy = Attributes?.RedrivePolicy;
  const arn = policy ? (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn : undefined;
  // arn:aws:sqs:<region>:<account>:<name>
  const [, , , , account, name] = arn?.split(":") ?? [];
  if (!arn || !account || !name) {
    throw new Error(`the queue ${queueUrl} has no redrive policy, and no dead-letter queue URL is configured`);
  }
  const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }));
  if (!QueueUrl) throw new Error(`the dead-letter queue ${arn} was not found`);
  return QueueUrl;
}
