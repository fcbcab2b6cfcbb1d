// The Rerank API (bedrock-agent-runtime) on its own subpath: only a process configured with
// RERANKER=bedrock loads that SDK client, not every process that embeds or extracts on Bedrock.
import { BedrockAgentRuntimeClient } from "@aws-sdk/client-bedrock-agent-runtime";
import { type BedrockClientOptions, bedrockClientConfig, bedrockClientOptions } from "./bedrock-client.ts";
import type { BedrockConfig } from "./bedrock-config.ts";
import { BedrockReranker } from "./bedrock-reranker.ts";

export { loadBedrockConfig } from "./bedrock-config.ts";
export { BedrockReranker, type BedrockRerankerOptions } from "./bedrock-reranker.ts";

/** A bedrock-agent-runtime client, configured as the runtime client is. */
export function createBedrockAgentRuntimeClient(options: BedrockClientOptions): BedrockAgentRuntimeClient {
  return new BedrockAgentRuntimeClient(bedrockClientConfig(options));
}

/** The Reranker on the Bedrock Rerank API, with its own (agent runtime) client. */
export function createBedrockReranker(
  config: BedrockConfig,
  client: Partial<BedrockClientOptions> = {},
): { reranker: BedrockReranker; client: BedrockAgentRuntimeClient } {
  const agentRuntime = createBedrockAgentRuntimeClient(bedrockClientOptions(config, client));
  return {
    client: agentRuntime,
    reranker: new BedrockReranker({ client: agentRuntime, modelId: config.rerankModelId, region: config.region }),
  };
}
