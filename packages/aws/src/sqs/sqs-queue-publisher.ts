import { SendMessageCommand, SQSClient, type SQSClientConfig } from "@aws-sdk/client-sqs";
import type { QueuePublisher } from "@docworker/core";

export interface SqsQueuePublisherOptions {
  queueUrl: string;
  client?: SQSClient;
  clientConfig?: SQSClientConfig;
}

/** Sends docworker's own messages (reprocess requests) onto the ingestion queue the worker reads. */
export class SqsQueuePublisher implements QueuePublisher {
  readonly #client: SQSClient;
  readonly #queueUrl: string;

  constructor(options: SqsQueuePublisherOptions) {
    this.#client = options.client ?? new SQSClient(options.clientConfig ?? {});
    this.#queueUrl = options.queueUrl;
  }

  async send(body: string, options: { delaySeconds?: number } = {}): Promise<void> {
    await this.#client.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: body,
        // SQS delays a message at most 15 minutes.
        ...(options.delaySeconds ? { DelaySeconds: Math.min(900, Math.max(0, Math.floor(options.delaySeconds))) } : {}),
      }),
    );
  }

  destroy(): void {
    this.#client.destroy();
  }
}
