import { DocworkerError } from "@docworker/core";
import { describe, expect, it } from "vitest";
import {
  BedrockCohereEmbedder,
  BedrockReranker,
  createBedrockAdapters,
  createBedrockAgentRuntimeClient,
  loadBedrockConfig,
} from "../../src/index.ts";
import { FAST_RETRIES, TEST_CREDENTIALS, testClient, useStandIn } from "./stand-in-fixture.ts";

const standIn = useStandIn();

const cohere = (modelId = "cohere.embed-english-v3", dimension = 1024) =>
  new BedrockCohereEmbedder({ client: testClient(standIn.current.url), modelId, dimension });

const reranker = (modelId = "amazon.rerank-v1:0", maxAttempts = 4) =>
  new BedrockReranker({
    client: createBedrockAgentRuntimeClient({
      region: "us-west-2",
      endpoint: standIn.current.url,
      credentials: TEST_CREDENTIALS,
      maxAttempts,
      retryTuning: FAST_RETRIES,
    }),
    modelId,
    region: "us-west-2",
  });

describe("BedrockCohereEmbedder on the stand-in (InvokeModel, Cohere Embed wire format)", () => {
  it("embeds up to 96 texts a call, documents and queries with their own input_type", async () => {
    const texts = Array.from({ length: 100 }, (_, i) => `clause ${i} of the supply agreement`);
    const { vectors, tokens } = await cohere().embedDocuments(texts);
    expect(vectors).toHaveLength(100);
    expect(vectors.every((v) => v.length === 1024)).toBe(true);
    expect(tokens).toBeGreaterThan(100);
    const calls = standIn.current.calls.of("invoke");
    expect(calls.map((c) => (c.body as { texts: string[] }).texts.length)).toEqual([96, 4]);
    expect(calls[0]?.body).toMatchObject({
      input_type: "search_document",
      truncate: "END",
      embedding_types: ["float"],
    });
    expect(calls[1]?.modelId).toBe("cohere.embed-english-v3");

    const query = await cohere().embedQuery("supply agreement");
    expect(query.vectors[0]).toHaveLength(1024);
    expect(standIn.current.calls.of("invoke").at(-1)?.body).toMatchObject({ input_type: "search_query" });
  });

  it("cuts a text at the 2,048 characters Cohere accepts, and asks v4 for the configured dimension", async () => {
    await cohere("cohere.embed-v4:0", 512).embedDocuments(["x".repeat(5000)]);
    const sent = standIn.current.calls.of("invoke").at(-1)?.body as { texts: string[]; output_dimension: number };
    expect(sent.texts[0]).toHaveLength(2048);
    expect(sent.output_dimension).toBe(512);
  });

  it("refuses a dimension the model cannot answer, before any call", () => {
    expect(() => cohere("cohere.embed-english-v3", 256)).toThrow(/1024 dimensions, not 256/);
    expect(() => cohere("cohere.embed-english-light-v3", 384)).toThrow(/not a supported Cohere Embed model/);
  });

  it("is the embedder createBedrockAdapters builds when the model id names Cohere", () => {
    const config = loadBedrockConfig({
      BEDROCK_EMBEDDING_MODEL_ID: "cohere.embed-multilingual-v3",
      BEDROCK_ENDPOINT_URL: standIn.current.url,
    });
    const adapters = createBedrockAdapters(config, { credentials: TEST_CREDENTIALS });
    expect(adapters.embedder).toBeInstanceOf(BedrockCohereEmbedder);
    adapters.client.destroy();
  });
});

describe("BedrockReranker on the stand-in (the Rerank API of bedrock-agent-runtime)", () => {
  const texts = [
    "The cafeteria menu changes every week.",
    "Aspirin inhibits the production of prostaglandin E2.",
    "Prostaglandin synthesis and aspirin: a review of the inhibition.",
  ];

  it("sends one TEXT query, INLINE sources and the model's ARN, and returns the most relevant first", async () => {
    const order = await reranker().rerank("does aspirin inhibit prostaglandin production", texts, 2);
    expect(order.map((r) => r.index)).toEqual([1, 2]);
    expect(order[0]?.score).toBeGreaterThan(order[1]?.score ?? 1);
    const [call] = standIn.current.calls.of("rerank");
    expect(call?.modelId).toBe("arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0");
    expect(call?.body).toMatchObject({
      queries: [{ type: "TEXT", textQuery: { text: "does aspirin inhibit prostaglandin production" } }],
      sources: [{ type: "INLINE", inlineDocumentSource: { type: "TEXT", textDocument: { text: texts[0] } } }, {}, {}],
      rerankingConfiguration: {
        type: "BEDROCK_RERANKING_MODEL",
        bedrockRerankingConfiguration: { numberOfResults: 2 },
      },
    });
  });

  it("retries throttling, and reports a model the API refuses as the operator's problem (INTERNAL)", async () => {
    standIn.current.faults.set({ throttleNext: 2 });
    expect(await reranker().rerank("aspirin", texts, 1)).toHaveLength(1);
    expect(standIn.current.calls.counts()).toMatchObject({ rerank: 3, byStatus: { "429": 2, "200": 1 } });

    const error = await reranker("amazon.titan-embed-text-v2:0")
      .rerank("aspirin", texts, 1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocworkerError);
    expect((error as DocworkerError).code).toBe("INTERNAL");
    expect((error as DocworkerError).message).toMatch(/ValidationException.*model identifier is invalid/);
  });

  it("asks nothing for no texts", async () => {
    expect(await reranker().rerank("aspirin", [], 5)).toEqual([]);
    expect(standIn.current.calls.counts().rerank).toBe(0);
  });
});
