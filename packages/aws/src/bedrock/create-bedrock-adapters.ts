import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { Embedder } from "@docworker/core";
import { type BedrockClientOptions, bedrockClientOptions, createBedrockRuntimeClient } from "./bedrock-client.ts";
import type { BedrockConfig } from "./bedrock-config.ts";
import { BedrockCohereEmbedder, isCohereEmbed } from "./cohere-embedder.ts";
import { BedrockConverseClassifier } from "./converse-classifier.ts";
import { BedrockConverseExtractor } from "./converse-extractor.ts";
import { BedrockTitanEmbedder } from "./titan-embedder.ts";

export interface BedrockAdapters {
  /** Titan Text Embeddings V2, or Cohere Embed when the model id names it. */
  embedder: Embedder;
  extractor: BedrockConverseExtractor;
  classifier: BedrockConverseClassifier;
  /** The one client both use; destroy it at shutdown to close its sockets. */
  client: BedrockRuntimeClient;
}

/**
 * The Embedder and Extractor for a Bedrock configuration, sharing one client (and so one
 * adaptive rate limiter: throttling seen by either slows both). `client` overrides, e.g. with
 * test credentials or shorter retry delays.
 */
export function createBedrockAdapters(
  config: BedrockConfig,
  client: Partial<BedrockClientOptions> = {},
): BedrockAdapters {
  const runtime = createBedrockRuntimeClient(bedrockClientOptions(config, client));
  return {
    client: runtime,
    embedder: isCohereEmbed(config.embeddingModelId)
      ? new BedrockCohereEmbedder({
          client: runtime,
          modelId: config.embeddingModelId,
          dimension: config.embeddingDimension,
          maxConcurrency: config.maxConcurrency,
        })
      : new BedrockTitanEmbedder({
          client: runtime,
          modelId: config.embeddingModelId,
          dimension: config.embeddingDimension,
          maxConcurrency: config.maxConcurrency,
        }),
    extractor: new BedrockConverseExtractor({
      client: runtime,
      modelId: config.extractionModelId,
      maxInputChars: config.extractionMaxInputChars,
      maxWindows: config.extractionMaxWindows,
      maxOutputTokens: config.extractionMaxOutputTokens,
    }),
    classifier: new BedrockConverseClassifier({
      client: runtime,
      modelId: config.classificationModelId ?? config.extractionModelId,
    }),
  };
}
