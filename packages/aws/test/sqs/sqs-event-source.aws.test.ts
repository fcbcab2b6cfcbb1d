import type { SQSClient } from "@aws-sdk/client-sqs";
import { waitFor } from "@docworker/contract-tests";
import { decodeS3EventBridgeMessage, type InboundMessage, type Logger, type MessageDisposition } from "@docworker/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEAD_LETTER_ATTRIBUTES, SqsEventSource, splitIntoBatches } from "../../src/index.ts";
import { emulatedClients } from "../support/aws-clients.ts";
import { ensureEmulatedStack } from "../support/emulated-stack.ts";
import { freshQueue, messagesOnQueue, receiveVisible, waitForMessages } from "../support/queues.ts";

let env: Record<string, string>;
let sqs: SQSClient;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  env = (await ensureEmulatedStack()).env;
  sqs = emulatedClients(env).sqs;
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(() => sqs.destroy());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Delivery {
  body: string;
  receiveCount: number;
  at: number;
}

/** An SQS client whose DeleteMessage calls are answered half a second late. */
function withSlowDeletes(): SQSClient {
  const client = emulatedClients(env).sqs;
  cleanups.push(async () => client.destroy());
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "DeleteMessageCommand") await sleep(500);
      return next(args);
    },
    { step: "initialize" },
  );
  return client;
}

/** A fresh queue and a started source over it; both are removed after the test. */
async function consume(
  decide: (message: InboundMessage) => Promise<MessageDisposition> | MessageDisposition,
  options: {
    visibilityTimeoutSeconds?: number;
    maxReceiveCount?: number;
    withDeadLetterUrl?: boolean;
    client?: SQSClient;
    logger?: Logger;
  } = {},
) {
  const queue = await freshQueue(sqs, options);
  const source = new SqsEventSource({
    client: options.client ?? sqs,
    queueUrl: queue.queueUrl,
    ...(options.withDeadLetterUrl === false ? {} : { deadLetterQueueUrl: queue.deadLetterQueueUrl }),
    waitTimeSeconds: 1,
    handlerErrorDelaySeconds: 1,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const deliveries: Delivery[] = [];
  source.start(
    async (message) => {
      deliveries.push({ body: message.body, receiveCount: message.receiveCount, at: Date.now() });
      return decide(message);
    },
    { concurrency: 4 },
  );
  cleanups.push(
    () => queue.remove(),
    () => source.stop({ graceMs: 0 }),
  );
  return { queue, source, deliveries };
}

describe("SqsEventSource dispositions", () => {
  it("makes a retried message visible again only after the delay, with a growing receiveCount", async () => {
    const { queue, deliveries } = await consume((m) =>
      m.receiveCount < 3 ? { action: "retry", delaySeconds: 1 } : { action: "ack" },
    );
    await queue.send("again and again");
    await waitFor(() => deliveries.length === 3, 15_000, "three deliveries");
    expect(deliveries.map((d) => d.receiveCount)).toEqual([1, 2, 3]);
    const gaps = [1, 2].map((i) => (deliveries[i]?.at ?? 0) - (deliveries[i - 1]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(900);
    await sleep(300);
    expect(await receiveVisible(sqs, queue.queueUrl, 1)).toEqual([]);
  });

  it("logs a handler that throws and retries its message after the short error delay", async () => {
    const logged: string[] = [];
    const logger: Logger = {
      info() {},
      warn() {},
      debug() {},
      error: (_fields, message) => logged.push(message),
    };
    const { queue, deliveries } = await consume(
      (m) => {
        if (m.receiveCount === 1) throw new Error("handler bug");
        return { action: "ack" };
      },
      { logger },
    );
    await queue.send("buggy");
    await waitFor(() => deliveries.length === 2, 10_000, "the redelivery");
    expect((deliveries[1]?.at ?? 0) - (deliveries[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(logged).toContain("message handler threw; the message will be retried");
  });

  it("moves a dead-lettered message to the DLQ with its reason, and deletes it from the queue", async () => {
    // The copy reaches the DLQ before the original is deleted: a slow DeleteMessage keeps that
    // gap open on every run, and stop() (which waits for the delete) closes it before the count.
    const slowDeletes = withSlowDeletes();
    const { queue, source, deliveries } = await consume(() => ({ action: "dead-letter", reason: "not an S3 event" }), {
      client: slowDeletes,
    });
    const id = await queue.send('{"hello":"world"}');
    await waitFor(() => deliveries.length === 1, 10_000, "the delivery");
    const dead = await waitForMessages(sqs, queue.deadLetterQueueUrl, 1, 10_000);
    await source.stop({ graceMs: 10_000 });
    expect(dead).toHaveLength(1);
    expect(dead[0]?.Body).toBe('{"hello":"world"}');
    expect(dead[0]?.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.reason]?.StringValue).toBe("not an S3 event");
    expect(dead[0]?.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.sourceMessageId]?.StringValue).toBe(id);
    expect(dead[0]?.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.receiveCount]?.StringValue).toBe("1");
    expect(await messagesOnQueue(sqs, queue.queueUrl)).toBe(0);
  });

  it("finds the DLQ through the queue's redrive policy when no DLQ URL is configured", async () => {
    const { queue, deliveries } = await consume(() => ({ action: "dead-letter", reason: "poison" }), {
      withDeadLetterUrl: false,
    });
    await queue.send("poison");
    await waitFor(() => deliveries.length === 1, 10_000, "the delivery");
    const dead = await waitForMessages(sqs, queue.deadLetterQueueUrl, 1, 10_000);
    expect(dead[0]?.Body).toBe("poison");
  });

  it("dead-letters malformed bodies the way the worker decides, and processes the good ones", async () => {
    const handled: string[] = [];
    const { queue, deliveries } = await consume((m) => {
      try {
        const decoded = decodeS3EventBridgeMessage(m.body);
        handled.push(decoded.kind);
        return { action: "ack" };
      } catch (error) {
        return { action: "dead-letter", reason: (error as Error).message };
      }
    });
    await queue.send("{not json");
    await queue.send(JSON.stringify({ "detail-type": "Object Created", source: "aws.s3" }));
    await queue.send(
      JSON.stringify({
        "detail-type": "Object Tags Added",
        source: "aws.s3",
        time: "2025-01-01T00:00:00Z",
        detail: { bucket: { name: "b" }, object: { key: "k" } },
      }),
    );
    await waitFor(() => deliveries.length === 3, 10_000, "three deliveries");
    const dead = await waitForMessages(sqs, queue.deadLetterQueueUrl, 2);
    const reasons = dead.map((m) => m.MessageAttributes?.[DEAD_LETTER_ATTRIBUTES.reason]?.StringValue).sort();
    expect(reasons[0]).toBe("message body is not JSON");
    expect(reasons[1]).toMatch(/^not an S3 EventBridge event/);
    expect(handled).toEqual(["ignored"]);
  });

  it("lets the queue's redrive policy dead-letter a message that keeps failing", async () => {
    const { queue, deliveries } = await consume(() => ({ action: "retry", delaySeconds: 0 }), { maxReceiveCount: 2 });
    await queue.send("always fails");
    const dead = await waitForMessages(sqs, queue.deadLetterQueueUrl, 1, 15_000);
    expect(dead[0]?.Body).toBe("always fails");
    expect(deliveries.map((d) => d.receiveCount)).toEqual([1, 2]);
  });
});

describe("SqsEventSource visibility and stop", () => {
  it("keeps a message hidden past the queue's visibility timeout while the handler extends it", async () => {
    let release: () => void = () => {};
    const { deliveries, queue } = await consume(
      async (m) => {
        await m.extendVisibility(30);
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return { action: "ack" };
      },
      { visibilityTimeoutSeconds: 1 },
    );
    await queue.send("long document");
    await waitFor(() => deliveries.length === 1, 10_000, "the delivery");
    await sleep(2500);
    expect(deliveries).toHaveLength(1);
    release();
  });

  it("on stop, waits for the handler and for the delete of its ack", async () => {
    // A slow DeleteMessage: stop() must not return before sqs-consumer's delete is answered.
    const slowDeletes = withSlowDeletes();
    const { queue, source, deliveries } = await consume(
      async () => {
        await sleep(200);
        return { action: "ack" };
      },
      { client: slowDeletes },
    );
    await queue.send("finishing");
    await waitFor(() => deliveries.length === 1, 10_000, "the delivery");
    await source.stop({ graceMs: 5000 });
    expect(await messagesOnQueue(sqs, queue.queueUrl)).toBe(0);
  });

  it("on stop, hands messages still in flight after the grace period straight back to the queue", async () => {
    let finish: () => void = () => {};
    const { queue, source, deliveries } = await consume(
      () =>
        new Promise<MessageDisposition>((resolve) => {
          finish = () => resolve({ action: "ack" });
        }),
      { visibilityTimeoutSeconds: 60 },
    );
    await queue.send("stuck");
    await waitFor(() => deliveries.length === 1, 10_000, "the delivery");
    const stopping = Date.now();
    await source.stop({ graceMs: 300 });
    expect(Date.now() - stopping).toBeLessThan(3000);
    const visible = await receiveVisible(sqs, queue.queueUrl, 2);
    expect(visible.map((m) => m.Body)).toEqual(["stuck"]);
    expect(visible[0]?.Attributes?.ApproximateReceiveCount).toBe("2");
    // The handler finishing late changes nothing: its ack is void once the message was given back.
    finish();
    await sleep(300);
    expect(await receiveVisible(sqs, queue.queueUrl, 1)).toEqual([]);
  });

  it("never hands a message to the handler after stop, even from a receive that was still waiting", async () => {
    const { queue, source, deliveries } = await consume(() => ({ action: "ack" }));
    await sleep(200); // a long poll (1 s) is now waiting
    await source.stop({ graceMs: 0 });
    await queue.send("arrives during the last poll");
    await sleep(1500);
    expect(deliveries).toEqual([]);
    const visible = await receiveVisible(sqs, queue.queueUrl, 1);
    expect(visible.map((m) => m.Body)).toEqual(["arrives during the last poll"]);
    // Received once by that last poll and given straight back, so this is its second receive.
    expect(visible[0]?.Attributes?.ApproximateReceiveCount).toBe("2");
  });
});

describe("splitIntoBatches", () => {
  it("uses one consumer up to SQS's batch of 10 and spreads more evenly", () => {
    expect(splitIntoBatches(1)).toEqual([1]);
    expect(splitIntoBatches(10)).toEqual([10]);
    expect(splitIntoBatches(11)).toEqual([6, 5]);
    expect(splitIntoBatches(23)).toEqual([8, 8, 7]);
  });
});
