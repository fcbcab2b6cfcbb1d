import type { SQSClient } from "@aws-sdk/client-sqs";
import { describeEventSourceContract } from "@docworker/contract-tests";
import { afterAll, beforeAll } from "vitest";
import { SqsEventSource } from "../../src/index.ts";
import { emulatedClients } from "../support/aws-clients.ts";
import { ensureEmulatedStack } from "../support/emulated-stack.ts";
import { freshQueue } from "../support/queues.ts";

let sqs: SQSClient;

beforeAll(async () => {
  const { env } = await ensureEmulatedStack();
  sqs = emulatedClients(env).sqs;
});

afterAll(() => sqs.destroy());

describeEventSourceContract("SqsEventSource (moto)", async () => {
  const queue = await freshQueue(sqs, { maxReceiveCount: 3 });
  const source = new SqsEventSource({
    client: sqs,
    queueUrl: queue.queueUrl,
    deadLetterQueueUrl: queue.deadLetterQueueUrl,
    waitTimeSeconds: 1,
    handlerErrorDelaySeconds: 0,
  });
  return {
    adapter: { source, send: queue.send, maxReceiveCount: 3 },
    cleanup: async () => {
      await source.stop({ graceMs: 0 });
      await queue.remove();
    },
  };
});
