/** Sends messages onto the ingestion queue, the one the worker reads (SQS, or the embedded queue). */
export interface QueuePublisher {
  send(body: string, options?: { delaySeconds?: number }): Promise<unknown>;
}
