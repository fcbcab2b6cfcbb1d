// The Bedrock adapters of a process that may never call them, without their SDK: it is loaded,
// and the real adapters made, on the first call. An API task embeds only queries and never
// extracts or classifies, so an idle one holds none of bedrock-runtime's client.
import type { Classifier, Embedder, Extractor } from "@docworker/core";
import { onFirstUse } from "../on-first-use.ts";
import type { BedrockClientOptions } from "./bedrock-client.ts";
import { type BedrockConfig, isCohereEmbed } from "./bedrock-config.ts";
import type { BedrockAdapters } from "./create-bedrock-adapters.ts";

export { loadBedrockConfig } from "./bedrock-config.ts";

export interface DeferredBedrockAdapters {
  embedder: Embedder;
  extractor: Extractor;
  classifier: Classifier;
  /** Closes the client's sockets, once it is made. */
  destroy(): void;
}

/**
 * Titan's model and dimension are the configuration's, checked as it is read; a Cohere model's
 * dimension is checked by its embedder, so a Cohere configuration is refused here and its
 * adapters are made at once (createBedrockAdapters), to fail at start as before.
 */
export function deferBedrockAdapters(
  config: BedrockConfig,
  client: Partial<BedrockClientOptions> = {},
): DeferredBedrockAdapters | undefined {
  if (isCohereEmbed(config.embeddingModelId)) return undefined;
  const made = onFirstUse<BedrockAdapters>(async () =>
    (await import("./create-bedrock-adapters.ts")).createBedrockAdapters(config, client),
  );
  const adapters = made.get;
  return {
    embedder: {
      model: config.embeddingModelId,
      dimension: config.embeddingDimension,
      kind: "semantic",
      embedDocuments: async (texts) => (await adapters()).embedder.embedDocuments(texts),
      embedQuery: async (text) => (await adapters()).embedder.embedQuery(text),
    },
    extractor: { extract: async (request) => (await adapters()).extractor.extract(request) },
    classifier: { classify: async (request) => (await adapters()).classifier.classify(request) },
    destroy: () => made.ifMade((a) => a.client.destroy()),
  };
}
