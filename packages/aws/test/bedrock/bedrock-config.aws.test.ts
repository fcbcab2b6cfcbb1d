import { describe, expect, it } from "vitest";
import { DEFAULT_BEDROCK_CONFIG, loadBedrockConfig } from "../../src/index.ts";

describe("loadBedrockConfig", () => {
  it("has defaults for everything but the endpoint", () => {
    expect(loadBedrockConfig({})).toEqual(DEFAULT_BEDROCK_CONFIG);
    expect(loadBedrockConfig({})).not.toHaveProperty("endpoint");
  });

  it("reads the documented environment names", () => {
    const config = loadBedrockConfig({
      AWS_REGION: "eu-central-1",
      BEDROCK_ENDPOINT_URL: "http://127.0.0.1:4599",
      BEDROCK_EXTRACTION_MODEL_ID: "eu.amazon.nova-pro-v1:0",
      BEDROCK_EMBEDDING_MODEL_ID: "amazon.titan-embed-text-v2:0",
      BEDROCK_EMBEDDING_DIMENSION: "512",
      BEDROCK_MAX_CONCURRENCY: "16",
      BEDROCK_MAX_ATTEMPTS: "4",
      BEDROCK_EXTRACTION_MAX_INPUT_CHARS: "60000",
      BEDROCK_EXTRACTION_MAX_WINDOWS: "6",
      BEDROCK_EXTRACTION_MAX_OUTPUT_TOKENS: "2048",
      BEDROCK_REQUEST_TIMEOUT_MS: "30000",
      BEDROCK_RERANK_MODEL_ID: "cohere.rerank-v3-5:0",
    });
    expect(config).toEqual({
      region: "eu-central-1",
      endpoint: "http://127.0.0.1:4599",
      extractionModelId: "eu.amazon.nova-pro-v1:0",
      embeddingModelId: "amazon.titan-embed-text-v2:0",
      embeddingDimension: 512,
      rerankModelId: "cohere.rerank-v3-5:0",
      maxConcurrency: 16,
      maxAttempts: 4,
      extractionMaxInputChars: 60_000,
      extractionMaxWindows: 6,
      extractionMaxOutputTokens: 2048,
      requestTimeoutMs: 30_000,
    });
    expect(loadBedrockConfig({ AWS_REGION: "eu-central-1", BEDROCK_REGION: "us-west-2" }).region).toBe("us-west-2");
  });

  it.each([
    ["BEDROCK_EMBEDDING_DIMENSION", "384"],
    ["BEDROCK_MAX_CONCURRENCY", "0"],
    ["BEDROCK_MAX_ATTEMPTS", "three"],
  ])("refuses %s=%s", (name, value) => {
    expect(() => loadBedrockConfig({ [name]: value })).toThrow(`invalid configuration: ${name}`);
  });
});
