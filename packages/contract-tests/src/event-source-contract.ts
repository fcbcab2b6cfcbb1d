import type { DeadLetteredMessage, EventSource, InboundMessage, MessageDisposition } from "@docworker/core";
import { describe, expect, it } from "vitest";
import { type AdapterFactory, useAdapter, waitFor } from "./adapter-factory.ts";

/**
 * An event source under test and a way to put messages on it (SendMessage for SQS). The queue
 * should redeliver quickly: a short poll interval, and a handler error retried within seconds.
 */
export interface EventSourceUnderTest {
  source: EventSource;
  send(body: string): Promise<unknown>;
  /** The queue's redrive policy: after this many receives a message goes to the dead letters. */
  maxReceiveCount: number;
}

export interface EventSourceContractOptions {
  /** How long to wait for a delivery before failing; a cloud queue may need more. */
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** EventSource: at-least-once delivery with dispositions, a concurrency cap and a graceful stop. */
export function describeEventSourceContract(
  name: string,
  factory: AdapterFactory<EventSourceUnderTest>,
  options: EventSourceContractOptions = {},
): void {
  const timeoutMs = options.timeoutMs ?? 10_000;
  describe(`EventSource contract: ${name}`, () => {
    const queue = useAdapter(factory);

    /** Starts consuming with `decide`; records every delivery; stops the source after the test. */
    function consume(
      decide: (message: InboundMessage) => Promise<MessageDisposition> | MessageDisposition,
      concurrency = 4,
      deadLetters: DeadLetteredMessage[] = [],
    ) {
      const deliveries: { id: string; body: string; receiveCount: number }[] = [];
      queue().source.start(
        async (message) => {
          deliveries.push({ id: message.id, body: message.body, receiveCount: message.receiveCount });
          return decide(message);
        },
        {
          concurrency,
          onDeadLetter: async (message) => {
            deadLetters.push(message);
            return {};
          },
        },
      );
      return deliveries;
    }
    const stop = () => queue().source.stop({ graceMs: 1000 });

    it("delivers a message once with receiveCount 1, and an ack removes it", async () => {
      const deliveries = consume(() => ({ action: "ack" }));
      try {
        await queue().send('{"n":1}');
        await waitFor(() => deliveries.length === 1, timeoutMs, "the delivery");
        expect(deliveries[0]).toMatchObject({ body: '{"n":1}', receiveCount: 1 });
        expect(deliveries[0]?.id).toBeTruthy();
        await sleep(500);
        expect(deliveries).toHaveLength(1);
      } finally {
        await stop();
      }
    });

    it("delivers a retried message again with a higher receiveCount", async () => {
      const deliveries = consume((m) =>
        m.receiveCount === 1 ? { action: "retry", delaySeconds: 0 } : { action: "ack" },
      );
      try {
        await queue().send("retry-me");
        await waitFor(() => deliveries.length === 2, timeoutMs, "the redelivery");
        expect(deliveries.map((d) => d.receiveCount)).toEqual([1, 2]);
        expect(deliveries[1]?.id).toBe(deliveries[0]?.id);
      } finally {
        await stop();
      }
    });

    it("does not deliver a dead-lettered message again", async () => {
      const deliveries = consume(() => ({ action: "dead-letter", reason: "malformed" }));
      try {
        await queue().send("poison");
        await waitFor(() => deliveries.length === 1, timeoutMs, "the delivery");
        await sleep(500);
        expect(deliveries).toHaveLength(1);
      } finally {
        await stop();
      }
    });

    it("hands a message its redrive policy dead-letters to onDeadLetter, once, with a reason", async () => {
      const deadLetters: DeadLetteredMessage[] = [];
      const deliveries = consume(() => ({ action: "retry", delaySeconds: 0 }), 4, deadLetters);
      try {
        await queue().send("crashes-every-time");
        const max = queue().maxReceiveCount;
        await waitFor(() => deadLetters.length === 1, timeoutMs + max * 2000, "the dead letter");
        expect(deliveries.map((d) => d.receiveCount)).toEqual(Array.from({ length: max }, (_, i) => i + 1));
        expect(deadLetters[0]).toMatchObject({ body: "crashes-every-time" });
        expect(deadLetters[0]?.reason).toBeTruthy();
        await sleep(1500);
        expect(deadLetters).toHaveLength(1);
        expect(deliveries).toHaveLength(max);
      } finally {
        await stop();
      }
    });

    it("redelivers a message whose handler threw, and keeps delivering others", async () => {
      const deliveries = consume((m) => {
        if (m.body === "throws" && m.receiveCount === 1) throw new Error("handler bug");
        return { action: "ack" };
      });
      try {
        await queue().send("throws");
        await queue().send("fine");
        await waitFor(() => deliveries.filter((d) => d.body === "throws").length === 2, timeoutMs, "the redelivery");
        expect(deliveries.some((d) => d.body === "fine")).toBe(true);
      } finally {
        await stop();
      }
    });

    it("runs at most `concurrency` handlers at once and gets through every message", async () => {
      let running = 0;
      let peak = 0;
      const deliveries = consume(async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(60);
        running--;
        return { action: "ack" };
      }, 2);
      try {
        for (let i = 0; i < 6; i++) await queue().send(`m${i}`);
        await waitFor(() => deliveries.length === 6 && running === 0, timeoutMs, "all six messages");
        expect(peak).toBeLessThanOrEqual(2);
        expect(new Set(deliveries.map((d) => d.body)).size).toBe(6);
      } finally {
        await stop();
      }
    });

    it("lets a handler extend its message's visibility", async () => {
      let extended: Promise<void> | undefined;
      const deliveries = consume(async (m) => {
        extended = m.extendVisibility(30);
        await extended;
        return { action: "ack" };
      });
      try {
        await queue().send("long job");
        await waitFor(() => deliveries.length === 1 && extended !== undefined, timeoutMs, "the delivery");
        await expect(extended).resolves.toBeUndefined();
      } finally {
        await stop();
      }
    });

    it("on stop, waits for handlers in flight and then takes no more messages", async () => {
      let finished = false;
      const deliveries = consume(async (m) => {
        if (m.body === "slow") {
          await sleep(200);
          finished = true;
        }
        return { action: "ack" };
      });
      await queue().send("slow");
      await waitFor(() => deliveries.length === 1, timeoutMs, "the delivery");
      await queue().source.stop({ graceMs: 5000 });
      expect(finished).toBe(true);
      await queue().send("after stop");
      await sleep(500);
      expect(deliveries.map((d) => d.body)).toEqual(["slow"]);
    });
  });
}
