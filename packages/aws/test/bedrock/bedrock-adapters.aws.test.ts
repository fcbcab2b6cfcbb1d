import { GENERIC_DOCUMENT_SCHEMA } from "@docworker/core";
import { describe, expect, it } from "vitest";
import { createBedrockAdapters, loadBedrockConfig } from "../../src/index.ts";
import { TEST_CREDENTIALS, useStandIn } from "./stand-in-fixture.ts";

const standIn = useStandIn();

describe("createBedrockAdapters", () => {
  it("wires both ports from the environment's configuration, with the SDK's own adaptive retries", async () => {
    const config = loadBedrockConfig({
      BEDROCK_ENDPOINT_URL: standIn.current.url,
      BEDROCK_EMBEDDING_DIMENSION: "256",
      BEDROCK_EXTRACTION_MODEL_ID: "apac.amazon.nova-lite-v1:0",
    });
    const { embedder, extractor, client } = createBedrockAdapters(config, { credentials: TEST_CREDENTIALS });
    expect(await client.config.retryStrategy()).toHaveProperty("mode", "adaptive");
    // A 5xx is retried after tens of milliseconds (throttling would wait about a second untuned).
    standIn.current.faults.set({ unavailableNext: 1 });
    const { vectors } = await embedder.embedDocuments(["one text"]);
    expect(vectors[0]).toHaveLength(256);
    standIn.current.faults.set({ internalErrorNext: 1 });
    const output = await extractor.extract({
      text: "Board Minutes\nThe board of Acme Corp met on May 2, 2024.",
      filename: "minutes.txt",
      mediaType: "text/plain",
      schema: GENERIC_DOCUMENT_SCHEMA,
      headings: ["Board Minutes"],
    });
    expect(output).toMatchObject({
      extractor: "bedrock",
      model: "apac.amazon.nova-lite-v1:0",
      data: { title: "Board Minutes" },
    });
    expect(standIn.current.calls.counts()).toMatchObject({
      invoke: 2,
      converse: 2,
      byStatus: { "200": 2, "500": 1, "503": 1 },
    });
    expect(standIn.current.calls.of("converse")[1]?.modelId).toBe("apac.amazon.nova-lite-v1:0");
    client.destroy();
  });
});
