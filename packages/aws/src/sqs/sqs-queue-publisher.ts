import type { SQSClient, SQSClientConfig } from "@aws-sdk/client-sqs";
import type { QueuePublisher } from "@docworker/core";
import { type OnFirstUse, onFirstUse } from "../on-first-use.ts";

export interface SqsQueuePublisherOptions {
  queueUrl: string;
  client?: SQSClient;
  clientConfig?: SQSClientConfig;
}

/**
 * Sends docworker's own messages (reprocess requests) onto the ingestion queue the worker reads.
 * The SQS SDK is loaded with the first message: the API holds a publisher from its start but
 * sends only when asked to reprocess.
 */
export class SqsQueuePublisher implements QueuePublisher {
  readonly #options: SqsQueuePublisherOptions;
  readonly #client: OnFirstUse<{ sdk: typeof import("@aws-sdk/client-sqs"); client: SQSClient }>;

  constructor(options: SqsQueuePublisherOptions) {
    this.#options = options;
    this.#client = onFirstUse(async () => {
      const sdk = await import("@aws-sdk/client-sqs");
      return { sdk, client: options.client ?? new sdk.SQSClient(options.clientConfig ?? {}) };
    });
  }

  async send(body: string, options: { delaySeconds?: number } = {}): Promise<void> {
    const { sdk, client } = await this.#client.get();
    await client.send(
      new sdk.SendMessageCommand({
        QueueUrl: this.#options.queueUrl,
        MessageBody: body,
        // SQS delays a message at most 15 minutes.
        ...(options.delaySeconds ? { DelaySeconds: Math.min(900, Math.max(0, Math.floor(options.delaySeconds))) } : {}),
      }),
    );
  }

  destroy(): void {
    // A client passed in was made by the caller and is destroyed as before; one made here once it exists.
    if (this.#options.client) this.#options.client.destroy();
    else this.#client.ifMade(({ client }) => client.destroy());
  }
}
