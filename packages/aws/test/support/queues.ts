import {
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { type EnsuredQueue, ensureQueueWithDeadLetterQueue } from "@docworker/dev-provisioning";
import { uniqueName } from "./aws-clients.ts";

/** A fresh queue with a DLQ, deleted again by `remove`. */
export async function freshQueue(
  sqs: SQSClient,
  options: { visibilityTimeoutSeconds?: number; maxReceiveCount?: number } = {},
): Promise<EnsuredQueue & { send(body: string): Promise<string>; remove(): Promise<void> }> {
  const queue = await ensureQueueWithDeadLetterQueue(sqs, {
    name: uniqueName("ingest"),
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 5,
    maxReceiveCount: options.maxReceiveCount ?? 5,
  });
  return {
    ...queue,
    send: async (body: string) =>
      (await sqs.send(new SendMessageCommand({ QueueUrl: queue.queueUrl, MessageBody: body }))).MessageId ?? "",
    remove: async () => {
      await sqs.send(new DeleteQueueCommand({ QueueUrl: queue.queueUrl }));
      await sqs.send(new DeleteQueueCommand({ QueueUrl: queue.deadLetterQueueUrl }));
    },
  };
}

/** Receives what is visible on a queue within `waitSeconds` (without deleting it). */
export async function receiveVisible(sqs: SQSClient, queueUrl: string, waitSeconds = 1): Promise<Message[]> {
  const output = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: waitSeconds,
      MessageAttributeNames: ["All"],
      MessageSystemAttributeNames: ["ApproximateReceiveCount"],
    }),
  );
  return output.Messages ?? [];
}

/** Receives (and deletes nothing) until `count` messages arrived on the queue; fails after `timeoutMs`. */
export async function waitForMessages(sqs: SQSClient, queueUrl: string, count: number, timeoutMs = 10_000) {
  const got: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  while (got.length < count) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${count} message(s)`);
    got.push(...(await receiveVisible(sqs, queueUrl, 1)));
  }
  return got;
}

/** Messages on the queue, visible or in flight (not yet deleted). */
export async function messagesOnQueue(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}
