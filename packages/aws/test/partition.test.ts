import { BedrockAgentRuntimeClient } from "@aws-sdk/client-bedrock-agent-runtime";
import { describe, expect, it } from "vitest";
import { BedrockReranker } from "../src/bedrock/bedrock-reranker.ts";
import { partitionOf } from "../src/partition.ts";

describe("partitionOf", () => {
  it("names the partition of commercial, GovCloud, China and isolated regions", () => {
    expect(partitionOf("us-east-1")).toBe("aws");
    expect(partitionOf("eu-central-1")).toBe("aws");
    expect(partitionOf("us-gov-west-1")).toBe("aws-us-gov");
    expect(partitionOf("cn-northwest-1")).toBe("aws-cn");
    expect(partitionOf("us-iso-east-1")).toBe("aws-iso");
    expect(partitionOf("us-isob-east-1")).toBe("aws-iso-b");
  });
});

describe("BedrockReranker's model ARN", () => {
  const arnSent = async (region: string, modelId: string) => {
    const client = new BedrockAgentRuntimeClient({ region, credentials: { accessKeyId: "x", secretAccessKey: "y" } });
    let sent: string | undefined;
    client.middlewareStack.add(
      () => async (args) => {
        const input = (args.input ?? {}) as {
          rerankingConfiguration?: { bedrockRerankingConfiguration?: { modelConfiguration?: { modelArn?: string } } };
        };
        sent = input.rerankingConfiguration?.bedrockRerankingConfiguration?.modelConfiguration?.modelArn;
        return { output: { results: [], $metadata: {} } as never, response: {} };
      },
      { step: "initialize" },
    );
    await new BedrockReranker({ client, modelId, region }).rerank("query", ["a text"], 1);
    return sent;
  };

  it("is built in the region's partition from a bare model id", async () => {
    expect(await arnSent("us-gov-west-1", "amazon.rerank-v1:0")).toBe(
      "arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/amazon.rerank-v1:0",
    );
    expect(await arnSent("us-west-2", "cohere.rerank-v3-5:0")).toBe(
      "arn:aws:bedrock:us-west-2::foundation-model/cohere.rerank-v3-5:0",
    );
  });

  it("is taken as given when the setting is an ARN already", async () => {
    const arn = "arn:aws-cn:bedrock:cn-north-1::foundation-model/amazon.rerank-v1:0";
    expect(await arnSent("cn-north-1", arn)).toBe(arn);
  });
});
