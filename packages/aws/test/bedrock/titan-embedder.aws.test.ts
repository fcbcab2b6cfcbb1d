import { DocworkerError, tokenCount } from "@docworker/core";
import { describe, expect, it } from "vitest";
import { BedrockTitanEmbedder, type TitanDimension } from "../../src/index.ts";
import { testClient, useStandIn } from "./stand-in-fixture.ts";

const MODEL = "amazon.titan-embed-text-v2:0";
const TEXTS = [
  "Acme Corp signed the supply agreement in March.",
  "The invoice total is due within thirty days.",
  "Quarterly revenue grew by twelve percent.",
];

const standIn = useStandIn();

function embedder(options: { dimension?: TitanDimension; maxAttempts?: number; maxConcurrency?: number } = {}) {
  return new BedrockTitanEmbedder({
    client: testClient(standIn.current.url, options.maxAttempts),
    modelId: MODEL,
    dimension: options.dimension ?? 256,
    ...(options.maxConcurrency ? { maxConcurrency: options.maxConcurrency } : {}),
  });
}

const norm = (vector: Float32Array) => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));

async function rejection(promise: Promise<unknown>): Promise<DocworkerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocworkerError);
  return error as DocworkerError;
}

describe("BedrockTitanEmbedder on the stand-in", () => {
  it.each([256, 512, 1024] as const)("embeds one text per call at %i dimensions, unit norm", async (dimension) => {
    const titan = embedder({ dimension });
    expect(titan).toMatchObject({ model: MODEL, dimension, kind: "semantic" });
    const { vectors } = await titan.embedDocuments(TEXTS);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector).toHaveLength(dimension);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
    expect(standIn.current.calls.invoke).toBe(3);
    const sent = standIn.current.calls.of("invoke").map((call) => call.body);
    expect(sent).toContainEqual({
      inputText: TEXTS[0],
      dimensions: dimension,
      normalize: true,
      embeddingTypes: ["float"],
    });
  });

  it("keeps the order of the texts and records the tokens Titan reports", async () => {
    const titan = embedder();
    const batch = await titan.embedDocuments(TEXTS);
    const one = await titan.embedQuery(TEXTS[2] as string);
    expect(Array.from(batch.vectors[2] as Float32Array)).toEqual(Array.from(one.vectors[0] as Float32Array));
    expect(batch.tokens).toBe(TEXTS.reduce((sum, text) => sum + tokenCount(text), 0));
    expect(one.tokens).toBe(tokenCount(TEXTS[2] as string));
  });

  it("bounds the calls in flight", async () => {
    standIn.current.faults.set({ latencyMs: 20 });
    const texts = Array.from({ length: 12 }, (_, i) => `text number ${i}`);
    await embedder({ maxConcurrency: 3 }).embedDocuments(texts);
    expect(standIn.current.calls.invoke).toBe(12);
    expect(standIn.current.calls.maxInFlight).toBe(3);
  });

  it("rides out throttling on the first 3 calls with the SDK's retries", async () => {
    standIn.current.faults.set({ throttleNext: 3 });
    const { vectors, tokens } = await embedder({ maxAttempts: 4 }).embedQuery("still embedded after throttling");
    expect(vectors[0]).toHaveLength(256);
    expect(tokens).toBe(tokenCount("still embedded after throttling"));
    expect(standIn.current.calls.counts()).toMatchObject({ invoke: 4, byStatus: { "429": 3, "200": 1 } });
  });

  it("turns throttling beyond the retry budget into a retryable THROTTLED", async () => {
    standIn.current.faults.set({ throttleNext: 100 });
    const error = await rejection(embedder({ maxAttempts: 3 }).embedDocuments(["a"]));
    expect(error.code).toBe("THROTTLED");
    expect(error.retryable).toBe(true);
    expect(error.message).toContain("ThrottlingException");
    expect(standIn.current.calls.invoke).toBe(3);
  });

  it("turns an outage beyond the retry budget into a retryable DEPENDENCY_UNAVAILABLE", async () => {
    standIn.current.faults.set({ unavailableNext: 100 });
    const error = await rejection(embedder({ maxAttempts: 2 }).embedDocuments(["a"]));
    expect(error).toMatchObject({ code: "DEPENDENCY_UNAVAILABLE", retryable: true });
    expect(standIn.current.calls.invoke).toBe(2);
  });

  it("does not retry a model timeout itself but hands it to the queue as a retryable TIMEOUT", async () => {
    standIn.current.faults.set({ timeoutNext: 1 });
    const error = await rejection(embedder().embedDocuments(["a"]));
    expect(error).toMatchObject({ code: "TIMEOUT", retryable: true });
    expect(standIn.current.calls.invoke).toBe(1);
  });

  it("splits a text Titan finds too long into halves instead of retrying it", async () => {
    const text = "alpha beta gamma delta ".repeat(30).trim();
    standIn.current.faults.set({ tooLongOver: 400 });
    const { vectors, tokens } = await embedder().embedQuery(text);
    expect(norm(vectors[0] as Float32Array)).toBeCloseTo(1, 5);
    const calls = standIn.current.calls.of("invoke");
    expect(calls.map((call) => call.status)).toEqual([400, 200, 200]);
    const halves = calls.slice(1).map((call) => (call.body as { inputText: string }).inputText);
    expect(halves.join("")).toBe(text);
    expect(halves.every((half) => half.length <= 400)).toBe(true);
    expect(tokens).toBe(halves.reduce((sum, half) => sum + tokenCount(half), 0));
  });

  it("stops a batch's remaining calls once one text has failed", async () => {
    standIn.current.faults.set({ unavailableNext: 1000, latencyMs: 10 });
    const texts = Array.from({ length: 40 }, (_, i) => `text ${i}`);
    await rejection(embedder({ maxAttempts: 1, maxConcurrency: 2 }).embedDocuments(texts));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(standIn.current.calls.invoke).toBeLessThan(10);
  });
});
