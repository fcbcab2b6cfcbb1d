// A stage may run longer than the lease and the message's visibility (a huge PDF, a slow model):
// both are renewed on a timer while it runs, so the message is not redelivered to, and the
// version not taken over by, another worker.
import { handleQueueMessage, type InboundMessage } from "@docworker/core";
import { createRulesExtractor } from "@docworker/local-models";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, openHarness } from "../support/pipeline-harness.ts";

const KEY = "tenants/acme/documents/doc_0123456789abcdef0a/long.txt";
const docKey = { tenantId: "acme", documentId: "doc_0123456789abcdef0a" };
const LEASE_SECONDS = 5;

describe("a stage longer than the lease", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("keeps the lease and the message's visibility alive, so a redelivery finds the version busy", async () => {
    h = await openHarness({ env: { WORKER_LEASE_SECONDS: String(LEASE_SECONDS) } });
    const rules = createRulesExtractor();
    let redelivered: Promise<unknown> | undefined;
    h.deps.extractor = {
      async extract(request) {
        // Past the lease: a worker whose lease lapsed would be taken over here.
        await new Promise((resolve) => setTimeout(resolve, (LEASE_SECONDS + 3) * 1000));
        redelivered = h.deliver(body, 2);
        await redelivered;
        await new Promise((resolve) => setTimeout(resolve, 2000));
        return rules.extract(request);
      },
    };
    const { etag } = await h.putRaw(KEY, "A long report the model takes its time over.");
    const body = h.createdMessage(KEY, etag, h.nextSequencer());
    const extensions: number[] = [];
    const message: InboundMessage = {
      id: "m-long",
      body,
      receiveCount: 1,
      extendVisibility: async (seconds) => {
        extensions.push(seconds);
      },
    };

    expect(await handleQueueMessage(h.deps, message)).toEqual({ action: "ack" });
    expect(await redelivered).toMatchObject({ action: "retry" });
    // Renewed while the extract stage ran (every lease/3), not only at the stage boundaries.
    expect(extensions.length).toBeGreaterThanOrEqual(5);
    expect(extensions.every((seconds) => seconds === LEASE_SECONDS)).toBe(true);
    const record = await h.deps.metadata.get(docKey);
    expect(record).toMatchObject({ status: "PROCESSED", attempts: 1 });
  }, 30_000);
});
