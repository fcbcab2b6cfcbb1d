import { describe, expect, it } from "vitest";
import { loadRuntimeConfig } from "../src/runtime-config.ts";

const aws = {
  DOCWORKER_ADAPTERS: "aws",
  COGNITO_USER_POOL_ID: "us-east-1_abc",
  COGNITO_CLIENT_ID: "client",
  OPENSEARCH_URL: "https://abc123.us-east-1.aoss.amazonaws.com",
};

describe("loadRuntimeConfig", () => {
  it("defaults to the embedded adapters, one tenant and no credentials", () => {
    const config = loadRuntimeConfig({ EMBEDDINGS_PROVIDER: "hashing" });
    expect(config).toMatchObject({ adapters: "embedded", extractor: "rules", embeddingsProvider: "hashing" });
    expect(config.auth).toEqual({ mode: "none", tenantId: "default" });
    expect(config.core.search.indexSettleSeconds).toBe(0);
  });

  it("on AWS: Bedrock, Cognito, and a second delete pass for OpenSearch Serverless", () => {
    const config = loadRuntimeConfig(aws);
    expect(config).toMatchObject({ adapters: "aws", extractor: "bedrock", embeddingsProvider: "bedrock" });
    expect(config.auth).toEqual({
      mode: "cognito",
      userPoolId: "us-east-1_abc",
      clientId: "client",
      tenantClaim: "custom:tenant",
      reservedTenantId: "default",
    });
    expect(config.core.search.indexSettleSeconds).toBe(60);
    expect(loadRuntimeConfig({ ...aws, INDEX_SETTLE_SECONDS: "0" }).core.search.indexSettleSeconds).toBe(0);
    expect(loadRuntimeConfig({ ...aws, OPENSEARCH_URL: "http://127.0.0.1:9200" }).core.search.indexSettleSeconds).toBe(
      0,
    );
  });

  it("expires a PENDING record never uploaded after a day, never before its upload URL", () => {
    expect(loadRuntimeConfig({ EMBEDDINGS_PROVIDER: "hashing" }).core.upload).toEqual({
      urlTtlSeconds: 900,
      pendingTtlSeconds: 86400,
    });
    expect(() => loadRuntimeConfig({ EMBEDDINGS_PROVIDER: "hashing", PENDING_UPLOAD_TTL_SECONDS: "600" })).toThrow(
      /PENDING_UPLOAD_TTL_SECONDS must be at least UPLOAD_URL_TTL_SECONDS/,
    );
  });

  it("batches embeddings across documents: one call at a time for a local model, four for Bedrock", () => {
    expect(loadRuntimeConfig({ EMBEDDINGS_PROVIDER: "hashing" }).embeddingBatch).toEqual({
      maxBatchSize: 32,
      maxWaitMs: 5,
      concurrency: 1,
    });
    expect(loadRuntimeConfig(aws).embeddingBatch.concurrency).toBe(4);
    expect(
      loadRuntimeConfig({ EMBEDDINGS_PROVIDER: "hashing", EMBEDDING_BATCH_SIZE: "96", EMBEDDING_CONCURRENCY: "2" })
        .embeddingBatch,
    ).toMatchObject({ maxBatchSize: 96, concurrency: 2 });
    expect(() => loadRuntimeConfig({ EMBEDDING_BATCH_SIZE: "0" })).toThrow(
      /EMBEDDING_BATCH_SIZE must be an integer from 1 to 1024, got "0"/,
    );
  });

  it("reranks only when asked, and only on AWS (the Rerank API is billed per query)", () => {
    expect(loadRuntimeConfig({ EMBEDDINGS_PROVIDER: "hashing" })).toMatchObject({ reranker: "none", rerankDepth: 50 });
    expect(loadRuntimeConfig({ ...aws, RERANKER: "bedrock", RERANK_DEPTH: "100" })).toMatchObject({
      reranker: "bedrock",
      rerankDepth: 100,
    });
    expect(() => loadRuntimeConfig({ RERANKER: "bedrock" })).toThrow(/RERANKER=bedrock needs DOCWORKER_ADAPTERS=aws/);
    expect(() => loadRuntimeConfig({ ...aws, RERANK_DEPTH: "5000" })).toThrow(
      /RERANK_DEPTH must be an integer from 1 to 1000/,
    );
  });

  it("refuses to run on AWS without auth unless AUTH_MODE=none says so", () => {
    expect(() => loadRuntimeConfig({ DOCWORKER_ADAPTERS: "aws" })).toThrow(/COGNITO_USER_POOL_ID/);
    expect(loadRuntimeConfig({ DOCWORKER_ADAPTERS: "aws", AUTH_MODE: "none" }).auth?.mode).toBe("none");
  });

  it("reads only the settings of what the process serves: a worker needs no Cognito", () => {
    const worker = loadRuntimeConfig({ DOCWORKER_ADAPTERS: "aws" }, { serves: ["worker"] });
    expect(worker.auth).toBeUndefined();
    expect(worker.serves).toEqual(["worker"]);
    expect(() => loadRuntimeConfig({ DOCWORKER_ADAPTERS: "aws" }, { serves: ["api"] })).toThrow(/COGNITO_USER_POOL_ID/);
  });

  it.each([
    ["DOCWORKER_ADAPTERS", "gcp"],
    ["EMBEDDINGS_PROVIDER", "openai"],
    ["EXTRACTOR", "regex"],
    ["AUTH_MODE", "basic"],
    ["EMBEDDING_DIMENSION", "3"],
    ["WORKER_CONCURRENCY", "many"],
    ["IN_PROCESS_TEXT_MAX_BYTES", "-1"],
    ["PARSE_HEAP_MB", "8"],
  ])("names the variable when %s=%s is invalid", (name, value) => {
    expect(() => loadRuntimeConfig({ [name]: value })).toThrow(new RegExp(`invalid configuration: .*${name}`));
  });
});
